/*
 * mannwhitney.h — the Mann-Whitney U test (Wilcoxon rank-sum test): is one set
 * of repetitions systematically larger than another? Distribution-free, so a
 * skewed benchmark distribution (a few slow repetitions) does not fool it, which
 * is why benchstat uses it and why `corobench compare` and the report's findings do.
 *
 * What it promises (the conventions of R's wilcox.test, so results can be checked
 * against it and against the textbook tables):
 *   - U is the statistic of sample a: the number of pairs (a_i, b_j) with
 *     a_i > b_j, ties counting 1/2 (R's W).
 *   - Exact p-value when both samples have fewer than MW_EXACT_BELOW values and
 *     there are no ties: the null distribution of U is computed exactly (every
 *     ordering of the pooled sample equally likely), by the recurrence on the
 *     largest value (it comes from a with probability na/(na+nb)).
 *   - Otherwise the normal approximation with the tie correction of the variance
 *     and a continuity correction of 1/2 (Hollander & Wolfe, "Nonparametric
 *     Statistical Methods", 2nd ed., §4.1).
 *   - Two-sided p = min(1, 2 * smaller tail), as R does.
 *   - Returns false (and p = 1) when a sample is empty or holds a NaN.
 */
#ifndef COROBENCH_MANNWHITNEY_H
#define COROBENCH_MANNWHITNEY_H

#include <stdbool.h>

#define MW_EXACT_BELOW 50 /* R's threshold: the exact table is cheap below 50 x 50 */

typedef enum mw_alternative {
	MW_TWO_SIDED, /* a and b differ in location                      */
	MW_GREATER,   /* a tends to be larger than b                      */
	MW_LESS,      /* a tends to be smaller than b                     */
} mw_alternative;

typedef struct mw_result {
	double u;   /* U of sample a (pairs a_i > b_j, ties 1/2)               */
	double p;   /* p-value for the alternative asked                       */
	double z;   /* normal-approximation z (continuity-corrected); 0 if exact */
	bool exact; /* p from the exact distribution of U                      */
	bool ties;  /* the pooled sample has ties                              */
	int na, nb; /* sample sizes                                            */
} mw_result;

bool mw_test(const double *a, int na, const double *b, int nb, mw_alternative alt, mw_result *r);

/* The smallest two-sided p-value any data could give with these sample sizes
 * (no ties): 2 / C(na+nb, na). Below 0.05 only when a test can say anything. */
double mw_min_p(int na, int nb);

#endif
