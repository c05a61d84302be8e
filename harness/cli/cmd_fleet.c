/*
 * cmd_fleet.c — `corobench fleet HOSTS_FILE [fleet options] [run options]`: the
 * same matrix on several machines over ssh, with one seed, gathered into one
 * directory and one multi-host report (run/fleet.h, run/fleet_ssh.h,
 * run/fleet_hosts.h for the hosts file).
 *
 *   fleet options  --binary (ship this build: corobench, corobench-go, bench.sh,
 *                  to identical hosts; default: ship the source tree and build
 *                  there), --ssh-config FILE (ssh -F), --src DIR (the source
 *                  tree; default: the one this binary was built in), --out DIR
 *                  (the local fleet directory; default results/fleet-<stamp>),
 *                  --dry-run (print each host's commands; connect to nothing)
 *   run options    anything `corobench run` takes but --out, checked here first
 *                  (a bad value is exit 2 before any host is reached); none:
 *                  `make bench` on every host (bin/bench.sh with --binary)
 *
 * The seed: --seed if given, else one drawn here; every host runs with it (the
 * same shuffle of the rounds). --go PATH names a Go on the hosts, so it is not
 * checked here, nor are placements against this machine.
 * `fleet --slurm ...` (the option anywhere) is the Slurm way instead:
 * cmd_fleet_slurm.c; what both share is declared in cmd_fleet.h and defined
 * here (the run options' check, the seed, the fleet directory, the end).
 * Exit status: 0 every host delivered and its run had no failed configuration;
 * 1 a host failed or a run had failed configurations (the others' results and
 * the report are still written); 2 bad usage, a bad run option, or a bad hosts
 * file (naming the file, line and value).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/fs.h"
#include "../base/parse.h"
#include "../base/proc.h"
#include "../base/xalloc.h"
#include "../report/report.h"
#include "../report/safe_text.h"
#include "../results/write/writers.h"
#include "../run/fleet/fleet.h"
#include "../run/fleet/fleet_hosts.h"
#include "../run/fleet/fleet_ssh.h"
#include "cmd_fleet.h"
#include "command.h"
#include "run/run_options.h"
#include "run/run_select.h"

static int fleet_main(int argc, char **argv);

static const cb_command cmd_fleet = {
    .name = "fleet",
    .usage = "fleet HOSTS_FILE [--binary] [--ssh-config FILE] [--src DIR] [--out DIR]\n"
             "                       [--dry-run] [run options]\n"
             "       corobench fleet --slurm [--partition P[,P...]] [--nodes N] [--time T]\n"
             "                       [--cpus-per-node C] [--shared-dir DIR] [--corobench PATH]\n"
             "                       [--poll S] [--out DIR] [--dry-run] [run options]\n\n"
             "  HOSTS_FILE     one host per line: [user@]host [name=LABEL] [port=N]\n"
             "                 [identity=KEY] [dir=REMOTE_DIR] [ssh_option=Key=Value]...\n"
             "                 (# comments; dir defaults to corobench-fleet in the remote\n"
             "                 home)\n"
             "  --binary       ship this build (corobench, corobench-go, bench.sh) to\n"
             "                 identical hosts; default: ship the source tree, build there\n"
             "  --ssh-config FILE  ssh -F FILE\n"
             "  --src DIR      the source tree to ship (default: the one of this binary)\n"
             "  --out DIR      local directory for every host's results, logs, fleet.csv\n"
             "                 and report/ (default results/fleet-<date>)\n"
             "  --dry-run      print the commands each host would get; connect to nothing\n"
             "  run options    as corobench run (not --out); none: make bench on each host\n\n"
             "Hosts run in parallel with the same --seed; a host that fails is listed with\n"
             "its reason and the others go on. Only OpenSSH's ssh and tar are used.\n"
             "With --slurm: one batch job per partition through sbatch instead of ssh\n"
             "(corobench fleet --slurm --help).",
    .summary = "the same matrix on several hosts over ssh or Slurm, one multi-host report",
    .main = fleet_main,
};
CMD_REGISTER(cmd_fleet)

int fleet_usage_error(const char *msg)
{
	safe_line(stderr, "corobench fleet: ", msg);
	return 2;
}

/* The run options: checked as `corobench run` would (not what only the hosts
 * can tell: --go paths, placements on their machines). */
