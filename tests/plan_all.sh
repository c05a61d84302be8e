#!/usr/bin/env bash
# plan_all.sh — `corobench plan` gives a sane plan for every topology in
# tests/topologies under every policy, and `corobench topo` summarizes each; bad
# input exits 2 with one line naming the value.
#
# Sane: the CSV header; one row per worker, numbered 0..N-1; distinct PUs that
# exist in the topology (checked with hwloc-calc when it is installed); the
# workers a policy can place are placed (compact and scatter: every PU; cores:
# every core); a pair class succeeds exactly when `topo` lists a pair for it.
set -u
. "$(dirname "$0")/support/check.sh"
bad() { echo "FAIL $*"; fail=1; }

sane_csv() { # file workers pinned(0/1) pus-of-topology -> 0 if sane
	local f=$1 n=$2 pinned=$3 all=$4
	[ "$(head -n 1 "$f")" = "thread,pu,core,l3,numa,package" ] || return 1
	[ "$(tail -n +2 "$f" | wc -l)" -eq "$n" ] || return 1
	awk -F, -v n="$n" -v pinned="$pinned" -v all="$all" '
		BEGIN { k = split(all, a, ","); for (i = 1; i <= k; i++) ok[a[i]] = 1 }
		NR == 1 { next }
		NF != 6 || $1 != NR - 2 { exit 1 }
		pinned == 0 { if ($2 != "") exit 1; next }
		$2 == "" || ($2 in seen) || (all != "" && !($2 in ok)) { exit 1 }
		{ seen[$2] = 1 }' "$f"
}

policies="none compact cores scatter smt l2 l3 cross-l3 cross-numa cross-package cpus:0,1"
for xml in tests/topologies/*.xml; do
	name=$(basename "$xml")
	"$cb" topo --topology "$xml" >"$tmp/topo" 2>"$tmp/err" || bad "topo $name: $(cat "$tmp/err")"
	npus=$(sed -n 's/^summary .*, \([0-9]*\) PUs.*/\1/p' "$tmp/topo")
	ncores=$(sed -n 's/^summary .*, \([0-9]*\) cores.*/\1/p' "$tmp/topo")
	all=""
	command -v hwloc-calc >/dev/null 2>&1 &&
		all=$(hwloc-calc -i "$xml" --physical-output --intersect PU all 2>/dev/null)
	[ -n "$npus" ] && [ -n "$ncores" ] || { bad "topo $name: no summary line"; continue; }
	for p in $policies; do
		# worker counts: the edges (one, all places, one too many) without
		# repeating what test_placement.c checks in-process for every count
		# (one too many for compact/scatter and small counts: test_placement.c)
		case $p in
		compact | scatter) counts="$npus" ;;
		cores) counts="$ncores $((ncores + 1))" ;;
		none) counts="3" ;;
		*) counts="2" ;;
		esac
		for n in $counts; do
			"$cb" plan -p "$p" -t "$n" --topology "$xml" >"$tmp/out" 2>"$tmp/err"
			rc=$?
			pinned=1
			[ "$p" = none ] && pinned=0
			# what must succeed
			must=0
			case $p in
			none) must=1 ;;
			compact | scatter) [ "$n" -le "$npus" ] && must=1 ;;
			cores) [ "$n" -le "$ncores" ] && must=1 ;;
			cpus:0,1) [ "$n" -le 2 ] && must=1 ;;
			*) [ "$n" -eq 2 ] && grep -q "^  $p  *[0-9]" "$tmp/topo" && must=1 ;;
			esac
			if [ "$rc" -eq 0 ]; then
				[ "$must" -eq 1 ] || case $p in cross-* | smt | l2 | l3) bad "$name $p -t $n succeeded but topo lists no pair" ;; esac
				sane_csv "$tmp/out" "$n" "$pinned" "$all" || bad "$name $p -t $n: plan not sane"
			elif [ "$rc" -eq 2 ]; then
				[ "$must" -eq 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] ||
					bad "$name $p -t $n: exit 2: $(cat "$tmp/err")"
			else
				bad "$name $p -t $n: exit $rc"
			fi
		done
	done
	echo "ok   $name ($npus PUs, $ncores cores): every policy"
done

# bad input: exit 2, one line on stderr naming the value
z4=tests/topologies/AMD-19h-Zen4-2xEpyc-9654.xml
expect2 "'nosuch'" plan -p nosuch -t 1
expect2 "'/no/such.xml'" plan -p compact -t 1 --topology /no/such.xml
expect2 "'pack:2 bogus:1'" plan -p compact -t 1 --synthetic "pack:2 bogus:1"
expect2 "'0'" plan -p compact -t 0
expect2 "385 workers" plan -p compact -t 385 --topology "$z4"
expect2 "193 workers" plan -p cores -t 193 --topology "$z4"
expect2 "PU 384 does not exist" plan -p cpus:0,384 -t 1 --topology "$z4"
expect2 "cross NUMA" plan -p cross-numa -t 2 --topology "$z4"
expect2 "missing --placement" plan -t 2
expect2 "missing --threads" plan -p compact
expect2 "'--bogus'" plan --bogus
expect2 "exclusive" plan -p compact -t 1 --topology "$z4" --synthetic "pack:1 pu:2"
expect2 "'nosuch'" plan -p compact -t 1 --cpukind nosuch --topology tests/topologies/Intel-RaptorLake-Corei7-1370P.xml
expect2 "'/no/such.xml'" topo --topology /no/such.xml
expect2 "'x y'" topo --synthetic "x y"
expect2 "'stray'" topo stray

"$cb" plan --help >/dev/null && "$cb" topo --help >/dev/null || bad "--help"
"$cb" topo >/dev/null || bad "topo of this system"
"$cb" plan -p compact -t 1 >/dev/null || bad "plan on this system"
exit "$fail"
