/* run_param.h — one `corobench run --param NAME=V[,V...]` into a matrix
 * parameter: numbers and ranges as parse_int_list reads them; a workload's
 * named values (workload.h's param_names: server=conn|nethttp) as their
 * numbers; preempt=on|off as 1|0 (matrix.h's MATRIX_PREEMPT). Promises: false
 * with one line in err naming the bad value (and, for a name, the known ones);
 * never exits. */
#ifndef COROBENCH_CLI_RUN_PARAM_H
#define COROBENCH_CLI_RUN_PARAM_H

#include <stdbool.h>
#include <stddef.h>

#include "../../run/matrix.h"

bool run_param_parse(const char *arg, matrix_param *p, char *err, size_t errlen);

#endif
