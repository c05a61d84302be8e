#!/usr/bin/env bash
# e2e_faults.sh — fault injection (issue: reliability). A workload that crashes
# (SIGSEGV in a task), deadlocks, fails its answer check, or fails setup yields a
# failure row with its reason, while a healthy configuration in the same run
# completes and is written; --timeout is enforced by the parent; SIGINT/SIGTERM
# leave complete files only. Uses build/corobench-faults (tests/faults/).
set -u
BUILD=${BUILD:-build}
cb="$BUILD/corobench-faults"
. "$(dirname "$0")/support/check.sh"
if ! "$cb" list | grep -q '^  pthread'; then
	echo "note: no pthread runtime yet; fault checks wait for it"
	exit 0
fi
# A real workload beside the faulty ones: spsc on the mutex variant is a few ms a
# repetition, so even a loaded CI machine finishes it well inside the timeout.
healthy=
"$cb" list | grep -q '^  spsc' && healthy=spsc

out="$tmp/faults"
start=$(date +%s)
"$cb" run -w fault-crash,fault-hang,fault-verify,fault-setup${healthy:+,$healthy} -r pthread -c mutex -t 1 \
	--quick --reps 2 --rounds 2 --timeout 8 --out "$out" --quiet >"$tmp/out" 2>"$tmp/err"
rc=$?
took=$(($(date +%s) - start))
check "exit status 1 when some configurations failed (got $rc)" [ "$rc" -eq 1 ]
# SIGSEGV in a plain build; under ASan its handler reports and exits 1 instead,
# under TSan 66 (its exitcode)
check "crash reported" grep -qE '^fault-crash/.*,crash,(crashed: signal 11|child exited with status (1|66) without finishing)' "$out/failures.csv"
check "hang killed by the watchdog" grep -q '^fault-hang/.*,timeout,timed out after 8 s' "$out/failures.csv"
check "wrong answer reported with its reason" grep -q '^fault-verify/.*,verify,.*deliberately wrong' "$out/failures.csv"
check "setup failure reported" grep -q '^fault-setup/.*deliberately' "$out/failures.csv"
check "a broken configuration is not retried (one hang, not two)" [ "$(grep -c '^fault-hang/' "$out/failures.csv")" -eq 1 ]
# One timeout, not one per round, is what the check above asserts (from the
# file, not the clock: a loaded CI machine may take any time).
echo "info the run took ${took}s with one 8 s timeout in it"
check "no number for failed configurations" [ -z "$(grep -E '^[0-9]+,fault-' "$out/runs.csv")" ]
if [ -n "$healthy" ]; then
	check "the healthy workload completed beside them" [ "$(grep -c "^[0-9]*,$healthy/" "$out/runs.csv")" -eq 2 ]
fi
check "no temp files" [ -z "$(ls "$out" | grep '\.tmp\.')" ]
check "no child left behind" [ -z "$(pgrep -f -- "--out $out" || true)" ]

# SIGTERM and SIGINT in the middle of a run: complete files, exit 130
for sig in TERM INT; do
	out="$tmp/sig-$sig"
	"$cb" run -w fault-hang,fault-verify -r pthread --reps 3 --rounds 3 --timeout 60 \
		--out "$out" --quiet >"$tmp/sig.out" 2>&1 &
	pid=$!
	# Signal it once a child runs (the hang, or the round before it), not after a
	# fixed sleep: a loaded machine may take any time to get there.
	for _ in $(seq 600); do
		pgrep -f -- "--out $out" | grep -qvx "$pid" && break
		sleep 0.05
	done
	sleep 0.5
	kill -$sig $pid
	wait $pid
	rc=$?
	check "SIG$sig: exit 130 (got $rc)" [ "$rc" -eq 130 ]
	# one command inside check: `check ... [ a ] && [ b ]` left the second test
	# outside check, where its failure failed nothing
	check "SIG$sig: files complete" test -s "$out/runs.csv" -a -s "$out/env.json"
	check "SIG$sig: no temp files" [ -z "$(ls "$out" | grep '\.tmp\.')" ]
	check "SIG$sig: env.json says interrupted" grep -q '"interrupted": "yes"' "$out/env.json"
	check "SIG$sig: env.json says not complete" grep -q '"complete": "no"' "$out/env.json"
	check "SIG$sig: the hung child was killed" [ -z "$(pgrep -f -- "--out $out" || true)" ]
done
# A round that fails beside rounds that ran: the configuration's summary.csv
# rows count it (failed_rounds), its repetitions stay, and run's table says so.
# fault-flaky crashes in every round after the first (a marker file tells).
out="$tmp/flaky"
COROBENCH_FAULT_MARK="$tmp/flaky-mark" "$cb" run -w fault-flaky -r pthread --reps 4 --rounds 3 \
	--out "$out" --quiet >"$tmp/flaky.out" 2>&1
check "flaky: exit 1" [ $? -eq 1 ]
check "flaky: the first round's repetitions are kept" [ "$(grep -c '^2,fault-flaky/' "$out/runs.csv")" -ge 1 ]
col() { head -n 1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1; }
fr=$(col "$out/summary.csv" failed_rounds)
check "flaky: summary.csv has a failed_rounds column" [ -n "$fr" ]
check "flaky: its rows count the crashed round" \
	[ "$(awk -F, -v c="${fr:-1}" 'NR > 1 && $c != 1 {bad = 1} END {print bad + 0}' "$out/summary.csv")" -eq 0 ]
check "flaky: run's table says a round failed" grep -q 'fault-flaky/.* 1 of 2 rounds failed' "$tmp/flaky.out"

exit $fail
