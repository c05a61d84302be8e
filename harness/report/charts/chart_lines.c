/*
 * chart_lines.c — the report's latency charts and the heatmap (charts.h):
 * 3 latency percentile spectrum, 4 core-to-core heatmap.
 *
 * Decisions
 *   - Latency files are matched to configurations by their stem (the key with
 *     '/' as '_', harness/measure/latency.h); values are in µs (LAT_UNIT_NS).
 *     One chart per workload, one line per file; the last row (p = 1, 1/(1-p)
 *     infinite) is the maximum, which the caption gives instead of a point.
 *   - More than LAT_LINES lines are drawn as small multiples: a panel per
 *     worker count, split by runtime where it holds more (plot_lines.c), on
 *     one y range, so 22 spectra read as four panels of at most six.
 *   - The heatmap shows the one-way latency matrix of each host that has one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "plot.h"
#include "../../base/units.h"
#include "../safe_text.h"

#define LAT_LINES 6 /* lines a latency panel holds at most (small multiples) */

/* The facet "threads=T" of a series (its panel), in storage that outlives the
 * chart being built. */
static const char *threads_facet(int t)
{
	static char names[RM_MAX_THREADS][24];
	static int have[RM_MAX_THREADS], n;
	for (int i = 0; i < n; i++)
		if (have[i] == t)
			return names[i];
	if (n == RM_MAX_THREADS)
		return NULL;
	have[n] = t;
	snprintf(names[n], sizeof names[0], "threads=%d", t);
	return names[n++];
}

/* One spectrum as a series (points at finite 1/(1-p) with a positive value,
 * times scale), its maximum appended to `maxes` ("label 1.2 ms; ...") unless
 * maxes is NULL. */
static void add_spectrum(rp_lines *l, const char *label, const char *facet, const hgrm_file *f,
                         double scale, char *maxes, size_t len)
{
	if (!rp_lines_series(l, label))
		return;
	l->facet[l->nseries - 1] = facet;
	for (int p = 0; p < f->npts; p++)
		if (isfinite(f->pts[p].inv) && f->pts[p].value > 0)
			rp_lines_point(l, f->pts[p].inv, f->pts[p].value * scale, NAN, NAN, false);
	if (!maxes)
		return;
	char mx[32];
	fmt_time_ns(mx, sizeof mx, f->pts[f->npts - 1].value * 1000); /* µs in the file */
	size_t w = strlen(maxes);
	snprintf(maxes + w, len - w, "%s%s %s", w ? "; " : "", label, mx);
}

static const char coordinated_omission[] =
    "Open loop: event i is due at t0 + i/rate and its latency counts from that due time, "
    "so a stalled stage shows in the tail of every event it delayed (no coordinated "
    "omission). Closed loop: the source emits the next event only when it can, so the "
    "events a stall holds back are never measured as late and the tail looks better than "
    "it is. Read the open-loop curve for tail latency.";

/* The floors under the spectra drawn so far (l's series [0, nown), each of
 * configuration own[i]): every floor row that bounds one of them and left
 * samples, once per panel facet, as a reference line in the panels of the
 * runtimes it bounds (plot_lines.c), scaled by per_op. Their names go into
 * `said` ("floor-futex-handoff, floor-c2c (l3)"). */
static void add_floors(const report_model *m, rp_lines *l, const rm_config *const *own, int nown,
                       char (*labels)[RM_NAME + 140], int *used, char *said, size_t len)
{
	int first = l->nseries;
	for (int i = 0; i < nown; i++) {
		rm_floor_ref r[RM_MAX_BOUNDS];
		int nr = rm_floor_refs(m, own[i], r, RM_MAX_BOUNDS);
		const char *facet = l->facet[i];
		for (int k = 0; k < nr; k++) {
			const hgrm_file *f = r[k].row ? rm_hgrm_of(m, r[k].row) : NULL;
			if (!f || r[k].na[0])
				continue;
			char *lab = labels[*used], pc[80] = "", times[32] = "", host[140] = "";
			const rr_run *fr = r[k].row->row;
			if (fr->threads > 1)
				snprintf(pc, sizeof pc, " (%.60s)", fr->placement);
			if (r[k].b->per_op != 1)
				snprintf(times, sizeof times, "%g x ", r[k].b->per_op);
			if (m->nhosts > 1)
				snprintf(host, sizeof host,
				         "%.100s: ", m->hosts[r[k].row->host].label);
			/* the label names the row; its facet (after ", ") the panel */
			snprintf(lab, RM_NAME + 140, "%s%s%s%s, %s", host, times, fr->workload, pc,
			         facet ? facet : "");
			int s = first;
			while (s < l->nseries &&
			       (strcmp(l->series[s], lab) || l->facet[s] != facet))
				s++;
			int kind = 1 + (int)r[k].b->rt;
			if (s < l->nseries) { /* bounds a runtime of another kind too */
				if (l->ref[s] != kind)
					l->ref[s] = 1 + FLOOR_RT_ANY;
				continue;
			}
			int before = l->nseries;
			add_spectrum(l, lab, facet, f, r[k].b->per_op, NULL, 0);
			if (l->nseries == before)
				return; /* the chart is full */
			(*used)++;
			l->ref[l->nseries - 1] = kind;
			char nm[200];
			snprintf(nm, sizeof nm, "%s%s%s", times, fr->workload, pc);
			size_t sw = strlen(said);
			if (!strstr(said, nm))
				snprintf(said + sw, len - sw, "%s%s", sw ? ", " : "", nm);
		}
	}
}