int fleet_check_run_options(const char **args, int n, run_options *o, char *err, size_t errlen)
{
	char **argv = xcalloc((size_t)n + 2, sizeof *argv);
	argv[0] = "run";
	for (int i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	int rc = run_options_parse(n + 1, argv, o, err, errlen);
	free(argv);
	if (rc != 0)
		return rc;
	if (o->out) {
		snprintf(err, errlen,
		         "--out is the fleet's (the local directory); the hosts' "
		         "results go to results/<run id> in their dir");
		run_options_free(o);
		return 2;
	}
	const workload **w = NULL;
	const chan_variant **c = NULL;
	char **r = NULL;
	int nw, nc, nr = 0;
	bool ok = sel_workloads(o->workloads, &w, &nw, err, errlen) &&
	          sel_chans(o->chans, &c, &nc, err, errlen) &&
	          (o->ngo || sel_runtimes(o->runtimes, &r, &nr, err, errlen));
	free(w);
	free(c);
	if (r)
		parse_list_free(r, nr);
	if (!ok) {
		run_options_free(o);
		return 2;
	}
	return 0;
}

/* The local build and source directories. */
bool fleet_locate(fleet_job *job, const char *src, char *err, size_t errlen)
{
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k <= 0) {
		snprintf(err, errlen, "cannot find this binary (/proc/self/exe)");
		return false;
	}
	exe[k] = '\0';
	*strrchr(exe, '/') = '\0';
	snprintf(job->bin_dir, sizeof job->bin_dir, "%s", exe);
	if (src) {
		if (!realpath(src, job->src_dir)) {
			snprintf(err, errlen, "bad --src '%.200s': not a directory", src);
			return false;
		}
	} else {
		char *slash = strrchr(exe, '/'); /* build/ -> the tree above it */
		if (slash)
			*slash = '\0';
		char mk[PATH_MAX + 32], cli[PATH_MAX + 32];
		snprintf(mk, sizeof mk, "%s/Makefile", exe);
		snprintf(cli, sizeof cli, "%s/harness/cli", exe);
		if (slash && access(mk, F_OK) == 0 && access(cli, F_OK) == 0)
			snprintf(job->src_dir, sizeof job->src_dir, "%s", exe);
	}
	return true;
}

void fleet_job_setup(fleet_job *job, run_options *o, const char **args, int *nargs, char *seedtext,
                     size_t len)
{
	/* the seed: the one given, or one drawn here, the same for every host */
	time_t now = time(NULL);
	job->seed = o->have_seed
	                ? o->seed
	                : ((uint64_t)now ^ ((uint64_t)getpid() << 32)) & (uint64_t)INT64_MAX;
	snprintf(seedtext, len, "%llu", (unsigned long long)job->seed);
	if (*nargs && !o->have_seed) {
		args[(*nargs)++] = "--seed";
		args[(*nargs)++] = seedtext;
	}
	run_options_free(o);
	args[*nargs] = NULL;
	job->run_args = *nargs ? args : NULL;
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(job->id, sizeof job->id, "fleet-%Y%m%d-%H%M%S", &tm);
}

bool fleet_make_out(fleet_job *job, char *err, size_t errlen)
{
	/* a fleet directory is new or empty: host names become its entries */
	DIR *od = opendir(job->out);
	for (struct dirent *e; od && (e = readdir(od));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(od);
			snprintf(err, errlen,
			         "--out %.4000s is not empty (a fleet needs a new or "
			         "empty directory)",
			         job->out);
			return false;
		}
	if (od)
		closedir(od);
	char want[sizeof job->out];
	snprintf(want, sizeof want, "%s", job->out);
	return resdir_make(want, true, job->out, sizeof job->out, err, errlen);
}

int fleet_finish(fleet_job *job, fleet_outcome *res, int n, const char *what)
{
	char err[4600];
	int good = fleet_gather(job, res, n, err, sizeof err);
	putchar('\n');
	fleet_table(stdout, res, n);
	int status = good < 0 ? 1 : 0;
	if (good < 0)
		safe_line(stderr, "corobench fleet: ", err);
	for (int i = 0; i < n; i++)
		status = !res[i].ok || res[i].run_exit != 0 ? 1 : status;
	if (good > 0) {
		char *dirs[RM_MAX_HOSTS], rep[4300], html[4400];
		int nd = 0;
		for (int i = 0; i < n && nd < RM_MAX_HOSTS; i++)
			if (res[i].ok)
				dirs[nd++] = res[i].results;
		if (good > RM_MAX_HOSTS)
			printf("the report shows the first %d of the %d %ss that delivered\n",
			       RM_MAX_HOSTS, good, what);
		snprintf(rep, sizeof rep, "%s/report", job->out);
		putchar('\n');
		fflush(stdout);
		report_opts ro = {.out = rep};
		if (report_run(dirs, nd, &ro, html, sizeof html) != 0)
			status = 1;
	} else {
		printf("no %s delivered results: no report (see %s/*.log)\n", what, job->out);
	}
	printf("fleet: %s (fleet.csv, one log per %s)\n", job->out, what);
	return status;
}

