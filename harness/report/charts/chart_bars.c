/*
 * chart_bars.c — the report's bar charts (charts.h): 1 ns/op per
 * workload, 5 counters per op, 6 speed-up over pthreads, 7 placement sweep.
 *
 * Decisions
 *   - One chart per thread count: a bar is one configuration, never an average
 *     over thread counts or placements (those are different experiments).
 *   - Charts 1, 5 and 6 use the default placement (report_model.h); chart 7 is
 *     where placements meet, from the placement sweep (DIR/placement) when there
 *     is one.
 *   - Counters (chart 5) come from the main run when runs.csv has counter
 *     columns, else from make bench's separate counters pass (DIR/counters): the
 *     caption says which and why the pass is separate.
 *   - Speed-up partner: the pthread configuration with the same workload,
 *     parameters, threads, placement and channel variant. The Go peer's native
 *     channels have no pthread twin; it is held against pthread with the `go`
 *     variant (the C port of Go's chan.go) when there is one, else the first
 *     pthread variant, and the footnote says so. Speed-up = pthread median / this
 *     median (> 1: faster than pthreads), CI by bootstrap (ratio_ci.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../measure/ratio_ci.h"
#include "charts.h"
#include "plot.h"
#include "../../base/units.h"

/* Which configurations a chart takes. */
typedef struct pick {
	int threads;           /* -t                           */
	const char *placement; /* placement, or NULL: any      */
} pick;

static bool picked(const rm_config *cfg, const void *arg)
{
	const pick *p = arg;
	return cfg->row->threads == p->threads &&
	       (!p->placement || strcmp(cfg->row->placement, p->placement) == 0);
}

/* "op = round trip (pingpong), yield (yield)" for the cases on a chart. */
static void op_legend(const report_model *m, const pick *p, char *out, size_t len)
{
	const char *cases[RP_MAX_GROUPS];
	int n = rm_cases(m, picked, p, cases, RP_MAX_GROUPS);
	size_t w = (size_t)snprintf(out, len, "One op is: ");
	const char *wls[RP_MAX_GROUPS];
	static char names[RP_MAX_GROUPS][RM_NAME];
	int nw = 0;
	for (int i = 0; i < n && w < len; i++) {
		snprintf(names[i], sizeof names[i], "%.*s", (int)strcspn(cases[i], "/"), cases[i]);
		int before = nw;
		rm_find_or_add(wls, &nw, RP_MAX_GROUPS, names[i]);
		if (nw == before)
			continue; /* said already (select and select/cases=0) */
		const char *noun = rm_op_noun(names[i]);
		w += (size_t)snprintf(out + w, len - w, "%s%s a%s %s", nw > 1 ? "; " : "", names[i],
		                      strchr("aeiou", noun[0]) ? "n" : "", noun);
	}
	if (w < len)
		snprintf(out + w, len - w, ".");
}

#define NOTE_WL 16 /* workloads a caption's floor sentence names */

/* What the floor marks of a chart say, for its caption. */
typedef struct floor_note {
	char wl[NOTE_WL][32];    /* the workloads marked, in order                  */
	char uses[NOTE_WL][200]; /* each one's floors: "2 x floor-switch, ..."      */
	int nwl;                 /* count                                          */
	char values[600];        /* "floor-switch 3.46 ns (the least disturbed ...)" */
} floor_note;

/* Appends item to a sep-separated list unless it is one of its items. */
static void add_once(char *list, size_t len, const char *sep, const char *item)
{
	size_t n = strlen(item), w = strlen(list);
	for (const char *p = list; (p = strstr(p, item)); p++)
		if ((p == list || !strncmp(p - strlen(sep), sep, strlen(sep))) &&
		    (!p[n] || !strncmp(p + n, sep, strlen(sep))))
			return;
	snprintf(list + w, len - w, "%s%s", w ? sep : "", item);
}

/* The floors that bound cfg, as marks across its bar (series, group): per_op x
 * the floor row's value, each that applies and ran (model_floors.c). */
