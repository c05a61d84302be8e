/*
 * c_cores.c — C1 (concurrency uses the cores) and C4 (concurrent programs
 * scale with the hardware and the load): throughput against workers on the
 * parallel workloads, per runtime; for C1 any significant gain, for C4 at
 * least C4_EFFICIENCY of linear. docs/CLAIMS.md has the rules in full.
 *
 * A series is one runtime with its reference channel variant (claim.h's
 * cl_cfg: `go`, or the Go peer's own), from the fewest workers it ran to the
 * most; its two configurations are compared as "ns/op at the most <= k times
 * ns/op at the fewest" (k = 1 for C1; n / (0.75 N) for C4).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "../../../base/units.h"

/* Share of linear scaling C4 asks for: at N workers at least 0.75 N/n times
 * the throughput of n. Below that a doubling of the cores buys less than half
 * of what it costs. */
#define C4_EFFICIENCY 0.75

/* The workloads whose work can run in parallel (docs/WORKLOADS.md); echo and
 * http are the network servers later work adds. */
static const char *const parallel[] = {"fib", "skynet", "mpmc", "pipeline", "echo", "http"};
static const char *const runtimes[] = {"gmp", "go", "pthread"};

#define N_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

/* One comparison per parallel workload and runtime: ns/op at the most workers
 * N against k times that at the fewest n, k = n / (eff N) (eff 0: k = 1). */
static void scaling(cl_ctx *x, double eff)
{
	int lo_t = cl_threads_min(x), hi_t = cl_threads_max(x);
	if (hi_t <= lo_t)
		cl_note(x, "one worker count only (%d): run -t 1,N up to the machine's CPUs", lo_t);
	for (int w = 0; w < N_OF(parallel); w++) {
		if (!cl_need(x, parallel[w], "network servers, issue 18") || hi_t <= lo_t)
			continue;
		for (int r = 0; r < N_OF(runtimes); r++)
			cl_gain(x, parallel[w], runtimes[r], eff);
	}
}

/* C1's response time: pipeline's open-loop p99 at the fewest and the most
 * workers of each series (pipeline-open/), shown, not tested. */
static void response_time(cl_ctx *x)
{
	const report_model *m = x->m;
	int part = rm_part_of(m, x->h, RM_OPEN_LOOP);
	if (part < 0) {
		cl_note(x, "response time: no pipeline-open/ here (make bench's open-loop pass)");
		return;
	}
	cl_note(x, "response time is shown, not tested: a latency histogram merges a "
	           "configuration's repetitions, so there is nothing to test");
	const char *series[16];
	int ns = 0;
	for (int i = 0; i < m->nxcfg; i++)
		if (m->xcfg[i].host == x->h && m->xcfg[i].part == part)
			rm_find_or_add(series, &ns, 16, m->xcfg[i].rt_chan);
	for (int s = 0; s < ns; s++) {
		const rm_config *lo = NULL, *hi = NULL;
		for (int i = 0; i < m->nxcfg; i++) {
			const rm_config *c = &m->xcfg[i];
			if (c->host != x->h || c->part != part || strcmp(c->rt_chan, series[s]) ||
			    !rm_hgrm_of(m, c))
				continue;
			lo = !lo || c->row->threads < lo->row->threads ? c : lo;
			hi = !hi || c->row->threads > hi->row->threads ? c : hi;
		}
		if (!lo || lo == hi)
			continue;
		char a[32], b[32], where[80], loop[64];
		fmt_time_ns(a, sizeof a, hgrm_value_at(rm_hgrm_of(m, lo), 0.99) * 1000);
		fmt_time_ns(b, sizeof b, hgrm_value_at(rm_hgrm_of(m, hi), 0.99) * 1000);
		rm_loop_label(lo->row, loop, sizeof loop);
		snprintf(where, sizeof where, "pipeline %.40s p99", series[s]);
		cl_used(x, lo);
		cl_used(x, hi);
		cl_info(x, where, "latency-pipeline-open",
		        "pipeline, %s, %s: p99 %s at %d worker%s, %s at %d (descriptive)", loop,
		        series[s], a, lo->row->threads, lo->row->threads > 1 ? "s" : "", b,
		        hi->row->threads);
	}
}

void claim_c1(cl_ctx *x)
{
	scaling(x, 0);
	response_time(x);
	cl_end(x);
}

/* C4's load: c10k (when present) serves its connections on each runtime; the
 * open-loop pass at several rates is latency against load. */
static void load(cl_ctx *x)
{
	const report_model *m = x->m;
	if (cl_need(x, "c10k", "network servers, issue 18"))
		for (int r = 0; r < N_OF(runtimes); r++) {
			const rm_config *c = NULL;
			for (int i = 0; i < m->ncfg && !c; i++)
				if (m->cfg[i].host == x->h &&
				    !strcmp(m->cfg[i].row->workload, "c10k") &&
				    !strcmp(m->cfg[i].row->runtime, runtimes[r]) &&
				    !m->cfg[i].reduced)
					c = &m->cfg[i];
			char kinds[120], where[80];
			int failed = cl_failures(x, -1, "c10k", runtimes[r], NULL, NULL, kinds,
			                         sizeof kinds);
			long long conns = 0;
			snprintf(where, sizeof where, "c10k %.40s", runtimes[r]);
			if (c && rm_param(c->row, "conns", &conns)) {
				cl_used(x, c);
				cl_fact(
				    x, RP_EV_HOLDS, where, "results",
				    "c10k on %s, t=%d: served all %lld connections, every answer "
				    "checked",
				    c->rt_chan, c->row->threads, conns);
			} else if (failed) {
				cl_fact(x, RP_EV_DOES_NOT, where, "results",
				        "c10k on %s: %d failed round%s (%s), no complete run",
				        runtimes[r], failed, failed > 1 ? "s" : "", kinds);
			}
		}
	int part = rm_part_of(m, x->h, RM_OPEN_LOOP);
	long long rates[8];
	int nr = 0;
	for (int i = 0; part >= 0 && i < m->nxcfg; i++) {
		long long v;
		if (m->xcfg[i].host != x->h || m->xcfg[i].part != part ||
		    !rm_param(m->xcfg[i].row, "rate", &v))
			continue;
		int k = 0;
		while (k < nr && rates[k] != v)
			k++;
		if (k == nr && nr < 8)
			rates[nr++] = v;
	}
	if (nr < 2)
		cl_note(x, "latency against offered load: pipeline-open/ at several rates up to "
		           "saturation (make bench runs one)");
	else
		cl_info(x, "pipeline open loop", "latency-pipeline-open",
		        "pipeline open loop at %d rates: latency against load is drawn, not tested "
		        "(histograms merge the repetitions)",
		        nr);
}

void claim_c4(cl_ctx *x)
{
	scaling(x, C4_EFFICIENCY);
	const char *cpus = jsonr_get(&x->m->hosts[x->h].dir.env, "online_cpus");
	int ncpu = cpus ? atoi(cpus) : 0, hi = cl_threads_max(x);
	if (ncpu > hi)
		cl_note(x, "workers beyond %d (this machine has %d CPUs): run -t 1,...,%d", hi,
		        ncpu, ncpu);
	load(x);
	cl_end(x);
}
