#!/usr/bin/env bash
# e2e_browser.sh — report.html in a real browser: headless Chromium (Debian's
# `chromium`) opens the report of a small real run and of make bench's results
# in docs/sample/ at 1400 px wide and checks, through tests/browser/measure.js
# (injected into a copy: the report itself carries no script):
#   - the summary table starts within the first 1,000 px;
#   - every image (and inline SVG) has a size, with the details folded and open;
#   - nothing is wider than the page (a table may scroll inside its own box);
#   - no error: no script error, no console.error, no resource that failed;
#   - no two texts of a chart overlap or come within 8 px (x labels, legends,
#     titles; measured on the rotated glyph boxes);
#   - make bench's page is at most 10,000 px tall with the details folded.
# Skips, saying why, where chromium is absent (CI installs it). Layout only:
# no timing is asserted.
set -u
BUILD=${BUILD:-build}
cb="$BUILD/corobench"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "skipped: no chromium on PATH (Debian: apt-get install chromium): report.html was not checked in a browser"
	exit 0
fi
js=tests/browser/measure.js
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition...
	local what=$1
	shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

# measure NAME REPORT.html: the measure.js lines of it into $tmp/NAME.txt
measure() {
	local name=$1 page=$2 copy
	copy="$(dirname "$page")/.measure-$name.html"
	# the script right after <meta charset>, so it sees everything and the page
	# is still read as UTF-8
	awk -v f="$js" '!done && (i = index($0, "<meta charset=\"utf-8\">")) {
		j = i + length("<meta charset=\"utf-8\">")
		printf "%s<script>\n", substr($0, 1, j - 1)
		while ((getline l < f) > 0) print l
		printf "</script>%s\n", substr($0, j)
		done = 1
		next
	} { print }' "$page" >"$copy"
	timeout 180 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --no-first-run \
		--user-data-dir="$tmp/profile-$name" --window-size=1400,1000 \
		--run-all-compositor-stages-before-draw --virtual-time-budget=20000 \
		--enable-logging=stderr --v=0 --dump-dom "file://$(realpath "$copy")" \
		>"$tmp/$name.dom" 2>"$tmp/$name.log"
	rm -f "$copy"
	sed -n '/<pre id="__measure">/,/<\/pre>/p' "$tmp/$name.dom" | sed 's/<[^>]*>//g' >"$tmp/$name.txt"
}

value() { sed -n "s/^$2 //p" "$tmp/$1.txt" | head -n 1; }

verify() { # NAME: the checks every page passes
	local n=$1
	check "$n: the browser ran the measurement" grep -q '^done 1' "$tmp/$n.txt"
	local top
	top=$(value "$n" summary_top)
	check "$n: the summary starts within the first 1,000 px ($top px)" \
		test -n "$top" -a "${top:-0}" -ge 0 -a "${top:-9999}" -le 1000
	check "$n: every image has a size, nothing is wider than the page, no chart's texts overlap" \
		[ -z "$(grep '^bad ' "$tmp/$n.txt")" ]
	grep '^bad ' "$tmp/$n.txt" | head -n 20
	check "$n: no error on the page" [ -z "$(grep '^error ' "$tmp/$n.txt")" ]
	grep '^error ' "$tmp/$n.txt" | head -n 5
	check "$n: no error in the browser's console" [ -z "$(grep -E 'CONSOLE.*(Uncaught|Error)' "$tmp/$n.log")" ]
	echo "     $n: $(value "$n" height) px tall folded, $(value "$n" height_open) px open, $(value "$n" images) images, $(value "$n" charts_checked) SVG charts checked for overlapping text"
}

# a small real run, and its report
"$cb" run -w pingpong,spawn,yield,spsc -r all -c go,mutex -t 1,2 --quick --reps 3 --rounds 1 \
	--out "$tmp/small" >"$tmp/run.log" 2>&1
check "a small run completes" [ -s "$tmp/small/runs.csv" ]
"$cb" report "$tmp/small" >"$tmp/report.log" 2>&1
check "its report is written" [ -s "$tmp/small/report.html" ]
measure small "$tmp/small/report.html"
verify small

# make bench's results (docs/sample: a full make bench of an earlier version)
sample=$(dirname "$(ls docs/sample/*/runs.csv | head -n 1)")
cp -r "$sample" "$tmp/bench"
"$cb" report "$tmp/bench" >"$tmp/report-bench.log" 2>&1
check "the report of make bench's results is written" [ -s "$tmp/bench/report.html" ]
measure bench "$tmp/bench/report.html"
verify bench
h=$(value bench height)
check "make bench's page is at most 10,000 px tall at 1400 px, details folded ($h px)" \
	test -n "$h" -a "${h:-0}" -le 10000

[ $fail -eq 0 ]
