#!/usr/bin/env bash
# measure.sh BEFORE AFTER OUT — the table of docs/THREADS-BASELINE.md: every workload
# on the pthread runtime at -t 1 and -t 2, with the binary BEFORE and the binary
# AFTER (two builds of build/corobench), interleaved (before, after, before,
# after) so that the machine's drift hits both alike; then one line per workload,
# variant and -t: median ns/op and median context switches per op, before and
# after. OUT is a new directory; the results directories go under it.
#
# Sizes: pingpong and ring at n = 20,000 (issue 21's size), everything else at its
# --quick size (docs/WORKLOADS.md); 5 repetitions x PASSES passes x 2 binaries.
# PASSES (default 2) passes, each a fresh child process per configuration.
set -eu
before=$1 after=$2 out=$3
passes=${PASSES:-2}
mkdir "$out"
uptime | tee "$out/load.txt"
for p in $(seq 1 "$passes"); do
	for side in before after; do
		bin=$before
		[ "$side" = after ] && bin=$after
		for t in 1 2; do
			"$bin" run -w pingpong,ring -r pthread -c all -t "$t" -n 20000 --reps 5 --rounds 1 \
				--counters sw --quiet --out "$out/$side-p$p-t$t-a" >/dev/null
			"$bin" run -w spsc,mpmc,select,skynet,sieve,spawn,yield,fib,mutex,pipeline \
				-r pthread -c all -t "$t" --quick --reps 5 --rounds 1 --counters sw --quiet \
				--out "$out/$side-p$p-t$t-b" >/dev/null
		done
		uptime | tee -a "$out/load.txt"
	done
done
# runs.csv of every pass, per side: workload,chan,threads -> the medians over all reps.
table() { # $1 = side
	cat "$out"/"$1"-p*/runs.csv | awk -F, '
		$1 == "schema" { for (i = 1; i <= NF; i++) col[$i] = i; next }
		{ k = $col["workload"] " " $col["chan"] " " $col["threads"]
		  ns[k] = ns[k] " " $col["ns_per_op"]; sw[k] = sw[k] " " $col["ctx-switches/op"] }
		function median(s,   a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END { for (k in ns) printf "%s %.1f %.4f\n", k, median(ns[k]), median(sw[k]) }' | sort
}
table before >"$out/before.txt"
table after >"$out/after.txt"
printf '%-10s %-9s %2s %12s %12s %9s %9s\n' workload chan t "ns before" "ns after" "sw before" "sw after"
join <(awk '{print $1"/"$2"/"$3, $4, $5}' "$out/before.txt") \
	<(awk '{print $1"/"$2"/"$3, $4, $5}' "$out/after.txt") |
	awk '{ split($1, k, "/"); printf "%-10s %-9s %2s %12.1f %12.1f %9.4f %9.4f\n", k[1], k[2], k[3], $2, $4, $3, $5 }'