/* The main run's spectra, one chart per case; the floors' samples are drawn
 * under the spectra they bound, never as a chart of their own. */
static void latency_main(rp_ctx *c, rp_lines *l, char (*labels)[RM_NAME + 140])
{
	const report_model *m = c->m;
	const char *wls[RP_MAX_GROUPS];
	int nw = 0;
	for (int h = 0; h < m->nhosts; h++)
		for (int i = 0; i < m->hosts[h].dir.nhgrm; i++) {
			const char *stem = m->hosts[h].dir.hgrm[i].name;
			const rm_config *cfg = rm_config_of_stem(m, h, -1, stem);
			if (cfg || !rm_floor_of_stem(m, h, -1, stem))
				rm_find_or_add(wls, &nw, RP_MAX_GROUPS,
				               cfg ? cfg->wcase : "unmatched");
		}
	static const rm_config *own[RP_MAX_SERIES];
	for (int k = 0; k < nw; k++) {
		memset(l, 0, sizeof *l);
		l->max_lines = LAT_LINES;
		char maxes[1000] = "", loop[64] = "", floors[600] = "";
		int used = 0;
		for (int h = 0; h < m->nhosts; h++)
			for (int i = 0; i < m->hosts[h].dir.nhgrm; i++) {
				const hgrm_file *f = &m->hosts[h].dir.hgrm[i];
				const rm_config *cfg = rm_config_of_stem(m, h, -1, f->name);
				if ((!cfg && rm_floor_of_stem(m, h, -1, f->name)) ||
				    strcmp(cfg ? cfg->wcase : "unmatched", wls[k]) != 0)
					continue;
				char *lab = labels[used++];
				const char *facet =
				    cfg ? threads_facet(cfg->row->threads) : "other";
				if (cfg) {
					snprintf(lab, RM_NAME + 140, "%s, threads=%d", cfg->series,
					         cfg->row->threads);
					rm_loop_label(cfg->row, loop, sizeof loop);
				} else
					snprintf(lab, RM_NAME + 140, "%s", f->name);
				if (l->nseries < RP_MAX_SERIES)
					own[l->nseries] = cfg;
				add_spectrum(l, lab, facet, f, 1, maxes, sizeof maxes);
			}
		int nown = 0; /* the spectra with a configuration, which floors may bound */
		while (nown < l->nseries && own[nown])
			nown++;
		if (nown == l->nseries)
			add_floors(m, l, own, nown, labels, &used, floors, sizeof floors);
		char name[200], title[300], caption[1600];
		rp_stem(name, sizeof name, "latency-%s", wls[k]);
		snprintf(title, sizeof title, "%s: latency by percentile%s%s%s", wls[k],
		         loop[0] ? " (" : "", loop, loop[0] ? ")" : "");
		char fl[800] = "";
		if (floors[0])
			snprintf(fl, sizeof fl,
			         " Grey lines: this run's floors that bound these ops and sampled "
			         "theirs (%s), each in the panels of the runtimes it bounds "
			         "(docs/RESULTS.md, Floors): no runtime's curve can lie below "
			         "them.",
			         floors);
		snprintf(caption, sizeof caption,
		         "HdrHistogram percentile spectrum of the sampled latencies of every "
		         "measured repetition (all rounds merged): x = 1/(1-p) on a log axis, so "
		         "each decade is one more nine.%s%s Maximum: %s.",
		         fl,
		         !strcmp(loop, "closed loop") ? " Closed loop: the source emits as fast "
		                                        "as the pipeline takes events, so this is "
		                                        "latency at saturation and a stall hides "
		                                        "behind it (coordinated omission); the "
		                                        "open-loop chart, when there is one, "
		                                        "shows the tail."
		                                      : "",
		         maxes);
		rp_style st = {.name = name,
		               .title = title,
		               .caption = caption,
		               .ylabel = "latency (µs)",
		               .refline = NAN,
		               .width = 1200,
		               .footnote = ""};
		rp_lines_emit(c, l, &st, "latency");
	}
}

