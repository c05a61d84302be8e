/* fleet_slurm.c — see fleet_slurm.h: the plan, the script, sbatch and the wait.
 * What came back from the nodes is gathered in fleet_slurm_gather.c. */
#include "fleet_slurm.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../base/atomic_file.h"
#include "../../base/fs.h"
#include "../../base/proc.h"
#include "../../base/shell_quote.h"
#include "../../base/xalloc.h"
#include "fleet_slurm_internal.h"
#include "slurm_script.h"

#define MAX_ARGV 128

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Text from Slurm or a node, for a terminal and a CSV cell: one line,
 * control characters as '?'. */
void fslurm_clean(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* The last non-empty line of a text. */
static void last_line_of(const char *text, char *out, size_t len)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", text);
	size_t n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	char *nl = strrchr(buf, '\n');
	snprintf(out, len, "%.300s", nl ? nl + 1 : buf);
	fslurm_clean(out);
}

/* The last non-empty line of a file (its last 4 KiB), "" when none. */
void fslurm_last_line_file(const char *path, char *out, size_t len)
{
	out[0] = '\0';
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	off_t end = lseek(fd, 0, SEEK_END);
	off_t start = end > 4095 ? end - 4095 : 0;
	char buf[4096];
	ssize_t k = end > 0 ? pread(fd, buf, (size_t)(end - start), start) : 0;
	close(fd);
	if (k <= 0)
		return;
	buf[k] = '\0';
	last_line_of(buf, out, len);
}

/* Writes into buf (advancing *used) and returns the copy. */
static const char *fmt(char *buf, size_t len, size_t *used, const char *f, const char *v)
{
	char *p = buf + *used;
	int k = snprintf(p, len - *used, f, v);
	*used += k > 0 && (size_t)k < len - *used ? (size_t)k + 1 : 0;
	return p;
}

void fleet_slurm_sbatch_argv(const fleet_job *job, const fleet_slurm *s, int j, const char **argv,
                             int max, char *buf, size_t buflen)
{
	size_t used = 0;
	int n = 0;
	char num[32];
	argv[n++] = "sbatch";
	argv[n++] = "--parsable";
	argv[n++] = fmt(buf, buflen, &used, "--job-name=corobench-%s", job->id);
	/* the nodes see DEST (OUT may be this host's only); Slurm expands % in an
	 * --output path, so the script sends its output to DEST/slurm-ID.out */
	argv[n++] = fmt(buf, buflen, &used, "--chdir=%s", s->dest);
	argv[n++] = "--output=/dev/null";
	snprintf(num, sizeof num, "%d", s->nodes);
	argv[n++] = fmt(buf, buflen, &used, "--nodes=%s", num);
	if (s->nparts > 0 && s->partitions[j])
		argv[n++] = fmt(buf, buflen, &used, "--partition=%s", s->partitions[j]);
	if (s->time)
		argv[n++] = fmt(buf, buflen, &used, "--time=%s", s->time);
	if (s->cpus > 0) {
		snprintf(num, sizeof num, "%d", s->cpus);
		argv[n++] = fmt(buf, buflen, &used, "--cpus-per-task=%s", num);
	}
	argv[n++] = s->script;
	argv[n++] = s->corobench;
	argv[n++] = s->dest;
	bool bench = !job->run_args || !job->run_args[0];
	if (bench) {
		snprintf(num, sizeof num, "%llu", (unsigned long long)job->seed);
		argv[n++] = "bench";
		argv[n++] = fmt(buf, buflen, &used, "%s", num);
	} else {
		argv[n++] = "run";
		for (int i = 0; job->run_args[i] && n < max - 1; i++)
			argv[n++] = job->run_args[i];
	}
	argv[n] = NULL;
}

void fleet_slurm_plan(FILE *f, const fleet_job *job, const fleet_slurm *s)
{
	fprintf(f, "The batch script (scripts/corobench-slurm.sh; written to %s):\n", s->script);
	fputs("----8<----\n", f);
	fputs(slurm_script_text, f);
	fputs("----8<----\n", f);
	int n = s->nparts > 0 ? s->nparts : 1;
	fprintf(f, "%s, from a shell:\n", n == 1 ? "The job" : "The jobs, one per partition");
	for (int j = 0; j < n; j++) {
		const char *argv[MAX_ARGV];
		char buf[8192];
		fleet_slurm_sbatch_argv(job, s, j, argv, MAX_ARGV, buf, sizeof buf);
		char *line = shq_join(argv);
		fprintf(f, "  %s\n", line);
		free(line);
	}
	fprintf(f, "Each node writes %s/<node>-job<id>/ (results), .log and .exit.\n", s->dest);
}

