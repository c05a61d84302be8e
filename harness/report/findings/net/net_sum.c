/*
 * net_sum.c — the network servers' table of the summary (summary.h:
 * rp_net_sum), from make bench's network passes or, for a host without
 * them, its main run's echo, http and c10k (model_net.c: rm_net_list):
 *   - requests per second (net-conns/): a row per workload, connection count
 *     and worker count, closed loop; a cell per runtime serving with the
 *     workload's own parser, and Go's net/http (server=nethttp) in a column of its
 *     own; each cell's time per request held against Go's (own parser) by
 *     rf_ratio, one U test of the page's family (the same test N2 makes);
 *   - p99 at each offered rate (net-open/): a row per workload and rate;
 *   - memory per connection (net-c10k/): a row per connection count and
 *     worker count; each cell's bytes against pthread's (the test N1 makes).
 * A cell without its configuration names skipped.csv's reason when there
 * is one (pthread at 10,000 connections; the C runtimes and net/http).
 */
#include "../find.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The column name of a network configuration: its runtime, "/net/http"
 * added for Go's net/http server (server=nethttp). */
static void col_name(const rm_net *x, char *out, size_t len)
{
	snprintf(out, len, "%.40s%s", x->cfg->row->runtime, x->server ? "/net/http" : "");
}

/* The column of a network configuration, or -1. */
static int column(const rp_net_sum *t, const rm_net *x)
{
	char name[64];
	col_name(x, name, sizeof name);
	for (int c = 0; c < t->ncols; c++)
		if (!strcmp(t->col[c], name))
			return c;
	return -1;
}

/* The columns: pthread, gmp, go, go/net/http, then any other the lists hold,
 * as far as the table has room. */
static void columns(rp_net_sum *t, rm_net *const *lists, const int *ns, int nl)
{
	static const char *const known[] = {"pthread", "gmp", "go", "go/net/http", NULL};
	for (int k = 0; k < 5; k++)
		for (int l = 0; l < nl; l++)
			for (int i = 0; i < ns[l] && t->ncols < RP_NET_COLS; i++) {
				char name[64];
				col_name(&lists[l][i], name, sizeof name);
				int j = 0;
				while (known[j] && strcmp(known[j], name))
					j++;
				if (j == k && column(t, &lists[l][i]) < 0) /* j == 4: not known */
					snprintf(t->col[t->ncols++], sizeof t->col[0], "%s", name);
			}
}

/* The row of host h, kind, workload, x value (conns or rate), threads and
 * placement; added when new (NULL: the table is full). */
static rp_net_row *row_of(rp_net_sum *t, rp_net_kind kind, const rm_net *x)
{
	long long v = kind == RP_NET_P99 ? x->rate : x->conns;
	for (int r = 0; r < t->nrows; r++) {
		rp_net_row *w = &t->row[r];
		if (w->host == x->cfg->host && w->kind == kind &&
		    !strcmp(w->workload, x->cfg->row->workload) &&
		    (kind == RP_NET_P99 ? w->rate : w->conns) == v &&
		    w->threads == x->cfg->row->threads &&
		    !strcmp(w->placement, x->cfg->row->placement))
			return w;
	}
	if (t->nrows == RP_NET_ROWS)
		return NULL;
	rp_net_row *w = &t->row[t->nrows++];
	memset(w, 0, sizeof *w);
	w->host = x->cfg->host;
	w->kind = kind;
	w->workload = x->cfg->row->workload;
	w->conns = x->conns;
	w->rate = x->rate;
	w->threads = x->cfg->row->threads;
	w->placement = x->cfg->row->placement;
	w->source = x->cfg->part < 0 ? "main run" : NULL;
	return w;
}

/* The directory a pass writes, as the page names it. */
static const char *source_name(rm_source src)
{
	return src == RM_NET_CONNS  ? "net-conns/"
	       : src == RM_NET_OPEN ? "net-open/"
	       : src == RM_NET_C10K ? "net-c10k/"
	                            : "a part";
}

static bool closed(const rm_net *x)
{
	return strcmp(x->cfg->row->workload, "c10k") && x->rate == 0 && x->conns > 0;
}

static bool open(const rm_net *x)
{
	return strcmp(x->cfg->row->workload, "c10k") && x->rate > 0;
}

static bool c10k(const rm_net *x)
{
	return !strcmp(x->cfg->row->workload, "c10k") && x->mem.n > 0;
}

/* Rows sorted by host, kind, workload (first appearance), x, threads. */
static int by_row(const void *pa, const void *pb)
{
	const rp_net_row *a = pa, *b = pb;
	if (a->host != b->host)
		return a->host - b->host;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	int w = strcmp(a->workload, b->workload);
	if (w)
		return w;
	long long va = a->kind == RP_NET_P99 ? a->rate : a->conns;
	long long vb = b->kind == RP_NET_P99 ? b->rate : b->conns;
	if (va != vb)
		return va < vb ? -1 : 1;
	return a->threads - b->threads;
}

/* skipped.csv's reason, in the directory of row r's configurations, for
 * column c's runtime at the row's connections, or NULL. */
