/* fleet_slurm.c — see fleet_slurm.h. */
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

#include "../base/atomic_file.h"
#include "../base/csv.h"
#include "../base/fs.h"
#include "../base/proc.h"
#include "../base/shell_quote.h"
#include "../base/xalloc.h"
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
static void clean(char *s)
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
	clean(out);
}

/* The last non-empty line of a file (its last 4 KiB), "" when none. */
static void last_line_file(const char *path, char *out, size_t len)
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
static const char *part_name(const fs_job *j)
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
				    jobs[j].id, part_name(&jobs[j]), s->nodes,
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
				        part_name(&jobs[j]), jobs[j].why);
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
	fprintf(f, "corobench fleet: job %s (partition %s): ", j->id, part_name(j));
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

/* Expands Slurm's compressed node list ("n[01-03],gpu1") into names. */
static int expand_nodes(const char *list, char names[][64], int max)
{
	char out[16384], err[512];
	const char *argv[] = {"scontrol", "show", "hostnames", list, NULL};
	int n = 0;
	if (proc_capture(argv, out, sizeof out, err, sizeof err) == 0) {
		char *save = NULL;
		for (char *t = strtok_r(out, "\n", &save); t && n < max;
		     t = strtok_r(NULL, "\n", &save))
			snprintf(names[n++], 64, "%.63s", t);
	}
	if (n == 0 && !strpbrk(list, "[],")) /* one plain name */
		snprintf(names[n++], 64, "%.63s", list);
	return n;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Copies a regular file (the node's log) from a to b; false when it is not one. */
static bool copy_file(const char *a, const char *b)
{
	int in = open(a, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return false;
	struct stat st;
	int out = fstat(in, &st) == 0 && S_ISREG(st.st_mode)
	              ? open(b, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)
	              : -1;
	bool ok = out >= 0;
	char buf[65536];
	for (ssize_t k; ok && (k = read(in, buf, sizeof buf)) > 0;)
		ok = write(out, buf, (size_t)k) == k;
	close(in);
	if (out >= 0)
		close(out);
	return ok;
}

/* Copies DEST/name (a tree) into OUT/name: through OUT/.name.fetch, sanitized,
 * then renamed. False with why. */
static bool fetch_tree(const char *from, const char *out, const char *name, char *why, size_t len)
{
	char tmp[4400], to[4400], err[600];
	snprintf(tmp, sizeof tmp, "%s/.%s.fetch", out, name);
	snprintf(to, sizeof to, "%s/%s", out, name);
	fs_rm_tree(tmp);
	const char *argv[] = {"cp", "-R", "-P", "--", from, tmp, NULL};
	proc_opts o = {.in = -1, .out = -1, .err = -1};
	int rc = proc_run(argv, &o, err, sizeof err);
	if (rc != 0) {
		snprintf(why, len, "cannot copy %.250s into %.250s (cp exit %d)", from, out, rc);
		fs_rm_tree(tmp);
		return false;
	}
	fleet_sanitize(tmp);
	if (rename(tmp, to) != 0) {
		snprintf(why, len, "cannot rename %.600s: %s", tmp, strerror(errno));
		fs_rm_tree(tmp);
		return false;
	}
	return true;
}

/* The job's state in a few words: "TIMEOUT (Reason=TimeLimit): reached ...". */
static void job_words(const fs_job *j, char *out, size_t len)
{
	if (j->gone) {
		snprintf(out, len,
		         "job %s is no longer known to slurmctld (it ended more than MinJobAge "
		         "ago) and sacct has no record of it (accounting off)",
		         j->id);
		return;
	}
	const char *m = sj_meaning(j->st.state);
	snprintf(out, len, "job %s %s (Reason=%s)%s%s", j->id, j->st.state,
	         j->st.reason[0] ? j->st.reason : "?", m[0] ? ": " : "", m);
}

static void node_outcome(const fleet_job *job, const fleet_slurm *s, const fs_job *j,
                         const char *node, fleet_outcome *o)
{
	memset(o, 0, sizeof *o);
	o->run_exit = -1;
	o->seconds = j->st.run_s >= 0 ? (double)j->st.run_s : 0;
	snprintf(o->name, sizeof o->name, "%.38s-job%.20s", node, j->id);
	snprintf(o->where, sizeof o->where, "partition %.200s, job %s", part_name(j), j->id);
	if (!sj_safe_name(node)) {
		snprintf(o->reason, sizeof o->reason,
		         "Slurm named a node '%.100s': not a safe file name", node);
		clean(o->reason);
		return;
	}
	bool same = strcmp(s->dest, job->out) == 0;
	char src[4400], log[4400], exitf[4400], line[400], words[600];
	snprintf(src, sizeof src, "%s/%s", s->dest, o->name);
	snprintf(log, sizeof log, "%s/%s.log", s->dest, o->name);
	snprintf(exitf, sizeof exitf, "%s/%s.exit", s->dest, o->name);
	snprintf(o->results, sizeof o->results, "%s/%s", job->out, o->name);
	if (!same) {
		char to[4400];
		snprintf(to, sizeof to, "%s/%s.log", job->out, o->name);
		copy_file(log, to);
	}
	last_line_file(log, line, sizeof line);
	if (!line[0]) { /* no log: what the batch script said (srun's errors) */
		char batch[4400];
		snprintf(batch, sizeof batch, "%s/slurm-%s.out", s->dest, j->id);
		last_line_file(batch, line, sizeof line);
	}
	job_words(j, words, sizeof words);
	char status[32] = "";
	FILE *ef = fopen(exitf, "re");
	bool finished = ef && fgets(status, sizeof status, ef);
	if (ef)
		fclose(ef);
	if (!finished) {
		snprintf(o->reason, sizeof o->reason, "did not finish: %.250s%s%.180s%s%.150s",
		         words, is_dir(src) ? "; its partial results: " : "",
		         is_dir(src) ? src : "", line[0] ? "; last output: " : "", line);
		clean(o->reason);
		return;
	}
	o->run_exit = atoi(status);
	if (o->run_exit == 130 &&
	    is_dir(src)) { /* Slurm's SIGTERM: time limit, preemption, scancel */
		snprintf(o->reason, sizeof o->reason,
		         "stopped by a signal (exit 130): %.300s; the rounds that finished are in "
		         "%.250s (left out of the report)",
		         words, src);
		clean(o->reason);
		return;
	}
	if (o->run_exit != 0 && o->run_exit != 1) {
		snprintf(o->reason, sizeof o->reason, "run: exit %d: %.250s%s%.350s", o->run_exit,
		         line[0] ? line : "(no output)",
		         strcmp(j->st.state, "COMPLETED") != 0 ? "; " : "",
		         strcmp(j->st.state, "COMPLETED") != 0 ? words : "");
		clean(o->reason);
		return;
	}
	if (!is_dir(src)) {
		snprintf(o->reason, sizeof o->reason, "exit %d but no results directory %.600s",
		         o->run_exit, src);
		clean(o->reason);
		return;
	}
	if (same)
		fleet_sanitize(src);
	else if (!fetch_tree(src, job->out, o->name, o->reason, sizeof o->reason))
		return;
	o->ok = true;
	if (o->run_exit == 1)
		snprintf(o->reason, sizeof o->reason,
		         "delivered, but some configurations failed (see its failures.csv)");
}

int fleet_slurm_outcomes(const fleet_job *job, const fleet_slurm *s, const fs_job *jobs, int n,
                         fleet_outcome **out)
{
	enum { MAX_NODES = 1024 };
	static char names[MAX_NODES][64];
	int cap = 16, k = 0;
	fleet_outcome *o = xcalloc((size_t)cap, sizeof *o);
	for (int i = 0; i < n; i++) {
		const fs_job *j = &jobs[i];
		if (j->id[0] && strcmp(s->dest, job->out) != 0) { /* the batch script's output */
			char a[4400], b[4400];
			snprintf(a, sizeof a, "%s/slurm-%s.out", s->dest, j->id);
			snprintf(b, sizeof b, "%s/slurm-%s.out", job->out, j->id);
			copy_file(a, b);
		}
		int nn =
		    j->id[0] && j->st.nodes[0] ? expand_nodes(j->st.nodes, names, MAX_NODES) : 0;
		if (k + nn + 1 > cap) {
			cap = (k + nn + 1) * 2;
			o = xrealloc(o, (size_t)cap * sizeof *o);
		}
		if (nn > 0) {
			for (int m = 0; m < nn; m++)
				node_outcome(job, s, j, names[m], &o[k++]);
			continue;
		}
		/* a job with no node: refused, or ended before it started */
		fleet_outcome *x = &o[k++];
		memset(x, 0, sizeof *x);
		x->run_exit = -1;
		if (!j->id[0]) {
			snprintf(x->name, sizeof x->name, "partition-%.50s",
			         j->partition && sj_safe_name(j->partition) ? j->partition
			                                                    : "default");
			snprintf(x->where, sizeof x->where, "partition %.250s", part_name(j));
			snprintf(x->reason, sizeof x->reason, "%s", j->why);
		} else {
			char words[600];
			job_words(j, words, sizeof words);
			snprintf(x->name, sizeof x->name, "job%.50s", j->id);
			snprintf(x->where, sizeof x->where, "partition %.200s, job %s",
			         part_name(j), j->id);
			snprintf(x->reason, sizeof x->reason, "never ran on a node: %s", words);
		}
		clean(x->where);
		clean(x->reason);
	}
	*out = o;
	return k;
}

bool fleet_slurm_report(FILE *f, const fleet_job *job, const fs_job *jobs, int n, char *err,
                        size_t errlen)
{
	for (int i = 0; i < n; i++) {
		const fs_job *j = &jobs[i];
		if (!j->id[0]) {
			fprintf(f, "partition %s: not submitted: %s\n", part_name(j), j->why);
			continue;
		}
		char words[600];
		job_words(j, words, sizeof words);
		fprintf(f, "%s (partition %s", words, part_name(j));
		if (j->st.nodes[0])
			fprintf(f, ", nodes %s", j->st.nodes);
		if (j->st.exit_code[0])
			fprintf(f, ", exit %s", j->st.exit_code);
		if (j->st.run_s >= 0)
			fprintf(f, ", ran %ld s", j->st.run_s);
		fprintf(f, ")\n");
	}
	char path[4300];
	snprintf(path, sizeof path, "%s/slurm.csv", job->out);
	atomic_file a;
	if (!atomic_open(&a, path, err, errlen))
		return false;
	fputs("job,partition,state,reason,exit_code,nodes,run_s,meaning\n", a.f);
	for (int i = 0; i < n; i++) {
		const fs_job *j = &jobs[i];
		csv_field(a.f, j->id, true);
		csv_field(a.f, part_name(j), false);
		csv_field(a.f,
		          !j->id[0] ? "NOT_SUBMITTED"
		          : j->gone ? "UNKNOWN"
		                    : j->st.state,
		          false);
		csv_field(a.f, j->id[0] ? j->st.reason : j->why, false);
		csv_field(a.f, j->st.exit_code, false);
		csv_field(a.f, j->st.nodes, false);
		fprintf(a.f, ",%ld", j->st.run_s);
		csv_field(a.f, j->id[0] && !j->gone ? sj_meaning(j->st.state) : "", false);
		fputc('\n', a.f);
	}
	return atomic_commit(&a, err, errlen);
}
