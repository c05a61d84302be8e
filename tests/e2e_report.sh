#!/usr/bin/env bash
# e2e_report.sh — end to end: `corobench compare` and `corobench report` on the
# synthetic results directory tests/data/tiny (and damaged copies of it): the
# table and the page are produced; bad input (missing directory, truncated or
# hand-edited CSV, no runs, no configuration in common, bad options) exits 2 with
# one line naming the file or value; without gnuplot the report still exits 0
# and says that charts were not rendered and why; a damaged subdirectory of
# make bench's (mpmc-sweep/...) costs only its chart, with the reason; the chart
# templates are built in (a copy of the binary run from another directory renders
# every chart and never reads that directory's scripts/), and a report that cannot
# render never deletes the charts an earlier one left; and a real run with the
# floors (--floors): no floor row is a runtime, the distances and marks are there.
set -u
BUILD=${BUILD:-build}
cb="$BUILD/corobench"
tiny=tests/data/tiny
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition...
	local what=$1
	shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

bad() { # expected-substring command args...
	local needle=$1
	shift
	"$cb" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	local rc=$?
	check "exit 2 for: $*" [ "$rc" -eq 2 ]
	check "message names '$needle' for: $*" grep -qF -- "$needle" "$tmp/stderr"
	check "one line on stderr for: $*" [ "$(wc -l <"$tmp/stderr")" -eq 1 ]
}

# damaged copies of the fixture's runs.csv
mkdir -p "$tmp/trunc" "$tmp/edited" "$tmp/empty" "$tmp/other"
head -c 3000 "$tiny/runs.csv" >"$tmp/trunc/runs.csv"
sed '5s/,[0-9.e+-]*,[0-9.e+-]*,,/,fast,1,,/' "$tiny/runs.csv" >"$tmp/edited/runs.csv"
head -n 1 "$tiny/runs.csv" >"$tmp/empty/runs.csv"
sed 's/threads=1/threads=64/; s/threads=2/threads=128/' "$tiny/runs.csv" >"$tmp/other/runs.csv"

for sub in compare report; do
	bad "no such results directory" $sub /nonexistent/dir /nonexistent/dir2
	bad "trunc/runs.csv: line" $sub "$tmp/trunc" "$tiny"
	bad "edited/runs.csv: line 5: column ns_per_op" $sub "$tmp/edited" "$tiny"
	bad "no measured repetitions" $sub "$tmp/empty" "$tiny"
	bad "unknown option '--bogus'" $sub "$tiny" --bogus
	"$cb" $sub --help >/dev/null
	check "$sub --help exits 0" [ $? -eq 0 ]
done
bad "no configuration in common" compare "$tiny" "$tmp/other"
bad "one directory needs --by" compare "$tiny"
bad "--by 'runtime'" compare "$tiny" --by runtime
bad "no metric 'cycles/op'" compare "$tiny" "$tiny" --metric cycles/op
bad "runtime=nosuch" compare "$tiny" --by runtime=pthread,nosuch
bad "--by rt: no such field" compare "$tiny" --by rt=pthread,gmp

# compare: a table with a geomean row; --by inside one directory; CSV output
"$cb" compare "$tiny" "$tiny" >"$tmp/cmp.txt" 2>&1
check "compare A A exits 0" [ $? -eq 0 ]
check "compare prints the geomean row" grep -q '^geomean' "$tmp/cmp.txt"
check "identical sides are not significant (~)" grep -q ' ~ ' "$tmp/cmp.txt"
"$cb" compare "$tiny" --by runtime=pthread,gmp >"$tmp/by.txt" 2>&1
check "compare --by exits 0" [ $? -eq 0 ]
check "--by drops the field from the key" grep -q '^pingpong/chan=go/threads=1/placement=none ' "$tmp/by.txt"
"$cb" compare "$tiny" --by runtime=gmp,go >"$tmp/bygo.txt" 2>&1
check "compare --by runtime=gmp,go pairs go-native like for like" grep -q 'pair Go.s own channels' "$tmp/bygo.txt"
"$cb" compare "$tiny" --by runtime=pthread,gmp --csv >"$tmp/by.csv"
check "--csv has a header and rows" [ "$(wc -l <"$tmp/by.csv")" -gt 3 ]
"$cb" compare "$tiny" "$tiny" --metric instructions/op >/dev/null 2>&1
check "compare --metric of a counter exits 0" [ $? -eq 0 ]

