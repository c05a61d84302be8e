/*
 * c_net.c — N1 and N2, the network servers' claims (issue 18; docs/CLAIMS.md
 * has the rules in full), over the network configurations of the model
 * (model_net.c: rm_net), from make bench's net-c10k/ and net-conns/ and the
 * main run.
 *
 * N1 "one task per connection serves 10,000 connections in less memory than
 * one thread per connection": c10k's metric:bytes_per_conn of each coroutine
 * runtime (gmp, go) against pthread at N1_CONNS connections or more, same
 * results directory, workers and placement: coroutine < pthread (k = 1),
 * significantly. The same comparison at fewer connections (the main run's
 * 1,000) is shown, not counted: the claim is about 10,000. A pthread
 * configuration skipped at 10,000 (a thread limit, memory) is named with
 * skipped.csv's reason; a thread that could not be made measures no memory,
 * so the claim is then not measured there, never taken as held.
 *
 * N2 "gmp serves at least as many requests per second as Go": echo and http,
 * closed loop, each server on its own parser (server=conn): gmp's ns per request
 * at most Go's (k = 1: at least Go's requests per second), significantly, at
 * every connection count and worker count both ran in one results directory
 * and placement. A pair where either side's load generator saturated or
 * shared a PU in some repetition is left out and named: there the client set
 * the pace, and the throughput says nothing about the server. An equal rate
 * is "cannot tell" (no margin: "at least as many" is what is tested). Go's
 * net/http server (server=nethttp) is shown beside it, not counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "../../../base/units.h"

#define N1_CONNS  10000 /* the claim's connections                          */
#define N2_FACTOR 1.0   /* gmp's time per request at most Go's              */

/* The host's network configurations of pass src (and its main run's), full
 * size only. */
static rm_net *host_list(cl_ctx *x, rm_source src, bool (*keep)(const rm_net *), int *n)
{
	rm_net *l = rm_net_list(x->m, src, true, keep, n);
	int k = 0;
	for (int i = 0; l && i < *n; i++) {
		if (l[i].cfg->host != x->h)
			continue;
		if (l[i].cfg->reduced) {
			cl_note(x, "%s %s t=%d ran a reduced size (never compared with full size)",
			        l[i].cfg->wcase, l[i].label, l[i].cfg->row->threads);
			continue;
		}
		l[k++] = l[i];
	}
	*n = k;
	return l;
}

/* The configuration of `runtime` in list that matches y's directory,
 * workload, connections, workers, placement and server; NULL if none. */
static const rm_net *twin(const rm_net *l, int n, const rm_net *y, const char *runtime,
                          long long server)
{
	for (int i = 0; i < n; i++)
		if (l[i].cfg->part == y->cfg->part && l[i].conns == y->conns &&
		    l[i].server == server && l[i].cfg->row->threads == y->cfg->row->threads &&
		    !strcmp(l[i].cfg->row->runtime, runtime) &&
		    !strcmp(l[i].cfg->row->workload, y->cfg->row->workload) &&
		    !strcmp(l[i].cfg->row->placement, y->cfg->row->placement))
			return &l[i];
	return NULL;
}

/* skipped.csv's reason for c10k on `runtime` at `conns` in host h's results
 * directory `part`, or NULL. */
static const char *skip_reason(const cl_ctx *x, int part, const char *runtime, long long conns)
{
	const csvr_table *t = &rm_dir(x->m, x->h, part)->skipped;
	for (int r = 0; r < t->nrows && t->ncols >= 2; r++) {
		const char *key = csvr_cell(t, r, 0);
		char rt[64], c[32] = "";
		if (strncmp(key, "c10k/", 5) || !key_component(key, "runtime", rt, sizeof rt) ||
		    strcmp(rt, runtime))
			continue;
		key_component(key, "conns", c, sizeof c);
		if (!c[0] || atoll(c) == conns)
			return csvr_cell(t, r, 1);
	}
	return NULL;
}

static bool c10k_row(const rm_net *y)
{
	return !strcmp(y->cfg->row->workload, "c10k");
}

