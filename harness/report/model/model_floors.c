/*
 * model_floors.c — a configuration held against its floors (report_model.h):
 * the bounds harness/results/floors.h gives for its workload, runtime and
 * workers, each with the floor row of the same results directory that
 * floor_row_matches, that row's value, and the distance (median / (per_op x
 * value)). The charts draw the bounds as marks, the summary and the findings
 * print the distances, the claims read the rows: all from here, so they agree,
 * and none of them names a floor row but through floors.h.
 *
 * Decisions (docs/RESULTS.md, "Floors")
 *   - A floor's value is the lower of its least disturbed repetition (the min
 *     of its ns/op) and, for the floors that sample their round trips into
 *     latency/ (the futex floors, floor-c2c), the median of the samples: a
 *     floor is a lower bound and noise only adds to it; on a loaded machine
 *     the elapsed time per op carries stalls that the samples do not.
 *   - A configuration is bounded by the floors of its own results directory
 *     (the main run or one of make bench's parts: the same counters state);
 *     an unpinned configuration by the lowest row of a two-worker floor, a
 *     pinned one by its pair class's row.
 *   - yield is bounded by a register switch only where at least RM_SWITCHED of
 *     its yields switched (metric:switched_yields, floors.c's condition); else
 *     the reference is kept with the reason it does not apply.
 *   - The headline of several bounds is the highest floor at or below the
 *     median: on 2 workers pthread's pingpong is bounded by the futex round
 *     trip across two CPUs, but where the kernel kept both threads on one CPU
 *     it runs below that (measured: 2.8 us against 101 us) and the one-CPU
 *     hand-off is the floor it respects. Rejected: floors.h's first bound
 *     always (a "0.03x its floor" on every such run), and the lowest (the
 *     cache-line round trip, which says least).
 */
#include "report_model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double rm_floor_value(const report_model *m, const rm_config *row, rm_floor_num *num)
{
	double v = row->s.min;
	*num = RM_FLOOR_MIN;
	const hgrm_file *h = rm_hgrm_of(m, row);
	double med = h && h->npts > 0 ? hgrm_value_at(h, 0.5) * 1000 : NAN; /* µs in the file */
	if (med > 0 && med < v) {
		v = med;
		*num = RM_FLOOR_SAMPLED;
	}
	return v;
}

const char *rm_floor_num_name(rm_floor_num num)
{
	return num == RM_FLOOR_SAMPLED ? "the median of its samples"
	                               : "the least disturbed repetition";
}

const char *rm_floor_noun(const floor_bound *b)
{
	if (!strcmp(b->floor, FLOOR_SWITCH))
		return "register switch";
	if (!strcmp(b->floor, FLOOR_FUTEX_HANDOFF))
		return "futex hand-off";
	if (!strcmp(b->floor, FLOOR_C2C))
		return "cache-line round trip";
	if (!strcmp(b->floor, FLOOR_FUTEX))
		return b->floor_threads > 1 ? "futex round trip across two CPUs"
		                            : "futex round trip";
	return b->floor;
}

/* Why yield's register-switch bound does not apply to cfg, into na ("" when
 * it does): its yields did not switch, or runs.csv cannot say. */
static void yield_switched(const report_model *m, const rm_config *cfg, char *na, size_t len)
{
	smp_set s;
	bool have =
	    samples_group_if_present(rm_dir(m, cfg->host, cfg->part), "metric:switched_yields", &s);
	const smp_group *g = have ? samples_find(&s, cfg->g->key) : NULL;
	if (!g || g->n == 0)
		snprintf(na, len,
		         "runs.csv has no metric:switched_yields: whether its yields "
		         "switched is unknown");
	else {
		double v = stats_median(g->x, g->n);
		v = v > 1 ? v / 100 : v; /* a share, or a percentage */
		if (v < RM_SWITCHED)
			snprintf(na, len,
			         "%.3g%% of its yields switched (median): a yield that finds no "
			         "other task measures no switch",
			         v * 100);
	}
	if (have)
		samples_free(&s);
}

int rm_floor_refs(const report_model *m, const rm_config *cfg, rm_floor_ref *out, int max)
{
	const floor_bound *b[RM_MAX_BOUNDS];
	int nb = floor_bounds_for(cfg->row->workload, cfg->row->runtime, cfg->row->threads, b,
	                          RM_MAX_BOUNDS);
	nb = nb < RM_MAX_BOUNDS ? nb : RM_MAX_BOUNDS;
	int n = 0;
	for (int i = 0; i < nb && n < max; i++) {
		rm_floor_ref *r = &out[n++];
		memset(r, 0, sizeof *r);
		r->b = b[i];
		r->value = r->ns = r->ratio = NAN;
		if (!strcmp(b[i]->workload, "yield") && !strcmp(b[i]->floor, FLOOR_SWITCH))
			yield_switched(m, cfg, r->na, sizeof r->na);
		for (int k = 0; k < m->nfloor; k++) {
			const rm_config *f = &m->floor[k];
			if (f->host != cfg->host || f->part != cfg->part ||
			    !floor_row_matches(b[i], cfg->row->pair_class, f->row->workload,
			                       f->row->runtime, f->row->threads, f->row->placement))
				continue;
			rm_floor_num num;
			double v = rm_floor_value(m, f, &num);
			if (!r->row || v < r->value) { /* unpinned: the lowest row of the floor */
				r->row = f;
				r->value = v;
				r->num = num;
			}
		}
		if (r->row) {
			r->ns = b[i]->per_op * r->value;
			r->ratio = cfg->s.median / r->ns;
		}
	}
	return n;
}

int rm_floor_headline(const rm_floor_ref *r, int n)
{
	int best = -1, low = -1;
	for (int i = 0; i < n; i++) {
		if (!r[i].row || r[i].na[0] || !(r[i].ns > 0))
			continue;
		if (low < 0 || r[i].ns < r[low].ns)
			low = i;
		if (r[i].ratio >= 1 && (best < 0 || r[i].ns > r[best].ns))
			best = i;
	}
	return best >= 0 ? best : low;
}