static void floor_marks(const report_model *m, rp_bars *b, const rm_config *cfg, const char *group,
                        floor_note *fn)
{
	rm_floor_ref r[RM_MAX_BOUNDS];
	int n = rm_floor_refs(m, cfg, r, RM_MAX_BOUNDS), w = 0;
	while (w < fn->nwl && strcmp(fn->wl[w], cfg->row->workload))
		w++;
	if (w == fn->nwl && fn->nwl < NOTE_WL)
		snprintf(fn->wl[fn->nwl++], sizeof fn->wl[0], "%.31s", cfg->row->workload);
	for (int k = 0; k < n; k++) {
		if (!r[k].row || r[k].na[0] ||
		    !rp_bars_mark(b, cfg->series, group, r[k].b->floor, r[k].ns))
			continue;
		char item[200], v[32], pc[80] = "";
		const rr_run *fr = r[k].row->row;
		if (r[k].b->per_op != 1)
			snprintf(item, sizeof item, "%g x %s", r[k].b->per_op, r[k].b->floor);
		else
			snprintf(item, sizeof item, "%s", r[k].b->floor);
		if (w < NOTE_WL)
			add_once(fn->uses[w], sizeof fn->uses[w], ", ", item);
		if (fr->threads > 1)
			snprintf(pc, sizeof pc, " (%.40s)", fr->placement);
		fmt_time_ns(v, sizeof v, r[k].value);
		snprintf(item, sizeof item, "%s%s %s (%s%s)", fr->workload, pc, v,
		         rm_floor_num_name(r[k].num), r[k].row->s.unstable ? "; row unstable" : "");
		add_once(fn->values, sizeof fn->values, "; ", item);
	}
}

/* The caption's sentence on the marks ("" when there are none). */
static void floor_caption(const floor_note *fn, char *out, size_t len)
{
	char uses[600] = "";
	for (int w = 0; w < fn->nwl; w++) {
		size_t k = strlen(uses);
		if (fn->uses[w][0])
			snprintf(uses + k, sizeof uses - k, "%s%s: %s", k ? "; " : "", fn->wl[w],
			         fn->uses[w]);
	}
	out[0] = '\0';
	if (uses[0])
		snprintf(out, len,
		         " Lines across a bar: the floors that bound it, measured in this run "
		         "(runtime=floor rows, docs/RESULTS.md), at per op x the floor: %.450s. "
		         "Floors: %.550s.",
		         uses, fn->values);
}

void rp_chart_cost(rp_ctx *c)
{
	const report_model *m = c->m;
	rp_bars *b = malloc(sizeof *b);
	if (!b)
		return;
	for (int t = 0; t < m->nthreads; t++) {
		pick p = {m->threads[t], m->placement};
		memset(b, 0, sizeof *b);
		static floor_note fn;
		memset(&fn, 0, sizeof fn);
		for (int i = 0; i < m->ncfg; i++) {
			const rm_config *cfg = &m->cfg[i];
			if (picked(cfg, &p) &&
			    rp_bars_set(b, cfg->series, cfg->wcase, cfg->s.median, cfg->s.ci_low,
			                cfg->s.ci_high, cfg->reduced))
				floor_marks(m, b, cfg, cfg->wcase, &fn);
		}
		char name[64], title[200], caption[2400], ops[500], fl[1200];
		snprintf(name, sizeof name, "nsop-t%d", p.threads);
		snprintf(title, sizeof title, "Cost per operation, threads=%d, placement %s",
		         p.threads, m->placement);
		op_legend(m, &p, ops, sizeof ops);
		floor_caption(&fn, fl, sizeof fl);
		snprintf(caption, sizeof caption,
		         "Median ns per op of each workload (lower is better), one bar per runtime "
		         "and channel variant; whiskers: 95%% CI of the median, or min..max where "
		         "fewer than 6 "
		         "repetitions give none. %s Log scale when "
		         "values span more than 20x.%s",
		         ops, fl);
		rp_style st = rp_nsop_style(name, title, caption, "");
		rp_chart *ch = rp_bars_emit(c, b, &st);
		if (ch)
			ch->story = true; /* the cost of one op: the page's first chart */
	}
	free(b);
}

/* Distinct counter columns over all hosts, each from its counter source
 * (rm_counter_source: the main run, else the counters pass). */
static int counter_names(const report_model *m, const char **out, int max)
{
	int n = 0;
	for (int h = 0; h < m->nhosts; h++) {
		int part;
		if (!rm_counter_source(m, h, &part))
			continue;
		const rr_dir *d = rm_dir(m, h, part);
		for (int k = 0; k < d->nextra && n < max; k++) {
			if (!rm_is_counter(d->extra_names[k]))
				continue;
			int j = 0;
			while (j < n && strcmp(out[j], d->extra_names[k]) != 0)
				j++;
			if (j == n)
				out[n++] = d->extra_names[k];
		}
	}
	return n;
}

/* The largest bar (0 when there is none). */
static double bars_max(const rp_bars *b)
{
	double mx = 0;
	for (int s = 0; s < b->nseries; s++)
		for (int g = 0; g < b->ngroups; g++)
			if (b->have[s][g] && b->v[s][g] > mx)
				mx = b->v[s][g];
	return mx;
}

