#!/usr/bin/env bash
# e2e_workloads.sh — the workloads through the real CLI: bad workload parameters
# exit 2 with one line naming the value (mpmc with 0 producers, fib with a negative
# k, a pipeline with more workers than events, skynet off a power of 10); a latency
# workload run in two rounds leaves latency/<key>.hgrm whose total count is every
# sample of every measured repetition of both rounds (warm-ups excluded); skynet
# reports peak RSS and bytes per task in runs.csv.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"

bad() { # expected-substring args...
	local needle=$1
	shift
	expect_refused "$needle" run -r pthread "$@"
}
bad "producers=0" -w mpmc --param producers=0
bad "'-5'" -w fib -n -5
bad "n=10" -w fib -n 10
bad "workers=8" -w pipeline -n 4 --param workers=8
bad "n=5000" -w skynet -n 5000

# pingpong, n = 320: a sample every 16th round trip = 20 per repetition; 2 rounds
# of 2 measured repetitions (+1 warm-up each, discarded) = 80 samples.
out="$tmp/res"
"$cb" run -w pingpong -r pthread -c mutex -t 1 -n 320 --reps 4 --rounds 2 --warmup 1 --quiet \
	--out "$out/pp" >/dev/null 2>"$tmp/stderr"
check "pingpong run exits 0" [ $? -eq 0 ]
hgrm="$out/pp/latency/pingpong_runtime=pthread_chan=mutex_threads=1_placement=none.hgrm"
check "latency file written" [ -s "$hgrm" ]
check "no temporary files left" [ -z "$(ls "$out/pp/latency" | grep tmp)" ]
check ".hgrm header" grep -q '^       Value     Percentile TotalCount 1/(1-Percentile)$' "$hgrm"
check ".hgrm counts every measured sample of both rounds" \
	grep -q 'Total count    =           80\]' "$hgrm"
last=$(grep -v '^#' "$hgrm" | awk 'NF == 3' | tail -n 1)
check ".hgrm ends at percentile 1 with the total" [ "$(echo "$last" | awk '{print $2, $3}')" = "1.000000000000 80" ]

"$cb" run -w skynet -r pthread -c mutex -t 2 -n 100 --reps 1 --rounds 1 --quiet \
	--out "$out/sk" >/dev/null 2>"$tmp/stderr"
check "skynet run exits 0" [ $? -eq 0 ]
check "runs.csv has the memory metrics" \
	grep -q 'metric:bytes_per_task.*metric:peak_rss_bytes\|metric:peak_rss_bytes.*metric:bytes_per_task' \
	"$out/sk/runs.csv"

exit $fail