void claim_n1(cl_ctx *x)
{
	int n, at = 0;
	rm_net *l = host_list(x, RM_NET_C10K, c10k_row, &n);
	for (int r = 0; l && r < 2; r++)
		for (int i = 0; i < n; i++) {
			const rm_net *co = &l[i];
			if (strcmp(co->cfg->row->runtime, cl_coroutines[r]))
				continue;
			char cs[32], where[80];
			rm_fmt_grouped(cs, sizeof cs, co->conns);
			snprintf(where, sizeof where, "c10k %s conns t=%d %.20s", cs,
			         co->cfg->row->threads, co->label);
			const rm_net *pt = twin(l, n, co, "pthread", co->server);
			bool counts = co->conns >= N1_CONNS;
			at += counts;
			if (!pt) {
				const char *why =
				    skip_reason(x, co->cfg->part, "pthread", co->conns);
				if (!counts)
					continue;
				cl_note(x, "pthread at %s connections, t=%d: %s%.200s", cs,
				        co->cfg->row->threads, why ? "skipped: " : "not run here",
				        why ? why : "");
				char b[32];
				fmt_bytes(b, sizeof b, co->mem.median);
				if (co->mem.n)
					cl_info(
					    x, where, "net-memory",
					    "%s: %s held %s connections in %s each; pthread has no "
					    "row to hold it against",
					    where, co->label, cs, b);
				continue;
			}
			cl_cmp c = {.a = co->cfg,
			            .b = pt->cfg,
			            .k = 1,
			            .col = "metric:bytes_per_conn",
			            .inverse = true,
			            .where = where,
			            .anchor = "net-memory",
			            .what = "pthread's bytes per connection over the coroutine's",
			            .info = !counts};
			if (cl_compare(x, &c) < 0 && counts)
				cl_note(x, "%s: no metric:bytes_per_conn on both sides", where);
		}
	if (!at)
		cl_note(x,
		        "c10k at %d connections: not in this run (make bench's net-c10k/; "
		        "corobench run -w c10k --param conns=%d)",
		        N1_CONNS, N1_CONNS);
	free(l);
	cl_end(x);
}

static bool served(const rm_net *y)
{
	return (!strcmp(y->cfg->row->workload, "echo") || !strcmp(y->cfg->row->workload, "http")) &&
	       y->rate == 0 && y->conns > 0;
}

void claim_n2(cl_ctx *x)
{
	int n, compared = 0, paced = 0;
	char left[300] = "";
	rm_net *l = host_list(x, RM_NET_CONNS, served, &n);
	/* the net-conns chart draws from net-conns/, else from the main run */
	bool part = rm_part_of(x->m, x->h, RM_NET_CONNS) >= 0;
	for (int i = 0; l && i < n; i++) {
		const rm_net *g = &l[i];
		if (strcmp(g->cfg->row->runtime, "gmp") || g->server != 0)
			continue;
		for (long long server = 0; server <= 1; server++) {
			const rm_net *go = twin(l, n, g, "go", server);
			if (!go)
				continue;
			char where[80], anchor[64];
			/* the main run's rows beside net-conns/: the cost chart */
			cl_anchor(anchor, sizeof anchor, "nsop-t%d", g->cfg->row->threads);
			snprintf(where, sizeof where, "%s conns=%lld t=%d%s", g->cfg->row->workload,
			         g->conns, g->cfg->row->threads, server ? " vs net/http" : "");
			if (rm_net_paced(g) || rm_net_paced(go)) {
				size_t w = strlen(left);
				if (paced++ < 4 && w + 2 < sizeof left)
					snprintf(left + w, sizeof left - w, "%s%s", w ? ", " : "",
					         where);
				continue;
			}
			cl_cmp c = {.a = g->cfg,
			            .b = go->cfg,
			            .k = N2_FACTOR,
			            .inverse = true,
			            .where = where,
			            .anchor = g->cfg->part >= 0 || !part ? "net-conns" : anchor,
			            .what = server ? "gmp's requests/s over net/http's"
			                           : "gmp's requests/s over Go's",
			            .lb = server ? "go/net/http" : NULL,
			            .info = server == 1};
			compared += cl_compare(x, &c) >= 0 && !server;
		}
	}
	if (paced)
		cl_note(x,
		        "%d pair%s left out: the load generator saturated or shared a PU with the "
		        "server, so the client set the pace (%s%s)",
		        paced, paced > 1 ? "s" : "", left, paced > 4 ? ", ..." : "");
	if (!compared && !paced)
		cl_note(x, "echo, http on gmp and go: not in this run (make bench's net-conns/; "
		           "corobench run -w echo,http -r gmp,go -t 1 -p compact --param "
		           "conns=1,64,1024)");
	free(l);
	cl_end(x);
}
