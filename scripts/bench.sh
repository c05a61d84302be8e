#!/usr/bin/env bash
# bench.sh — what `make bench` runs: the default quick suite on every runtime this
# build has, threads 1 and 2, into one results directory, then the report.
# Budget: about 5 minutes on a 2-core machine (the sizes are the workloads'
# --quick sizes; see corobench list).
set -u
BUILD=${BUILD:-build}
cb="$BUILD/corobench"
stamp=$(date +%Y%m%d-%H%M%S)
host=$(hostname | tr '/ ' '__')
out=${COROBENCH_OUT:-results/$stamp-$host}

status=0
echo "corobench: quick suite -> $out" >&2
"$cb" run -w all -r all -c all -t 1,2 --quick --reps 5 --rounds 3 --warmup 1 --out "$out" || status=$?
if [ "$status" -ge 2 ] && [ "$status" -ne 130 ]; then
	echo "corobench: the suite could not run (exit $status)" >&2
	exit "$status"
fi

echo
echo "results: $out"
[ "$status" -eq 1 ] && echo "some configurations failed: see $out/failures.csv"

# The core-to-core matrix of this machine, for the report's heatmap (~10 s on 2
# PUs; it grows with the square of the PUs). Its absence only costs that chart.
"$cb" c2c --out "$out" >"$out/c2c.log" 2>&1 || echo "corobench: c2c failed (see $out/c2c.log); the report goes on without the heatmap" >&2

# The report: charts, findings, report.html (corobench report prints its path
# last). A report that cannot be made (exit 2) is the suite's failure too.
"$cb" report "$out" || { rc=$?; echo "corobench: the report failed (exit $rc)" >&2; exit "$rc"; }
exit "$status"
