/*
 * env_diff.h — before a comparison of two results directories: did they run on
 * the same machine, built by the same compiler, with the same Go? A difference
 * there may explain any difference in the numbers, so `compare` says so first.
 *
 * Compared (env.json): machine: host, cpu_model, online_cpus, arch, kernel;
 * build: compiler, cflags; Go: go_version. The git revision is not (a change of
 * code is what a comparison usually asks about). A directory without env.json
 * says that it cannot be told.
 */
#ifndef COROBENCH_ENV_DIFF_H
#define COROBENCH_ENV_DIFF_H

#include <stdio.h>

#include "../results/read/results_read.h"

/* Writes one "note: ..." line per kind of difference (machine, compiler, Go);
 * returns how many it wrote. Values are escaped (safe_text.h). */
int env_diff_print(FILE *f, const rr_dir *a, const rr_dir *b);

#endif