bool fleet_slurm_write_script(const fleet_slurm *s, char *err, size_t errlen)
{
	atomic_file a;
	if (!atomic_open(&a, s->script, err, errlen))
		return false;
	fputs(slurm_script_text, a.f);
	if (fchmod(fileno(a.f), 0755) != 0) {
		snprintf(err, errlen, "cannot make %.600s executable: %s", s->script,
		         strerror(errno));
		atomic_abort(&a);
		return false;
	}
	return atomic_commit(&a, err, errlen);
}

/* The partition as given, or as Slurm named it once seen ("default" before). */
const char *fslurm_part_name(const fs_job *j)
{
	return j->partition ? j->partition : j->st.partition[0] ? j->st.partition : "default";
}

int fleet_slurm_submit(const fleet_job *job, const fleet_slurm *s, fs_job *jobs, int n,
                       FILE *progress)
{
	int ok = 0;
	for (int j = 0; j < n; j++) {
		memset(&jobs[j], 0, sizeof jobs[j]);
		jobs[j].partition = s->nparts > 0 ? s->partitions[j] : NULL;
		jobs[j].st.run_s = -1;
		const char *argv[MAX_ARGV];
		char buf[8192], out[256], err[1024];
		fleet_slurm_sbatch_argv(job, s, j, argv, MAX_ARGV, buf, sizeof buf);
		int rc = proc_capture(argv, out, sizeof out, err, sizeof err);
		/* --parsable: "ID" or "ID;CLUSTER" */
		out[strcspn(out, ";\n")] = '\0';
		bool digits = out[0] && strspn(out, "0123456789_") == strlen(out);
		if (rc == 0 && digits) {
			snprintf(jobs[j].id, sizeof jobs[j].id, "%.31s", out);
			ok++;
			if (progress)
				fprintf(
				    progress,
				    "corobench fleet: submitted job %s (partition %s, %d node%s)\n",
				    jobs[j].id, fslurm_part_name(&jobs[j]), s->nodes,
				    s->nodes == 1 ? "" : "s");
		} else {
			char line[400];
			last_line_of(err[0] ? err : out, line, sizeof line);
			if (rc < 0)
				snprintf(jobs[j].why, sizeof jobs[j].why,
				         "sbatch could not start: %s", line);
			else
				snprintf(jobs[j].why, sizeof jobs[j].why,
				         "sbatch refused it (exit %d): %s", rc,
				         line[0] ? line : "no message");
			jobs[j].done = true;
			if (progress)
				fprintf(progress, "corobench fleet: partition %s: %s\n",
				        fslurm_part_name(&jobs[j]), jobs[j].why);
		}
		if (progress)
			fflush(progress);
	}
	return ok;
}

/* Reads job j's state: scontrol, then sacct once slurmctld forgot it. */
static void look(fs_job *j, char *trouble, size_t len)
{
	char out[8192], err[1024];
	trouble[0] = '\0';
	const char *sc[] = {"scontrol", "show", "job", "-o", j->id, NULL};
	int rc = proc_capture(sc, out, sizeof out, err, sizeof err);
	sj_state st;
	if (rc == 0 && sj_parse_scontrol(out, &st)) {
		j->st = st;
		j->seen = true;
		j->done = sj_terminal(st.state);
		return;
	}
	bool forgotten = strstr(err, "Invalid job id") != NULL;
	if (!forgotten) { /* slurmctld unreachable, or something else: say it, go on */
		last_line_of(err[0] ? err : out, trouble, len);
		if (!trouble[0])
			snprintf(trouble, len, "scontrol exit %d", rc);
		return;
	}
	const char *sa[] = {
	    "sacct", "-X",  "-n",
	    "-P",    "-o",  "JobID,State,Reason,NodeList,ExitCode,Elapsed,Partition",
	    "-j",    j->id, NULL};
	if (proc_on_path("sacct") && proc_capture(sa, out, sizeof out, err, sizeof err) == 0 &&
	    sj_parse_sacct(out, j->id, &st)) {
		j->st = st;
		j->seen = true;
		j->done = sj_terminal(st.state);
		if (j->done)
			return;
	}
	/* known to neither: it ended more than MinJobAge ago, accounting off */
	j->gone = true;
	j->done = true;
}

