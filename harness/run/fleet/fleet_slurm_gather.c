/* fleet_slurm_gather.c — see fleet_slurm.h: what came back from the nodes of
 * the jobs fleet_slurm.c submitted and waited for, each node's outcome as a row
 * of the fleet table, and the table itself. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../base/atomic_file.h"
#include "../../base/format/csv.h"
#include "../../base/fs.h"
#include "../../base/proc.h"
#include "../../base/xalloc.h"
#include "fleet_slurm.h"
#include "fleet_slurm_internal.h"

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
	snprintf(o->where, sizeof o->where, "partition %.200s, job %s", fslurm_part_name(j), j->id);
	if (!sj_safe_name(node)) {
		snprintf(o->reason, sizeof o->reason,
		         "Slurm named a node '%.100s': not a safe file name", node);
		fslurm_clean(o->reason);
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
	fslurm_last_line_file(log, line, sizeof line);
	if (!line[0]) { /* no log: what the batch script said (srun's errors) */
		char batch[4400];
		snprintf(batch, sizeof batch, "%s/slurm-%s.out", s->dest, j->id);
		fslurm_last_line_file(batch, line, sizeof line);
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
		fslurm_clean(o->reason);
		return;
	}
	o->run_exit = atoi(status);
	if (o->run_exit == 130 &&
	    is_dir(src)) { /* Slurm's SIGTERM: time limit, preemption, scancel */
		snprintf(o->reason, sizeof o->reason,
		         "stopped by a signal (exit 130): %.300s; the rounds that finished are in "
		         "%.250s (left out of the report)",
		         words, src);
		fslurm_clean(o->reason);
		return;
	}
	if (o->run_exit != 0 && o->run_exit != 1) {
		snprintf(o->reason, sizeof o->reason, "run: exit %d: %.250s%s%.350s", o->run_exit,
		         line[0] ? line : "(no output)",
		         strcmp(j->st.state, "COMPLETED") != 0 ? "; " : "",
		         strcmp(j->st.state, "COMPLETED") != 0 ? words : "");
		fslurm_clean(o->reason);
		return;
	}
	if (!is_dir(src)) {
		snprintf(o->reason, sizeof o->reason, "exit %d but no results directory %.600s",
		         o->run_exit, src);
		fslurm_clean(o->reason);
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
			snprintf(x->where, sizeof x->where, "partition %.250s",
			         fslurm_part_name(j));
			snprintf(x->reason, sizeof x->reason, "%s", j->why);
		} else {
			char words[600];
			job_words(j, words, sizeof words);
			snprintf(x->name, sizeof x->name, "job%.50s", j->id);
			snprintf(x->where, sizeof x->where, "partition %.200s, job %s",
			         fslurm_part_name(j), j->id);
			snprintf(x->reason, sizeof x->reason, "never ran on a node: %s", words);
		}
		fslurm_clean(x->where);
		fslurm_clean(x->reason);
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
			fprintf(f, "partition %s: not submitted: %s\n", fslurm_part_name(j),
			        j->why);
			continue;
		}
		char words[600];
		job_words(j, words, sizeof words);
		fprintf(f, "%s (partition %s", words, fslurm_part_name(j));
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
		csv_field(a.f, fslurm_part_name(j), false);
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
