# check.sh — helpers for tests/*.sh end-to-end scripts (sourced, not run).
#   cb        the corobench binary ($BUILD/corobench)
#   tmp       a scratch directory removed at exit
#   fail      0 until a check fails; scripts end with `exit "$fail"`
#   check DESCRIPTION COMMAND...   runs COMMAND; prints ok/FAIL
#   expect2 NEEDLE ARGS...         corobench ARGS exits 2 with one stderr line containing NEEDLE
#   expect_refused NEEDLE ARGS...  corobench ARGS --out DIR: exit 2, one stderr line naming
#                                  NEEDLE, and no results directory made (each a check)
BUILD=${BUILD:-build}
cb=${cb:-"$BUILD/corobench"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	local what=$1
	shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
expect2() {
	local needle=$1
	shift
	"$cb" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF -- "$needle" "$tmp/err"; then
		echo "ok   exit 2 naming '$needle' for: $*"
	else
		echo "FAIL exit $rc for: $* ($(cat "$tmp/err"))"
		fail=1
	fi
}
expect_refused() {
	local needle=$1
	shift
	local out="$tmp/refused-out"
	"$cb" "$@" --out "$out" >"$tmp/stdout" 2>"$tmp/stderr"
	local rc=$?
	check "exit 2 for: $*" [ "$rc" -eq 2 ]
	check "message names '$needle' for: $*" grep -qF -- "$needle" "$tmp/stderr"
	check "one line on stderr for: $*" [ "$(wc -l <"$tmp/stderr")" -eq 1 ]
	check "no results dir for: $*" [ ! -e "$out" ]
}
