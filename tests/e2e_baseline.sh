#!/usr/bin/env bash
# e2e_baseline.sh — issue 17's keeping and comparing side: `baseline save|list|rm`
# (one place, overridable by COROBENCH_BASELINES; the env.json kept; written
# temp-then-rename; a damaged or missing one is exit 2 naming the file and line),
# `compare --baseline NAME DIR`, the note when two runs come from different
# machines or compilers, the CI gate `--fail-on-regression PCT` (fails on a
# deliberately slowed copy, passes on an unchanged one, says when nothing can be
# told and when a side has fewer than 10 repetitions), `export --format
# json|markdown|csv`, and bench.txt's extra benchstat units (B/task).
# The gate runs on tests/data/tiny (a synthetic run with 10 repetitions per
# configuration), so its verdicts do not depend on this machine's timing.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"
export COROBENCH_BASELINES="$tmp/baselines"
tiny="$(dirname "$0")/data/tiny"

# slow DIR PATTERN FACTOR: multiply the times of the rows whose key starts with PATTERN
slow() {
	python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
path, prefix, f = sys.argv[1] + "/runs.csv", sys.argv[2], float(sys.argv[3])
rows = list(csv.reader(open(path)))
h = rows[0]
k, e, n, o = (h.index(c) for c in ("key", "elapsed_ns", "ns_per_op", "ops_per_sec"))
for r in rows[1:]:
    if r[k].startswith(prefix):
        r[e] = str(int(int(r[e]) * f)); r[n] = repr(float(r[n]) * f); r[o] = repr(float(r[o]) / f)
csv.writer(open(path, "w"), lineterminator="\n").writerows(rows)
PY
}
# keep DIR N: only the first N repetitions of each configuration
keep() {
	python3 - "$1" "$2" <<'PY'
import csv, sys, collections
path, n = sys.argv[1] + "/runs.csv", int(sys.argv[2])
rows = list(csv.reader(open(path)))
k = rows[0].index("key"); seen = collections.Counter(); out = [rows[0]]
for r in rows[1:]:
    seen[r[k]] += 1
    if seen[r[k]] <= n: out.append(r)
csv.writer(open(path, "w"), lineterminator="\n").writerows(out)
PY
}

mkdir -p "$tmp/runs"
for d in old same slower; do cp -r "$tiny" "$tmp/runs/$d"; done
slow "$tmp/runs/slower" "pingpong/runtime=gmp/chan=go/threads=1/" 1.25

# --- baselines
"$cb" baseline list >"$tmp/list0" 2>&1
check "list with none saved exits 0" [ $? -eq 0 ]
"$cb" baseline save main "$tmp/runs/old" >"$tmp/save.out" 2>&1
check "save exits 0" [ $? -eq 0 ]
check "save names where it went" grep -q "saved baseline main: $COROBENCH_BASELINES/main" "$tmp/save.out"
check "the baseline keeps env.json and runs.csv" [ -s "$COROBENCH_BASELINES/main/env.json" ] && [ -s "$COROBENCH_BASELINES/main/runs.csv" ]
check "the baseline keeps latency/" [ -n "$(ls "$COROBENCH_BASELINES/main/latency")" ]
check "baseline.json says where it came from" grep -q "\"source\": \"$(cd "$tmp/runs/old" && pwd)\"" "$COROBENCH_BASELINES/main/baseline.json"
check "no temporary directory left" [ -z "$(ls -A "$COROBENCH_BASELINES" | grep '^\.')" ]
"$cb" baseline list >"$tmp/list1" 2>&1
check "list shows it with its host and configurations" grep -Eq '^main +[0-9T:+-]+ +tinyhost +[0-9]+ +Synthetic CPU' "$tmp/list1"
expect2 "baseline 'main' exists" baseline save main "$tmp/runs/same"
"$cb" baseline save main "$tmp/runs/same" --force >/dev/null 2>&1
check "--force replaces it" grep -q "$(cd "$tmp/runs/same" && pwd)" "$COROBENCH_BASELINES/main/baseline.json"
expect2 "bad baseline name '../evil'" baseline save ../evil "$tmp/runs/old"
expect2 "'-x'" baseline save -x "$tmp/runs/old"
expect2 "bad baseline name 'a b'" baseline save "a b" "$tmp/runs/old"
expect2 "nosuchdir" baseline save other "$tmp/nosuchdir"
cp -r "$tiny" "$tmp/noenv" && rm "$tmp/noenv/env.json"
expect2 "noenv/env.json: missing" baseline save other "$tmp/noenv"
check "a refused save leaves nothing" [ ! -e "$COROBENCH_BASELINES/other" ] && [ -z "$(ls -A "$COROBENCH_BASELINES" | grep '^\.')" ]
expect2 "no baseline 'nosuch'" compare --baseline nosuch "$tmp/runs/same"
expect2 "unknown subcommand 'frob'" baseline frob
XDG_DATA_HOME="$tmp/xdg" COROBENCH_BASELINES= "$cb" baseline save x "$tmp/runs/old" >/dev/null 2>&1
check "default place: \$XDG_DATA_HOME/corobench/baselines" [ -d "$tmp/xdg/corobench/baselines/x" ]
HOME="$tmp/home" XDG_DATA_HOME= COROBENCH_BASELINES= "$cb" baseline save x "$tmp/runs/old" >/dev/null 2>&1
check "else ~/.local/share/corobench/baselines" [ -d "$tmp/home/.local/share/corobench/baselines/x" ]

