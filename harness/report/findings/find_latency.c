/*
 * find_latency.c — the latency of the main run (find.h): for each latency file
 * (latency/<stem>.hgrm) of each host, its median, p99, p99.9 (and how many times the
 * median that is), maximum and sample count.
 *
 * What it promises: one sentence per file, at the lowest thread count when the
 * run has several (the chart shows them all); a file that matches no
 * configuration is still said, by its name; a floor's (runtime=floor) is not
 * a latency of its own but its floor value (find_floors.c). Values are read in µs
 * (harness/measure/latency.h) and written as times.
 */
#include "find.h"

#include <stdio.h>

#include "../../base/units.h"

void find_latency(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++)
		for (int i = 0; i < m->hosts[h].dir.nhgrm; i++) {
			const hgrm_file *x = &m->hosts[h].dir.hgrm[i];
			const rm_config *c = rm_config_of_stem(m, h, -1, x->name);
			if (!c && rm_floor_of_stem(m, h, -1, x->name))
				continue; /* a floor's samples: its value, find_floors.c */
			/* one thread count is enough for a sentence; the chart has them all */
			if (c && m->nthreads > 1 && c->row->threads != m->threads[0])
				continue;
			char p50[32], p99[32], p999[32], mx[32];
			/* .hgrm values are in µs (harness/measure/latency.h) */
			fmt_time_ns(p50, sizeof p50, hgrm_value_at(x, 0.5) * 1000);
			fmt_time_ns(p99, sizeof p99, hgrm_value_at(x, 0.99) * 1000);
			fmt_time_ns(p999, sizeof p999, hgrm_value_at(x, 0.999) * 1000);
			fmt_time_ns(mx, sizeof mx, x->pts[x->npts - 1].value * 1000);
			double tail = hgrm_value_at(x, 0.999) / hgrm_value_at(x, 0.5);
			char t[32];
			fmt_times(t, sizeof t, tail);
			char what[400];
			if (c)
				snprintf(what, sizeof what, "%s on %s, threads=%d", c->wcase,
				         c->series, c->row->threads);
			else
				snprintf(what, sizeof what, "%s", x->name);
			rf_add_host(
			    f, m, h, "latency",
			    "Latency of %s: median %s, p99 %s, p99.9 %s (%s the median), maximum "
			    "%s over "
			    "%llu samples.",
			    what, p50, p99, p999, t, mx, (unsigned long long)x->total);
		}
}
