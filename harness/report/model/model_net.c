/*
 * model_net.c — the network workloads as the report reads them
 * (report_model.h: rm_net): echo, http and c10k, servers on every runtime
 * under one load generator (corobench-load, docs/WORKLOADS.md, "The network
 * workloads"), measured by make bench's passes net-conns/ (throughput against
 * connections), net-open/ (latency against offered load) and net-c10k/
 * (memory per connection at 10,000), or by any run of them.
 *
 * What a row says beyond ns/op, each from its own runs.csv column:
 *   - requests per second: 10^9 / ns per op of each repetition (ops_per_sec
 *     is the same number; its order statistics are those of ns/op reversed,
 *     so the interval is exactly the ns/op one transformed, and the median of
 *     an even count the mean of the middle two rates);
 *   - whether the client set the pace: metric:client_saturated (the load
 *     generator was busy all the time) or metric:client_shared (it ran on a
 *     PU the server used), per repetition; the throughput of such a
 *     repetition is the client's as much as the server's;
 *   - how late the open-loop client was: metric:source_late_events, the
 *     requests sent over one period after their due time, over n;
 *   - CPU time per request: cpu_ns (the server process, every thread; the
 *     client is a process of its own and never in it) / n;
 *   - memory: metric:bytes_per_conn (c10k) and metric:peak_rss_bytes.
 * A column a directory lacks leaves its statistics empty (n = 0), never 0.
 *
 * The series of a row is its runtime, plus "/net/http" for the Go peer's
 * net/http server (server=nethttp): what a Go user deploys, beside Go serving with
 * the workload's own parser (server=conn).
 */
#include "report_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rm_is_net(const char *workload)
{
	return !strcmp(workload, "echo") || !strcmp(workload, "http") || !strcmp(workload, "c10k");
}

void rm_fmt_rate(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (v >= 999.5e3) /* %.3g of 999.7 would be "1e+03" */
		snprintf(buf, len, "%.3gM/s", v / 1e6);
	else if (v >= 999.5)
		snprintf(buf, len, "%.3gk/s", v / 1e3);
	else
		snprintf(buf, len, "%.3g/s", v);
}

bool rm_net_paced(const rm_net *n)
{
	return n->saturated > 0 || n->shared > 0;
}

/* Column `name` of row r (NaN when the directory lacks it or the cell is empty). */
static double extra(const rr_dir *d, const rr_run *r, const char *name)
{
	int k = results_extra(d, name);
	return k < 0 ? NAN : r->extra[k];
}

/* Statistics of v[0..n) without its NaNs (s->n = 0 when none is left). */
static void summarize(double *v, int n, stats_summary *s)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[k++] = v[i];
	memset(s, 0, sizeof *s);
	if (k)
		stats_summarize(v, k, s);
}

bool rm_net_of(const report_model *m, const rm_config *cfg, rm_net *out)
{
	if (!rm_is_net(cfg->row->workload))
		return false;
	const rr_dir *d = rm_dir(m, cfg->host, cfg->part);
	rm_net *x = out;
	memset(x, 0, sizeof *x);
	x->cfg = cfg;
	x->late_share = NAN;
	if (!rm_param(cfg->row, "conns", &x->conns))
		x->conns = -1;
	if (!rm_param(cfg->row, "rate", &x->rate))
		x->rate = 0;
	if (!rm_param(cfg->row, "server", &x->server))
		x->server = 0;
	if (x->server == 1 && m->nhosts > 1)
		snprintf(x->label, sizeof x->label, "%.60s: %.60s/net/http",
		         m->hosts[cfg->host].label, cfg->row->runtime);
	else if (x->server == 1)
		snprintf(x->label, sizeof x->label, "%.60s/net/http", cfg->row->runtime);
	else
		snprintf(x->label, sizeof x->label, "%s", cfg->series);
	int n = 0;
	for (int i = 0; i < d->nruns; i++)
		n += !strcmp(d->runs[i].key, cfg->g->key);
	double *v = calloc((size_t)n * 5 + 1, sizeof *v);
	if (!v)
		return true; /* the parameters without the columns */
	double *rps = v, *cpu = v + n, *mem = v + 2 * n, *rss = v + 3 * n, *late = v + 4 * n;
	for (int i = 0; i < d->nruns; i++) {
		const rr_run *r = &d->runs[i];
		if (strcmp(r->key, cfg->g->key))
			continue;
		int k = x->reps++;
		double sat = extra(d, r, "metric:client_saturated");
		double shr = extra(d, r, "metric:client_shared");
		double lev = extra(d, r, "metric:source_late_events");
		x->saturated += sat > 0;
		x->shared += shr > 0;
		late[k] = r->n > 0 ? lev / (double)r->n : NAN;
		x->late += late[k] > RM_NET_LATE;
		rps[k] = r->ns_per_op > 0 ? 1e9 / r->ns_per_op : NAN;
		cpu[k] = r->n > 0 ? r->cpu_ns / (double)r->n : NAN;
		mem[k] = extra(d, r, "metric:bytes_per_conn");
		rss[k] = extra(d, r, "metric:peak_rss_bytes");
	}
	summarize(rps, x->reps, &x->rps);
	summarize(cpu, x->reps, &x->cpu);
	summarize(mem, x->reps, &x->mem);
	summarize(rss, x->reps, &x->rss);
	stats_summary ls;
	summarize(late, x->reps, &ls);
	x->late_share = ls.n ? ls.median : NAN;
	free(v);
	return true;
}

/* The most common placement among list[from..to) (the first on a tie). */
static const char *common_placement(const rm_net *list, int from, int to)
{
	const char *best = NULL;
	int most = 0;
	for (int i = from; i < to; i++) {
		int k = 0;
		for (int j = from; j < to; j++)
			k += !strcmp(list[j].cfg->row->placement, list[i].cfg->row->placement);
		if (k > most) {
			most = k;
			best = list[i].cfg->row->placement;
		}
	}
	return best;
}

/* Appends the network configurations of host h's results directory `part`
 * (-1: the main run) that keep accepts, at their common placement. */
static void add_dir(const report_model *m, int h, int part, bool (*keep)(const rm_net *),
                    rm_net *out, int *n)
{
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int nl = part < 0 ? m->ncfg : m->nxcfg, from = *n;
	for (int i = 0; i < nl; i++)
		if (list[i].host == h && list[i].part == part && rm_net_of(m, &list[i], &out[*n]) &&
		    (!keep || keep(&out[*n])))
			(*n)++;
	const char *pl = common_placement(out, from, *n);
	int k = from;
	for (int i = from; i < *n; i++)
		if (!strcmp(out[i].cfg->row->placement, pl))
			out[k++] = out[i];
	*n = k;
}

rm_net *rm_net_list(const report_model *m, rm_source src, bool with_main,
                    bool (*keep)(const rm_net *), int *n)
{
	*n = 0;
	rm_net *out = calloc((size_t)(m->ncfg + m->nxcfg) + 1, sizeof *out);
	if (!out)
		return NULL;
	for (int h = 0; h < m->nhosts; h++) {
		bool have = false;
		for (int p = 0; p < m->hosts[h].nparts; p++)
			if (m->hosts[h].parts[p].ok && m->hosts[h].parts[p].src == src) {
				add_dir(m, h, p, keep, out, n);
				have = true;
			}
		if (!have || with_main)
			add_dir(m, h, -1, keep, out, n);
	}
	return out;
}
