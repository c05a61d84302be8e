#!/usr/bin/env bash
# e2e_floors.sh — end to end: `corobench list` shows the floor family; `run
# --floors` adds the floors' rows (runtime=floor) once, the same set whatever -r,
# -c and -t select, beside the runtimes' rows in the same results files; without
# --floors there are none; --floors with --soak is bad input. Counts and keys only,
# never times.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"

floors="floor-switch floor-futex floor-futex-handoff floor-c2c"

# --- list
"$cb" list >"$tmp/list" 2>&1
check "list exits 0" [ $? -eq 0 ]
check "list has a floors section" grep -q '^floors (run --floors' "$tmp/list"
for f in $floors; do
	check "list shows $f" grep -q "^  $f " "$tmp/list"
done

# --- bad input
expect_refused "--floors" run --floors --soak 2s -w pingpong -r pthread

# The floors' keys of one results directory: ran (summary.csv ns_per_op rows) and
# skipped (skipped.csv), sorted, one per line.
floor_keys() { # DIR
	{
		awk -F, 'NR > 1 && $4 == "floor" && $0 ~ /,ns_per_op,/ {print $2}' "$1/summary.csv"
		awk -F, 'NR > 1 && $1 ~ /\/runtime=floor\// {print $1}' "$1/skipped.csv"
	} | sort
}

# --- two runs that select differently: the same floors, once each
quick=(--quick -n 200 --reps 2 --rounds 1 --quiet)
"$cb" run -w yield,pingpong -r pthread,gmp -c go,mutex -t 1,2 "${quick[@]}" --floors \
	--out "$tmp/a" >"$tmp/a.out" 2>"$tmp/a.err"
check "run --floors exits 0" [ $? -eq 0 ]
"$cb" run -w yield -r gmp -c go -t 1 "${quick[@]}" --floors --out "$tmp/b" >/dev/null 2>&1
check "a second selection exits 0" [ $? -eq 0 ]
floor_keys "$tmp/a" >"$tmp/a.keys"
floor_keys "$tmp/b" >"$tmp/b.keys"
check "the same floors whatever -w -r -c -t say" cmp -s "$tmp/a.keys" "$tmp/b.keys"
check "no floor key twice" [ -z "$(uniq -d "$tmp/a.keys")" ]
for k in floor-switch/runtime=floor/chan=-/threads=1/placement=none \
	floor-futex/runtime=floor/chan=-/threads=1/placement=none \
	floor-futex-handoff/runtime=floor/chan=-/threads=1/placement=none; do
	check "ran $k" grep -qx "$k" "$tmp/a.keys"
	check "$k: 2 repetitions in runs.csv" [ "$(grep -c "^2,$k," "$tmp/a/runs.csv")" -eq 2 ]
done
# two-worker floors: per pair class this machine has (env.json says which), or
# skipped with the reason on a machine with none
pairs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["placement"]["pair_classes"])' "$tmp/a/env.json")
for f in floor-futex floor-c2c; do
	if [ -n "$pairs" ]; then
		for p in ${pairs//,/ }; do
			check "ran $f at threads=2 on pair class $p" \
				grep -qx "$f/runtime=floor/chan=-/threads=2/placement=$p" "$tmp/a.keys"
		done
	else
		check "$f at threads=2 skipped with a reason" \
			grep -q "^$f/runtime=floor/chan=-/threads=2/placement=scatter,.*pair class" "$tmp/a/skipped.csv"
	fi
done
check "floor rows beside the runtimes' rows" grep -q '^2,yield/runtime=gmp/' "$tmp/a/runs.csv"
check "futex floors report their system calls per round trip" \
	grep -q '^2,floor-futex-handoff/.*,metric:futex_calls_per_op,' "$tmp/a/summary.csv"
check "bench.txt has the floors" grep -q '^BenchmarkFloor-switch/runtime=floor/chan=-/threads=1/placement=none' "$tmp/a/bench.txt"
check "the command in env.json has --floors" \
	python3 -c 'import json,sys; sys.exit("--floors" not in json.load(open(sys.argv[1]))["command"])' "$tmp/a/env.json"
check "no failures" [ "$(wc -l <"$tmp/a/failures.csv")" -eq 1 ]
check "the futex floors leave their sampled round trips in latency/" \
	[ -s "$tmp/a/latency/floor-futex-handoff_runtime=floor_chan=-_threads=1_placement=none.hgrm" ]

# --- one usable CPU (taskset): the two-worker floors are skipped rows, with the reason
if command -v taskset >/dev/null 2>&1; then
	taskset -c "$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')" \
		"$cb" run -w yield -r gmp -c go -t 1 "${quick[@]}" --floors --out "$tmp/one" >/dev/null 2>&1
	check "a one-CPU run exits 0" [ $? -eq 0 ]
	for f in floor-futex floor-c2c; do
		check "one CPU: $f at threads=2 skipped, saying why" \
			grep -q "^$f/runtime=floor/chan=-/threads=2/placement=scatter,.*this machine has none" "$tmp/one/skipped.csv"
	done
	check "one CPU: the one-CPU floors still ran" \
		grep -q '^2,floor-futex-handoff/runtime=floor/chan=-/threads=1/placement=none,' "$tmp/one/runs.csv"
fi

# --- without --floors: none
"$cb" run -w yield -r gmp -c go -t 1 "${quick[@]}" --out "$tmp/c" >/dev/null 2>&1
check "a run without --floors exits 0" [ $? -eq 0 ]
check "no floor rows without --floors" [ -z "$(floor_keys "$tmp/c")" ]
exit "$fail"
