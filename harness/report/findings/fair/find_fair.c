/*
 * find_fair.c — the fairness workloads' findings (find.h, topic "fairness";
 * issue 20, docs/WORKLOADS.md "Fairness"): one sentence per workload, case
 * and worker count, the runtimes side by side on their like-for-like
 * configurations (rf_fair_find: make bench's fairness/ where it has the
 * workload, else the main run), and one more where the run has the same case
 * with preemption off (--param preempt=off: key part /preempt=off):
 *   - hog: each runtime's round trip beside the spinner, and against its own
 *     plain pingpong (rf_ratio: a factor only where the U test supports it);
 *     gmp's preemptions per repetition (metric:preemptions);
 *   - wakeup: the p99 lateness of each runtime (its histogram: no interval),
 *     the median per repetition (metric:wakeup_late_ns), gmp's against Go's
 *     (U test);
 *   - fairshare: Jain's index of each runtime (metric:fairness_jain), gmp's
 *     against Go's (U test);
 *   - syscall: each runtime's round trip, gmp's against Go's, the p99 of a
 *     blocked call's return, gmp's hand-offs of a blocked worker's P
 *     (metric:spares_lent);
 *   - preemption off against on, per runtime: the same figure, tested; a
 *     runtime with no repetition (the watchdog killed every round) named with
 *     failures.csv's rounds and reason.
 * Every name from the results is kept as it is here; the page and the
 * terminal escape it.
 */
#include "fair.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../base/units.h"
#include "../../../measure/latency.h"

static const char *const rts[] = {"pthread", "gmp", "go"};

#define NRT 3

/* Appends fmt's text to out. */
static void cat(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *out, size_t len, const char *fmt, ...)
{
	size_t w = strlen(out);
	if (w + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out + w, len - w, fmt, ap);
	va_end(ap);
}

/* A metric column of one host's main run, loaded once per host. */
typedef struct col {
	const char *name; /* "metric:wakeup_late_ns"    */
	int host;         /* loaded for, -1: none       */
	int part;         /* of the host's directory    */
	bool ok;          /* the column is there        */
	smp_set s;        /* its samples                */
} col;

static const smp_group *col_of(const report_model *m, col *c, const rm_config *cfg)
{
	if (!cfg)
		return NULL;
	if (c->host != cfg->host || c->part != cfg->part) {
		if (c->ok)
			samples_free(&c->s);
		c->host = cfg->host;
		c->part = cfg->part;
		c->ok = samples_group_if_present(rm_dir(m, cfg->host, cfg->part), c->name, &c->s);
	}
	const smp_group *g = c->ok ? samples_find(&c->s, cfg->g->key) : NULL;
	return g && g->n ? g : NULL;
}

static double col_median(const report_model *m, col *c, const rm_config *cfg)
{
	const smp_group *g = col_of(m, c, cfg);
	return g ? stats_median(g->x, g->n) : NAN;
}

/* What a test lets a sentence say of a's figure against b's (ratio x):
 * "2.1x (q=0.003)", "not significantly different (q=0.41)", "too few
 * repetitions to tell", "not comparable (a reduced size)". */
static void said(const rp_ratio *r, char *out, size_t len)
{
	char x[32];
	fmt_times(x, sizeof x, r->x);
	switch (r->state) {
	case RP_RATIO_FACTOR:
		snprintf(out, len, r->q < 0.001 ? "%s (q=%.1g)" : "%s (q=%.3f)", x, r->q);
		break;
	case RP_RATIO_SAME:
		snprintf(out, len, "not significantly different (q=%.3f)", r->q);
		break;
	case RP_RATIO_BLIND:
		snprintf(out, len, "too few repetitions to tell");
		break;
	case RP_RATIO_REDUCED:
		snprintf(out, len, "not comparable (a reduced size)");
		break;
	default:
		out[0] = '\0';
	}
}

/* a's column c against b's: the U test of the page's family (rf_test_k,
 * k = 1) read as an rp_ratio of the medians. */
