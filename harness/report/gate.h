/*
 * gate.h — the regression gate of `corobench compare OLD NEW
 * --fail-on-regression PCT`: exit 1 when a configuration is worse in NEW by more
 * than PCT and the data say so beyond reasonable doubt, for a CI job to fail on.
 *
 * A configuration regressed when all three hold:
 *   1. the one-sided Mann-Whitney U test (NEW larger than OLD) is significant
 *      after Holm's correction for the number of configurations compared, at
 *      alpha = 0.05. The one-sided p is half compare's two-sided p when U lies
 *      on the NEW-larger side of its (symmetric) null distribution, else at
 *      least 0.5. Holm, not Benjamini-Hochberg: a gate fails a build, so what
 *      must be rare is any false alarm in the whole table (Holm bounds that
 *      family-wise error at alpha); BH bounds only the share of false ones among
 *      those flagged, which with hundreds of configurations lets a few through.
 *   2. the 95% bootstrap interval of the ratio NEW/OLD lies wholly above 1 + PCT
 *      (the regression is larger than PCT with confidence, not only the median);
 *   3. the row is like for like (no side ran a reduced size).
 * Larger is worse for every metric compare takes (time and counts per op).
 *
 * What it promises: a verdict with its reasons, never silence. When no
 * configuration could reach significance (too few repetitions for the number of
 * configurations), the gate passes and says that nothing can be told, and why;
 * configurations with fewer than GATE_MIN_REPS repetitions on a side are counted
 * and one is named (the test may miss a regression there).
 */
#ifndef COROBENCH_GATE_H
#define COROBENCH_GATE_H

#include <stdbool.h>
#include <stdio.h>

#include "compare.h"

#define GATE_ALPHA    0.05
#define GATE_MIN_REPS 10 /* benchstat's advice, and what run gives by default */

/* Parses PCT: "5%", "5", "2.5%" (a percentage in (0, 1000]); false with err
 * naming the value. */
bool gate_parse_pct(const char *s, double *pct, char *err, size_t errlen);

/* The verdict on t: writes the gate's section to f and returns true when some
 * configuration regressed (exit 1), false otherwise (exit 0). */
bool gate_report(FILE *f, const cmp_table *t, double pct);

#endif
