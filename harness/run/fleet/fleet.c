/* fleet.c — see fleet.h. */
#include "fleet.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../base/atomic_file.h"
#include "../../base/format/csv.h"
#include "../../base/xalloc.h"
#include "../../results/read/results_read.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Text from a host, for a terminal: control characters as '?'. */
static void clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

void fleet_parallel(const fleet_job *job, int n, fleet_host_fn fn, void *arg, fleet_outcome *out,
                    FILE *progress)
{
	pid_t *pid = xcalloc((size_t)n + 1, sizeof *pid);
	int *fd = xcalloc((size_t)n + 1, sizeof *fd);
	double t0 = now_s();
	if (progress)
		fflush(progress);
	for (int i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].run_exit = -1;
		int p[2];
		if (pipe2(p, O_CLOEXEC) != 0) {
			snprintf(out[i].reason, sizeof out[i].reason, "pipe: %s", strerror(errno));
			fd[i] = -1;
			continue;
		}
		pid[i] = fork();
		if (pid[i] == 0) {
			close(p[0]);
			fleet_outcome o;
			memset(&o, 0, sizeof o);
			o.run_exit = -1;
			double s = now_s();
			fn(job, i, arg, &o);
			o.seconds = now_s() - s;
			/* one writer, 5 KiB into an empty pipe: it fits, the write is whole */
			ssize_t w = write(p[1], &o, sizeof o);
			_exit(w == (ssize_t)sizeof o ? 0 : 1);
		}
		close(p[1]);
		fd[i] = p[0];
		if (pid[i] < 0) {
			snprintf(out[i].reason, sizeof out[i].reason, "fork: %s", strerror(errno));
			close(fd[i]);
			fd[i] = -1;
		}
	}
	for (int left = n; left > 0;) {
		int st;
		pid_t done = waitpid(-1, &st, 0);
		if (done < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		int i = 0;
		while (i < n && pid[i] != done)
			i++;
		if (i == n)
			continue; /* not one of ours */
		left--;
		if (fd[i] >= 0) {
			fleet_outcome o;
			if (read(fd[i], &o, sizeof o) == (ssize_t)sizeof o)
				out[i] = o;
			else
				snprintf(out[i].reason, sizeof out[i].reason,
				         "its process died (%s %d) before it reported",
				         WIFSIGNALED(st) ? "signal" : "exit",
				         WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
			close(fd[i]);
			fd[i] = -1;
		}
		clean(out[i].reason);
		if (progress) {
			fprintf(progress, "corobench fleet: %s: %s (%.0f s)%s%s\n", out[i].name,
			        out[i].ok ? "delivered" : "FAILED", now_s() - t0,
			        out[i].reason[0] ? ": " : "", out[i].reason);
			fflush(progress);
		}
	}
	free(pid);
	free(fd);
}

static int sanitize_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_SL || flag == FTW_SLN || (flag == FTW_F && !S_ISREG(st->st_mode)))
		unlink(path);
	return 0;
}

void fleet_sanitize(const char *dir)
{
	nftw(dir, sanitize_entry, 16, FTW_PHYS);
}

int fleet_gather(const fleet_job *job, fleet_outcome *out, int n, char *err, size_t errlen)
{
	int good = 0;
	static rr_dir d;
	for (int i = 0; i < n; i++) {
		if (!out[i].ok)
			continue;
		char why[RR_ERR_LEN];
		if (!results_load(out[i].results, &d, why, sizeof why)) {
			out[i].ok = false;
			snprintf(out[i].reason, sizeof out[i].reason,
			         "its results do not load: %.600s", why);
			clean(out[i].reason);
			continue;
		}
		results_free(&d);
		good++;
	}
	char path[4200];
	snprintf(path, sizeof path, "%s/fleet.csv", job->out);
	atomic_file a;
	if (!atomic_open(&a, path, err, errlen))
		return -1;
	fputs("name,where,status,run_exit,seconds,results,reason\n", a.f);
	for (int i = 0; i < n; i++) {
		csv_field(a.f, out[i].name, true);
		csv_field(a.f, out[i].where, false);
		csv_field(a.f, out[i].ok ? "delivered" : "failed", false);
		fprintf(a.f, ",%d,%.1f", out[i].run_exit, out[i].seconds);
		csv_field(a.f, out[i].ok ? out[i].results : "", false);
		csv_field(a.f, out[i].reason, false);
		fputc('\n', a.f);
	}
	return atomic_commit(&a, err, errlen) ? good : -1;
}

void fleet_table(FILE *f, const fleet_outcome *out, int n)
{
	int nw = 4, ww = 5;
	for (int i = 0; i < n; i++) {
		nw = (int)strlen(out[i].name) > nw ? (int)strlen(out[i].name) : nw;
		ww = (int)strlen(out[i].where) > ww ? (int)strlen(out[i].where) : ww;
	}
	fprintf(f, "%-*s  %-*s  %-9s  %7s  %s\n", nw, "host", ww, "where", "status", "time",
	        "results, or why not");
	for (int i = 0; i < n; i++) {
		char t[32];
		snprintf(t, sizeof t, "%.0f s", out[i].seconds);
		fprintf(f, "%-*s  %-*s  %-9s  %7s  %s%s%s\n", nw, out[i].name, ww, out[i].where,
		        out[i].ok ? "delivered" : "FAILED", t, out[i].ok ? out[i].results : "",
		        out[i].ok && out[i].reason[0] ? " — " : "", out[i].reason);
	}
}
