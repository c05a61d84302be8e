/* c2c_report.c — see c2c_report.h. */
#include "c2c_report.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../base/atomic_file.h"
#include "../base/format/csv.h"

static pc_class class_at(const topo *t, const c2c_result *m, int i, int k)
{
	return pc_of(&t->pus[m->pu[i]], &t->pus[m->pu[k]]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void c2c_stats(const topo *t, const c2c_result *m, c2c_class_stats out[PC_COUNT])
{
	int n = m->n;
	double *meds = malloc(sizeof *meds * (size_t)n * (size_t)n + 1);
	for (int c = 0; c < PC_COUNT; c++) {
		c2c_class_stats *s = &out[c];
		*s = (c2c_class_stats){.min_ns = NAN, .median_ns = NAN, .max_median_ns = NAN};
		for (int i = 0; meds && i < n; i++)
			for (int k = 0; k < n; k++) {
				if (i == k || class_at(t, m, i, k) != (pc_class)c)
					continue;
				double lo = m->min_ns[i * n + k], md = m->median_ns[i * n + k];
				s->min_ns = s->pairs && s->min_ns < lo ? s->min_ns : lo;
				s->max_median_ns =
				    s->pairs && s->max_median_ns > md ? s->max_median_ns : md;
				meds[s->pairs++] = md;
			}
		if (s->pairs) {
			qsort(meds, (size_t)s->pairs, sizeof *meds, cmp_double);
			int h = s->pairs / 2;
			s->median_ns = s->pairs % 2 ? meds[h] : (meds[h - 1] + meds[h]) / 2;
		}
	}
	free(meds);
}

static void write_matrix(FILE *f, const topo *t, const c2c_result *m, const double *v)
{
	fputs("pu", f);
	for (int k = 0; k < m->n; k++)
		fprintf(f, ",%u", t->pus[m->pu[k]].os);
	fputc('\n', f);
	for (int i = 0; i < m->n; i++) {
		fprintf(f, "%u", t->pus[m->pu[i]].os);
		for (int k = 0; k < m->n; k++)
			csv_double(f, v[i * m->n + k]); /* NaN (diagonal) is written empty */
		fputc('\n', f);
	}
}

static void write_pairs(FILE *f, const topo *t, const c2c_result *m)
{
	fputs("from_pu,to_pu,class,min_ns,median_ns\n", f);
	for (int i = 0; i < m->n; i++)
		for (int k = 0; k < m->n; k++) {
			if (i == k)
				continue;
			fprintf(f, "%u,%u,%s", t->pus[m->pu[i]].os, t->pus[m->pu[k]].os,
			        pc_name(class_at(t, m, i, k)));
			csv_double(f, m->min_ns[i * m->n + k]);
			csv_double(f, m->median_ns[i * m->n + k]);
			fputc('\n', f);
		}
}

static void write_summary(FILE *f, const topo *t, const c2c_result *m)
{
	c2c_class_stats s[PC_COUNT];
	c2c_stats(t, m, s);
	fputs("class,label,pairs,min_ns,median_ns,max_median_ns\n", f);
	for (int c = 0; c < PC_COUNT; c++) {
		if (!s[c].pairs)
			continue;
		fprintf(f, "%s,", pc_name(c));
		csv_field(f, pc_label(c), true);
		fprintf(f, ",%d", s[c].pairs);
		csv_double(f, s[c].min_ns);
		csv_double(f, s[c].median_ns);
		csv_double(f, s[c].max_median_ns);
		fputc('\n', f);
	}
}

int c2c_write(const topo *t, const c2c_result *m, const char *dir, char *err, size_t errlen)
{
	static const char *const names[] = {"c2c.csv", "c2c_min.csv", "c2c_median.csv",
	                                    "c2c_summary.csv"};
	for (int i = 0; i < 4; i++) {
		char path[4200];
		atomic_file a;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (!atomic_open(&a, path, err, errlen))
			return -1;
		if (i == 0)
			write_pairs(a.f, t, m);
		else if (i == 3)
			write_summary(a.f, t, m);
		else
			write_matrix(a.f, t, m, i == 1 ? m->min_ns : m->median_ns);
		if (!atomic_commit(&a, err, errlen))
			return -1;
	}
	return 0;
}

static bool write_script(const char *text, size_t len, const char *to, char *why, size_t whylen)
{
	atomic_file a = {.f = NULL};
	if (!atomic_open(&a, to, why, whylen))
		return false;
	if (fwrite(text, 1, len, a.f) == len)
		return atomic_commit(&a, why, whylen);
	atomic_abort(&a);
	snprintf(why, whylen, "cannot write %s", to);
	return false;
}

/* Runs `GNUPLOT -e VARS c2c.gp` in dir (execv: no shell), output and errors into
 * c2c.gnuplot.log. */
static bool run_gnuplot(const char *gnuplot, const char *dir, const char *vars)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		/* dies with corobench (runner.h: no child outlives the harness) */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent || chdir(dir) != 0 ||
		    !freopen("c2c.gnuplot.log", "a", stderr) || !freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(gnuplot, "gnuplot", "-e", vars, "c2c.gp", (char *)NULL);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

bool c2c_render(const char *dir, const char *script, size_t script_len, const char *gnuplot, int n,
                char *why, size_t whylen)
{
	char to[4200];
	snprintf(to, sizeof to, "%s/c2c.gp", dir);
	if (!script) {
		snprintf(why, whylen,
		         "this binary has no built-in c2c template (build it with make)");
		return false;
	}
	if (!write_script(script, script_len, to, why, whylen))
		return false;
	if (!gnuplot) {
		snprintf(why, whylen,
		         "gnuplot not found: data and c2c.gp written; render with "
		         "`cd %s && gnuplot c2c.gp`",
		         dir);
		return false;
	}
	char vars[128];
	snprintf(vars, sizeof vars, "n=%d; out='c2c.svg'", n);
	bool ok = run_gnuplot(gnuplot, dir, vars);
	snprintf(vars, sizeof vars, "n=%d; out='c2c.png'", n);
	ok = ok && run_gnuplot(gnuplot, dir, vars);
	char log[4200];
	snprintf(log, sizeof log, "%s/c2c.gnuplot.log", dir);
	if (!ok)
		snprintf(why, whylen, "gnuplot failed: see %s", log);
	else
		unlink(log); /* only the expected warning about the empty diagonal */
	return ok;
}

void c2c_print(FILE *f, const topo *t, const c2c_result *m, int max_n)
{
	if (m->n <= max_n) {
		fprintf(f, "median RTT/2, ns (row: from PU, column: to PU; OS indexes)\n%6s", "");
		for (int k = 0; k < m->n; k++)
			fprintf(f, " %7u", t->pus[m->pu[k]].os);
		fputc('\n', f);
		for (int i = 0; i < m->n; i++) {
			fprintf(f, "%6u", t->pus[m->pu[i]].os);
			for (int k = 0; k < m->n; k++)
				if (i == k)
					fprintf(f, " %7s", "-");
				else
					fprintf(f, " %7.1f", m->median_ns[i * m->n + k]);
			fputc('\n', f);
		}
		fputc('\n', f);
	}
	c2c_class_stats s[PC_COUNT];
	c2c_stats(t, m, s);
	fprintf(f, "%-28s %6s %9s %10s %12s\n", "class", "pairs", "min ns", "median ns",
	        "worst pair");
	for (int c = 0; c < PC_COUNT; c++)
		if (s[c].pairs)
			fprintf(f, "%-28s %6d %9.1f %10.1f %12.1f\n", pc_label(c), s[c].pairs,
			        s[c].min_ns, s[c].median_ns, s[c].max_median_ns);
	fputs("\nsummary: ", f);
	bool first = true;
	for (int c = 0; c < PC_COUNT; c++)
		if (s[c].pairs) {
			fprintf(f, "%s%s: %.0f ns", first ? "" : ", ", pc_label(c), s[c].median_ns);
			first = false;
		}
	fputs(" (median RTT/2; a round trip is twice that)\n", f);
}
