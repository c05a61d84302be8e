/*
 * find_preempt.c — what preemption costs where nothing needs it (find.h,
 * topic "preemption"; issue 20: "preemption must not cost more than a few
 * percent on the existing workloads"), from make bench's preempt/ (hand-off,
 * switch and spawn workloads on gmp and Go with --param preempt=on,off,
 * interleaved in one run), else from the main run's cases that also ran with
 * preemption off:
 *   - per case, each runtime at each worker count: its time with preemption
 *     on over its time with it off (rf_ratio: a factor only where the U test
 *     supports it);
 *   - per runtime and worker count, the geometric mean of those ratios over
 *     the cases, with its bootstrap interval (rf_geomean; descriptive under
 *     FIND_GEO_MIN cases).
 * The fairness workloads are not here: with preemption off at one worker
 * their spinners never stop (find_fair.c shows that counter-case).
 */
#include "fair.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../../base/units.h"

static const char *const rts[] = {"gmp", "go"};

/* Whether a case is one of the fairness workloads'. */
static bool fairness(const char *wcase)
{
	static const char *const ws[] = {"hog", "wakeup", "fairshare", "syscall"};
	size_t n = strcspn(wcase, "/");
	for (int i = 0; i < 4; i++)
		if (strlen(ws[i]) == n && !strncmp(wcase, ws[i], n))
			return true;
	return false;
}

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

/* The on/off ratios of host h's directory `part`: a sentence per case, then
 * the geometric means. */
static void host(const report_model *m, rp_findings *f, int h, int part)
{
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg, nc = 0;
	const char *cases[64];
	for (int i = 0; i < n; i++)
		if (list[i].host == h && list[i].part == part &&
		    !strstr(list[i].wcase, "preempt=off") && !fairness(list[i].wcase))
			rm_find_or_add(cases, &nc, 64, list[i].wcase);
	double x[2][RM_MAX_THREADS][64];
	int nx[2][RM_MAX_THREADS] = {{0}};
	const char *src = part < 0 ? "" : " (preempt/)";
	for (int k = 0; k < nc; k++) {
		char off[RM_NAME + 16], text[1000] = "";
		snprintf(off, sizeof off, "%s/preempt=off", cases[k]);
		for (int r = 0; r < 2; r++)
			for (int t = 0; t < m->nthreads; t++) {
				const rm_config *a =
				    rf_fair_find(m, h, part, cases[k], rts[r], m->threads[t]);
				const rm_config *b =
				    rf_fair_find(m, h, part, off, rts[r], m->threads[t]);
				if (!a || !b)
					continue;
				rp_ratio q = rf_ratio(f, a, b);
				char v[32], s[80];
				fmt_times(v, sizeof v, q.x);
				if (q.state == RP_RATIO_FACTOR)
					snprintf(s, sizeof s,
					         q.q < 0.001 ? "%s (q=%.1g)" : "%s (q=%.3f)", v,
					         q.q);
				else if (q.state == RP_RATIO_SAME)
					snprintf(s, sizeof s,
					         "not significantly different (q=%.3f)", q.q);
				else if (q.state == RP_RATIO_BLIND)
					snprintf(s, sizeof s, "%s, too few repetitions to tell", v);
				else
					snprintf(s, sizeof s, "not comparable (a reduced size)");
				cat(text, sizeof text, "%s%s t=%d %s", text[0] ? "; " : "", rts[r],
				    m->threads[t], s);
				if (q.state != RP_RATIO_REDUCED && q.x > 0 && nx[r][t] < 64)
					x[r][t][nx[r][t]++] = q.x;
			}
		if (text[0])
			rf_add_host(f, m, h, "preemption",
			            "%s%s, time with preemption on over time with it off: %s.",
			            cases[k], src, text);
	}
	for (int r = 0; r < 2; r++)
		for (int t = 0; t < m->nthreads; t++) {
			if (nx[r][t] < 2)
				continue;
			char geo[200], qual[200];
			rf_geomean(x[r][t], nx[r][t], "workloads", fmt_times, geo, sizeof geo, qual,
			           sizeof qual);
			rf_add_host(f, m, h, "preemption",
			            "Over %d workloads%s, %s at %d worker%s takes %s its time with "
			            "preemption off when preemption is on (geometric mean; %s).",
			            nx[r][t], src, rts[r], m->threads[t],
			            m->threads[t] > 1 ? "s" : "", geo, qual);
		}
}

void find_preempt_cost(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++)
		host(m, f, h, rm_part_of(m, h, RM_PREEMPT));
}