static int fleet_main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) /* --slurm anywhere: the Slurm way (cmd_fleet_slurm.c) */
		if (!strcmp(argv[i], "--slurm"))
			return fleet_slurm_main(argc, argv);
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return cmd_help(&cmd_fleet);
	if (argc < 2 || argv[1][0] == '-')
		return fleet_usage_error(
		    "the first argument is the hosts file (see corobench fleet --help)");
	static fleet_job job;
	memset(&job, 0, sizeof job);
	const char *hosts_file = argv[1], *src = NULL, *out = NULL;
	bool dry = false;
	const char **args = xcalloc((size_t)argc + 4, sizeof *args);
	int nargs = 0;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		bool takes =
		    !strcmp(a, "--ssh-config") || !strcmp(a, "--src") || !strcmp(a, "--out");
		const char *eq = strchr(a, '=');
		if (eq && (!strncmp(a, "--ssh-config=", 13) || !strncmp(a, "--src=", 6) ||
		           !strncmp(a, "--out=", 6))) { /* --out=DIR: the same as --out DIR */
			const char *v = eq + 1;
			*(a[2] == 's' && a[3] == 'r' ? &src
			  : a[2] == 'o'              ? &out
			                             : &job.ssh_config) = v;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			free(args);
			return cmd_help(&cmd_fleet);
		} else if (!strcmp(a, "--binary")) {
			job.binary = true;
		} else if (!strcmp(a, "--dry-run")) {
			dry = true;
		} else if (takes) {
			if (i + 1 >= argc || !argv[i + 1][0]) {
				free(args);
				char m[80];
				snprintf(m, sizeof m, "%s needs a value", a);
				return fleet_usage_error(m);
			}
			const char *v = argv[++i];
			*(!strcmp(a, "--src")   ? &src
			  : !strcmp(a, "--out") ? &out
			                        : &job.ssh_config) = v;
		} else {
			args[nargs++] = a;
		}
	}
	char err[4600];
	run_options o;
	int rc = fleet_check_run_options(args, nargs, &o, err, sizeof err);
	if (rc == 1) {
		free(args);
		return cmd_help(&cmd_fleet);
	}
	if (rc != 0) {
		free(args);
		return fleet_usage_error(err);
	}
	char seedtext[32];
	fleet_job_setup(&job, &o, args, &nargs, seedtext, sizeof seedtext);

	fleet_host *hosts;
	int n;
	if (!fleet_hosts_load(hosts_file, &hosts, &n, err, sizeof err)) {
		free(args);
		return fleet_usage_error(err);
	}
	int status = 2;
	if (!fleet_locate(&job, src, err, sizeof err) ||
	    !fleet_ssh_check(&job, hosts, n, err, sizeof err)) {
		fleet_usage_error(err);
		goto done;
	}
	if (!job.binary && !job.src_dir[0]) {
		fleet_usage_error(
		    "no source tree beside this binary to ship: give --src DIR, or --binary");
		goto done;
	}
	char bench[4200];
	snprintf(bench, sizeof bench, "%s/scripts/bench.sh", job.src_dir);
	if (job.binary && !job.run_args && (!job.src_dir[0] || access(bench, R_OK) != 0)) {
		fleet_usage_error(
		    "--binary without run options runs bench.sh, which is not beside this "
		    "binary's source: give run options, or --src DIR");
		goto done;
	}
	if (!proc_on_path("ssh") || !proc_on_path("tar")) {
		fleet_usage_error(
		    "ssh and tar are needed on PATH (apt-get install openssh-client tar)");
		goto done;
	}
	if (out)
		snprintf(job.out, sizeof job.out, "%s", out);
	else
		snprintf(job.out, sizeof job.out, "results/%s", job.id);
	printf("corobench fleet: %d host%s, run %s, seed %s: %s (%s) -> %s\n", n, n == 1 ? "" : "s",
	       job.id, seedtext,
	       job.run_args ? "corobench run with the given options" : "make bench",
	       job.binary ? "this build shipped" : "the source shipped and built there", job.out);
	if (dry) {
		for (int i = 0; i < n; i++)
			fleet_ssh_plan(stdout, &job, &hosts[i]);
		printf("--dry-run: nothing was connected to, nothing was created.\n");
		status = 0;
		goto done;
	}
	if (!fleet_make_out(&job, err, sizeof err)) {
		fleet_usage_error(err);
		goto done;
	}
	fflush(stdout);
	fleet_outcome *res = xcalloc((size_t)n, sizeof *res);
	fleet_parallel(&job, n, fleet_ssh_host, hosts, res, stdout);
	for (int i = 0; i < n; i++) /* a host whose process could not start */
		if (!res[i].name[0]) {
			snprintf(res[i].name, sizeof res[i].name, "%s", hosts[i].name);
			snprintf(res[i].where, sizeof res[i].where, "%.250s", hosts[i].dest);
		}
	status = fleet_finish(&job, res, n, "host");
	free(res);
done:
	free(hosts);
	free(args);
	return status;
}
