/*
 * warmup.h — did the first measured repetitions of each child process run
 * slower than the rest? (cold caches and TLBs, page faults of fresh stacks,
 * a runtime growing its pools, CPU frequency ramping up). If they did, the
 * warm-up count was too small and the median is biased up; the summary's note
 * column and the report say so, with the repetitions to discard.
 *
 * Method: within each round, repetitions are numbered in the order they ran.
 * The "early" group is the first k of every round, k = max(1, reps/4) (a quarter:
 * enough to catch a ramp of a few repetitions, few enough to leave most data in
 * the "rest" group); the rest is everything after. Early repetitions count as
 * slower when
 *   - a one-sided Mann-Whitney test (early > rest) gives p < 0.05, and
 *   - the early median is more than 5% above the rest's (the flag's threshold:
 *     a smaller difference would not move the headline numbers), or, when the
 *     samples are too few for any test to reach p < 0.05 (mw_min_p),
 *   - every early repetition is slower than every later one, again by > 5%
 *     at the medians (stated as untested).
 * What it promises: never modifies inputs; a configuration with a single
 * repetition index (one rep per round) is not checked (checked = false).
 */
#ifndef COROBENCH_WARMUP_H
#define COROBENCH_WARMUP_H

#include <stdbool.h>
#include <stddef.h>

#define WARMUP_MIN_RATIO 1.05 /* early median must exceed the rest's by 5% */

typedef struct warmup_check {
	bool checked; /* enough structure to look (>= 2 repetition indexes)      */
	bool slower;  /* the early repetitions were slower                       */
	bool tested;  /* decided by the Mann-Whitney test (else by all-slower)    */
	int early;    /* repetitions per round counted as early (k)              */
	int n_early;  /* samples in the early group                              */
	double ratio; /* median(early) / median(rest)                            */
	double p;     /* one-sided Mann-Whitney p (1 when not tested)            */
} warmup_check;

/* x[i] is a sample, rep[i] its repetition number inside its round (any origin:
 * warm-ups may or may not be counted); n samples. */
void warmup_run(const double *x, const int *rep, int n, warmup_check *w);

/* One line for the summary's note column / the report: empty when not slower.
 * "first 1 rep(s) of each round 12% slower (p=0.003): use --warmup 2". */
void warmup_note(const warmup_check *w, int warmup_used, char *buf, size_t len);

#endif
