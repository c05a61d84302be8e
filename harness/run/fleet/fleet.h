/*
 * fleet.h — one matrix on several machines, one report: what `corobench fleet`
 * does apart from how it reaches a machine. The ssh backend (fleet_ssh.h) ships,
 * runs and fetches over OpenSSH; a batch-system backend (Slurm, issue 23) would
 * submit and wait instead, and reuse the rest: the job (what every host runs,
 * with one seed), the outcomes, the parallel driver, the gathering of the
 * fetched results directories and the table of hosts.
 *
 * Local layout, under the fleet directory OUT (default results/fleet-<stamp>):
 *   OUT/<name>/       the results directory fetched from host <name>
 *   OUT/<name>.log    everything that host's steps printed (ssh, tar, build, run)
 *   OUT/fleet.csv     name,where,status,run_exit,seconds,results,reason
 *   OUT/report/       the multi-host report (corobench report of the hosts that
 *                     delivered), written by the command
 *
 * What it promises
 *   - Hosts run in parallel, one child process each; a host that fails (cannot
 *     connect, build, run or deliver) gets its reason and the others go on.
 *   - A host counts as delivered only when its results directory loads
 *     (results_load: the same checks as report and compare); a run that exited 1
 *     (some configuration failed) still delivers, and says so.
 *   - Nothing fetched is trusted: everything but regular files and directories
 *     is removed from a fetched tree before it is read (fleet_sanitize), and
 *     reasons are shown escaped.
 */
#ifndef COROBENCH_FLEET_H
#define COROBENCH_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What every host runs. */
typedef struct fleet_job {
	char id[64];                 /* the run's id, fleet-<YYYYmmdd-HHMMSS>: the remote
	                              * results directory's name                       */
	uint64_t seed;               /* the shuffle seed, the same on every host        */
	const char *const *run_args; /* `corobench run` options, --seed included,
	                              * NULL-terminated; NULL: `make bench`             */
	bool binary;                 /* ship the local build instead of the source      */
	char bin_dir[4096];          /* the local build directory (corobench, corobench-go) */
	char src_dir[4096];          /* the local source tree, "" when not found       */
	const char *ssh_config;      /* ssh -F FILE, or NULL                            */
	char out[4096];              /* the local fleet directory                       */
} fleet_job;

/* What became of one host. */
typedef struct fleet_outcome {
	char name[64];      /* its label                                               */
	char where[300];    /* how it was reached: [user@]host[:port], or a node and job */
	bool ok;            /* its results directory was fetched and loads             */
	int run_exit;       /* the remote run's exit status, -1 when it did not run    */
	char reason[700];   /* why not ok, or what to know ("2 configurations failed") */
	char results[4200]; /* the local results directory                             */
	double seconds;     /* wall time of all its steps                              */
} fleet_outcome;

/* One host's work, in a child process: fills *out (name, where and the rest). */
typedef void (*fleet_host_fn)(const fleet_job *job, int host, void *arg, fleet_outcome *out);

/* Runs fn for hosts 0..n-1 at once, each in a child process, and collects the
 * outcomes; a line on progress (may be NULL) as each host ends. */
void fleet_parallel(const fleet_job *job, int n, fleet_host_fn fn, void *arg, fleet_outcome *out,
                    FILE *progress);

/* Removes from the tree at dir everything that is not a regular file or a
 * directory (symlinks, devices, fifos): fetched data never points elsewhere. */
void fleet_sanitize(const char *dir);

/* Checks that every ok host's results directory loads (else the host fails with
 * the reader's message) and writes OUT/fleet.csv. Returns how many delivered;
 * -1 with err when fleet.csv cannot be written. */
int fleet_gather(const fleet_job *job, fleet_outcome *out, int n, char *err, size_t errlen);

/* The table of hosts: name, where, status, time, results or reason. */
void fleet_table(FILE *f, const fleet_outcome *out, int n);

#endif
