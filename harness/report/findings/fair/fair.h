/*
 * fair.h — what the fairness workloads' summary rows (fair_sum.c) and
 * findings (find_fair.c) share: where their configurations are. make bench
 * runs hog, wakeup, fairshare and syscall in a pass of their own
 * (fairness/); a plain run has them in its main run (model/report_model.h:
 * rm_workload_part says which).
 */
#ifndef COROBENCH_REPORT_FAIR_H
#define COROBENCH_REPORT_FAIR_H

#include "../find.h"

/* Host h's configuration of case wcase in its main run (part -1) or part on
 * runtime rt at t workers: on the reference channel ("go", none, Go's own,
 * else any) and at the default placement first; NULL when none. */
const rm_config *rf_fair_find(const report_model *m, int h, int part, const char *wcase,
                              const char *rt, int t);

#endif
