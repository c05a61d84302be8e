/*
 * chart_net.c — the network servers' charts (charts.h, 3b), from make bench's
 * network passes (or any run of echo, http and c10k; model: rm_net):
 *   - net-conns: throughput against connections: requests per second
 *     (10^9 / ns per request, its 95% CI) against --param conns on a log x, a
 *     panel per workload, a line per runtime, Go's net/http server
 *     (server=nethttp) beside Go serving with the workload's own parser;
 *   - net-open: latency against offered load: p50, p99 and p99.9 of the
 *     open-loop runs (latency/<key>.hgrm, from each request's due time) against
 *     --param rate, a panel per workload and percentile, a line per runtime;
 *   - net-memory: memory per connection (c10k's metric:bytes_per_conn), a bar
 *     per runtime and connection count, with the reason of any skip.
 *
 * Decisions
 *   - Source: net-conns/, net-open/, net-c10k/ when a host has them, else its
 *     main run's network rows, so `corobench run -w echo --param
 *     conns=1,64,1024` gets the chart too; memory per connection reads both
 *     (the main run's c10k at 1,000 beside net-c10k's 10,000). One placement
 *     per results directory (its most common: make bench's passes run
 *     compact, the server on one PU and the client on another).
 *   - A red cross marks a point where the load generator may have set the
 *     pace: it saturated or shared a PU with the server (throughput), or the
 *     open-loop client sent over 1% of its requests more than one period late
 *     (latency: the tail then holds the client's own lateness). Such a point
 *     is drawn, not dropped: the cross says how far to trust it.
 *   - A chart needs a series with two x values; otherwise it is omitted with
 *     the reason (no sweep here, and what would make one).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"
#include "charts.h"
#include "plot.h"

#define NET_PANEL_H 250 /* pixels of a latency panel (log y): three a row at 1200 px */

/* The panels of one chart: their names, in first-use order. */
typedef struct facets {
	char name[RP_MAX_SERIES][80]; /* "http", "http, threads=2 p99"       */
	int n;                        /* count                              */
} facets;

/* The facet of a network configuration: its workload, with the worker count
 * when the chart has several, and the percentile when pct is not NULL; added
 * to fs when new. NULL when fs is full. */
static const char *facet_of(facets *fs, const rm_net *x, bool threads, const char *pct)
{
	char f[80];
	snprintf(f, sizeof f, "%.20s%s%.0d%s%s", x->cfg->row->workload, threads ? ", threads=" : "",
	         threads ? x->cfg->row->threads : 0, pct ? " " : "", pct ? pct : "");
	for (int i = 0; i < fs->n; i++)
		if (!strcmp(fs->name[i], f))
			return fs->name[i];
	if (fs->n == RP_MAX_SERIES)
		return NULL;
	snprintf(fs->name[fs->n], sizeof fs->name[0], "%s", f);
	return fs->name[fs->n++];
}

static bool several_threads(const rm_net *list, int n)
{
	for (int i = 1; i < n; i++)
		if (list[i].cfg->row->threads != list[0].cfg->row->threads)
			return true;
	return false;
}

/* The points of one series (its facet, label), sorted by x (conns or rate). */
static int series_points(facets *fs, const rm_net *list, int n, const char *facet,
                         const char *label, bool threads, const char *pct, bool by_rate,
                         const rm_net **pts, int max)
{
	int np = 0;
	for (int i = 0; i < n && np < max; i++) {
		const rm_net *x = &list[i];
		if (strcmp(x->label, label) || facet_of(fs, x, threads, pct) != facet)
			continue;
		long long v = by_rate ? x->rate : x->conns;
		int k = 0;
		while (k < np && (by_rate ? pts[k]->rate : pts[k]->conns) < v)
			k++;
		if (k < np && (by_rate ? pts[k]->rate : pts[k]->conns) == v)
			continue; /* one configuration a point */
		memmove(&pts[k + 1], &pts[k], sizeof *pts * (size_t)(np - k));
		pts[k] = x;
		np++;
	}
	return np;
}

/* Where the list came from, for a caption. */
static const char *source_words(const rm_net *list, int n, const char *part)
{
	for (int i = 0; i < n; i++)
		if (list[i].cfg->part >= 0)
			return part;
	return "the run's own configurations";
}

static bool closed_loop(const rm_net *x)
{
	return x->conns > 0 && x->rate == 0 && strcmp(x->cfg->row->workload, "c10k");
}