# report without gnuplot: exit 0, says why, data and page written
PATH=/nonexistent "$cb" report "$tiny" --out "$tmp/nognuplot" >"$tmp/out" 2>"$tmp/err"
check "report without gnuplot exits 0" [ $? -eq 0 ]
check "report says charts were not rendered and why" grep -q 'charts not rendered: gnuplot not found in PATH' "$tmp/err"
check "report without gnuplot writes report.html" [ -s "$tmp/nognuplot/report.html" ]
check "report without gnuplot writes the data" [ -s "$tmp/nognuplot/charts/nsop-t1.dat" ]
check "report prints the page's path last" [ "$(tail -n 1 "$tmp/out")" = "report: $tmp/nognuplot/report.html" ]

# the chart templates are built into the binary: a copy of it run from another
# directory renders every chart, and a ./scripts/ there (an untrusted tree) is
# never read; a report that cannot render (no gnuplot) never deletes charts
mkdir -p "$tmp/bin" "$tmp/elsewhere/scripts" "$tmp/copy"
cp "$cb" "$tmp/bin/corobench"
cp -r "$tiny"/. "$tmp/copy/"
for f in common bars lines latency heatmap; do
	printf 'system("touch %s/PLANTED")\n' "$tmp" >"$tmp/elsewhere/scripts/$f.gp"
done
"$cb" report "$tmp/copy" >/dev/null 2>&1
svgs=$(ls "$tmp/copy/charts/"*.svg 2>/dev/null | wc -l)
PATH=/nonexistent "$tmp/bin/corobench" report "$tmp/copy" >"$tmp/out" 2>"$tmp/err"
check "a report without gnuplot over rendered charts exits 0" [ $? -eq 0 ]
check "it deletes no chart ($svgs SVGs before)" [ "$(ls "$tmp/copy/charts/"*.svg 2>/dev/null | wc -l)" -eq "$svgs" ]
if [ "$svgs" -gt 0 ]; then
	check "it says where its files went" grep -q 'charts left as it was.*charts.incomplete' "$tmp/err"
	check "its data is in charts.incomplete/" [ -s "$tmp/copy/charts.incomplete/nsop-t1.dat" ]
fi
check "no staging directory is left" [ -z "$(ls -d "$tmp/copy/".charts-* 2>/dev/null)" ]
(cd "$tmp/elsewhere" && "$tmp/bin/corobench" report "$tmp/copy" >"$tmp/out" 2>"$tmp/err")
check "a copied binary exits 0" [ $? -eq 0 ]
if command -v gnuplot >/dev/null; then
	n=$(sed -n 's/^corobench report: \([0-9]*\) of \([0-9]*\) charts.*/\1 \2/p' "$tmp/err")
	all_rendered() { [ -n "$n" ] && [ "${n% *}" = "${n#* }" ] && [ "${n% *}" -gt 0 ]; }
	check "a copied binary run elsewhere renders every chart ($n)" all_rendered
	check "a later report that renders supersedes charts.incomplete/" [ ! -e "$tmp/copy/charts.incomplete" ]
fi
check "./scripts of the current directory is never run" [ ! -e "$tmp/PLANTED" ]
bad "--scripts /nonexistent/tpl: no chart templates there" report "$tiny" --out "$tmp/x" --scripts /nonexistent/tpl

