/*
 * cmd_fleet.h — what the two ways of `corobench fleet` share: over ssh with a
 * hosts file (cmd_fleet.c) and through Slurm (`fleet --slurm`,
 * cmd_fleet_slurm.c). Both check the run options here first (exit 2 before
 * anything is reached), give every host the same seed, fill a new or empty
 * fleet directory, and end with the same gathering, host table and report.
 */
#ifndef COROBENCH_CMD_FLEET_H
#define COROBENCH_CMD_FLEET_H

#include <stdbool.h>
#include <stddef.h>

#include "../run/fleet/fleet.h"
#include "command.h"
#include "run/run_options.h"

/* "corobench fleet: MSG" on stderr; returns 2. */
int fleet_usage_error(const char *msg);

/* The run options as `corobench run` would check them (not what only the
 * hosts can tell: --go paths, placements on their machines); --out refused.
 * 0, 1 for --help, 2 with err. */
int fleet_check_run_options(const char **args, int n, run_options *o, char *err, size_t errlen);

/* The job's seed (o's, or one drawn here: appended to args as --seed when
 * there are run options), its id fleet-<stamp>, its run_args (args, NULL when
 * none). Frees o. args must have room for two more entries and the NULL. */
void fleet_job_setup(fleet_job *job, run_options *o, const char **args, int *nargs, char *seedtext,
                     size_t len);

/* This binary's directory and source tree (src, or the tree above build/). */
bool fleet_locate(fleet_job *job, const char *src, char *err, size_t errlen);

/* Makes job->out, which must be new or empty (job->out becomes the path made). */
bool fleet_make_out(fleet_job *job, char *err, size_t errlen);

/* Gathers the outcomes (fleet_gather: fleet.csv), prints the table, writes the
 * report of those that delivered into OUT/report. what names an entry ("host",
 * "node"). Returns the exit status: 0 every entry delivered with run exit 0,
 * else 1. */
int fleet_finish(fleet_job *job, fleet_outcome *res, int n, const char *what);

/* `corobench fleet ... --slurm ...` (cmd_fleet_slurm.c): argv as fleet's,
 * --slurm anywhere in it. */
int fleet_slurm_main(int argc, char **argv);

#endif
