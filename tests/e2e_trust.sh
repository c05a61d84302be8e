#!/usr/bin/env bash
# e2e_trust.sh — results a person can put in front of others (issue 14's run and
# results items), through the real CLI:
#   - one run per results directory: a second run into it is refused (exit 2,
#     naming it) and leaves its files alone; report and c2c add only their own;
#   - what is recorded is what ran: the seed exactly, a command line that
#     reproduces the run, an adjusted setting said on stderr and recorded,
#     repeated list options appended, other repeated options refused;
#   - summary.csv's schema 2 (reps, interval, param:<name>, outlier and round
#     columns) and runs.csv's cpu_ns on every runtime;
#   - a run stopped in any way says so: SIGKILL leaves "complete": "no" and no
#     child (the Go peer included); a full disk stops the run at the first failed
#     write with one line, complete files staying complete;
#   - the readers: a runs.csv cut at a line boundary is refused, CRLF and a BOM
#     are read, an unreadable directory says "permission denied".
# No timed assertions: waits poll for a state, with a generous bound.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"
faults="$BUILD/corobench-faults"
cbabs=$(readlink -f "$cb")

if ! "$cb" list | grep -q '^  pthread' || ! "$cb" list | grep -q '^  pingpong'; then
	echo "note: no pthread runtime or pingpong yet; the trust checks wait for them"
	exit 0
fi
have_gmp=0 have_go=0
"$cb" list | grep -q '^  gmp' && have_gmp=1
"$cb" list | grep -A1 '^  go ' | grep -q 'external peer' && have_go=1
rts=pthread
[ "$have_gmp" -eq 1 ] && rts=pthread,gmp

json() { # json FILE KEY: the value (python3 keeps integers exact)
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print(v.get(sys.argv[2], ""))' "$1" "$2"
}
col() { # col FILE NAME: 1-based index of column NAME
	head -n 1 "$1" | tr ',' '\n' | grep -nFx -- "$2" | cut -d: -f1
}
gone() { # gone PID: not running (absent, or a zombie nobody reaped yet)
	[ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]
}
wait_gone() { # wait_gone PID: up to 20 s
	for _ in $(seq 200); do gone "$1" && return 0; sleep 0.1; done
	return 1
}

# ---- one run, recorded exactly
A="$tmp/a"
"$cb" run -w pingpong,select -r "$rts" -c go -n 640 --param cases=0,2 --reps 6 --rounds 2 \
	--seed 123456789012345 --out "$A" --quiet >"$tmp/a.out" 2>"$tmp/a.err"
check "run A exits 0" [ $? -eq 0 ]
check "env.json: the seed exactly (not 1.23457e+14)" grep -q '"seed": 123456789012345,' "$A/env.json"
check "env.json: complete" [ "$(json "$A/env.json" complete)" = yes ]
check "env.json: schema 2" [ "$(json "$A/env.json" schema)" = 2 ]
check "runs.csv: schema 2 on every row" [ -z "$(tail -n +2 "$A/runs.csv" | grep -v '^2,')" ]
check "summary.csv: reps, not n" test -n "$(col "$A/summary.csv" reps)" -a -z "$(col "$A/summary.csv" n)"
for c in interval param:n param:cases outliers_low_mild outliers_high_severe rounds failed_rounds; do
	check "summary.csv: column $c" [ -n "$(col "$A/summary.csv" "$c")" ]
done
iv=$(col "$A/summary.csv" interval)
check "summary.csv: 6 repetitions give a 95% CI" \
	[ -z "$(awk -F, -v c="${iv:-1}" 'NR > 1 && $c != "ci95"' "$A/summary.csv")" ]
pc=$(col "$A/summary.csv" param:cases)
check "summary.csv: select with 0 and 2 cases in a column of their own" \
	[ "$(awk -F, -v c="${pc:-1}" 'NR > 1 && $3 == "select" {print $c}' "$A/summary.csv" | sort -u | tr '\n' ' ')" = "0 2 " ]