static rp_ratio col_ratio(const report_model *m, rp_findings *f, col *c, const rm_config *a,
                          const rm_config *b)
{
	rp_ratio r = {.state = RP_RATIO_NONE, .x = NAN, .q = 1};
	const smp_group *ga = col_of(m, c, a), *gb = col_of(m, c, b);
	if (!ga || !gb || a == b)
		return r;
	double ma = stats_median(ga->x, ga->n), mb = stats_median(gb->x, gb->n);
	r.x = mb != 0 ? ma / mb : NAN;
	if (a->reduced || b->reduced) {
		r.state = RP_RATIO_REDUCED;
		return r;
	}
	rf_test_res t = rf_test_k(f, a, b, c->name, 1, ga->x, ga->n, gb->x, gb->n);
	r.q = t.q;
	r.state = !t.can_detect ? RP_RATIO_BLIND : t.significant ? RP_RATIO_FACTOR : RP_RATIO_SAME;
	if (isnan(r.x) && r.state == RP_RATIO_FACTOR)
		r.state = RP_RATIO_SAME; /* 0 against 0: no factor to state */
	return r;
}

/* The failed rounds of host h's case at t workers on rt (failures.csv):
 * how many, and the first one's kind and what it says (what the child
 * printed, after "stderr: ", when it printed something). */
static int failed(const report_model *m, int h, int part, const char *wcase, const char *rt, int t,
                  char *why, size_t len)
{
	const csvr_table *tb = &rm_dir(m, h, part)->failures;
	int ck = csvr_col(tb, "key"), kk = csvr_col(tb, "kind"), rk = csvr_col(tb, "reason"), n = 0;
	why[0] = '\0';
	for (int r = 0; ck >= 0 && r < tb->nrows; r++) {
		const char *key = csvr_cell(tb, r, ck);
		char c[RM_NAME], v[64];
		rm_case_of_key(key, c, sizeof c);
		if (strcmp(c, wcase) || !key_component(key, "runtime", v, sizeof v) ||
		    strcmp(v, rt) || !key_component(key, "threads", v, sizeof v) || atoi(v) != t)
			continue;
		if (!n++) {
			const char *reason = rk >= 0 ? csvr_cell(tb, r, rk) : "";
			const char *told = strstr(reason, "stderr: ");
			snprintf(why, len, "%.20s: %.300s", kk >= 0 ? csvr_cell(tb, r, kk) : "?",
			         told ? told + 8 : reason);
		}
	}
	return n;
}

/* "gmp: no repetition completed, 5 rounds failed (timeout: ...)" for each
 * runtime of the case at t that has no configuration but failed rounds,
 * "; "-separated, appended to out. */
static void no_rows(const report_model *m, int h, int part, const char *wcase, int t, char *out,
                    size_t len)
{
	for (int r = 0; r < NRT; r++) {
		char why[400];
		int n;
		if (rf_fair_find(m, h, part, wcase, rts[r], t) ||
		    !(n = failed(m, h, part, wcase, rts[r], t, why, sizeof why)))
			continue;
		cat(out, len, "%s%s: no repetition completed, %d round%s failed (%s)",
		    out[0] ? "; " : "", rts[r], n, n > 1 ? "s" : "", why);
	}
}

/* The runtimes' configurations of a case at t (NULL where not run). */
static int configs(const report_model *m, int h, int part, const char *wcase, int t,
                   const rm_config **c)
{
	int n = 0;
	for (int r = 0; r < NRT; r++)
		n += (c[r] = rf_fair_find(m, h, part, wcase, rts[r], t)) != NULL;
	return n;
}

/* "pthread 10 µs, gmp 220 ns [1 failed round: timeout], go 330 ns": a figure
 * of each runtime that has one (fig returns NaN where it has none). */
static void each(const rm_config **c, double (*fig)(const report_model *, col *, const rm_config *),
                 const report_model *m, col *k, bool ratio, char *out, size_t len)
{
	int said_one = 0;
	for (int r = 0; r < NRT; r++) {
		double v = c[r] ? fig(m, k, c[r]) : NAN;
		if (isnan(v))
			continue;
		char s[32], note[100];
		if (ratio) /* Jain's index, in [1/K, 1] */
			snprintf(s, sizeof s, "%.2f", v);
		else
			fmt_time_ns(s, sizeof s, v);
		rm_failed_note(c[r], note, sizeof note);
		cat(out, len, "%s%s %s%s", said_one++ ? ", " : "", rts[r], s, note);
	}
}

