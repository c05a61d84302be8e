/*
 * c_chan.c — the channel claims that a run can time: C8 (channels move data
 * simply, without shared variables: the price against a mutex-protected
 * queue), C10 (communication is asynchronous, so buffered channels are
 * efficient: capacity 1024 against 0) and C11 (only one task sends or
 * receives at a time: a channel serialises its users). docs/CLAIMS.md has
 * the rules in full.
 *
 * The mutex-protected queue is the `mutex` channel variant
 * (runtimes/chan/chan_mutex.c: the textbook bounded buffer, one lock, a ring
 * and two queues of blocked tasks), run in the same workloads as the
 * reference channel (`go`, the C port of chan.go), so the two differ only in
 * how the data is handed over. The Go peer has only its own channels: it is
 * not in C8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"

#define C8_MARGIN 1.1  /* a channel hand-off at most 1.1x the mutex queue's        */
#define C11_GAIN  1.25 /* a serialised channel: at most 1.25x the throughput at Pmin */

static const char *const handoff[] = {"pingpong", "ring", "sieve"};
static const char *const capacity_wl[] = {"spsc", "pipeline"};

#define N_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

void claim_c8(cl_ctx *x)
{
	for (int w = 0; w < N_OF(handoff); w++)
		if (cl_need(x, handoff[w], "hand-off workload"))
			cl_vs_mutex(x, handoff[w], C8_MARGIN, false);
	cl_note(x, "the Go peer: it has only its own channels, no mutex-protected queue");
	cl_end(x);
}

/* A row's channel capacity (--param cap, or capacity), or -1. */
static long long capacity(const rr_run *r)
{
	long long v;
	if (rm_param(r, "cap", &v) || rm_param(r, "capacity", &v))
		return v;
	return -1;
}

/* Whether a and b are the same configuration but for the capacity. */
static bool same_but_capacity(const rm_config *a, const rm_config *b)
{
	char ka[512], kb[512], ta[512], tb[512];
	key_without(a->g->key, "cap", ta, sizeof ta);
	key_without(ta, "capacity", ka, sizeof ka);
	key_without(b->g->key, "cap", tb, sizeof tb);
	key_without(tb, "capacity", kb, sizeof kb);
	return !strcmp(ka, kb);
}

/* C10 in part (-1: the main run; else the counters source) on column col:
 * for every configuration of workload w at capacity 0 with the reference
 * variant, the same one at the largest capacity measured. Returns how many
 * configurations had a capacity at all. */
static int buffered_vs_unbuffered(cl_ctx *x, int part, const char *w, const char *col)
{
	const rm_config *list = part < 0 ? x->m->cfg : x->m->xcfg;
	int n = part < 0 ? x->m->ncfg : x->m->nxcfg, with = 0;
	for (int i = 0; i < n; i++) {
		const rm_config *u = &list[i];
		if (u->host != x->h || u->part != part || strcmp(u->row->workload, w) || u->reduced)
			continue;
		long long cu = capacity(u->row);
		with += cu >= 0;
		if (cu != 0 || strcmp(u->row->placement, x->m->placement) ||
		    (strcmp(u->row->chan, "go") && strcmp(u->row->chan, "go-native")))
			continue;
		const rm_config *b = NULL;
		for (int j = 0; j < n; j++) {
			const rm_config *c = &list[j];
			if (c->host == x->h && c->part == part && !c->reduced &&
			    capacity(c->row) > (b ? capacity(b->row) : 0) &&
			    same_but_capacity(u, c))
				b = c;
		}
		if (!b)
			continue;
		char where[160], anchor[64], what[64], ev[64];
		snprintf(where, sizeof where, "%.40s%.40s t=%d %.40s", w, col ? " switches" : "",
		         u->row->threads, u->rt_chan);
		if (col) {
			snprintf(ev, sizeof ev, "%.*s", (int)strlen(col) - 3, col);
			cl_anchor(anchor, sizeof anchor, "counter-%s-t%d", ev, u->row->threads);
		} else {
			cl_anchor(anchor, sizeof anchor, "nsop-t%d", u->row->threads);
		}
		char la[32], lb[32];
		snprintf(what, sizeof what, "capacity 0 over %lld", capacity(b->row));
		snprintf(la, sizeof la, "cap=%lld", capacity(b->row));
		snprintf(lb, sizeof lb, "cap=0");
		cl_cmp c = {.a = b,
		            .b = u,
		            .k = 1,
		            .col = col,
		            .inverse = true,
		            .where = where,
		            .anchor = anchor,
		            .what = what,
		            .la = la,
		            .lb = lb};
		cl_compare(x, &c);
	}
	return with;
}