static const char *skip_reason(const report_model *m, const rp_net_row *r, int part,
                               const char *col)
{
	const csvr_table *t = &rm_dir(m, r->host, part)->skipped;
	char rt[64];
	snprintf(rt, sizeof rt, "%.*s", (int)strcspn(col, "/"), col);
	bool nethttp = strchr(col, '/') != NULL;
	for (int i = 0; i < t->nrows && t->ncols >= 2; i++) {
		const char *key = csvr_cell(t, i, 0);
		char w[64], k_rt[64], conns[32] = "", server[8] = "";
		if (!key_component(key, "workload", w, sizeof w) || strcmp(w, r->workload) ||
		    !key_component(key, "runtime", k_rt, sizeof k_rt) || strcmp(k_rt, rt))
			continue;
		key_component(key, "conns", conns, sizeof conns);
		key_component(key, "server", server, sizeof server);
		/* the key names the server (server=nethttp); results before names: 1 */
		bool key_nethttp = !strcmp(server, "nethttp") || !strcmp(server, "1");
		if ((!conns[0] || atoll(conns) == r->conns) && key_nethttp == nethttp)
			return csvr_cell(t, i, 1);
	}
	return NULL;
}

/* The memory cells' ratios: each against pthread's, the test N1 makes. */
static void memory_ratios(const report_model *m, rp_findings *f, rp_net_row *r, int pt)
{
	smp_set s;
	const rp_net_cell *p = &r->cell[pt];
	if (!p->have || !samples_group_if_present(rm_dir(m, r->host, p->x.cfg->part),
	                                          "metric:bytes_per_conn", &s))
		return;
	const smp_group *gb = samples_find(&s, p->x.cfg->g->key);
	for (int c = 0; gb && c < f->sum.net.ncols; c++) {
		rp_net_cell *x = &r->cell[c];
		const smp_group *ga =
		    x->have && c != pt ? samples_find(&s, x->x.cfg->g->key) : NULL;
		if (!ga)
			continue;
		x->vs = (rp_ratio){.state = RP_RATIO_NONE, .x = x->x.mem.median / p->x.mem.median};
		if (x->x.cfg->reduced || p->x.cfg->reduced) {
			x->vs.state = RP_RATIO_REDUCED;
			continue;
		}
		rf_test_res t = rf_test_k(f, x->x.cfg, p->x.cfg, "metric:bytes_per_conn", 1, ga->x,
		                          ga->n, gb->x, gb->n);
		x->vs.q = t.q;
		x->vs.state = !t.can_detect   ? RP_RATIO_BLIND
		              : t.significant ? RP_RATIO_FACTOR
		                              : RP_RATIO_SAME;
	}
	samples_free(&s);
}

void find_net_summary(const report_model *m, rp_findings *f)
{
	rp_net_sum *t = &f->sum.net;
	memset(t, 0, sizeof *t);
	rm_net *lists[3];
	int ns[3];
	static const rp_net_kind kinds[] = {RP_NET_RPS, RP_NET_P99, RP_NET_MEM};
	lists[0] = rm_net_list(m, RM_NET_CONNS, false, closed, &ns[0]);
	lists[1] = rm_net_list(m, RM_NET_OPEN, false, open, &ns[1]);
	lists[2] = rm_net_list(m, RM_NET_C10K, false, c10k, &ns[2]);
	for (int l = 0; l < 3; l++)
		if (!lists[l])
			ns[l] = 0;
	columns(t, lists, ns, 3);
	for (int l = 0; l < 3; l++)
		for (int i = 0; i < ns[l]; i++) {
			const rm_net *x = &lists[l][i];
			int c = column(t, x);
			rp_net_row *r = c >= 0 ? row_of(t, kinds[l], x) : NULL;
			if (!r || r->cell[c].have)
				continue;
			if (!r->source && x->cfg->part >= 0) /* "net-conns/" */
				r->source =
				    source_name(m->hosts[x->cfg->host].parts[x->cfg->part].src);
			rp_net_cell *cell = &r->cell[c];
			cell->have = true;
			cell->x = *x;
			const hgrm_file *h = kinds[l] == RP_NET_P99 ? rm_hgrm_of(m, x->cfg) : NULL;
			cell->p99 = h ? hgrm_value_at(h, 0.99) : NAN;
		}
	qsort(t->row, (size_t)t->nrows, sizeof t->row[0], by_row);
	int go = -1, pt = -1;
	for (int c = 0; c < t->ncols; c++) {
		go = !strcmp(t->col[c], "go") ? c : go;
		pt = !strcmp(t->col[c], "pthread") ? c : pt;
	}
	for (int r = 0; r < t->nrows; r++) {
		rp_net_row *w = &t->row[r];
		int part = -1;
		for (int c = 0; c < t->ncols; c++)
			part = w->cell[c].have ? w->cell[c].x.cfg->part : part;
		for (int c = 0; c < t->ncols; c++)
			if (!w->cell[c].have)
				w->cell[c].skip = skip_reason(m, w, part, t->col[c]);
		if (w->kind == RP_NET_RPS && go >= 0 && w->cell[go].have)
			for (int c = 0; c < t->ncols; c++)
				if (c != go && w->cell[c].have)
					w->cell[c].vs =
					    rf_ratio(f, w->cell[c].x.cfg, w->cell[go].x.cfg);
		if (w->kind == RP_NET_MEM && pt >= 0)
			memory_ratios(m, f, w, pt);
	}
	for (int l = 0; l < 3; l++)
		free(lists[l]);
}