/* Throughput against connections. Returns whether it was drawn. */
static bool conns_chart(rp_ctx *c, rp_lines *l)
{
	int n;
	rm_net *list = rm_net_list(c->m, RM_NET_CONNS, false, closed_loop, &n);
	if (!list)
		return false;
	bool thr = several_threads(list, n);
	memset(l, 0, sizeof *l);
	l->max_lines = 6;
	l->always_panels = true;
	l->panel_height = 300; /* 11 tics of a linear y, 8 px apart at least */
	static facets fs;
	int most = 0, flagged = 0;
	fs.n = 0;
	for (int i = 0; i < n; i++)
		facet_of(&fs, &list[i], thr, NULL);
	for (int f = 0; f < fs.n; f++) {
		const char *labels[RP_MAX_SERIES];
		int nl = 0;
		for (int i = 0; i < n; i++)
			if (facet_of(&fs, &list[i], thr, NULL) == fs.name[f])
				rm_find_or_add(labels, &nl, RP_MAX_SERIES, list[i].label);
		for (int s = 0; s < nl; s++) {
			const rm_net *pts[64];
			int np = series_points(&fs, list, n, fs.name[f], labels[s], thr, NULL,
			                       false, pts, 64);
			if (!np || !rp_lines_series(l, labels[s]))
				continue;
			l->facet[l->nseries - 1] = fs.name[f];
			for (int k = 0; k < np; k++) {
				const stats_summary *r = &pts[k]->rps;
				if (rp_lines_point(l, (double)pts[k]->conns, r->median, r->ci_low,
				                   r->ci_high, pts[k]->cfg->reduced) &&
				    rm_net_paced(pts[k])) {
					rp_lines_flag(l);
					flagged++;
				}
			}
			most = np > most ? np : most;
		}
	}
	l->cols = fs.n < 3 ? fs.n : 3;
	rp_chart *ch = NULL;
	if (most >= 2) {
		char caption[1400], cross[300] = "";
		if (flagged)
			snprintf(cross, sizeof cross,
			         " A red cross: %d point%s where the load generator saturated or "
			         "shared a PU with the server in some repetition "
			         "(metric:client_saturated, client_shared): there the client may "
			         "have set the pace.",
			         flagged, flagged > 1 ? "s" : "");
		snprintf(caption, sizeof caption,
		         "Requests (echo: round trips) served per second, 10^9 / median ns per "
		         "request, against the connections the load generator keeps open "
		         "(--param conns, log x), closed loop: each connection sends its next "
		         "request when the answer is back. A panel per workload, a line per "
		         "runtime, each serving a task (pthread: a thread) per connection; "
		         "go/net/http is the Go peer serving http with net/http (server=nethttp) "
		         "beside its own parser. Whiskers: 95%% CI (min..max below 6 "
		         "repetitions). Flat: the runtime keeps its rate as connections grow; "
		         "falling: each connection costs it.%s From %s, placement %s.",
		         cross, source_words(list, n, "net-conns/ (make bench)"),
		         n ? list[0].cfg->row->placement : "-");
		rp_style st = rp_throughput_style(
		    "net-conns", "Network servers: throughput vs connections", caption,
		    "connections (log)", "requests per second (median, 95% CI)");
		st.logx = 10;
		st.width = 1200;
		st.flag_note = "Red cross: the load generator saturated or shared a PU "
		               "(it may have set the pace).";
		ch = rp_lines_emit(c, l, &st, "lines");
		if (ch)
			ch->story = true;
	}
	free(list);
	return ch != NULL;
}

static bool open_loop(const rm_net *x)
{
	return x->rate > 0 && strcmp(x->cfg->row->workload, "c10k");
}