check "run's table marks the interval's kind" grep -q ' ci95 ' "$tmp/a.out"
cpu=$(col "$A/runs.csv" cpu_ns)
check "runs.csv: cpu_ns on every row, C runtimes" \
	test -n "$cpu" -a -z "$(awk -F, -v c="${cpu:-1}" 'NR > 1 && !($c > 0)' "$A/runs.csv")"

# ---- one run per directory
hgrm=$(ls "$A"/latency/*.hgrm | head -n 1)
before=$(grep 'Total count' "$hgrm")
(cd "$A" && find . -type f -exec sha256sum {} + | LC_ALL=C sort) >"$tmp/sums-before"
"$cb" run -w pingpong -r pthread -c mutex -n 640 --reps 2 --rounds 1 --out "$A" --quiet \
	>/dev/null 2>"$tmp/err"
check "a second run into a results directory: exit 2" [ $? -eq 2 ]
check "... naming the directory and what it holds" grep -qF "'$A': it holds the results of an earlier run (runs.csv)" "$tmp/err"
check "... in one line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
check "... the first run's histogram keeps its samples only" [ "$(grep 'Total count' "$hgrm")" = "$before" ]
mkdir -p "$tmp/lat/latency" "$tmp/empty"
expect2 "(latency)" run -w pingpong -r pthread -c mutex -n 640 --reps 1 --rounds 1 --out "$tmp/lat"
"$cb" run -w pingpong -r pthread -c mutex -n 640 --reps 1 --rounds 1 --out "$tmp/empty" --quiet >/dev/null 2>&1
check "an empty directory takes a run" [ $? -eq 0 ]
"$cb" report "$A" >/dev/null 2>&1
check "report into the run's directory exits 0" [ $? -eq 0 ]
if "$cb" c2c --samples 3 --out "$A" >/dev/null 2>"$tmp/c2c.err"; then c2c=1; else
	c2c=0
	echo "note: c2c cannot run here ($(head -c 200 "$tmp/c2c.err")): only report's files checked"
fi
(cd "$A" && find . -type f -exec sha256sum {} + | LC_ALL=C sort) >"$tmp/sums-after"
check "report and c2c change none of the run's files" \
	[ -z "$(comm -23 "$tmp/sums-before" "$tmp/sums-after")" ]
added=$(comm -13 "$tmp/sums-before" "$tmp/sums-after" | awk '{print $2}' | grep -vE '^\./(report\.html|charts/.*|c2c[^/]*)$')
check "report and c2c add only their own files (not: ${added:-none})" [ -z "$added" ]
[ "$c2c" -eq 1 ] && check "c2c wrote its matrix beside the run" [ -s "$A/c2c.csv" ]

# ---- what ran is recorded; the recorded command reproduces it
mkdir -p "$tmp/cwd1" "$tmp/cwd2"
(cd "$tmp/cwd1" && "$cbabs" run -w spsc -w pingpong -w spsc -r pthread -c mutex -t 1 -t 1 -n 1000 \
	--reps 3 --rounds 5 --quiet >/dev/null 2>"$tmp/b.err")
check "repeated -w/-t and an adjusted --rounds: exit 0" [ $? -eq 0 ]
B=$(ls -d "$tmp"/cwd1/results/*/ 2>/dev/null | head -n 1)
B=${B%/}
check "repeated -w append, duplicates dropped" \
	[ "$(cut -d, -f3 "$B/runs.csv" | tail -n +2 | sort -u | tr '\n' ' ')" = "pingpong spsc " ]
