/*
 * cmd_fleet_slurm.c — `corobench fleet --slurm [options] [run options]`: the
 * same matrix on the nodes of a Slurm cluster, one batch job per partition,
 * one measurement per node, gathered into one fleet directory and one
 * multi-host report keyed by node and partition (run/fleet_slurm.h; the batch
 * script is scripts/corobench-slurm.sh, docs/SLURM.md).
 *
 *   --partition P[,P...]  one job per partition (the option may repeat);
 *                         none: one job in the cluster's default partition
 *   --nodes N             nodes per job (sbatch -N; default 1), one run each
 *   --time T              the jobs' time limit (sbatch --time: minutes,
 *                         [D-]HH:MM[:SS], ...); default: the partition's
 *   --cpus-per-node C     the run on each node gets C of its CPUs (sbatch
 *                         --cpus-per-task; the node is still the job's alone);
 *                         default: every CPU the job holds there
 *   --shared-dir DIR      where the nodes write (DIR/<run id>/), a directory
 *                         the nodes and this host see; the results are copied
 *                         from there into OUT. Default: OUT itself, which must
 *                         then be on a file system the nodes see
 *   --corobench PATH      the binary the nodes run (default: this one, at its
 *                         path here: a shared file system)
 *   --poll S              seconds between two looks at the jobs (default 5)
 *   --out DIR             the fleet directory (default results/fleet-<stamp>)
 *   --dry-run             print the batch script and the sbatch commands;
 *                         submit nothing, create nothing
 *   run options           as `corobench run` (not --out), checked here first;
 *                         none: make bench's suite on every node
 *
 * Exit status: 0 every node delivered and its run had no failed
 * configuration; 1 a job was refused or a node failed, timed out, was
 * preempted or cancelled, or a run had failed configurations (the others'
 * results and the report stand); 2 bad usage or a bad run option; 130 when
 * interrupted (the jobs were cancelled; what finished is gathered).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/fs.h"
#include "../base/parse.h"
#include "../base/proc.h"
#include "../base/shell_quote.h"
#include "../base/xalloc.h"
#include "../report/safe_text.h"
#include "../run/fleet/fleet.h"
#include "../run/fleet/fleet_slurm.h"
#include "cmd_fleet.h"
#include "run/run_options.h"

static const cb_command slurm_help = {
    .name = "fleet",
    .usage = "fleet --slurm [--partition P[,P...]] [--nodes N] [--time T] [--cpus-per-node C]\n"
             "                       [--shared-dir DIR] [--corobench PATH] [--poll S] [--out DIR]\n"
             "                       [--dry-run] [run options]\n\n"
             "  --partition P[,P...]  one batch job per partition (default: the default one)\n"
             "  --nodes N       nodes per job (sbatch -N; default 1): one measurement on each,\n"
             "                  the node held alone (--exclusive)\n"
             "  --time T        the jobs' time limit (sbatch --time); default: the partition's\n"
             "  --cpus-per-node C  the run on each node gets C of its CPUs (sbatch\n"
             "                  --cpus-per-task); default: every CPU the job holds there\n"
             "  --shared-dir DIR   where the nodes write (DIR/<run id>/), seen by the nodes\n"
             "                  and this host; copied into --out. Default: --out itself\n"
             "  --corobench PATH   the binary the nodes run (default: this one, this path)\n"
             "  --poll S        seconds between two looks at the jobs (default 5)\n"
             "  --out DIR       the fleet directory: every node's results (NODE-jobID/), logs,\n"
             "                  fleet.csv, slurm.csv, the batch script, report/\n"
             "                  (default results/fleet-<date>)\n"
             "  --dry-run       print the batch script and the sbatch commands; submit nothing\n"
             "  run options     as corobench run (not --out); none: make bench on each node\n\n"
             "The batch script is scripts/corobench-slurm.sh (docs/SLURM.md): usable alone.\n"
             "A node that fails, times out or is preempted is listed with Slurm's reason; the\n"
             "others' results and the report stand.",
    .summary = "the same matrix on the nodes of a Slurm cluster, one multi-host report",
    .main = NULL,
};

/* Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH[:MM[:SS]], or
 * UNLIMITED/infinite; here only their characters are checked, sbatch says
 * the rest. */
static bool time_ok(const char *t)
{
	if (!strcasecmp(t, "unlimited") || !strcasecmp(t, "infinite"))
		return true;
	return t[0] >= '0' && t[0] <= '9' && strspn(t, "0123456789:-") == strlen(t);
}

/* A positive integer up to max, or -1. */
static int count_arg(const char *v, int max)
{
	char *end;
	long n = strtol(v, &end, 10);
	return *v && !*end && n >= 1 && n <= max ? (int)n : -1;
}

/* path made absolute against the working directory (not resolved: it may not
 * exist yet). */
static bool absolute(const char *path, char *out, size_t len)
{
	if (path[0] == '/')
		return (size_t)snprintf(out, len, "%s", path) < len;
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return false;
	return (size_t)snprintf(out, len, "%s/%s", cwd, path) < len;
}

