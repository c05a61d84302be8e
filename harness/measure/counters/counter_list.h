/*
 * counter_list.h — the counters section of `corobench list`: the named sets, and
 * for each of their events whether this machine can count it, and why not.
 * Availability is tried, not assumed: each event is opened (on the calling
 * thread, disabled) and closed again, exactly as a run would open it.
 */
#ifndef COROBENCH_COUNTER_LIST_H
#define COROBENCH_COUNTER_LIST_H

#include <stdio.h>

void ctr_list_print(FILE *f);

#endif
