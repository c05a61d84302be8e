#!/usr/bin/env bash
# placement_run.sh — placement in `corobench run` end to end: rows carry pus,
# pair_class and migrated; topology.xml is written and loads; what this machine
# cannot place is skipped with the reason; bad placement input is exit 2 before
# anything runs. Tiny sizes; no timing asserted.
set -u
. "$(dirname "$0")/support/check.sh"
out="$tmp/r"
"$cb" run -w pingpong -r pthread -c go -t 1,2 -p none,compact,cpus:0,cross-package,l3 -n 200 \
	--reps 1 --rounds 1 --warmup 0 --out "$out" --quiet >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
check "run exits 0 or 1 (rc=$rc $(head -c 300 "$tmp/stderr"))" [ "$rc" -le 1 ]
check "topology.xml written" [ -s "$out/topology.xml" ]
"$cb" topo --topology "$out/topology.xml" >"$tmp/topo" 2>&1
check "topology.xml loads" grep -q "^summary" "$tmp/topo"
col() { # column name -> its index in runs.csv
	head -n 1 "$out/runs.csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1
}
row() { # placement threads -> "pair_class|pus|migrated" of its first row
	awk -F, -v p="$1" -v t="$2" -v a="$(col placement)" -v b="$(col threads)" \
		-v c="$(col pair_class)" -v d="$(col pus)" -v e="$(col migrated)" \
		'NR > 1 && $a == p && $b == t { print $c "|" $d "|" $e; exit }' "$out/runs.csv"
}
check "none: no pus, no migrated" [ "$(row none 1)" = "||" ]
check "compact -t 1: one PU, migrated 0" [ "$(row compact 1)" = "|0|0" ]
check "cpus:0 -t 1: PU 0" [ "$(row cpus:0 1)" = "|0|0" ]
if [ "$(nproc)" -ge 2 ]; then
	r=$(row compact 2)
	echo "$r" >"$tmp/row"
	check "compact -t 2: a pair class and two PUs ($r)" grep -Eq '^[a-z0-9-]+[|][0-9]+;[0-9]+[|]0$' "$tmp/row"
fi
check "cpus:0 -t 2 skipped (one listed PU)" grep -q "placement=cpus:0,.*listed PUs" "$out/skipped.csv"
check "pair class -t 1 skipped" grep -q "placement=l3,.*exactly 2 workers" "$out/skipped.csv"
check "env.json has the placement section" grep -q '"pair_classes"' "$out/env.json"

expect2 "'nosuch'" run -w pingpong -r pthread -p nosuch --out "$tmp/x"
expect2 "PU 99999 does not exist" run -w pingpong -r pthread -p cpus:99999 --out "$tmp/x"
expect2 "empty item" run -w pingpong -r pthread -p compact,,scatter --out "$tmp/x"
expect2 "'bogus'" run -w pingpong -r pthread -p compact --cpukind bogus --out "$tmp/x"
HWLOC_XMLFILE=tests/topologies/16em64t-4s2c2t.xml expect2 "not this system" \
	run -w pingpong -r pthread -p compact --out "$tmp/x"
check "no directory for bad input" [ ! -e "$tmp/x" ]
exit "$fail"