static double ns_op(const report_model *m, col *k, const rm_config *c)
{
	(void)m;
	(void)k;
	return c->s.median;
}

static double p99(const report_model *m, col *k, const rm_config *c)
{
	(void)k;
	const hgrm_file *h = rm_hgrm_of(m, c);
	return h && h->total ? hgrm_value_at(h, 0.99) * LAT_UNIT_NS : NAN;
}

/* The columns a sentence reads, per host. */
static col late = {"metric:wakeup_late_ns", -1, -1, false, {0}},
           jain = {"metric:fairness_jain", -1, -1, false, {0}},
           preempts = {"metric:preemptions", -1, -1, false, {0}},
           spares = {"metric:spares_lent", -1, -1, false, {0}};

/* gmp's figure against Go's: "; gmp's <what> <said> Go's". */
static void gmp_go(const report_model *m, rp_findings *f, const rm_config **c, col *k,
                   const char *what, char *out, size_t len)
{
	if (!c[1] || !c[2])
		return;
	rp_ratio r = k ? col_ratio(m, f, k, c[1], c[2]) : rf_ratio(f, c[1], c[2]);
	char s[80];
	said(&r, s, sizeof s);
	if (s[0])
		cat(out, len, "; gmp's %s against Go's: %s", what, s);
}

/* The sentence of one case at t workers. */
static void sentence(const report_model *m, rp_findings *f, int h, int part, const char *wcase,
                     int t)
{
	const rm_config *c[NRT];
	char text[1100] = "", miss[500] = "", s[80];
	int n = configs(m, h, part, wcase, t, c);
	no_rows(m, h, part, wcase, t, miss, sizeof miss);
	if (!n && !miss[0])
		return;
	size_t wl = strcspn(wcase, "/");
	snprintf(text, sizeof text, "%s%s, %d worker%s: ", wcase, part >= 0 ? " (fairness/)" : "",
	         t, t > 1 ? "s" : "");
	if (!strncmp(wcase, "hog", wl) && wl == 3) {
		cat(text, sizeof text, "a round trip beside a task that never yields takes ");
		each(c, ns_op, m, NULL, false, text, sizeof text);
		for (int r = 0; r < NRT; r++) {
			const rm_config *pp = c[r] ? rm_like(m, h, "pingpong", rts[r], t) : NULL;
			rp_ratio x = rf_ratio(f, c[r], pp);
			said(&x, s, sizeof s);
			if (s[0])
				cat(text, sizeof text, "; %s against its plain pingpong: %s",
				    rts[r], s);
		}
		double p = col_median(m, &preempts, c[1]);
		if (!isnan(p))
			cat(text, sizeof text, "; gmp preempted %.3g times a repetition (median)",
			    p);
	} else if (!strncmp(wcase, "wakeup", wl) && wl == 6) {
		cat(text, sizeof text, "the sleeper woke late by, at p99, ");
		each(c, p99, m, NULL, false, text, sizeof text);
		cat(text, sizeof text,
		    " (every repetition's wake-ups merged); the median per "
		    "repetition ");
		each(c, col_median, m, &late, false, text, sizeof text);
		gmp_go(m, f, c, &late, "median lateness", text, sizeof text);
	} else if (!strncmp(wcase, "fairshare", wl) && wl == 9) {
		cat(text, sizeof text, "Jain's index of the units the tasks got ");
		each(c, col_median, m, &jain, true, text, sizeof text);
		cat(text, sizeof text, " (1 = equal shares, 1/K = one of K tasks took all)");
		gmp_go(m, f, c, &jain, "index", text, sizeof text);
	} else {
		cat(text, sizeof text, "a round trip beside blocked calls and a spinner takes ");
		each(c, ns_op, m, NULL, false, text, sizeof text);
		gmp_go(m, f, c, NULL, "time", text, sizeof text);
		cat(text, sizeof text, "; a blocked call's return waited, at p99, ");
		each(c, p99, m, NULL, false, text, sizeof text);
		double p = col_median(m, &spares, c[1]);
		if (!isnan(p))
			cat(text, sizeof text,
			    "; gmp handed a blocked worker's P to another thread %.3g times a "
			    "repetition (median)",
			    p);
	}
	cat(text, sizeof text, "%s%s.", miss[0] ? "; " : "", miss);
	rf_add_host(f, m, h, "fairness", "%s", text);
}

