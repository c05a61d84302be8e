#!/usr/bin/env bash
# run-tests.sh BIN... — runs every cmocka test binary given, then every tests/*.sh
# end-to-end script, then `go vet` + `go test` of the Go peer when Go exists.
# Prints one closing line "N passed, N failed" (cmocka tests counted one by one,
# each script and the Go suite as one test) and exits non-zero if anything failed.
# Each binary/script runs under a 600 s timeout so a hang fails instead of stalling CI.
# JOBS=N runs N binaries at a time (test-arm64.sh: under qemu most of them wait on
# futexes); their logs still print whole, in the order given. SCRIPTS="a.sh ..."
# runs those scripts instead of tests/*.sh (test-arm64.sh: the fuzz replays only).
# SKIP_HEAVY=1 (.ci/run's sanitizer pass): scripts that say they are heavy
# (tests/e2e_fleet.sh: an sshd of its own; tests/e2e_slurm.sh: a one-node Slurm
# cluster of its own) skip themselves, saying so.
set -u
BUILD=${BUILD:-build}
export BUILD
passed=0 failed=0 failures=()

count_cmocka() { # $1 = log file, $2 = exit status
	local p f
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s += $1} END {print s + 0}')
	p=${p:-0} f=${f:-0}
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or timed out
	passed=$((passed + p)) failed=$((failed + f))
	return "$f"
}

# What a failure line adds when a binary died without cmocka's verdict: the test it
# had started, and for exit 255 why nothing was printed (cmocka's signal handler
# turns a SIGSEGV on a task's thread into an unreported exit(-1)).
died_in() { # $1 = log file, $2 = exit status
	local last
	grep -q '^\[  FAILED  \]' "$1" && return
	last=$(sed -n 's/^\[ RUN      \] //p' "$1" | tail -n 1)
	[ -n "$last" ] && printf '; died in %s' "$last"
	[ "$2" -eq 255 ] && printf '; likely a signal on another thread: rerun with CMOCKA_TEST_ABORT=1 (and COROBENCH_TEST_FILTER) to see it'
	[ "$2" -eq 124 ] && printf '; timed out'
	return 0
}

bins=("$@") out=$(mktemp -d) next=0
trap 'rm -rf "$out"' EXIT
start() { # binary $1 in the background: its log, ms and exit status into $out/$1.*
	(
		t0=$(date +%s%N)
		timeout 600 ${RUNNER:-} "${bins[$1]}" >"$out/$1.log" 2>&1
		echo "$? $(( ($(date +%s%N) - t0) / 1000000 ))" >"$out/$1.tmp"
		mv "$out/$1.tmp" "$out/$1.done" # whole when it appears
	) &
}
fill() { # keeps JOBS binaries running, in list order
	while [ "$next" -lt ${#bins[@]} ] && [ "$(jobs -pr | wc -l)" -lt "${JOBS:-1}" ]; do
		start "$next"
		next=$((next + 1))
	done
}
for i in "${!bins[@]}"; do
	bin=${bins[$i]}
	echo "== $bin"
	fill
	while [ ! -e "$out/$i.done" ]; do
		wait -n || [ -n "$(jobs -pr)" ] || break # (no child left: it was killed)
		fill
	done
	read -r rc ms <"$out/$i.done" || rc=1 ms=?
	cat "$out/$i.log"
	echo "-- $bin: $ms ms"
	count_cmocka "$out/$i.log" "$rc" || failures+=("$bin (exit $rc$(died_in "$out/$i.log" "$rc"))")
done

# NO_SCRIPTS=1 (the TSan run): only the cmocka binaries
if [ -n "${NO_SCRIPTS:-}" ]; then scripts=(); else scripts=(${SCRIPTS:-tests/*.sh}); fi
for script in "${scripts[@]}"; do
	[ -e "$script" ] || continue
	echo "== $script"
	t0=$(date +%s%N)
	timeout 600 bash "$script"
	src=$?
	echo "-- $script: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	if [ "$src" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1)) failures+=("$script")
	fi
done

# SKIP_GO=1: the sanitizer runs (the Go peer is not built with them; it ran once already)
if [ -z "${NO_SCRIPTS:-}${SKIP_GO:-}" ] && command -v go >/dev/null 2>&1 && [ -f runtimes/go/go.mod ]; then
	echo "== go vet && go test (runtimes/go)"
	c=$(go env GOCACHE) # "off" without $HOME: use the build directory's cache (Makefile)
	if [ -z "$c" ] || [ "$c" = off ]; then export GOCACHE="$PWD/$BUILD/go-cache"; fi
	if (cd runtimes/go && go vet ./... && timeout 600 go test -count=1 ./...); then
		passed=$((passed + 1))
	else
		failed=$((failed + 1)) failures+=("go test")
	fi
fi

echo
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
