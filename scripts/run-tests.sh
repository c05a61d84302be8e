#!/usr/bin/env bash
# run-tests.sh BIN... — runs every cmocka test binary given, then every tests/*.sh
# end-to-end script, then `go vet` + `go test` of the Go peer when Go exists.
# Prints one closing line "N passed, N failed" (cmocka tests counted one by one,
# each script and the Go suite as one test) and exits non-zero if anything failed.
# Each binary/script runs under a 600 s timeout so a hang fails instead of stalling CI.
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

for bin in "$@"; do
	log=$(mktemp)
	echo "== $bin"
	t0=$(date +%s%N)
	timeout 600 ${RUNNER:-} "$bin" >"$log" 2>&1
	rc=$?
	cat "$log"
	echo "-- $bin: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	count_cmocka "$log" "$rc" || failures+=("$bin (exit $rc)")
	rm -f "$log"
done

# NO_SCRIPTS=1 (the arm64 run under qemu): only the cmocka binaries
if [ -n "${NO_SCRIPTS:-}" ]; then scripts=(); else scripts=(tests/*.sh); fi
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