/* The open-loop spectra (make bench's DIR/pipeline-open), one chart per
 * workload, each beside the closed-loop spectrum of the same runtime, variant
 * and threads from the main run. Returns the number of files drawn. */
static int latency_open(rp_ctx *c, rp_lines *l, char (*labels)[RM_NAME + 140])
{
	const report_model *m = c->m;
	const char *wls[RP_MAX_GROUPS];
	int nw = 0, files = 0;
	for (int i = 0; i < m->nxcfg; i++) {
		const rm_config *cfg = &m->xcfg[i];
		if (cfg->src == RM_OPEN_LOOP && rm_hgrm_of(m, cfg))
			rm_find_or_add(wls, &nw, RP_MAX_GROUPS, cfg->row->workload);
	}
	for (int k = 0; k < nw; k++) {
		memset(l, 0, sizeof *l);
		l->max_lines = LAT_LINES;
		char maxes[1000] = "", loop[64] = "";
		int used = 0;
		for (int i = 0; i < m->nxcfg; i++) {
			const rm_config *cfg = &m->xcfg[i], *twin;
			const hgrm_file *f = rm_hgrm_of(m, cfg), *tf;
			if (cfg->src != RM_OPEN_LOOP || !f || strcmp(cfg->row->workload, wls[k]))
				continue;
			rm_loop_label(cfg->row, loop, sizeof loop);
			snprintf(labels[used], RM_NAME + 140, "%s, threads=%d, %s", cfg->series,
			         cfg->row->threads, loop);
			add_spectrum(l, labels[used++], threads_facet(cfg->row->threads), f, 1,
			             maxes, sizeof maxes);
			files++;
			if (!(twin = rm_closed_loop_twin(m, cfg)) || !(tf = rm_hgrm_of(m, twin)))
				continue;
			snprintf(labels[used], RM_NAME + 140, "%s, threads=%d, closed loop",
			         twin->series, twin->row->threads);
			add_spectrum(l, labels[used++], threads_facet(twin->row->threads), tf, 1,
			             maxes, sizeof maxes);
		}
		char name[200], title[300], caption[1600];
		rp_stem(name, sizeof name, "latency-%s-open", wls[k]);
		snprintf(title, sizeof title, "%s: latency by percentile, %s vs closed loop",
		         wls[k], loop);
		snprintf(caption, sizeof caption,
		         "HdrHistogram percentile spectrum (x = 1/(1-p), log axis) of %s run %s "
		         "(pipeline-open/), each beside the closed-loop run of the same runtime, "
		         "variant and threads from the main suite (same colour, another dash). %s "
		         "Maximum: %s.",
		         wls[k], loop, coordinated_omission, maxes);
		rp_style st = {.name = name,
		               .title = title,
		               .caption = caption,
		               .ylabel = "latency (µs)",
		               .refline = NAN,
		               .width = 1200,
		               .footnote = ""};
		rp_chart *ch = rp_lines_emit(c, l, &st, "latency");
		if (ch)
			ch->story = true; /* the tail latency to read */
	}
	return files;
}

/* Why there is no open-loop chart, in one line. */
static void omit_open(rp_ctx *c)
{
	const report_model *m = c->m;
	if (rp_omit_unreadable(c, RM_OPEN_LOOP, "Open-loop latency"))
		return;
	for (int h = 0; h < m->nhosts; h++)
		if (rm_part_of(m, h, RM_OPEN_LOOP) >= 0) {
			rp_omit(c, "Open-loop latency: pipeline-open/ has no latency/*.hgrm files "
			           "(pipeline writes them; did every configuration fail?)");
			return;
		}
	rp_omit(c, "Open-loop latency: no pipeline-open/ (make bench runs pipeline with "
	           "--param rate=100000 into DIR/pipeline-open/: latency from each event's due "
	           "time, the tail a closed-loop run hides)");
}