/* Latency against offered load. Returns whether it was drawn. */
static bool open_chart(rp_ctx *c, rp_lines *l)
{
	static const double ps[] = {0.5, 0.99, 0.999};
	static const char *const pname[] = {"p50", "p99", "p99.9"};
	int n;
	rm_net *list = rm_net_list(c->m, RM_NET_OPEN, false, open_loop, &n);
	if (!list)
		return false;
	bool thr = several_threads(list, n);
	memset(l, 0, sizeof *l);
	l->max_lines = 6;
	l->always_panels = true;
	l->cols = 3;
	l->panel_height = NET_PANEL_H;
	static facets base, fs; /* the workloads' facets; each with a percentile */
	int most = 0, late = 0;
	double rmin = INFINITY, rmax = 0;
	char behind[600] = "";
	base.n = fs.n = 0;
	for (int i = 0; i < n; i++)
		facet_of(&base, &list[i], thr, NULL);
	for (int b = 0; b < base.n; b++)
		for (int p = 0; p < 3; p++) {
			const char *labels[RP_MAX_SERIES], *facet = NULL;
			int nl = 0;
			for (int i = 0; i < n; i++)
				if (facet_of(&base, &list[i], thr, NULL) == base.name[b]) {
					facet = facet_of(&fs, &list[i], thr, pname[p]);
					rm_find_or_add(labels, &nl, RP_MAX_SERIES, list[i].label);
				}
			for (int s = 0; facet && s < nl; s++) {
				const rm_net *pts[64];
				int np = series_points(&fs, list, n, facet, labels[s], thr,
				                       pname[p], true, pts, 64);
				bool started = false;
				for (int k = 0; k < np; k++) {
					const hgrm_file *h = rm_hgrm_of(c->m, pts[k]->cfg);
					if (!h || (!started &&
					           !(started = rp_lines_series(l, labels[s]))))
						continue;
					l->facet[l->nseries - 1] = facet;
					/* no interval: a histogram merges the repetitions */
					double v = hgrm_value_at(h, ps[p]);
					if (!rp_lines_point(l, (double)pts[k]->rate, v, v, v,
					                    pts[k]->cfg->reduced))
						continue;
					rmin = fmin(rmin, (double)pts[k]->rate);
					rmax = fmax(rmax, (double)pts[k]->rate);
					if (pts[k]->late_share > RM_NET_LATE ||
					    rm_net_paced(pts[k])) {
						rp_lines_flag(l);
						late += p == 0;
					}
					/* served under 95% of the offered rate: saturated */
					size_t w = strlen(behind);
					char r[32];
					rm_fmt_grouped(r, sizeof r, pts[k]->rate);
					if (p == 0 &&
					    pts[k]->rps.median < 0.95 * (double)pts[k]->rate &&
					    w + 80 < sizeof behind)
						snprintf(behind + w, sizeof behind - w,
						         "%s%.40s %s at %s/s", w ? "; " : "",
						         pts[k]->label, pts[k]->cfg->row->workload,
						         r);
				}
				most = started && np > most ? np : most;
			}
		}
	rp_chart *ch = NULL;
	if (most >= 2) {
		char caption[1600], cross[400] = "", sat[700] = "";
		if (late)
			snprintf(
			    cross, sizeof cross,
			    " A red cross: %d configuration%s whose client sent over 1%% of its "
			    "requests more than one period late (metric:source_late_events), or "
			    "whose load generator saturated or shared a PU: its latency is "
			    "partly the client's.",
			    late, late > 1 ? "s" : "");
		if (behind[0])
			snprintf(
			    sat, sizeof sat,
			    " Served under 95%% of the offered rate (saturated: requests queue "
			    "and the latency grows with the run): %s.",
			    behind);
		snprintf(caption, sizeof caption,
		         "Open loop: request i is due at t0 + i/rate on a free connection, and its "
		         "latency counts from that due time (as wrk2 does), so a stall shows in "
		         "every request it delayed. p50, p99 and p99.9 of every measured "
		         "repetition (HdrHistogram, all rounds merged) against the offered rate "
		         "(--param rate); a panel per workload and percentile, a line per "
		         "runtime. A curve that bends up has reached the rate the server can "
		         "serve.%s%s From %s, placement %s.",
		         sat, cross, source_words(list, n, "net-open/ (make bench)"),
		         n ? list[0].cfg->row->placement : "-");
		rp_style st = {.name = "net-open",
		               .title = "Network servers: latency vs offered load (open loop)",
		               .caption = caption,
		               .xlabel = "offered requests per second",
		               .ylabel = "latency (µs)",
		               .refline = NAN,
		               .logx = rmax >= 4 * rmin ? 2 : 0,
		               .yformat = "%g",
		               .width = 1200,
		               .footnote = "Open ring: size reduced (not comparable).",
		               .flag_note = "Red cross: the client ran late or set the pace."};
		ch = rp_lines_emit(c, l, &st, "lines");
		/* under "More charts": the page's budget (about ten screens) holds one
		 * network chart open, and the summary's network table carries these
		 * p99s, rates served and client flags in numbers */
	}
	free(list);
	return ch != NULL;
}

static bool c10k_mem(const rm_net *x)
{
	return !strcmp(x->cfg->row->workload, "c10k") && x->mem.n > 0;
}

static void fmt_b(char *buf, size_t len, double v)
{
	fmt_bytes(buf, len, v);
}

/* skipped.csv's reasons for c10k in every directory of the model, into out
 * ("pthread at conns=10000: ..."). */
