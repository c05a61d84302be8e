/* hist_io.c — see hist_io.h. */
#include "hist_io.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* HdrHistogram's percentile iterator: walks the counters and stops at percentile
 * levels that start at 0% and halve their distance to 100% every `ticks` steps. */
typedef struct pct_iter {
	const histo *h;    /* the histogram walked                                   */
	int ticks;         /* reporting ticks per half distance to 100%              */
	int idx;           /* current counter, -1 before the first                   */
	uint64_t count_to; /* samples in counters [0, idx]                           */
	double level;      /* next percentile level to report                        */
	bool seen_last;    /* the closing 100% line was emitted                      */
	double pct;        /* out: percentile of this step                           */
	uint64_t value;    /* out: highest value equivalent to the counter reached   */
} pct_iter;

static bool iter_advance(pct_iter *it)
{
	if (it->count_to >= it->h->total || it->idx + 1 >= it->h->counts_len)
		return false;
	it->idx++;
	it->count_to += it->h->counts[it->idx];
	return true;
}

static bool pct_next(pct_iter *it)
{
	if (it->count_to >= it->h->total) {
		if (it->seen_last || it->idx < 0)
			return false;
		it->seen_last = true;
		it->pct = 100.0;
		return true;
	}
	if (it->idx < 0 && !iter_advance(it))
		return false;
	do {
		double cur = 100.0 * (double)it->count_to / (double)it->h->total;
		if (it->h->counts[it->idx] != 0 && it->level <= cur) {
			it->pct = it->level;
			it->value =
			    histo_highest_equivalent(it->h, histo_value_at_index(it->h, it->idx));
			double halvings = floor(log2(100.0 / (100.0 - it->level))) + 1;
			it->level += 100.0 / ((double)it->ticks * pow(2, halvings));
			return true;
		}
	} while (iter_advance(it));
	it->seen_last = true; /* levels ran past the data: close with 100% */
	it->pct = 100.0;
	return true;
}

int histo_write_hgrm(const histo *h, FILE *out, double unit_ns, int ticks_per_half)
{
	int ok = fprintf(out, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount",
	                 "1/(1-Percentile)") >= 0;
	pct_iter it = {.h = h, .ticks = ticks_per_half > 0 ? ticks_per_half : 5, .idx = -1};
	while (ok && pct_next(&it)) {
		double v = (double)it.value / unit_ns, p = it.pct / 100.0;
		if (it.pct < 100.0)
			ok = fprintf(out, "%12.*f %2.12f %10" PRIu64 " %14.2f\n", h->sigfigs, v, p,
			             it.count_to, 1.0 / (1.0 - p)) >= 0;
		else
			ok = fprintf(out, "%12.*f %2.12f %10" PRIu64 "\n", h->sigfigs, v, p,
			             it.count_to) >= 0;
	}
	uint64_t max = h->total ? histo_highest_equivalent(h, h->max) : 0;
	if (ok)
		ok = fprintf(out,
		             "#[Mean    = %12.*f, StdDeviation   = %12.*f]\n"
		             "#[Max     = %12.*f, Total count    = %12" PRIu64 "]\n"
		             "#[Buckets = %12d, SubBuckets     = %12d]\n",
		             h->sigfigs, histo_mean(h) / unit_ns, h->sigfigs,
		             histo_stddev(h) / unit_ns, h->sigfigs, (double)max / unit_ns, h->total,
		             h->bucket_count, 1 << h->sub_bucket_bits) >= 0;
	if (ok && h->overflow)
		ok = fprintf(out, "#[Overflow = %12" PRIu64 " samples above %.*f, not counted]\n",
		             h->overflow, h->sigfigs, (double)h->highest / unit_ns) >= 0;
	return ok ? 0 : -EIO;
}

int histo_write_raw(const histo *h, FILE *out)
{
	int ok =
	    fprintf(out,
	            "corobench-histo 1 %" PRIu64 " %d %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
	            " %.17g\n",
	            h->highest, h->sigfigs, h->total, h->overflow, h->min, h->max, h->sum) >= 0;
	for (int i = 0; ok && i < h->counts_len; i++)
		if (h->counts[i])
			ok = fprintf(out, "%d %" PRIu64 "\n", i, h->counts[i]) >= 0;
	return ok ? 0 : -EIO;
}

bool histo_read_raw(histo *into, FILE *in, char *err, size_t errlen)
{
	uint64_t highest, total, overflow, min, max, count, seen = 0;
	int sigfigs, version, idx;
	double sum;
	if (fscanf(in,
	           "corobench-histo %d %" SCNu64 " %d %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
	           " %lf",
	           &version, &highest, &sigfigs, &total, &overflow, &min, &max, &sum) != 8 ||
	    version != 1) {
		snprintf(err, errlen, "not a corobench-histo version 1 file");
		return false;
	}
	if (highest != into->highest || sigfigs != into->sigfigs) {
		snprintf(err, errlen, "histogram layout %" PRIu64 "/%d differs from %" PRIu64 "/%d",
		         highest, sigfigs, into->highest, into->sigfigs);
		return false;
	}
	histo *tmp = histo_new(highest, sigfigs);
	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	int got;
	while ((got = fscanf(in, "%d %" SCNu64, &idx, &count)) == 2) {
		if (idx < 0 || idx >= tmp->counts_len) {
			got = 0;
			break;
		}
		tmp->counts[idx] += count;
		seen += count;
	}
	if (got != EOF || seen != total) {
		snprintf(err, errlen,
		         "damaged counters (%" PRIu64 " counted, header says %" PRIu64 ")", seen,
		         total);
		histo_free(tmp);
		return false;
	}
	tmp->total = total;
	tmp->overflow = overflow;
	tmp->min = total ? min : UINT64_MAX;
	tmp->max = max;
	tmp->sum = sum;
	histo_merge(into, tmp);
	histo_free(tmp);
	return true;
}