/* How many nodes of job id have written their exit file into dest. */
static int nodes_done(const char *dest, const char *id)
{
	char suffix[64];
	snprintf(suffix, sizeof suffix, "-job%s.exit", id);
	size_t sl = strlen(suffix);
	int k = 0;
	DIR *d = opendir(dest);
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		k += e->d_name[0] != '.' && n > sl && strcmp(e->d_name + n - sl, suffix) == 0;
	}
	if (d)
		closedir(d);
	return k;
}

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void say(FILE *f, const fs_job *j, int done_nodes, double t0)
{
	if (!f)
		return;
	const sj_state *s = &j->st;
	fprintf(f, "corobench fleet: job %s (partition %s): ", j->id, fslurm_part_name(j));
	if (j->gone) {
		fprintf(f, "no longer known to slurmctld or sacct");
	} else {
		fprintf(f, "%s", s->state);
		if (s->reason[0] && strcmp(s->reason, "None") != 0)
			fprintf(f, " (%s)", s->reason);
		if (s->nodes[0])
			fprintf(f, " on %s", s->nodes);
		if (s->nodes[0] && (strcmp(s->state, "RUNNING") == 0 ||
		                    strcmp(s->state, "COMPLETING") == 0 || sj_terminal(s->state)))
			fprintf(f, ", %d node%s done", done_nodes, done_nodes == 1 ? "" : "s");
		if (sj_terminal(s->state) && s->exit_code[0])
			fprintf(f, ", exit %s", s->exit_code);
	}
	fprintf(f, " (%.0f s)\n", now_s() - t0);
	fflush(f);
}

/* Sleeps up to s seconds, waking early for a stop signal. */
static void nap(double s)
{
	struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)}, rem;
	while (!stop_signal && nanosleep(&t, &rem) != 0 && errno == EINTR)
		t = rem;
}

bool fleet_slurm_wait(const fleet_slurm *s, fs_job *jobs, int n, FILE *progress)
{
	struct sigaction sa = {.sa_handler = on_stop}, old_int, old_term;
	sigemptyset(&sa.sa_mask);
	stop_signal = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	double t0 = now_s();
	double *said_at = xcalloc((size_t)n, sizeof *said_at);
	char(*last)[1300] = xcalloc((size_t)n, sizeof *last);
	bool cancelled = false;
	for (;;) {
		bool all = true;
		for (int i = 0; i < n; i++) {
			fs_job *j = &jobs[i];
			if (j->done)
				continue;
			char trouble[400], now[1300];
			look(j, trouble, sizeof trouble);
			int k = j->seen ? nodes_done(s->dest, j->id) : 0;
			if (trouble[0]) {
				snprintf(now, sizeof now, "?%s", trouble);
			} else {
				snprintf(now, sizeof now, "%s|%s|%.1000s|%d|%d", j->st.state,
				         j->st.reason, j->st.nodes, k, j->gone);
			}
			if (strcmp(now, last[i]) != 0 || now_s() - said_at[i] >= 60) {
				if (trouble[0] && progress)
					fprintf(
					    progress,
					    "corobench fleet: job %s: cannot read its state: %s\n",
					    j->id, trouble);
				else
					say(progress, j, k, t0);
				snprintf(last[i], sizeof last[i], "%s", now);
				said_at[i] = now_s();
			}
			all = all && j->done;
		}
		if (all)
			break;
		if (stop_signal && !cancelled) {
			cancelled = true;
			sigaction(SIGINT, &old_int, NULL); /* a second signal ends us */
			sigaction(SIGTERM, &old_term, NULL);
			const char *argv[FS_MAX_JOBS + 2];
			int m = 0;
			argv[m++] = "scancel";
			for (int i = 0; i < n; i++)
				if (!jobs[i].done)
					argv[m++] = jobs[i].id;
			argv[m] = NULL;
			if (progress) {
				char *line = shq_join(argv);
				fprintf(progress,
				        "corobench fleet: interrupted: cancelling the jobs (%s)\n",
				        line);
				free(line);
				fflush(progress);
			}
			char out[256], err[512];
			proc_capture(argv, out, sizeof out, err, sizeof err);
			continue;
		}
		nap(s->poll_s);
	}
	if (!cancelled) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	free(said_at);
	free(last);
	return cancelled;
}
