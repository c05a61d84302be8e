/*
 * defs.c — the claims and their rules in one line each (claims.h: the
 * article's C1-C12, the network servers' N1-N2, fairness's F1), as
 * docs/CLAIMS.md states them
 * in full, and the names of the verdicts and
 * outcomes. The rules' thresholds are the constants of c_*.c; change one and
 * its line here and in docs/CLAIMS.md together.
 */
#include <stdio.h>
#include <string.h>

#include "claim.h"

static const rp_claim_def defs[RP_NCLAIMS] = {
    {"C1", "concurrency uses the cores",
     "Concurrency uses the cores: it raises throughput and lowers response time and the "
     "average wait.",
     "On each parallel workload (fib, skynet, mpmc, pipeline; echo, http when present) and "
     "runtime, the most workers give significantly more throughput than the fewest. "
     "Latency is shown, not tested."},
    {"C2", "memory used more efficiently",
     "Concurrent code accesses memory more efficiently (each task has its own private "
     "memory).",
     "Coroutines (gmp, go) below pthread, significantly: bytes per task (spawn, skynet), "
     "page faults and cache misses per op (counters), bytes per connection (c10k)."},
    {"C3", "channels make correctness easier",
     "Channels make correct programs easier to write than shared memory and locks.",
     "Not a measurement: ease is not measured. Shown: how many answers were checked and "
     "wrong, and the price of channels against a mutex-protected queue."},
    {"C4", "scales with hardware and load",
     "Concurrent programs scale with the hardware and with the load.",
     "On each parallel workload and runtime, N workers give at least 0.75 N/n times the "
     "throughput of the fewest n, significantly; c10k serves its connections when "
     "present."},
    {"C5", "scheduling simple and automatic",
     "Goroutine scheduling is simple and automatic: a global run queue plus per-processor "
     "local queues.",
     "Fork-join work (fib, skynet) on gmp and go runs significantly faster on the most "
     "workers than on the fewest; a CPU-bound hog does not stop the others (when "
     "present)."},
    {"C6", "a goroutine costs little",
     "A goroutine costs few resources: its own small stack, and only scheduling state "
     "saved on a switch.",
     "Coroutines at most 1/10 of pthread, significantly: spawn and skynet time per task, "
     "bytes per task; a coroutine yield within 10x the register switch (floor-switch, "
     "when the run has the floors)."},
    {"C7", "a goroutine switch is cheap",
     "A goroutine switch is cheap: a few registers, no system call, unlike a thread "
     "switch.",
     "Coroutine hand-offs at most 1/10 of pthread's, significantly: yield (switched), "
     "pingpong, ring, sieve time per op, and context switches per op (counters). Shown: "
     "each one's distance from its floor (when the run has the floors)."},
    {"C8", "channels move data simply",
     "Channels move data between tasks simply, without passing through shared variables.",
     "A channel hand-off (chan=go) costs at most 1.1x a mutex-protected queue's "
     "(chan=mutex), significantly: pingpong, ring, sieve on gmp and pthread."},
    {"C9", "a channel is a blocking FIFO",
     "A channel is a FIFO queue that blocks the producer when full and the consumer when "
     "empty.",
     "Not in a results directory: FIFO order and blocking are checked by make test "
     "(test_chan_semantics, test_chan_history). Shown: answers checked per capacity."},
    {"C10", "asynchronous channels are efficient",
     "Channels are efficient because communication is asynchronous: producer and consumer "
     "need not wait for each other.",
     "spsc and pipeline cost significantly less per message at their largest capacity "
     "than at capacity 0 (--param cap), same runtime, variant, workers; switches too."},
    {"C11", "one sender or receiver at a time",
     "At any moment only one task can send on or receive from a channel.",
     "mpmc with P producers = P consumers at 2+ workers: throughput at the largest P at "
     "most 1.25x that at the smallest, significantly (a channel serialises its users)."},
    {"C12", "channels isolate data",
     "Channels isolate data: tasks do not interfere with each other.",
     "Per runtime and variant on the channel workloads: every answer right (each value "
     "delivered exactly once: counts and sums) holds; a wrong answer does not hold."},
    {"N1", "10,000 connections, less memory",
     "One task per connection serves 10,000 connections in less memory than one thread per "
     "connection.",
     "c10k at 10,000 connections: bytes per connection of gmp and go significantly below "
     "pthread's, same workers (fewer connections shown, not counted; a pthread skip is "
     "named, not counted)."},
    {"N2", "gmp serves at least Go's rate",
     "gmp serves at least as many requests per second as Go.",
     "echo and http, closed loop, own parser (server=conn): gmp's time per request "
     "significantly at most Go's at every connection and worker count both ran, leaving "
     "out pairs whose load generator saturated or shared a PU; net/http shown."},
    {"F1", "a CPU-bound task stops no other", "A CPU-bound task does not stop the others.",
     "Per runtime, preemption on, at 1 worker: hog completes every round (a watchdog "
     "round does not hold) with its round trip at most 4x plain pingpong's, "
     "significantly; syscall completes; wakeup's p99 lateness at most 50 ms (quantile "
     "test). preempt=off rows shown, not counted."},
};

const rp_claim_def *rp_claim_def_at(int i)
{
	return i >= 0 && i < RP_NCLAIMS ? &defs[i] : NULL;
}

static const char *const verdicts[] = {"holds", "does not hold", "mixed", "not measured",
                                       "cannot tell"};

const char *rp_verdict_name(rp_verdict v)
{
	return (unsigned)v < sizeof verdicts / sizeof verdicts[0] ? verdicts[v] : "?";
}

bool rp_verdict_parse(const char *s, rp_verdict *v)
{
	for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
		const char *a = verdicts[i], *b = s;
		while (*a && *b && (*a == *b || (*a == ' ' && (*b == '-' || *b == '_')))) {
			a++;
			b++;
		}
		if (!*a && !*b) {
			*v = (rp_verdict)i;
			return true;
		}
	}
	return false;
}

const char *rp_outcome_name(rp_outcome o)
{
	static const char *const names[] = {"holds", "does not hold", "cannot tell", "info"};
	return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

void rp_claim_by_runtime(const rp_claim *c, char *out, size_t len)
{
	size_t w = 0;
	out[0] = '\0';
	for (int i = 0; i < c->nrt && w + 1 < len; i++) {
		const rp_claim_rt *r = &c->rt[i];
		int n = r->nholds + r->ndoes + r->ncannot;
		int k = r->verdict == RP_DOES_NOT ? r->ndoes : r->nholds;
		int v = snprintf(out + w, len - w, "%s%s %s", i ? ", " : "", r->runtime,
		                 rp_verdict_name(r->verdict));
		w += v > 0 ? (size_t)v : 0;
		if (w + 1 < len && n && r->verdict != RP_MIXED && r->verdict != RP_CANNOT_TELL)
			v = snprintf(out + w, len - w, " (%d of %d)", k, n);
		else if (w + 1 < len && n)
			v = snprintf(out + w, len - w, " (holds %d, not %d, cannot tell %d)",
			             r->nholds, r->ndoes, r->ncannot);
		else
			v = 0;
		w += v > 0 ? (size_t)v : 0;
	}
}
