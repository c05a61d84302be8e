#!/usr/bin/env bash
# e2e_readme.sh — every example in the README runs: each line that starts with
# `corobench ` inside a ```sh block of README.md is run, against make bench's
# results in docs/sample/ copied to results/A and results/B of a scratch
# directory (the names the README uses), and must exit 0. The first ```sh
# block's `make` lines are what `make test` itself is, and are not run here.
# A README example that fails (a column renamed, an option dropped) fails
# here, with the line.
set -u
BUILD=${BUILD:-build}
cb="$(realpath "$BUILD/corobench")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export COROBENCH_BASELINES="$tmp/baselines" # the baseline examples keep theirs here, not in ~
fail=0

# the corobench lines of the ```sh blocks, comments dropped
awk '/^```sh/ { in_sh = 1; next } /^```/ { in_sh = 0 } in_sh && /^corobench / {
	sub(/[ \t]+#.*$/, ""); print }' README.md >"$tmp/examples"
n=$(wc -l <"$tmp/examples")
if [ "$n" -lt 5 ]; then
	echo "FAIL README.md has $n corobench examples in sh blocks (expected the compare and report ones)"
	exit 1
fi
echo "ok   README.md has $n corobench examples in sh blocks"

sample=$(dirname "$(ls docs/sample/*/runs.csv | head -n 1)")
mkdir -p "$tmp/work/results"
cp -r "$sample" "$tmp/work/results/A"
cp -r "$sample" "$tmp/work/results/B"
while IFS= read -r line; do
	# words as the shell would split them (the examples hold no quotes)
	read -r -a words <<<"$line"
	(cd "$tmp/work" && "$cb" "${words[@]:1}") >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok   $line"
	else
		echo "FAIL $line (exit $rc)"
		tail -n 3 "$tmp/out"
		fail=1
	fi
done <"$tmp/examples"
[ $fail -eq 0 ]