/* Bars of one counter at one thread count; returns the number of bars.
 * *separate is set when a host's counts come from its counters pass. */
static int counter_bars(const report_model *m, const char *event, const pick *p, rp_bars *b,
                        bool *separate)
{
	int bars = 0;
	for (int h = 0; h < m->nhosts; h++) {
		smp_set s;
		int part;
		if (!rm_counter_source(m, h, &part))
			continue;
		if (!samples_group_if_present(rm_dir(m, h, part), event, &s))
			continue;
		for (int i = 0; i < s.n; i++) {
			const smp_group *g = &s.g[i];
			const rm_config *cfg = rm_config_of_key(m, h, part, g->key);
			if (!cfg || !picked(cfg, p))
				continue;
			stats_summary st;
			stats_summarize(g->x, g->n, &st);
			int set = rp_bars_set(b, cfg->series, cfg->wcase, st.median, st.ci_low,
			                      st.ci_high, cfg->reduced);
			bars += set;
			*separate = *separate || (set && part >= 0);
		}
		samples_free(&s);
	}
	return bars;
}

/* Why no host has counters: the counters pass's read error when there is one. */
static void omit_counters(rp_ctx *c)
{
	if (!rp_omit_unreadable(c, RM_COUNTERS, "Counters per op"))
		rp_omit(c, "Counters per op: neither runs.csv nor a counters/ pass has <event>/op "
		           "columns (run with --counters, e.g. --counters default; software events "
		           "work in a VM; make bench writes DIR/counters/)");
}

void rp_chart_counters(rp_ctx *c)
{
	const report_model *m = c->m;
	const char *events[32];
	int ne = counter_names(m, events, 32);
	if (ne == 0) {
		omit_counters(c);
		return;
	}
	rp_bars *b = malloc(sizeof *b);
	if (!b)
		return;
	int drawn = 0;
	for (int e = 0; e < ne; e++) {
		for (int t = 0; t < m->nthreads; t++) {
			pick p = {m->threads[t], m->placement};
			memset(b, 0, sizeof *b);
			bool separate = false;
			if (counter_bars(m, events[e], &p, b, &separate) == 0)
				continue;
			char name[128], title[200], caption[900], ev[96], from[500] = "";
			snprintf(ev, sizeof ev, "%.*s", (int)strlen(events[e]) - 3, events[e]);
			if (bars_max(b) == 0) { /* a chart of zeros says less than one line */
				rp_omit(c,
				        "%s per op, threads=%d: 0 in every configuration (chart "
				        "omitted)",
				        ev, p.threads);
				continue;
			}
			rp_stem(name, sizeof name, "counter-%s-t%d", ev, p.threads);
			snprintf(title, sizeof title, "%s per op, threads=%d, placement %s", ev,
			         p.threads, m->placement);
			if (separate)
				snprintf(
				    from, sizeof from,
				    " The counts come from the separate counters pass "
				    "(counters/), not from the timed suite: inherited counters "
				    "add work to every thread creation and context switch, so "
				    "the suite runs without them and its ns/op stay clean.");
			snprintf(caption, sizeof caption,
			         "Median count of %s per op over the timed region (the counter's "
			         "total divided by n, like JMH's perfnorm); whiskers: 95%% CI "
			         "(min..max below 6 repetitions). "
			         "Empty where the counter was not available (see env.json).%s",
			         ev, from);
			char ylabel[160];
			snprintf(ylabel, sizeof ylabel, "%s per op (median, 95%% CI)", ev);
			rp_style st = {.name = name,
			               .title = title,
			               .caption = caption,
			               .ylabel = ylabel,
			               .xlabel = "",
			               .footnote = rp_reduced_note,
			               .refline = NAN,
			               .fmt = fmt_number,
			               .yformat = "%g"};
			rp_bars_emit(c, b, &st);
			drawn++;
		}
	}
	free(b);
	if (drawn == 0)
		rp_omit(c, "Counters per op: the counter columns are all empty (counters "
		           "unavailable on this machine; see env.json)");
}

