#!/usr/bin/env bash
# c2c_e2e.sh — `corobench c2c` end to end with few samples: the results directory
# holds the CSVs, topology.xml and (with gnuplot) the heatmap; bad input exits 2
# with one line naming the value. No latency is asserted (shared, noisy machine).
set -u
. "$(dirname "$0")/support/check.sh"

if [ "$(nproc)" -ge 2 ]; then
	"$cb" c2c --samples 3 --out "$tmp/c" >"$tmp/out" 2>"$tmp/err"
	check "c2c exits 0 ($(head -c 200 "$tmp/err"))" [ $? -eq 0 ]
	for f in c2c.csv c2c_min.csv c2c_median.csv c2c_summary.csv c2c.gp topology.xml; do
		check "c2c wrote $f" [ -s "$tmp/c/$f" ]
	done
	if command -v gnuplot >/dev/null 2>&1; then
		check "heatmap svg" grep -q "<svg" "$tmp/c/c2c.svg"
		check "heatmap png" [ -s "$tmp/c/c2c.png" ]
	fi
	check "per-class summary on stdout" grep -q "^summary: .* ns" "$tmp/out"
	check "no temp files left" [ -z "$(ls "$tmp/c" | grep '\.tmp\.')" ]
	n=$(nproc)
	check "one row per ordered pair" [ "$(tail -n +2 "$tmp/c/c2c.csv" | wc -l)" -eq $((n * (n - 1))) ]
fi

# A planted scripts/c2c.gp in the current directory is never run: the template
# is the one built into the binary.
if [ "$(nproc)" -ge 2 ]; then
	mkdir -p "$tmp/planted/scripts"
	printf 'system("touch %s/PWNED")\n' "$tmp" >"$tmp/planted/scripts/c2c.gp"
	cbabs=$(readlink -f "$cb")
	(cd "$tmp/planted" && "$cbabs" c2c --samples 50 --out "$tmp/planted/out" >/dev/null 2>&1)
	check "a planted ./scripts/c2c.gp is not run" [ ! -e "$tmp/PWNED" ]
	check "the built-in template is written" grep -q "heatmap" "$tmp/planted/out/c2c.gp"
fi

expect2 "'0'" c2c --samples 0 --out "$tmp/x"
expect2 "'none'" c2c -p none --out "$tmp/x"
expect2 "'nosuch'" c2c -p nosuch --out "$tmp/x"
expect2 "'--topology'" c2c --topology tests/topologies/16em64t-4s2c2t.xml
expect2 "at least 2" c2c -p cpus:0 --out "$tmp/x"
check "no directory for bad input" [ ! -e "$tmp/x" ]
exit "$fail"