# make bench's subdirectories are implicit input: a damaged one costs its chart
# only (exit 0), with one line saying which file and why
mkdir -p "$tmp/withsub/mpmc-sweep/1x1"
cp "$tiny"/runs.csv "$tiny"/env.json "$tmp/withsub/"
head -n 1 "$tiny/runs.csv" >"$tmp/withsub/mpmc-sweep/1x1/runs.csv"
PATH=/nonexistent "$cb" report "$tmp/withsub" >"$tmp/out" 2>"$tmp/err"
check "report with a damaged mpmc-sweep/ exits 0" [ $? -eq 0 ]
check "the damaged subdirectory is named" grep -q 'mpmc-sweep/1x1/ left out: .*no measured repetitions' "$tmp/err"
check "its chart is omitted with the reason" grep -q 'omitted: Channel scaling: mpmc-sweep/1x1/ could not be read' "$tmp/err"
check "the page says so too" grep -q 'Channel scaling: mpmc-sweep/1x1/ could not be read' "$tmp/withsub/report.html"

# env.json's run state and environment warnings reach the page's header: a run
# that did not complete, and each warning with its effect and fix
mkdir -p "$tmp/state" && cp -r "$tiny"/. "$tmp/state/"
python3 - "$tmp/state/env.json" <<'PY'
import json, sys
p = sys.argv[1]
e = json.load(open(p))
e["complete"] = "no"
e["stop_reason"] = "interrupted by SIGTERM"
e["warnings"] = [{"id": "turbo", "what": "turbo is on", "effect": "the clock moves with temperature", "fix": "echo 1 > no_turbo"}]
json.dump(e, open(p, "w"))
PY
"$cb" report "$tmp/state" >/dev/null 2>&1
check "an incomplete run is flagged on the page" grep -q 'This run did not complete (env.json: complete = no): interrupted by SIGTERM' "$tmp/state/report.html"
check "an environment warning is on the page with its effect and fix" \
	grep -q '<b>turbo is on</b>: the clock moves with temperature. <i>Fix:</i> echo 1 &gt; no_turbo' "$tmp/state/report.html"
check "a complete run without warnings has no such box" bash -c '[ -s "$0" ] && ! grep -q "class=\"envwarn\"" "$0"' "$tmp/copy/report.html"

# the floors (issue 21) in a real run: the floor rows (runtime=floor) are never a
# runtime on the page or the charts; the summary gives each runtime's distance
# from its floor, the cost chart marks the floors across the bars and the
# latency chart draws the sampled ones under the curves
"$cb" run -w pingpong,yield -r all -c go -t 1,2 --floors --reps 3 --rounds 1 --quick \
	--out "$tmp/floors" >"$tmp/floors-run.log" 2>&1
check "a run with --floors completes" [ -s "$tmp/floors/runs.csv" ]
"$cb" report "$tmp/floors" >"$tmp/floors-report.log" 2>&1
check "its report exits 0" [ $? -eq 0 ]
page="$tmp/floors/report.html"
check "no floor column in the summary" bash -c '! grep -q "<th>floor</th>" "$0"' "$page"
check "no latency chart of a floor" [ -z "$(ls "$tmp/floors/charts/" | grep '^latency-floor')" ]
check "no finding has floor as a runtime" bash -c '! grep -q " on floor\b" "$0"' "$tmp/floors-report.log"
check "the summary gives the distance from the floor" grep -q 'id="summary-floors"' "$page"
check "a gmp round trip against two register switches" grep -q '</b> <span class="wl">2 x floor-switch' "$page"
check "the cost chart marks the floors" grep -q '^# marks: floor-switch' "$tmp/floors/charts/nsop-t1.dat"
check "no bar of a runtime called floor" bash -c '! grep -q "^# series: floor" "$0"' "$tmp/floors/charts/nsop-t1.dat"
check "latency-pingpong draws the futex hand-off under pthread" \
	grep -q "'floor-futex-handoff'" "$tmp/floors/charts/latency-pingpong.gp"
check "the floor rows close the table of every configuration" \
	grep -q '>floor-switch/runtime=floor/chan=-/threads=1/placement=none<' "$page"

[ $fail -eq 0 ]