/* The figure a case's on/off sentence holds against: ns/op (hog, syscall),
 * else the case's own metric. */
static col *figure_of(const char *wcase)
{
	size_t wl = strcspn(wcase, "/");
	if (wl == 6 && !strncmp(wcase, "wakeup", 6))
		return &late;
	if (wl == 9 && !strncmp(wcase, "fairshare", 9))
		return &jain;
	return NULL;
}

/* Preemption off against on, per runtime, at t: the case's figure, tested. */
static void off_on(const report_model *m, rp_findings *f, int h, int part, const char *on, int t)
{
	char off[RM_NAME + 16], text[1100] = "", miss[500] = "";
	snprintf(off, sizeof off, "%s/preempt=off", on);
	const rm_config *c[NRT];
	int n = configs(m, h, part, off, t, c);
	no_rows(m, h, part, off, t, miss, sizeof miss);
	if (!n && !miss[0])
		return;
	col *k = figure_of(on);
	snprintf(text, sizeof text, "%s%s, %d worker%s, preemption off against on: ", on,
	         part >= 0 ? " (fairness/)" : "", t, t > 1 ? "s" : "");
	int said_one = 0;
	for (int r = 0; r < NRT; r++) {
		if (!c[r])
			continue;
		const rm_config *a = rf_fair_find(m, h, part, on, rts[r], t);
		double v = k ? col_median(m, k, c[r]) : c[r]->s.median;
		char val[32], s[80] = "", note[100];
		if (k == &jain)
			snprintf(val, sizeof val, "%.2f", v);
		else
			fmt_time_ns(val, sizeof val, v);
		rm_failed_note(c[r], note, sizeof note);
		if (a) {
			rp_ratio x = k ? col_ratio(m, f, k, c[r], a) : rf_ratio(f, c[r], a);
			said(&x, s, sizeof s);
		}
		cat(text, sizeof text, "%s%s %s%s%s%s%s", said_one++ ? "; " : "", rts[r], val, note,
		    s[0] ? ", against on: " : "", s, a ? "" : " (nothing with preemption on)");
	}
	cat(text, sizeof text, "%s%s.", said_one && miss[0] ? "; " : "", miss);
	rf_add_host(f, m, h, "fairness", "%s", text);
}

/* The cases of workload w in host h's directory `part`, preemption on (the
 * off case of each is its case + "/preempt=off"), in runs.csv order. */
static int cases_of(const report_model *m, int h, int part, const char *w, const char **out,
                    int max)
{
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg, k = 0;
	for (int i = 0; i < n; i++)
		if (list[i].host == h && list[i].part == part &&
		    !strcmp(list[i].row->workload, w) && !strstr(list[i].wcase, "preempt=off"))
			rm_find_or_add(out, &k, max, list[i].wcase);
	return k;
}

void find_fair(const report_model *m, rp_findings *f)
{
	static const char *const ws[] = {"hog", "wakeup", "fairshare", "syscall"};
	for (int h = 0; h < m->nhosts; h++)
		for (int w = 0; w < 4; w++) {
			int part = rm_workload_part(m, h, RM_FAIRNESS, ws[w]);
			const char *cases[16];
			int nc = cases_of(m, h, part, ws[w], cases, 16);
			for (int k = 0; k < nc; k++)
				for (int t = 0; t < m->nthreads; t++) {
					sentence(m, f, h, part, cases[k], m->threads[t]);
					off_on(m, f, h, part, cases[k], m->threads[t]);
				}
		}
	col *cols[] = {&late, &jain, &preempts, &spares};
	for (int i = 0; i < 4; i++) {
		if (cols[i]->ok)
			samples_free(&cols[i]->s);
		cols[i]->ok = false;
		cols[i]->host = cols[i]->part = -1;
	}
}
