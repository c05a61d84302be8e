/* fleet_slurm_internal.h — text helpers shared by fleet_slurm.c (submit, wait)
 * and fleet_slurm_gather.c (outcomes, table); not part of fleet_slurm.h's API. */
#ifndef COROBENCH_FLEET_SLURM_INTERNAL_H
#define COROBENCH_FLEET_SLURM_INTERNAL_H

#include <stddef.h>

#include "fleet_slurm.h"

/* Text from Slurm or a node, for a terminal and a CSV cell: one line,
 * control characters as '?'. */
void fslurm_clean(char *s);

/* The last non-empty line of a file (its last 4 KiB), "" when none. */
void fslurm_last_line_file(const char *path, char *out, size_t len);

/* The partition as given, or as Slurm named it once seen ("default" before). */
const char *fslurm_part_name(const fs_job *j);

#endif
