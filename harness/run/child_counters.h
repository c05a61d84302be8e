/*
 * child_counters.h — the counter set inside a child process, and its records.
 *
 * What it is for
 *   child.c opens the set (counters.h) before the runtime starts, so every thread
 *   the runtime creates inherits it; switches it on and off around run() through
 *   execute.h's before_run/after_run (just outside the clock pair); and after each
 *   repetition, outside the timed region, reads it and adds the counts to the
 *   repetition's record. The fields (docs/RESULTS.md, "Child protocol"):
 *
 *     info:  counter.<event>=<status>        counted, unsupported, denied, ...
 *            counter_why.<event>=<reason>    when not counted
 *            counter_scope=threads           what the counts cover (see counters.h)
 *     rep:   ctr.<event>=<count>             total over run(), scaled if multiplexed;
 *                                            empty when not counted (never 0)
 *            ctr_ratio.<event>=<r>           running/enabled, only when r < 1
 */
#ifndef COROBENCH_CHILD_COUNTERS_H
#define COROBENCH_CHILD_COUNTERS_H

#include "../measure/counters/counters.h"
#include "../results/protocol.h"

/* Opens spec in this process (NULL or an empty spec: no set, NULL returned). */
ctr_set *child_counters_open(const ctr_spec *spec);

/* Reads the set (call once per repetition, ok or not, so the next one starts
 * from here) and, when w is not NULL, adds the rep fields to it. */
void child_counters_rep(ctr_set *s, proto_writer *w);

/* The latest repetition's count of `event` (as child_counters_rep read it), or
 * -1 when the set does not count it (placement's migration check reads
 * cpu-migrations here). */
double child_counters_value(const ctr_set *s, const char *event);

/* Adds the info fields. */
void child_counters_info(const ctr_set *s, proto_writer *w);

#endif