# --- the CI gate: fails on the slowed copy, naming it; passes on the same run
"$cb" compare --baseline main "$tmp/runs/slower" --fail-on-regression 5% >"$tmp/gate.slow" 2>&1
check "gate: exit 1 on a slowed copy" [ $? -eq 1 ]
check "gate: names the regressed configuration" grep -q '^  pingpong/runtime=gmp/chan=go/threads=1/placement=none: +2[0-9.]*%' "$tmp/gate.slow"
check "gate: one regression" grep -q '^FAIL: 1 configuration regressed' "$tmp/gate.slow"
check "gate: says Holm and the bootstrap interval" grep -q 'Holm-corrected over the [0-9]* configurations compared.*CI of B/A wholly above 1.05' "$tmp/gate.slow"
"$cb" compare --baseline main "$tmp/runs/same" --fail-on-regression 5% >"$tmp/gate.same" 2>&1
check "gate: exit 0 on the same results" [ $? -eq 0 ]
check "gate: says it passed" grep -q '^PASS: no configuration regressed' "$tmp/gate.same"
"$cb" compare --baseline main "$tmp/runs/slower" --fail-on-regression 40% >"$tmp/gate.40" 2>&1
check "gate: a 25% slow-down passes a 40% gate" [ $? -eq 0 ]
"$cb" compare "$tmp/runs/old" "$tmp/runs/slower" --fail-on-regression 5 --csv >"$tmp/gate.csv" 2>"$tmp/gate.err"
check "gate with --csv: exit 1, CSV on stdout, verdict on stderr" [ $? -eq 1 ] && head -n 1 "$tmp/gate.csv" | grep -q '^key,metric' && grep -q '^FAIL' "$tmp/gate.err"
# nothing can be told: 3 repetitions a side cannot reach p < 0.05 after the correction
cp -r "$tmp/runs/old" "$tmp/runs/few-old" && cp -r "$tmp/runs/slower" "$tmp/runs/few-new"
keep "$tmp/runs/few-old" 3 && keep "$tmp/runs/few-new" 3
"$cb" compare "$tmp/runs/few-old" "$tmp/runs/few-new" --fail-on-regression 5% >"$tmp/gate.few" 2>&1
check "gate: exit 0 when nothing can be told" [ $? -eq 0 ]
check "gate: says nothing can be told" grep -q 'PASS, but nothing can be told' "$tmp/gate.few"
check "gate: says fewer than 10 repetitions a side" grep -q 'fewer than 10 repetitions on a side (e.g. .*: 3+3)' "$tmp/gate.few"
for bad in 0 -5% 5x abc 1e9 "5 %" 2000%; do
	expect2 "bad --fail-on-regression" compare "$tmp/runs/old" "$tmp/runs/same" --fail-on-regression "$bad"
done

# --- different machines or compilers: said first
# env FIELD=VALUE... DIR: sets env.json fields of DIR
env_set() {
	python3 - "$@" <<'PY'
import json, sys
path = sys.argv[-1] + "/env.json"; e = json.load(open(path))
for kv in sys.argv[1:-1]:
    k, v = kv.split("=", 1); e[k] = v
json.dump(e, open(path, "w"))
PY
}
cp -r "$tiny" "$tmp/runs/elsewhere" && env_set host=otherhost "$tmp/runs/elsewhere"
"$cb" compare --baseline main "$tmp/runs/elsewhere" >"$tmp/cmp.else" 2>&1
check "different machines: said on the first line" head -n 1 "$tmp/cmp.else" | grep -q "^note: A and B ran on different machines (host 'tinyhost' vs 'otherhost')"
cp -r "$tiny" "$tmp/runs/gcc" && env_set "compiler=gcc 12.2" "$tmp/runs/gcc"
cp -r "$tiny" "$tmp/runs/clang" && env_set "compiler=clang 16" "$tmp/runs/clang"
"$cb" compare "$tmp/runs/gcc" "$tmp/runs/clang" >"$tmp/cmp.cc" 2>&1
check "different compilers: said first" head -n 1 "$tmp/cmp.cc" | grep -q "^note: A and B were built differently (compiler 'gcc 12.2' vs 'clang 16')"
"$cb" compare --baseline main "$tmp/runs/same" >"$tmp/cmp.same" 2>&1
check "same machine: no note" [ "$(grep -c '^note:' "$tmp/cmp.same")" -eq 0 ]

