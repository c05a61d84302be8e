/*
 * compare.h — the benchstat table, in C: two sets of repetitions per
 * configuration, side by side, with what a reader needs to decide whether a
 * difference is real.
 *
 * Per configuration in common: each side's median and the half-width of its 95%
 * CI (order statistics, stats.h), the ratio of medians B/A with its 95% CI
 * (percentile bootstrap, ratio_ci.h), the two-sided Mann-Whitney U p-value
 * (mannwhitney.h), and the delta — or `~` when p >= alpha (0.05), benchstat's
 * convention for "no significant difference". A last row gives the geometric
 * means of the medians and their ratio (benchstat's geomean row).
 *
 * Sides are either two results directories (configurations matched by key) or
 * two values of one key field inside one directory (--by runtime=pthread,gmp:
 * configurations that differ only in that field are matched, and the field is
 * dropped from the printed key). Under --by runtime=A,B a configuration whose
 * partner has another channel name is paired like for like (pairing.h): Go's
 * chan=go-native with the C runtimes' chan=go (or chan=- where the workload
 * uses no channel), and the table says so. A FIELD that no key has is an
 * error naming it and the fields there are.
 *
 * What it promises: rows in the order of side A's runs.csv; no configuration in
 * common is an error (exit 2 for the CLI) naming an example key of each side;
 * configurations present on one side only are counted and named in a footnote,
 * never silently dropped.
 */
#ifndef COROBENCH_COMPARE_H
#define COROBENCH_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "../measure/mannwhitney.h"
#include "../measure/ratio_ci.h"
#include "../measure/stats.h"
#include "../results/read/results_read.h"
#include "../results/read/samples.h"

#define CMP_KEY_LEN 400

/* One configuration compared. */
typedef struct cmp_row {
	char key[CMP_KEY_LEN]; /* configuration (without the --by field)        */
	stats_summary a, b;    /* each side's statistics                         */
	ratio_ci ratio;        /* median(b) / median(a), 95% CI                  */
	bool have_ratio;       /* both medians positive                          */
	mw_result mw;          /* two-sided Mann-Whitney U                       */
	bool significant;      /* mw.p < alpha                                   */
	bool can_detect;       /* mw_min_p(na, nb) < alpha: a test could say yes */
	bool reduced;          /* a side ran a reduced size: not like for like   */
} cmp_row;

/* What to compare. */
typedef struct cmp_spec {
	const char *metric;   /* "ns_per_op" (default) or an extra column name     */
	const char *by_field; /* NULL: two directories; else the key field ...     */
	const char *by_a;     /* ... whose value selects side A                    */
	const char *by_b;     /* ... and side B                                    */
	double alpha;         /* significance level (0.05)                         */
} cmp_spec;

/* The comparison. */
typedef struct cmp_table {
	cmp_row *rows;      /* configurations in common                         */
	int nrows;          /* count                                            */
	int only_a, only_b; /* configurations without a partner                 */
	char example_only_a[CMP_KEY_LEN], example_only_b[CMP_KEY_LEN]; /* one of each */
	double geo_a, geo_b;             /* geometric means of the medians (0: none)         */
	char metric[96];                 /* the metric                                       */
	bool metric_is_time;             /* ns_per_op: print with time units                 */
	char label_a[300], label_b[300]; /* what each side is                       */
	int paired_native;               /* --by runtime: pairs made like for like
	                                    across channels (pairing.h)             */
	double alpha;                    /* significance level                               */
} cmp_table;

/* b may be NULL when spec->by_field is set. */
bool compare_build(const rr_dir *a, const rr_dir *b, const cmp_spec *spec, cmp_table *t, char *err,
                   size_t errlen);
/* One row from two groups of samples (also used by the report's speed-up chart
 * and findings). */
void compare_row(const smp_group *a, const smp_group *b, double alpha, cmp_row *row);
void compare_print(FILE *f, const cmp_table *t);
void compare_print_csv(FILE *f, const cmp_table *t);
void compare_free(cmp_table *t);

#endif
