#!/usr/bin/env bash
# bench.sh — what `make bench` runs: the default quick suite on every runtime this
# build has, threads 1 and 2, into one results directory, with the floors (the
# costs nothing can beat here: `corobench list`, docs/WORKLOADS.md); a placement sweep of
# pingpong and mpmc into its placement/ subdirectory; an mpmc producer/consumer
# sweep into mpmc-sweep/; pipeline's open-loop latency into pipeline-open/; a
# counters pass into counters/; the network passes (throughput vs connections,
# open-loop latency, c10k at 10,000) into net-*/; the fairness workloads into
# fairness/ and preemption on and off into preempt/; the core-to-core matrix;
# then the report.
# Budget: about 5 minutes on a 2-core machine (the sizes are the workloads'
# --quick sizes; see corobench list), leaving room under make bench's 10 minutes
# for the passes later work adds.
#
# Repetitions: every pass gives every configuration 10 measured repetitions
# over 5 rounds (child processes), 1 warm-up each: the fewest for which an
# order-statistic 95% CI of the median exists with room to spare (ranks 2 and 9
# of 10 cover 97.9%; below 6 there is none, and 5 gave only min..max), and 5
# processes so that what differs between processes (placement of the heap and
# stacks, the kernel's choices) is in the interval, not only what differs
# between repetitions of one. benchstat asks for 10 as well.
set -u
REPS=(--reps 10 --rounds 5 --warmup 1)
# COROBENCH_SEED: the shuffle seed of every pass (corobench fleet gives every host
# the same one); unset, each pass draws its own and records it in its env.json.
[ -n "${COROBENCH_SEED:-}" ] && REPS+=(--seed "$COROBENCH_SEED")
BUILD=${BUILD:-build}
cb="$BUILD/corobench"
stamp=$(date +%Y%m%d-%H%M%S)
host=$(hostname | tr '/ ' '__')
out=${COROBENCH_OUT:-results/$stamp-$host}

status=0
echo "corobench: quick suite -> $out" >&2
# --param cases=0,2: the select workload runs its plain-receive baseline beside the
# select over two ready channels (issue 4's goal compares the two); workloads
# without that parameter ignore it.
# --floors: the floors (runtime=floor rows) once in each results directory whose
# workloads they bound (docs/RESULTS.md, "Floors"): here, in placement/ and in
# counters/, so that a floor and the runtimes it bounds are always measured in one
# run with the counters in the same state (counting costs ~0.35 us per pthread
# round trip). mpmc-sweep/ and pipeline-open/ hold no bounded workload. ~3 s a
# pass here, ~4.5 s with counters (5 configurations x 5 rounds x 11 repetitions).
# -w all,-hog,...: the fairness workloads run in a pass of their own (below).
"$cb" run -w all,-hog,-wakeup,-fairshare,-syscall -r all -c all -t 1,2 --quick "${REPS[@]}" \
	--param cases=0,2 --floors --out "$out" || status=$?
if [ "$status" -ge 2 ] && [ "$status" -ne 130 ]; then
	echo "corobench: the suite could not run (exit $status)" >&2
	exit "$status"
fi

# One extra pass into a results directory of its own: NAME DIR RUN-ARGS... A pass
# that fails is reported and becomes the suite's status, and the others still run.
pass() {
	local name=$1 dir=$2
	shift 2
	echo "corobench: $name -> $dir" >&2
	"$cb" run "$@" --out "$dir" --quiet >/dev/null || {
		local rc=$?
		echo "corobench: $name exit $rc (see $dir)" >&2
		[ "$status" -eq 0 ] && status=$rc
	}
}

# Placement sweep: the two hand-off workloads (pingpong: a blocking round trip;
# mpmc: contended channel throughput) with two workers under every placement,
# into $out/placement/ (a results directory of its own). Pair classes this
# machine lacks are skipped with the reason (skipped.csv), so the same line runs
# on a laptop and a two-socket server. Budget: ~10 s on a 2-core machine.
pass "placement sweep" "$out/placement" -w pingpong,mpmc -r all -c go -t 2 \
	-p none,compact,cores,scatter,smt,l2,l3,cross-l3,cross-numa,cross-package \
	--quick "${REPS[@]}" --floors

# Channel scaling (issue 4): mpmc with P producers and P consumers, P = 1, 2, 4, 8,
# every variant that takes several producers and consumers, one and two workers,
# each point a results directory of its own under $out/mpmc-sweep/PxP/ (a sweep
# of both parameters at once would run the whole 4x4 grid). The aggregate
# throughput is 1/ns_per_op. Budget: ~1 minute on a 2-core machine.
for p in 1 2 4 8; do
	pass "mpmc sweep ${p}x${p}" "$out/mpmc-sweep/${p}x${p}" -w mpmc -r all -c all -t 1,2 \
		--param producers=$p --param consumers=$p --quick "${REPS[@]}"
done

# Open-loop latency (issue 7): pipeline with the source emitting on a schedule,
# 100,000 events/s (one every 10 us), so the latency counts from each event's due
# time and a stall shows in the tail of every event it delayed (no coordinated
# omission; the main suite's pipeline is closed loop: throughput, rate=0). 10 us
# per event is 5-10x below the slowest runtime's saturation here (pthreads: 1-2 us
# per event closed loop), so the schedule is kept, not queued up. Into
# $out/pipeline-open/; ~30 s here (20,000 events = 0.2 s per repetition).
pass "pipeline open-loop latency" "$out/pipeline-open" -w pipeline -r all -c go -t 1,2 \
	--param rate=100000 --quick "${REPS[@]}"