# --- damaged and removed baselines
head -c 2000 "$COROBENCH_BASELINES/main/runs.csv" >"$tmp/cut" && cp "$tmp/cut" "$COROBENCH_BASELINES/main/runs.csv"
expect2 "main/runs.csv: line" compare --baseline main "$tmp/runs/same"
"$cb" baseline list >"$tmp/list2" 2>"$tmp/list2.err"
check "list: exit 2 with a damaged baseline" [ $? -eq 2 ]
check "list: names the damaged file and line" grep -q "baseline 'main' is damaged: .*main/runs.csv: line" "$tmp/list2.err"
"$cb" baseline rm main >/dev/null 2>&1
check "rm exits 0" [ $? -eq 0 ]
check "rm removed it" [ ! -e "$COROBENCH_BASELINES/main" ]
expect2 "no baseline 'main'" baseline rm main

# --- export: json, markdown, csv on stdout
"$cb" export "$tmp/runs/old" --format json >"$tmp/e.json" 2>&1
check "export json exits 0" [ $? -eq 0 ]
check "export json: configurations, metrics, flags, env" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "corobench-export/1"
c = d["configurations"]; assert len(c) > 10
x = c[0]
for f in ("key", "workload", "runtime", "chan", "threads", "placement", "metrics", "flags"): assert f in x, f
m = x["metrics"]["ns_per_op"]
for f in ("unit", "reps", "median", "ci_low", "ci_high", "interval"): assert f in m, f
assert m["ci_low"] <= m["median"] <= m["ci_high"]
assert any("size_reduced" in y["flags"] for y in c)  # tiny has a reduced configuration
assert "metric:peak_rss_bytes" in x["metrics"] and x["metrics"]["metric:peak_rss_bytes"]["unit"] == "B"
assert d["env"]["host"] == "tinyhost"
assert len(d["skipped"]) >= 1 and d["failures"] == []
' "$tmp/e.json"
"$cb" export "$tmp/runs/old" --format markdown >"$tmp/e.md" 2>&1
check "export markdown: a table" grep -q '^| configuration | reps | ns/op (median) | interval | flags |$' "$tmp/e.md"
check "export markdown: a row" grep -q '^| pingpong/runtime=gmp/chan=go/threads=1/placement=none | 10 | ' "$tmp/e.md"
"$cb" export "$tmp/runs/old" --format csv >"$tmp/e.csv" 2>&1
check "export csv: header and rows of every metric" python3 -c '
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))
assert {x["metric"] for x in r} >= {"ns_per_op", "context-switches/op", "metric:peak_rss_bytes"}
' "$tmp/e.csv"
expect2 "bad --format 'xml'" export "$tmp/runs/old" --format xml
expect2 "nosuchdir" export "$tmp/nosuchdir"
# text from the results is escaped in markdown (a '|' in a key, an ANSI escape)
cp -r "$tiny" "$tmp/hostile"
sed -i '2s#pingpong/runtime=pthread/chan=go/threads=1/placement=none#pingpong/runtime=pthread/chan=go/threads=1/placement=a|b\x1b[31m#' "$tmp/hostile/runs.csv"
"$cb" export "$tmp/hostile" --format markdown >"$tmp/h.md" 2>&1
check "markdown escapes | and control characters" grep -qF 'placement=a\|b\e[31m' "$tmp/h.md"

# --- bench.txt: the workloads' extra metrics as benchstat units
"$cb" run -w skynet,yield -r gmp -c go --quick --reps 2 --rounds 1 --out "$tmp/run" --quiet >/dev/null 2>&1
check "bench.txt has B/task" grep -Eq '^BenchmarkSkynet/runtime=gmp/chan=go/.*	[0-9.e+]+ B/task	[0-9.e+]+ peak-RSS-B' "$tmp/run/bench.txt"
check "bench.txt has switched-yields" grep -Eq '^BenchmarkYield/.*	[0-9.e+]+ switched-yields' "$tmp/run/bench.txt"
check "bench.txt lines are name, iterations, value-unit pairs" awk -F'\t' '/^Benchmark/ { if ($2 !~ /^[0-9]+$/) bad = 1; for (i = 3; i <= NF; i++) if ($i !~ /^[0-9.e+-]+ [^ ]+$/) bad = 1 } END { exit bad }' "$tmp/run/bench.txt"
"$cb" export "$tmp/run" --format markdown | grep -q '^| skynet/runtime=gmp/chan=go/'
check "export of a real run" [ $? -eq 0 ]
# --- docs/CI.md's recipe: its YAML parses, its corobench commands are valid
ci="$(dirname "$0")/../docs/CI.md"
if python3 -c 'import yaml' 2>/dev/null; then
	check "docs/CI.md: the workflow is YAML with the gate step" python3 - "$ci" <<'PY'
import re, sys, yaml
y = yaml.safe_load(re.search(r"```yaml\n(.*?)```", open(sys.argv[1]).read(), re.S).group(1))
runs = " ".join(s.get("run", "") for s in y["jobs"]["bench"]["steps"])
assert "--fail-on-regression 5%" in runs and "baseline save main" in runs, runs
PY
fi
suite=$(sed -n 's/^ *run: build\/corobench run \(--quick .*\) --out results\/ci$/\1/p' "$ci")
"$cb" run $suite --dry-run -r gmp >"$tmp/ci.dry" 2>&1
check "docs/CI.md: its suite is a valid run ($suite)" grep -q '^--dry-run: nothing was run' "$tmp/ci.dry"
exit "$fail"