void rp_chart_latency(rp_ctx *c)
{
	const report_model *m = c->m;
	int files = 0;
	for (int h = 0; h < m->nhosts; h++)
		files += m->hosts[h].dir.nhgrm;
	for (int i = 0; i < m->nxcfg; i++)
		files += m->xcfg[i].src == RM_OPEN_LOOP; /* one file each, and its twin */
	rp_lines *l = malloc(sizeof *l);
	char(*labels)[RM_NAME + 140] =
	    calloc((size_t)files * 2 + (size_t)m->nfloor * RM_MAX_THREADS + 1, sizeof *labels);
	if (!l || !labels) {
		free(l);
		free(labels);
		return;
	}
	bool any_main = false;
	for (int h = 0; h < m->nhosts; h++)
		any_main = any_main || m->hosts[h].dir.nhgrm > 0;
	int first_main = c->ncharts;
	if (any_main)
		latency_main(c, l, labels);
	else
		rp_omit(c, "Latency spectrum: no latency/*.hgrm files (the latency workloads, "
		           "pingpong and pipeline, write them)");
	int end_main = c->ncharts;
	if (latency_open(c, l, labels) == 0) {
		omit_open(c);
		/* no open-loop run: the closed-loop spectra are the latency there is */
		for (int i = first_main; i < end_main; i++)
			c->charts[i].story = true;
	}
	free(l);
	free(labels);
}

void rp_chart_c2c(rp_ctx *c)
{
	const report_model *m = c->m;
	int drawn = 0;
	for (int h = 0; h < m->nhosts; h++) {
		const c2c_matrix *x = &m->hosts[h].dir.c2c;
		if (x->npu == 0)
			continue;
		char name[200];
		rp_stem(name, sizeof name, "c2c-%s", m->hosts[h].label);
		FILE *d = rp_open_data(c, name);
		if (!d)
			continue;
		double lo = INFINITY, hi = 0;
		for (int i = 0; i < x->npu * x->npu; i++)
			if (!isnan(x->ns[i])) {
				lo = fmin(lo, x->ns[i]);
				hi = fmax(hi, x->ns[i]);
			}
		char hostc[300];
		safe_text(hostc, sizeof hostc, m->hosts[h].label);
		fprintf(d,
		        "# core-to-core one-way latency (ns, %s), host %s\n"
		        "# i j ns label text_rgb unmeasured\n",
		        x->metric, hostc);
		for (int i = 0; i < x->npu; i++) {
			for (int j = 0; j < x->npu; j++) {
				double v = x->ns[i * x->npu + j];
				/* white text on the darker half of the palette */
				if (isnan(v))
					fprintf(d, "%d %d NaN \"\" 0 1\n", i, j);
				else
					fprintf(d, "%d %d %.6g \"%.0f\" %d 0\n", i, j, v, v,
					        v > (lo + hi) / 2 ? 0xffffff : 0);
			}
			fputc('\n', d);
		}
		fclose(d);
		char *pre = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&pre, &len);
		if (!f)
			continue;
		char title[300], caption[600];
		snprintf(title, sizeof title, "Core-to-core latency, host %s", m->hosts[h].label);
		fprintf(f, "datafile = '%s.dat'\noutbase = '%s'\nnpu = %d\nshow_values = %d\n",
		        name, name, x->npu, x->npu <= 16);
		rp_var_str(f, "title_text", title);
		rp_var_str(f, "cblabel_text", "one-way latency (ns)");
		rp_var_str(f, "footnote",
		           "Grey hatched cells: not measured (the diagonal: a PU with itself).");
		/* the tic labels: OS PU numbers, as numbers */
		fprintf(f, "array pus[%d] = [", x->npu);
		for (int i = 0; i < x->npu; i++)
			fprintf(f, "%s%d", i ? ", " : "", x->pu[i]);
		fprintf(f, "]\n");
		fprintf(f, "width = 720\nheight = 640\n");
		fclose(f);
		char lo_s[32], hi_s[32];
		fmt_time_ns(lo_s, sizeof lo_s, lo);
		fmt_time_ns(hi_s, sizeof hi_s, hi);
		snprintf(
		    caption, sizeof caption,
		    "One-way latency between every ordered pair of PUs (%s of the round trips, "
		    "halved): from %s to %s. Blocks of similar colour are PUs that share a "
		    "cache or a package; the floor under every cross-core hand-off.",
		    x->metric, lo_s, hi_s);
		rp_chart *ch = rp_add_chart(c, name, "heatmap", pre, title, caption);
		if (ch) { /* the floor under every hand-off: on the page, as large as
			   its PUs need (20 px a PU beyond a frame, up to the SVG's size) */
			ch->story = true;
			ch->width = 300 + 20 * x->npu < 720 ? 300 + 20 * x->npu : 720;
			ch->height = ch->width * 640 / 720;
		}
		free(pre);
		drawn++;
	}
	if (drawn == 0)
		rp_omit(c, "Core-to-core heatmap: no c2c.csv (run corobench c2c --out DIR into the "
		           "results directory)");
}