void rp_chart_speedup(rp_ctx *c)
{
	const report_model *m = c->m;
	rp_bars *b = malloc(sizeof *b);
	if (!b)
		return;
	int drawn = 0;
	for (int t = 0; t < m->nthreads; t++) {
		pick p = {m->threads[t], m->placement};
		memset(b, 0, sizeof *b);
		char subst_note[300] = "";
		for (int i = 0; i < m->ncfg; i++) {
			const rm_config *cfg = &m->cfg[i];
			bool subst;
			if (!picked(cfg, &p) || !strcmp(cfg->row->runtime, "pthread"))
				continue;
			const rm_config *pt = rm_pthread_partner(m, cfg, &subst);
			ratio_ci r;
			if (!pt ||
			    !ratio_ci_medians(cfg->g->x, cfg->g->n, pt->g->x, pt->g->n, 0.95, &r))
				continue;
			rp_bars_set(b, cfg->series, cfg->wcase, r.ratio, r.lo, r.hi,
			            cfg->reduced || pt->reduced);
			if (subst && !subst_note[0])
				snprintf(subst_note, sizeof subst_note,
				         " The Go peer's native channels are held against %s.",
				         pt->rt_chan);
		}
		char name[64], title[200], caption[900];
		snprintf(name, sizeof name, "speedup-t%d", p.threads);
		snprintf(title, sizeof title, "Speed-up over pthreads, threads=%d, placement %s",
		         p.threads, m->placement);
		snprintf(
		    caption, sizeof caption,
		    "pthread's median ns/op divided by each runtime's, same workload, threads, "
		    "placement and channel variant: above 1 (dashed) is faster than OS threads. "
		    "Whiskers: 95%% CI of the ratio of medians (percentile bootstrap).%s",
		    subst_note);
		rp_style st = {.name = name,
		               .title = title,
		               .caption = caption,
		               .ylabel = "speed-up over pthreads (x)",
		               .xlabel = "",
		               .footnote = rp_reduced_note,
		               .refline = 1,
		               .reflabel = "pthread = 1",
		               .fmt = fmt_times,
		               .yformat = "%g"};
		if (b->nseries > 0) {
			rp_bars_emit(c, b, &st);
			drawn++;
		}
	}
	free(b);
	if (drawn == 0)
		rp_omit(c, "Speed-up over pthreads: no configuration has a pthread twin (run "
		           "-r pthread together with the other runtimes)");
}

void rp_chart_placement(rp_ctx *c)
{
	const report_model *m = c->m;
	int n, nc = 0, drawn = 0;
	const rm_config **src = rm_source_configs(m, RM_PLACEMENT, NULL, &n);
	rp_bars *b = malloc(sizeof *b);
	/* labels live as long as the chart is built: one per configuration */
	char(*labels)[128] = calloc((size_t)(m->ncfg + m->nxcfg) + 1, sizeof *labels);
	if (!src || !b || !labels) {
		free(src);
		free(b);
		free(labels);
		return;
	}
	const char *cases[RP_MAX_GROUPS];
	for (int i = 0; i < n; i++)
		rm_find_or_add(cases, &nc, RP_MAX_GROUPS, src[i]->wcase);
	for (int k = 0; k < nc; k++) {
		for (int t = 0; t < m->nthreads; t++) {
			memset(b, 0, sizeof *b);
			static floor_note fn;
			memset(&fn, 0, sizeof fn);
			for (int i = 0; i < n; i++) {
				const rm_config *cfg = src[i];
				if (strcmp(cfg->wcase, cases[k]) ||
				    cfg->row->threads != m->threads[t])
					continue;
				/* 60 + 60 + 3 fit the 128-byte label with its pair class */
				rm_placement_label(cfg->row, 60, labels[i], sizeof labels[i]);
				if (rp_bars_set(b, cfg->series, labels[i], cfg->s.median,
				                cfg->s.ci_low, cfg->s.ci_high, cfg->reduced))
					floor_marks(m, b, cfg, labels[i], &fn);
			}
			if (b->ngroups < 2)
				continue;
			char name[200], title[300], caption[2000], fl[1200];
			floor_caption(&fn, fl, sizeof fl);
			rp_stem(name, sizeof name, "placement-%s-t%d", cases[k], m->threads[t]);
			snprintf(title, sizeof title, "Placement sweep: %s, threads=%d", cases[k],
			         m->threads[t]);
			snprintf(
			    caption, sizeof caption,
			    "The same workload under each placement policy (in parentheses: the "
			    "topological class of the pair the workers were pinned to). Median "
			    "ns per %s, whiskers: 95%% CI (min..max below 6 repetitions). "
			    "Placements this machine lacks are "
			    "skipped with the reason (see the results tables).%s",
			    rm_op_noun(cases[k]), fl);
			rp_style st = rp_nsop_style(name, title, caption, "placement");
			rp_bars_emit(c, b, &st);
			drawn++;
		}
	}
	free(src);
	free(b);
	free(labels);
	if (drawn == 0)
		rp_omit(c, "Placement sweep: every configuration ran under one placement (run "
		           "with -p none,compact,scatter,... or make bench, which sweeps "
		           "pingpong and mpmc into DIR/placement/)");
}