static void c10k_skips(const report_model *m, char *out, size_t len)
{
	out[0] = '\0';
	for (int h = 0; h < m->nhosts; h++)
		for (int p = -1; p < m->hosts[h].nparts; p++) {
			if (p >= 0 && !m->hosts[h].parts[p].ok)
				continue;
			const csvr_table *t = &rm_dir(m, h, p)->skipped;
			for (int r = 0; r < t->nrows && t->ncols >= 2; r++) {
				const char *key = csvr_cell(t, r, 0);
				char rt[64], conns[32] = "";
				if (strncmp(key, "c10k/", 5) ||
				    !key_component(key, "runtime", rt, sizeof rt))
					continue;
				key_component(key, "conns", conns, sizeof conns);
				size_t w = strlen(out);
				if (w + 40 < len)
					snprintf(out + w, len - w, "%s%.40s%s%.20s skipped: %.200s",
					         w ? "; " : "", rt, conns[0] ? " at conns=" : "",
					         conns, csvr_cell(t, r, 1));
			}
		}
}

/* By connections, then workers (qsort). */
static int by_conns(const void *pa, const void *pb)
{
	const rm_net *a = pa, *b = pb;
	if (a->conns != b->conns)
		return a->conns < b->conns ? -1 : 1;
	return a->cfg->row->threads - b->cfg->row->threads;
}

/* Memory per connection. Returns whether it was drawn. */
static bool memory_chart(rp_ctx *c)
{
	const report_model *m = c->m;
	int n;
	rm_net *list = rm_net_list(m, RM_NET_C10K, true, c10k_mem, &n);
	rp_bars *b = calloc(1, sizeof *b);
	if (!list || !b) {
		free(list);
		free(b);
		return false;
	}
	qsort(list, (size_t)n, sizeof *list, by_conns); /* groups left to right */
	bool thr = several_threads(list, n);
	static char groups[RP_MAX_GROUPS][80];
	int ng = 0;
	for (int i = 0; i < n; i++) {
		char g[80], num[32];
		rm_fmt_grouped(num, sizeof num, list[i].conns);
		snprintf(g, sizeof g, "%.30s connections%s%.0d", num, thr ? ", t=" : "",
		         thr ? list[i].cfg->row->threads : 0);
		int k = 0;
		while (k < ng && strcmp(groups[k], g))
			k++;
		if (k == ng && ng < RP_MAX_GROUPS)
			snprintf(groups[ng++], sizeof groups[0], "%s", g);
		if (k < ng)
			rp_bars_set(b, list[i].label, groups[k], list[i].mem.median,
			            list[i].mem.ci_low, list[i].mem.ci_high, list[i].cfg->reduced);
	}
	rp_chart *ch = NULL;
	if (b->nseries) {
		char skips[900], caption[1600];
		c10k_skips(m, skips, sizeof skips);
		snprintf(caption, sizeof caption,
		         "What an idle connection costs: c10k's metric:bytes_per_conn, the peak "
		         "resident memory of the server process over its idle baseline (taken "
		         "before the workload's first repetition, so memory a runtime keeps "
		         "pooled stays charged), divided by the connections held open; a task "
		         "per connection (pthread: a thread and its stack) and the runtime's "
		         "share of the socket buffers. Median and 95%% CI (min..max below 6 "
		         "repetitions), a bar per runtime and connection count, from %s.%s%s",
		         source_words(list, n, "net-c10k/ and the main run"), skips[0] ? " " : "",
		         skips);
		rp_style st = {.name = "net-memory",
		               .title = "Network servers: memory per connection (c10k)",
		               .caption = caption,
		               .xlabel = "",
		               .ylabel = "bytes per connection (median, 95% CI)",
		               .refline = NAN,
		               .yformat = "%.0s%c",
		               .footnote = rp_reduced_note,
		               .fmt = fmt_b};
		ch = rp_bars_emit(c, b, &st);
		if (ch)
			ch->half = true;
	}
	free(list);
	free(b);
	return ch != NULL;
}

/* Why a network chart is missing: a part that could not be read, else what
 * would make it. */
static void omit(rp_ctx *c, rm_source src, const char *what, const char *why)
{
	if (!rp_omit_unreadable(c, src, what))
		rp_omit(c, "%s: %s", what, why);
}

void rp_chart_net(rp_ctx *c)
{
	rp_lines *l = malloc(sizeof *l);
	if (!l)
		return;
	if (!conns_chart(c, l))
		omit(c, RM_NET_CONNS, "Throughput vs connections",
		     "no echo or http at two connection counts (make bench's net-conns/; corobench "
		     "run -w echo,http --param conns=1,64,1024)");
	if (!open_chart(c, l))
		omit(c, RM_NET_OPEN, "Latency vs offered load",
		     "no open-loop echo or http at two rates with latency files (make bench's "
		     "net-open/; corobench run -w http --param rate=25000,50000,100000)");
	if (!memory_chart(c))
		omit(c, RM_NET_C10K, "Memory per connection",
		     "no c10k with metric:bytes_per_conn (make bench's net-c10k/; corobench run -w "
		     "c10k --param conns=10000)");
	free(l);
}
