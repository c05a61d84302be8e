/*
 * find_floors.c — each runtime's distance from its floor (find.h), per
 * hand-off workload and worker count: the configuration of the summary's
 * cell (its like-for-like channel) over per_op x the value of the floor that
 * bounds it, from this run's floor rows (model_floors.c: which row, which
 * number, which bound is the headline). "threads=1: gmp's round trip is 10x
 * two register switches (2 x floor-switch, 3.46 ns: the least disturbed
 * repetition); go's 39x; pthread's 1.09x the futex hand-off
 * (floor-futex-handoff, 1.82 µs: the median of its samples), 1.39x the futex
 * round trip (floor-futex, ...)."
 *
 * What it promises: a floor's value is named with the number it is and
 * whether its row was unstable, once per sentence; a runtime row that is
 * unstable, ran a reduced size or lost rounds says so; a distance below 1 is
 * called below its floor (that bound's condition did not hold, e.g. the
 * kernel kept both threads on one CPU); a bound that does not apply (a yield
 * that did not switch) is said with why. These are descriptive ratios: a
 * floor is one number, not a sample, so no test stands behind them.
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"

/* "two register switches", "half a futex hand-off", "the futex hand-off". */
static void floor_phrase(const floor_bound *b, char *out, size_t len)
{
	const char *noun = rm_floor_noun(b);
	size_t n = strlen(noun);
	if (b->per_op == 1)
		snprintf(out, len, "the %s", noun);
	else if (b->per_op == 0.5)
		snprintf(out, len, "half a %s", noun);
	else if (b->per_op == 2) {
		/* the plural of the noun's first word after which the rest follows
		 * ("register switches", "futex round trips across two CPUs") */
		const char *rest = strstr(noun, " across");
		size_t head = rest ? (size_t)(rest - noun) : n;
		bool es = head > 0 && (noun[head - 1] == 'h' || noun[head - 1] == 's');
		snprintf(out, len, "two %.*s%s%s", (int)head, noun, es ? "es" : "s",
		         rest ? rest : "");
	} else
		snprintf(out, len, "%g x the %s", b->per_op, noun);
}

/* One reference into out after verb ("is "): "10x two register switches (2 x
 * floor-switch, 3.46 ns: the least disturbed repetition)"; the floor's value
 * only the first time the sentence names that row (`said`); one that does
 * not apply: "has no distance from floor-switch: why". */
static void ref_text(const rm_floor_ref *r, const char *verb, char *said, size_t slen, char *out,
                     size_t len)
{
	char x[32], what[160], name[200], v[32], row[120];
	if (r->na[0]) {
		snprintf(out, len, "has no distance from %s: %s", r->b->floor, r->na);
		return;
	}
	fmt_times(x, sizeof x, r->ratio);
	floor_phrase(r->b, what, sizeof what);
	if (r->row->row->threads > 1)
		snprintf(row, sizeof row, "%s (%.60s)", r->b->floor, r->row->row->placement);
	else
		snprintf(row, sizeof row, "%s", r->b->floor);
	if (r->b->per_op != 1)
		snprintf(name, sizeof name, "%g x %s", r->b->per_op, row);
	else
		snprintf(name, sizeof name, "%s", row);
	if (strstr(said, row)) {
		snprintf(out, len, "%s%s %s (%s)%s", verb, x, what, name,
		         r->ratio < 1 ? ", below it" : "");
		return;
	}
	size_t w = strlen(said);
	snprintf(said + w, slen - w, "%s|", row);
	fmt_time_ns(v, sizeof v, r->value);
	snprintf(out, len, "%s%s %s (%s, %s: %s%s)%s", verb, x, what, name, v,
	         rm_floor_num_name(r->num), r->row->s.unstable ? "; that row is unstable" : "",
	         r->ratio < 1 ? ", below it: its condition did not hold here" : "");
}

bool rf_floor_distance(const report_model *m, const rm_config *c, char *said, size_t slen,
                       char *out, size_t len)
{
	rm_floor_ref r[RM_MAX_BOUNDS];
	int n = rm_floor_refs(m, c, r, RM_MAX_BOUNDS), head = rm_floor_headline(r, n);
	out[0] = '\0';
	if (head < 0) {
		/* bounds, but none applies or none ran: say why once */
		for (int k = 0; k < n; k++)
			if (r[k].na[0]) {
				ref_text(&r[k], "", said, slen, out, len);
				return true;
			}
		return false;
	}
	ref_text(&r[head], "is ", said, slen, out, len);
	for (int k = 0; k < n; k++) {
		if (k == head || !r[k].row || r[k].na[0])
			continue;
		char one[400];
		size_t w = strlen(out);
		ref_text(&r[k], "", said, slen, one, sizeof one);
		snprintf(out + w, len - w, ", %s", one);
	}
	return true;
}

const rm_config *rf_floor_brief(const report_model *m, const rm_config *c, char *out, size_t len)
{
	rm_floor_ref r[RM_MAX_BOUNDS];
	int n = rm_floor_refs(m, c, r, RM_MAX_BOUNDS), head = rm_floor_headline(r, n);
	out[0] = '\0';
	if (head < 0)
		return NULL;
	char x[32], times[32] = "", pc[80] = "";
	fmt_times(x, sizeof x, r[head].ratio);
	if (r[head].b->per_op != 1)
		snprintf(times, sizeof times, "%g x ", r[head].b->per_op);
	if (r[head].row->row->threads > 1)
		snprintf(pc, sizeof pc, " (%.40s)", r[head].row->row->placement);
	snprintf(out, len, "%s %s%s%s%s", x, times, r[head].b->floor, pc,
	         r[head].ratio < 1 ? ", below it" : "");
	return r[head].row;
}

void find_floors(const report_model *m, rp_findings *f)
{
	const rp_summary *s = &f->sum;
	for (int r = 0; r < s->nrows; r++) {
		const rp_sum_row *row = &s->row[r];
		for (int t = 0; t < m->nthreads; t++) {
			char text[1100] = "", said[400] = "", nm[200];
			int n = 0;
			for (int c = 0; c < s->ncols; c++) {
				const rm_config *cfg = row->cell[c].cfg;
				char d[700], flags[100] = "";
				if (s->col[c].threads != m->threads[t] || !cfg ||
				    !rf_floor_distance(m, cfg, said, sizeof said, d, sizeof d))
					continue;
				if (cfg->reduced)
					snprintf(flags, sizeof flags, " (reduced size)");
				else if (cfg->s.unstable)
					snprintf(flags, sizeof flags, " (unstable, ±%.0f%%)",
					         cfg->s.rel_err * 100);
				size_t w = strlen(text);
				/* "pthread's round trip (unstable, ±53%) is ...; gmp's is ..." */
				snprintf(text + w, sizeof text - w, "%s%s's%s%s%s %s",
				         n ? "; " : "", rf_rt_name(cfg, nm, sizeof nm),
				         n ? "" : " ", n ? "" : rm_op_noun(row->wcase), flags, d);
				n++;
			}
			if (n)
				rf_add_case(
				    f, m, row->host, "floors", row->wcase,
				    "threads=%d, distance from the floor (median / (per op x the "
				    "floor), this run's floor rows): %s.",
				    m->threads[t], text);
		}
	}
}