int fleet_slurm_main(int argc, char **argv)
{
	static fleet_job job;
	static fleet_slurm sl;
	memset(&job, 0, sizeof job);
	memset(&sl, 0, sizeof sl);
	sl.nodes = 1;
	sl.poll_s = 5;
	const char *out = NULL, *shared = NULL, *cb = NULL;
	bool dry = false;
	char *partbuf[FS_MAX_JOBS];
	int npartbuf = 0;
	const char **args = xcalloc((size_t)argc + 4, sizeof *args);
	int nargs = 0, status = 2;
	char err[4600], msg[600];
	static const char *const valued[] = {"--partition",     "--nodes",      "--time",
	                                     "--cpus-per-node", "--shared-dir", "--corobench",
	                                     "--poll",          "--out",        NULL};
	bool seen[8] = {false};
	bool slurm = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (!slurm && !strcmp(a, "--slurm")) { /* the one that brought us here */
			slurm = true;
			continue;
		}
		int k = -1;
		for (int m = 0; valued[m] && k < 0; m++) {
			size_t l = strlen(valued[m]);
			if (!strncmp(a, valued[m], l) && (a[l] == '\0' || a[l] == '='))
				k = m;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			free(args);
			return cmd_help(&slurm_help);
		}
		if (!strcmp(a, "--dry-run")) {
			dry = true;
			continue;
		}
		if (!strcmp(a, "--slurm") || !strcmp(a, "--binary") ||
		    !strncmp(a, "--ssh-config", 12) || !strncmp(a, "--src", 5)) {
			snprintf(msg, sizeof msg, "%.100s is not an option of fleet --slurm%s", a,
			         strcmp(a, "--slurm") ? " (the nodes run --corobench PATH)"
			                              : " twice");
			fleet_usage_error(msg);
			goto done;
		}
		if (k < 0) {
			args[nargs++] = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		if (eq) {
			v = eq + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		}
		if (!v || !v[0]) {
			snprintf(msg, sizeof msg, "%s needs a value", valued[k]);
			fleet_usage_error(msg);
			goto done;
		}
		if (k != 0 && seen[k]) {
			snprintf(msg, sizeof msg, "%s given twice", valued[k]);
			fleet_usage_error(msg);
			goto done;
		}
		seen[k] = true;
		if (!shq_safe_remote(v)) {
			snprintf(msg, sizeof msg, "%s: a value with a control character",
			         valued[k]);
			fleet_usage_error(msg);
			goto done;
		}
		switch (k) {
		case 0: { /* --partition P[,P...] */
			char **list;
			int nl;
			if (!parse_list(v, "--partition", &list, &nl, err, sizeof err)) {
				fleet_usage_error(err);
				goto done;
			}
			for (int m = 0; m < nl; m++) {
				bool dup = false;
				for (int q = 0; q < sl.nparts; q++)
					dup = dup || !strcmp(sl.partitions[q], list[m]);
				if (dup) {
					free(list[m]);
					continue;
				}
				if (sl.nparts == FS_MAX_JOBS) {
					snprintf(msg, sizeof msg, "more than %d partitions",
					         FS_MAX_JOBS);
					parse_list_free(list, nl);
					fleet_usage_error(msg);
					goto done;
				}
				sl.partitions[sl.nparts++] = partbuf[npartbuf++] = list[m];
			}
			free(list);
			break;
		}
		case 1:
		case 3: {
			int n = count_arg(v, 100000);
			if (n < 0) {
				snprintf(msg, sizeof msg, "bad %s '%.100s': a whole number from 1",
				         valued[k], v);
				fleet_usage_error(msg);
				goto done;
			}
			*(k == 1 ? &sl.nodes : &sl.cpus) = n;
			break;
		}
		case 2:
			if (!time_ok(v)) {
				snprintf(
				    msg, sizeof msg,
				    "bad --time '%.100s': minutes, MM:SS, HH:MM:SS, D-HH:MM:SS "
				    "or UNLIMITED (as sbatch --time)",
				    v);
				fleet_usage_error(msg);
				goto done;
			}
			sl.time = v;
			break;
		case 4:
			shared = v;
			break;
		case 5:
			cb = v;
			break;
		case 6: {
			char *end;
			double p = strtod(v, &end);
			if (*end || !(p >= 0.1 && p <= 600)) {
				snprintf(msg, sizeof msg,
				         "bad --poll '%.100s': seconds, 0.1 to 600", v);
				fleet_usage_error(msg);
				goto done;
			}
			sl.poll_s = p;
			break;
		}
		case 7:
			out = v;
			break;
		}
	}
	run_options o;
	int rc = fleet_check_run_options(args, nargs, &o, err, sizeof err);
	if (rc == 1) {
		status = cmd_help(&slurm_help);
		goto done;
	}
	if (rc != 0) {
		fleet_usage_error(err);
		goto done;
	}
	char seedtext[32];
	fleet_job_setup(&job, &o, args, &nargs, seedtext, sizeof seedtext);

	/* the binary the nodes run */
	if (cb) {
		if (cb[0] != '/') {
			snprintf(msg, sizeof msg,
			         "--corobench '%.300s' must be an absolute path (the nodes run it)",
			         cb);
			fleet_usage_error(msg);
			goto done;
		}
		snprintf(sl.corobench, sizeof sl.corobench, "%s", cb);
	} else {
		ssize_t k = readlink("/proc/self/exe", sl.corobench, sizeof sl.corobench - 1);
		if (k <= 0) {
			fleet_usage_error(
			    "cannot find this binary (/proc/self/exe): give --corobench");
			goto done;
		}
		sl.corobench[k] = '\0';
	}
	if (!job.run_args) { /* make bench's suite: bench.sh beside the binary's tree */
		char bench[4200], dir[4096];
		snprintf(dir, sizeof dir, "%s", sl.corobench);
		*strrchr(dir, '/') = '\0';
		snprintf(bench, sizeof bench, "%s/../scripts/bench.sh", dir);
		if (access(bench, R_OK) != 0) {
			snprintf(
			    msg, sizeof msg,
			    "no run options means make bench's suite on every node, which needs "
			    "scripts/bench.sh beside the binary's source (%.300s): give run "
			    "options",
			    bench);
			fleet_usage_error(msg);
			goto done;
		}
	}
	if (out)
		snprintf(job.out, sizeof job.out, "%s", out);
	else
		snprintf(job.out, sizeof job.out, "results/%s", job.id);
	if (!dry && (!proc_on_path("sbatch") || !proc_on_path("scontrol"))) {
		fleet_usage_error("no sbatch or scontrol on PATH: run this on a Slurm login node "
		                  "(Debian: apt-get install slurm-client)");
		goto done;
	}
	if (!dry && !fleet_make_out(&job, err, sizeof err)) {
		fleet_usage_error(err);
		goto done;
	}
	char abs_out[sizeof job.out];
	if (!(dry ? absolute(job.out, abs_out, sizeof abs_out)
	          : realpath(job.out, abs_out) != NULL)) {
		snprintf(msg, sizeof msg, "cannot make --out '%.300s' absolute", job.out);
		fleet_usage_error(msg);
		goto done;
	}
	snprintf(job.out, sizeof job.out, "%s", abs_out);
	snprintf(sl.script, sizeof sl.script, "%s/corobench-slurm.sh", job.out);
	if (shared) {
		char abs_shared[4096];
		if (!absolute(shared, abs_shared, sizeof abs_shared - 64)) {
			fleet_usage_error("--shared-dir: path too long");
			goto done;
		}
		snprintf(sl.dest, sizeof sl.dest, "%s/%s", abs_shared, job.id);
	} else {
		snprintf(sl.dest, sizeof sl.dest, "%s", job.out);
	}
	int njobs = sl.nparts > 0 ? sl.nparts : 1;
	printf("corobench fleet: Slurm, %d job%s (partition%s ", njobs, njobs == 1 ? "" : "s",
	       njobs == 1 ? "" : "s");
	for (int j = 0; j < njobs; j++)
		printf("%s%s", j ? ", " : "", sl.nparts ? sl.partitions[j] : "default");
	printf(") of %d node%s, run %s, seed %s: %s -> %s\n", sl.nodes, sl.nodes == 1 ? "" : "s",
	       job.id, seedtext,
	       job.run_args ? "corobench run with the given options" : "make bench", job.out);
	if (dry) {
		fleet_slurm_plan(stdout, &job, &sl);
		printf("--dry-run: nothing was submitted, nothing was created.\n");
		status = 0;
		goto done;
	}
	if (shared && !fs_mkdirs(sl.dest, err, sizeof err)) {
		fleet_usage_error(err);
		goto done;
	}
	if (!fleet_slurm_write_script(&sl, err, sizeof err)) {
		safe_line(stderr, "corobench fleet: ", err);
		status = 1;
		goto done;
	}
	fflush(stdout);
	fs_job jobs[FS_MAX_JOBS];
	if (fleet_slurm_submit(&job, &sl, jobs, njobs, stdout) > 0)
		fflush(stdout);
	bool interrupted = fleet_slurm_wait(&sl, jobs, njobs, stdout);
	fleet_outcome *res;
	int n = fleet_slurm_outcomes(&job, &sl, jobs, njobs, &res);
	putchar('\n');
	if (!fleet_slurm_report(stdout, &job, jobs, njobs, err, sizeof err))
		safe_line(stderr, "corobench fleet: ", err);
	status = fleet_finish(&job, res, n, "node");
	free(res);
	if (interrupted)
		status = 130;
done:
	for (int i = 0; i < npartbuf; i++)
		free(partbuf[i]);
	free(args);
	return status;
}