void claim_c10(cl_ctx *x)
{
	int part;
	bool counters = rm_counter_source(x->m, x->h, &part);
	const char *col = NULL;
	if (counters) {
		const rr_dir *d = rm_dir(x->m, x->h, part);
		col = results_extra(d, "ctx-switches/op") >= 0       ? "ctx-switches/op"
		      : results_extra(d, "context-switches/op") >= 0 ? "context-switches/op"
		                                                     : NULL;
	}
	for (int w = 0; w < N_OF(capacity_wl); w++) {
		if (!cl_need(x, capacity_wl[w], "channel workload"))
			continue;
		/* the main run, and make bench's capacity/ pass when there is one */
		int cap = rm_part_of(x->m, x->h, RM_CAPACITY);
		int with = buffered_vs_unbuffered(x, -1, capacity_wl[w], NULL) +
		           (cap >= 0 ? buffered_vs_unbuffered(x, cap, capacity_wl[w], NULL) : 0);
		if (!with) {
			cl_note(
			    x,
			    "%s at capacities 0 and 1024: no capacity parameter in this run (%s "
			    "fixes %d; --param cap=0,1,1024 would measure it)",
			    capacity_wl[w], capacity_wl[w],
			    strcmp(capacity_wl[w], "spsc") ? 256 : 1024);
			continue;
		}
		if (!col || !buffered_vs_unbuffered(x, part, capacity_wl[w], col))
			cl_note(x,
			        "%s switches per message at each capacity: a counters pass with "
			        "--param cap",
			        capacity_wl[w]);
	}
	cl_end(x);
}

void claim_c11(cl_ctx *x)
{
	int n;
	const rm_config **src = rm_source_configs(x->m, RM_MPMC_SWEEP, "mpmc", &n);
	if (!src) {
		cl_end(x);
		return;
	}
	bool one_p = true, one_worker = false, multi = false;
	for (int i = 0; i < n; i++) {
		const rm_config *a = src[i];
		if (a->host != x->h || !a->mpmc_p || a->reduced ||
		    strcmp(a->row->placement, x->m->placement))
			continue;
		multi = multi || a->row->threads >= 2;
		/* a's series and workers: is a the smallest P of them, and which is the largest */
		const rm_config *lo = a, *hi = a;
		for (int j = 0; j < n; j++) {
			const rm_config *c = src[j];
			if (c->host != x->h || !c->mpmc_p || c->reduced ||
			    c->row->threads != a->row->threads || strcmp(c->rt_chan, a->rt_chan) ||
			    strcmp(c->row->placement, a->row->placement))
				continue;
			lo = c->mpmc_p < lo->mpmc_p ? c : lo;
			hi = c->mpmc_p > hi->mpmc_p ? c : hi;
		}
		if (lo != a || hi == a)
			continue;
		one_p = false;
		if (a->row->threads < 2) {
			one_worker = true;
			continue;
		}
		char where[160], anchor[64], what[64], la[48], lb[48];
		snprintf(where, sizeof where, "mpmc t=%d %.40s", a->row->threads, a->rt_chan);
		snprintf(la, sizeof la, "%lldx%lld", lo->mpmc_p, lo->mpmc_p);
		snprintf(lb, sizeof lb, "%lldx%lld", hi->mpmc_p, hi->mpmc_p);
		cl_anchor(anchor, sizeof anchor, "channels-t%d", a->row->threads);
		snprintf(what, sizeof what, "throughput %lldx%lld over %lldx%lld", hi->mpmc_p,
		         hi->mpmc_p, lo->mpmc_p, lo->mpmc_p);
		cl_cmp c = {.a = lo,
		            .b = hi,
		            .k = C11_GAIN,
		            .where = where,
		            .anchor = anchor,
		            .what = what,
		            .la = la,
		            .lb = lb};
		cl_compare(x, &c);
	}
	free(src);
	if (one_p)
		cl_note(x,
		        "mpmc at several P = producers = consumers: make bench's mpmc-sweep/ (or "
		        "--param producers=P --param consumers=P)");
	if (one_worker)
		cl_note(x, "mpmc at 1 worker: every task shares one CPU, so no channel could serve "
		           "two at once (not counted)");
	if (!multi)
		cl_note(x, "mpmc at 2 or more workers: run -t 1,2,...");
	cl_end(x);
}