check "an adjusted setting is said on stderr" grep -q -- '--rounds 5 lowered to 3' "$tmp/b.err"
check "env.json records the rounds that ran" [ "$(json "$B/env.json" rounds)" = 3 ]
check "env.json records the rounds asked for" [ "$(json "$B/env.json" rounds_requested)" = 5 ]
rc_=$(col "$B/summary.csv" rounds)
check "summary.csv: 3 rounds ran" [ -z "$(awk -F, -v c="${rc_:-1}" 'NR > 1 && $c != 3' "$B/summary.csv")" ]
cmd=$(json "$B/env.json" command)
seed=$(json "$B/env.json" seed)
check "the command records the seed actually used ($seed)" grep -q -- "--seed $seed\$" <<<"$cmd"
(cd "$tmp/cwd2" && eval "\"\$cbabs\" ${cmd#corobench }" >/dev/null 2>&1)
check "the recorded command runs" [ $? -eq 0 ]
C=$(ls -d "$tmp"/cwd2/results/*/ 2>/dev/null | head -n 1)
C=${C%/}
check "... with the same seed" [ "$(json "$C/env.json" seed)" = "$seed" ]
check "... and the same recorded command" [ "$(json "$C/env.json" command)" = "$cmd" ]
check "... and the same configurations" \
	[ "$(cut -d, -f2 "$B/summary.csv" | sort -u)" = "$(cut -d, -f2 "$C/summary.csv" | sort -u)" ]
expect_refused "'--reps' given twice" run -w pingpong -r pthread --reps 2 --reps 3
expect_refused "'-n' given twice" run -w pingpong -r pthread -n 100 -n 200
expect_refused "'--out' given twice" run -w pingpong -r pthread --out "$tmp/x1"

# ---- the Go peer: cpu_ns and yield's switched share
if [ "$have_go" -eq 1 ]; then
	G="$tmp/go"
	"$cb" run -w spsc,yield -r go -t 1,2 -n 4000 --reps 2 --rounds 1 --out "$G" --quiet >/dev/null 2>&1
	check "Go peer run exits 0" [ $? -eq 0 ]
	cpu=$(col "$G/runs.csv" cpu_ns)
	check "runs.csv: cpu_ns on every row, Go peer" \
		test -n "$cpu" -a -z "$(awk -F, -v c="${cpu:-1}" 'NR > 1 && !($c > 0)' "$G/runs.csv")"
	sw=$(col "$G/runs.csv" metric:switched_yields)
	check "yield on Go reports the share of yields that switched" \
		test -n "$sw" -a -z "$(awk -F, -v c="${sw:-1}" 'NR > 1 && $3 == "yield" && !($c != "" && $c >= 0 && $c <= 1)' "$G/runs.csv")"
else
	echo "note: no Go peer built; its cpu_ns and yield checks wait for it"
fi

# ---- SIGKILL: no child outlives the harness; env.json says incomplete
killed() { # killed DIR NAME PROGRAM-PATTERN ARGS...: starts a run, SIGKILLs it mid-round
	local dir=$1 name=$2 pat=$3
	shift 3
	"$@" --out "$dir" --quiet >/dev/null 2>&1 &
	local pid=$! child=
	for _ in $(seq 300); do
		child=$(pgrep -P "$pid" -f -- "$pat" | head -n 1)
		[ -n "$child" ] && break
		sleep 0.1
	done
	check "$name: a child runs" [ -n "$child" ]
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	[ -n "$child" ] && check "$name: the child died with the harness" wait_gone "$child"
	check "$name: env.json says not complete" [ "$(json "$dir/env.json" complete)" = no ]
}
if [ -x "$faults" ]; then
	killed "$tmp/kill-c" "SIGKILL, C child" "corobench-faults" \
		"$faults" run -w fault-hang -r pthread --reps 1 --rounds 1 --timeout 300
fi
[ "$have_go" -eq 1 ] && killed "$tmp/kill-go" "SIGKILL, Go peer" "corobench-go" \
	"$cb" run -w yield -r go -n 100g --reps 1 --rounds 1 --warmup 0 --timeout 3000

# ---- a child that dies for lack of memory says why in failures.csv, not only on
# stderr: gmp prints "corobench: gmp: out of memory for G stacks" and aborts; the parent
# keeps the tail of each child's stderr. 400 MB of address space runs out of
# stacks long before skynet's million tasks (ASan and TSan need far more than
# that for themselves: skipped there).
case "$BUILD" in
*address* | *thread* | *memory*) echo "note: sanitizer build: the out-of-memory check is skipped" ;;
*)
	if [ "$have_gmp" -eq 1 ]; then
		(
			ulimit -v 400000
			"$cb" run -w skynet -r gmp -t 1 -n 1000000 --reps 1 --rounds 1 --warmup 0 \
				--out "$tmp/oom" --quiet >/dev/null 2>&1
		)
		check "out of memory: exit 1" [ $? -eq 1 ]
		check "out of memory: failures.csv says why ($(tail -n 1 "$tmp/oom/failures.csv" | cut -c 1-200))" \
			grep -q ',crash,.*stderr: corobench: gmp: out of memory for G stacks' "$tmp/oom/failures.csv"
	fi
	;;
esac

# ---- a full disk stops the run at the first failed write
mnt="$tmp/full"
mkdir -p "$mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=96k tmpfs "$mnt" 2>/dev/null; then
	trap 'umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
	# 2000 repetitions of 1000 ops in 20 rounds: runs.csv and bench.txt outgrow
	# 96 KiB (written as a temp file beside the old one) within a few rounds
	"$cb" run -w spsc -r pthread -c mutex -n 1000 --reps 2000 --rounds 20 --warmup 0 \
		--out "$mnt/r" --quiet >/dev/null 2>"$tmp/full.err"
	rc=$?
	check "disk full: exit 1 (got $rc)" [ "$rc" -eq 1 ]
	check "disk full: one line on stderr" [ "$(wc -l <"$tmp/full.err")" -eq 1 ]
	check "disk full: it names the file and the error" \
		grep -qE "^corobench run: cannot write $mnt/r/[a-z.]+: No space left on device" "$tmp/full.err"
	check "disk full: the run stopped early" [ "$(($(wc -l <"$mnt/r/runs.csv") - 1))" -lt 2000 ]
	check "disk full: no temp file left" [ -z "$(ls "$mnt/r" | grep '\.tmp\.')" ]
	check "disk full: env.json (its last complete write) says not complete" \
		[ "$(json "$mnt/r/env.json" complete)" = no ]
	"$cb" compare "$mnt/r" "$mnt/r" >/dev/null 2>"$tmp/full-read.err"
	check "disk full: what was written reads back whole ($(head -c 200 "$tmp/full-read.err"))" [ $? -eq 0 ]
	umount "$mnt"
else
	echo "note: no tmpfs mount here (needs root): the full-disk checks are skipped"
fi

# ---- readers: a cut file, CRLF and BOM, permissions
cp -r "$A" "$tmp/cut"
head -n -1 "$A/runs.csv" >"$tmp/cut/runs.csv" # one whole row fewer: still valid CSV
expect2 "runs.csv: $(($(wc -l <"$A/runs.csv") - 2)) rows, env.json records" compare "$tmp/cut" "$tmp/cut"
cp -r "$A" "$tmp/crlf"
for f in runs.csv summary.csv failures.csv skipped.csv env.json; do
	{ printf '\357\273\277'; sed 's/$/\r/' "$A/$f"; } >"$tmp/crlf/$f"
done
"$cb" compare "$A" "$A" >"$tmp/cmp-lf" 2>&1
"$cb" compare "$tmp/crlf" "$tmp/crlf" >"$tmp/cmp-crlf" 2>&1
check "CRLF and a BOM: read (exit $?)" [ $? -eq 0 ]
check "CRLF and a BOM: read as the original" \
	[ "$(sed "s#$tmp/crlf#D#g" "$tmp/cmp-crlf")" = "$(sed "s#$A#D#g" "$tmp/cmp-lf")" ]
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }
	p="$tmp/perm"
	mkdir -p "$p"
	cp -r "$A" "$p/closed"
	cp -r "$A" "$p/file"
	chmod 711 "$tmp" "$p"
	chmod 700 "$p/closed"                          # the directory: no way in
	chmod 755 "$p/file" && chmod 600 "$p/file/runs.csv" # the file: not readable
	if as_nobody test -x "$cb"; then
		for d in closed file; do
			as_nobody "$cb" compare "$p/$d" "$p/$d" >/dev/null 2>"$tmp/perm.err"
			check "unreadable ($d): exit 2" [ $? -eq 2 ]
			check "unreadable ($d): says permission denied, not missing ($(cat "$tmp/perm.err"))" \
				grep -q 'permission denied' "$tmp/perm.err"
		done
	else
		echo "note: nobody cannot run $cb here: the permission checks are skipped"
	fi
	chmod 700 "$tmp"
else
	echo "note: not root (or no nobody/setpriv): the permission checks are skipped"
fi
exit $fail