# Channel capacity (claims C10 and C9, docs/CLAIMS.md): spsc and pipeline with
# unbuffered (0), one-slot (1) and buffered (1024) channels, the Go-style variant
# on every runtime, into $out/capacity/. At capacity 0 every pthread message is a
# futex hand-off (2-3 us here), so 20,000 messages keep a repetition near 60 ms.
pass "channel capacity" "$out/capacity" -w spsc,pipeline -r all -c go -t 1,2 \
	--param cap=0,1,1024 -n 20000 "${REPS[@]}"
# Counters pass: counts per operation (software events everywhere; hardware events
# where a PMU is reachable) for the hand-off, channel, switch and spawn workloads,
# into $out/counters/. Kept apart from the timed suite above because inherited
# counters add work to every thread creation and context switch. ~20 s here.
pass "counters pass" "$out/counters" -w pingpong,spsc,yield,spawn -r all -c go -t 1,2 \
	--counters default --quick "${REPS[@]}" --floors

# Network (issue 18; docs/WORKLOADS.md, "The network workloads"). -p compact -t 1:
# the server on one PU, the load generator pinned to the other (on a 1-PU
# machine it shares and each repetition says so). 6 repetitions over 3 rounds:
# the fewest with a 95% interval of the median, kept small because every
# repetition starts a client and makes its connections.
#   throughput against connections: echo and http at 1, 64 and 1,024
#   connections, every runtime, and Go's net/http beside its conn server
#   (server=nethttp: the C runtimes skip it with the reason). 3,000 requests; pthreads
#   at -t 1 take 0.1-0.5 s a repetition here, gmp and Go 0.03-0.3 s. ~35 s here
#   (the three network passes together: 56 s, measured at load 4-11).
NET_REPS=(--reps 6 --rounds 2 --warmup 1)
pass "network: throughput vs connections" "$out/net-conns" -w echo,http -r all -t 1 -p compact \
	--param conns=1,64,1024 --param server=conn,nethttp -n 3000 "${NET_REPS[@]}"
#   latency against offered load: http open loop at 25k, 50k and 100k requests/s
#   on its 64 connections, up to the closed-loop saturation here (60-140k/s with
#   a PU each for gmp and Go, depending on the machine's other load); the
#   client's own lateness (source_late_events) says where a rate was not kept.
#   3,000 requests: 30-120 ms a repetition. ~10 s here.
pass "network: latency vs offered load" "$out/net-open" -w http -r all -t 1 -p compact \
	--param rate=25000,50000,100000 -n 3000 "${NET_REPS[@]}"
#   c10k at its definition's 10,000 connections (the main suite ran 1,000):
#   memory per connection and the wake-to-reply latency; a thread per connection
#   where the machine holds 10,000 threads, else skipped with the reason. Setup
#   (10,000 connects and accepts, 10,000 threads for pthreads) is ~1-3 s a
#   repetition, so 3 repetitions in 1 round. ~12 s here.
pass "network: c10k at 10,000" "$out/net-c10k" -w c10k -r all -t 1 -p compact \
	--param conns=10000 --quick --reps 3 --rounds 1 --warmup 1

# Fairness (issue 20; docs/WORKLOADS.md, "Fairness", docs/FAIRNESS.md): hog,
# wakeup, fairshare and syscall, every runtime, one and two workers, into
# $out/fairness/. Out of the main pass because each costs whole time slices
# (a wake-up under 4 hogs waits ~10 ms on gmp, ~20 on Go; pthreads take ~6 us a
# round trip past a spinning thread): over -c all and 10 repetitions in 5 rounds
# they took 118 s here. -c go (the channel variants are the main pass's
# subject) and the network passes' 6 repetitions over 2 rounds: 33 s here (load
# ~2.5). At --quick, gmp's hog at one worker is about one slice of the pair
# (docs/WORKLOADS.md): its ns/op shows the pair's first turn, not a share; the
# figures at full size are docs/FAIRNESS.md's.
pass "fairness" "$out/fairness" -w hog,wakeup,fairshare,syscall -r all -c go -t 1,2 \
	--quick "${NET_REPS[@]}"
#   the cost of preemption: hand-off, switch and spawn workloads on gmp and Go
#   with preemption on and off (--param preempt=on,off: gmp without its signal,
#   Go with GODEBUG=asyncpreemptoff=1), interleaved in one run, into
#   $out/preempt/: the cost of preemption where nothing needs it (the fairness
#   workloads cannot run with it off at one worker: their spinners never stop).
#   8 s here.
pass "preemption on/off" "$out/preempt" -w pingpong,ring,yield,spawn,skynet,sieve,spsc,mpmc \
	-r gmp,go -c go -t 1,2 --quick --param preempt=on,off "${REPS[@]}"

echo
echo "results: $out"
[ "$status" -eq 1 ] && echo "some configurations failed: see $out/failures.csv"

# The core-to-core matrix of this machine, for the report's heatmap (~10 s on 2
# PUs; it grows with the square of the PUs: ~20 ms per ordered pair, so beyond 32
# PUs a scatter of 32 stands in for the machine: every package, NUMA node and L3
# domain, one PU per core). Its absence only costs that chart.
c2c_pick=()
[ "$(nproc)" -gt 32 ] && c2c_pick=(-p scatter -t 32)
"$cb" c2c "${c2c_pick[@]}" --out "$out" >"$out/c2c.log" 2>&1 || echo "corobench: c2c failed (see $out/c2c.log); the report goes on without the heatmap" >&2

# The report: charts, findings, report.html (corobench report prints its path
# last). A report that cannot be made (exit 2) is the suite's failure too.
"$cb" report "$out" || { rc=$?; echo "corobench: the report failed (exit $rc)" >&2; exit "$rc"; }
exit "$status"
