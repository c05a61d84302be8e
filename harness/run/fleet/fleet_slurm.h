/*
 * fleet_slurm.h — the Slurm backend of `corobench fleet` (fleet.h): instead of
 * reaching hosts over ssh, it submits one batch job per partition through
 * sbatch, each of `-N NODES` nodes held alone (--exclusive) with one
 * measurement per node (srun --ntasks-per-node=1), waits for the jobs, and
 * turns every node's results directory into a fleet_outcome, so the gathering,
 * fleet.csv, the host table and the multi-host report are the ssh fleet's.
 *
 *   submit  sbatch --parsable --job-name=corobench-ID --chdir=DEST
 *           --output=/dev/null --nodes=NODES [--partition=P] [--time=T]
 *           [--cpus-per-task=C] OUT/corobench-slurm.sh COROBENCH DEST run ARGS...
 *           (the script: scripts/corobench-slurm.sh, slurm_script.h; exec'd with
 *           an argv array, so no value meets a shell; inside the script every
 *           value is a positional parameter, never part of its text)
 *   wait    `scontrol show job -o ID` every poll interval (`sacct` once
 *           slurmctld has forgotten a job, where accounting is on), a progress
 *           line whenever a job's state, reason, nodes or count of finished
 *           nodes changes, and once a minute; SIGINT or SIGTERM cancels the
 *           jobs (scancel) and still gathers what finished
 *   gather  node N of job J wrote DEST/N-jobJ/ (its results), N-jobJ.log and,
 *           once done, N-jobJ.exit; DEST is OUT itself, or SHARED/<run id>
 *           with --shared-dir SHARED, from where each node's directory and log
 *           are copied into OUT (cp -RP, then fleet_sanitize). A node with no
 *           exit file did not finish: it is listed with Slurm's state and
 *           reason (TIMEOUT, PREEMPTED, NODE_FAIL, CANCELLED, ...), a job that
 *           never started with its state and reason, a job sbatch refused with
 *           sbatch's message; the other nodes' results and the report stand.
 *
 * Results are keyed by node and job (OUT/<node>-job<id>/): two runs on one
 * node, in one fleet or two, never overwrite each other, and env.json's
 * "slurm" section (results/write/env_slurm.c) names the job, node, partition
 * and what was granted, from which the report labels hosts "node (partition)".
 * OUT/slurm.csv keeps each job's final state; OUT/slurm-<id>.out is the batch
 * script's own output (srun's messages; the script writes it into DEST, as
 * Slurm would expand a '%' in an --output path).
 */
#ifndef COROBENCH_FLEET_SLURM_H
#define COROBENCH_FLEET_SLURM_H

#include <stdbool.h>
#include <stdio.h>

#include "fleet.h"
#include "slurm_job.h"

#define FS_MAX_JOBS 16 /* partitions in one fleet */

/* What to submit, beside the fleet_job (its id, seed, run options, OUT). */
typedef struct fleet_slurm {
	const char
	    *partitions[FS_MAX_JOBS]; /* one job each; nparts 0: one job, default partition */
	int nparts;                   /* how many                                            */
	int nodes;                    /* sbatch -N, per job                                  */
	const char *time;             /* sbatch --time, or NULL (the partition's default)    */
	int cpus;                     /* sbatch --cpus-per-task; 0: all the job holds on a node */
	char corobench[4096];         /* the binary the nodes run, absolute                  */
	char dest[4200];              /* where the nodes write, absolute: OUT or SHARED/<id> */
	char script[4300];            /* OUT/corobench-slurm.sh, the script submitted        */
	double poll_s;                /* seconds between two looks at the jobs               */
} fleet_slurm;

/* One job of the fleet. */
typedef struct fs_job {
	const char *partition; /* as given; NULL: the default partition                  */
	char id[32];           /* Slurm's job id; "" when sbatch refused it                */
	char why[600];         /* sbatch's message when it refused, else ""               */
	sj_state st;           /* the last state seen                                     */
	bool seen;             /* st was read at least once                               */
	bool gone;             /* neither scontrol nor sacct knows it any more            */
	bool done;             /* terminal (or gone)                                      */
} fs_job;

/* The sbatch command for job j (the script's path from s->script), as an argv
 * into argv (max entries, NULL-terminated; strings in buf). */
void fleet_slurm_sbatch_argv(const fleet_job *job, const fleet_slurm *s, int j, const char **argv,
                             int max, char *buf, size_t buflen);

/* --dry-run: the batch script, then each job's sbatch command, shell-quoted. */
void fleet_slurm_plan(FILE *f, const fleet_job *job, const fleet_slurm *s);

/* Writes the script to s->script (mode 0755). */
bool fleet_slurm_write_script(const fleet_slurm *s, char *err, size_t errlen);

/* Submits every job (jobs has max(nparts, 1) entries); a refused one keeps
 * sbatch's message. Returns how many were submitted. */
int fleet_slurm_submit(const fleet_job *job, const fleet_slurm *s, fs_job *jobs, int n,
                       FILE *progress);

/* Waits until every submitted job is done, with progress lines. SIGINT or
 * SIGTERM cancels them (scancel) and waits for that; a second signal ends
 * the process. True when it was interrupted. */
bool fleet_slurm_wait(const fleet_slurm *s, fs_job *jobs, int n, FILE *progress);

/* The outcomes, one per node of every job that ran, one per job that did not:
 * malloc'd into *out, their count returned. Copies DEST's results into OUT
 * when they differ. */
int fleet_slurm_outcomes(const fleet_job *job, const fleet_slurm *s, const fs_job *jobs, int n,
                         fleet_outcome **out);

/* Each job's final state, one line each, and OUT/slurm.csv
 * (job,partition,state,reason,exit_code,nodes,run_s,meaning); false with err
 * when the file cannot be written. */
bool fleet_slurm_report(FILE *f, const fleet_job *job, const fs_job *jobs, int n, char *err,
                        size_t errlen);

#endif
