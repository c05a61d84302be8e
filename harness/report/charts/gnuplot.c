/* gnuplot.c — see gnuplot.h. */
#include "gnuplot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../base/file_read.h"
#include "../safe_text.h"
#include "gp_templates.h"

/* The kinds of file the report writes in a charts directory: the only ones it
 * ever removes there. */
static const char *const chart_ext[] = {".dat", ".gp", ".svg", ".png", ".log"};

static bool is_chart_file(const char *name)
{
	size_t n = strlen(name);
	for (size_t k = 0; k < sizeof chart_ext / sizeof chart_ext[0]; k++) {
		size_t el = strlen(chart_ext[k]);
		if (n > el && strcmp(name + n - el, chart_ext[k]) == 0)
			return true;
	}
	return false;
}

/* The built-in template <kind>, or NULL. */
static const gp_template *builtin(const char *kind)
{
	for (const gp_template *t = gp_templates; t && t->name; t++)
		if (strcmp(t->name, kind) == 0)
			return t;
	return NULL;
}

bool gp_find_gnuplot(char *out, size_t len)
{
	const char *path = getenv("PATH");
	for (const char *p = path ? path : ""; *p;) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char cand[4096];
		snprintf(cand, sizeof cand, "%.*s/gnuplot", (int)(n ? n : 1), n ? p : ".");
		if (access(cand, X_OK) == 0) {
			snprintf(out, len, "%.4000s", cand);
			return true;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static void find_gnuplot(gp_env *g)
{
	if (!gp_find_gnuplot(g->gnuplot, sizeof g->gnuplot)) {
		g->gnuplot[0] = '\0';
		snprintf(g->why_no_gnuplot, sizeof g->why_no_gnuplot,
		         "gnuplot not found in PATH (Debian: apt-get install gnuplot-nox)");
	}
}

/* mkdir that accepts an existing directory (and nothing else). */
static bool make_dir(const char *path, char *err, size_t errlen)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %.600s: %s", path, strerror(errno));
		return false;
	}
	if (!file_is_dir(path)) {
		snprintf(err, errlen, "%.600s: not a directory", path);
		return false;
	}
	return true;
}

bool gp_init(gp_env *g, const char *outdir, const char *scripts_opt, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	if (scripts_opt) {
		char p[4200];
		snprintf(g->scripts, sizeof g->scripts, "%.4000s", scripts_opt);
		snprintf(p, sizeof p, "%.4000s/common.gp", scripts_opt);
		if (!file_exists(p)) {
			snprintf(err, errlen,
			         "--scripts %.600s: no chart templates there (common.gp)",
			         scripts_opt);
			return false;
		}
	}
	snprintf(g->final, sizeof g->final, "%.4000s/charts", outdir);
	snprintf(g->alt, sizeof g->alt, "%.4000s/charts.incomplete", outdir);
	snprintf(g->charts, sizeof g->charts, "%.4000s/.charts-XXXXXX", outdir);
	if (!make_dir(g->final, err, errlen))
		return false;
	if (!mkdtemp(g->charts)) {
		snprintf(err, errlen, "cannot create a directory in %.600s: %s", outdir,
		         strerror(errno));
		return false;
	}
	chmod(g->charts, 0755); /* mkdtemp's 0700 would follow it into charts/ */
	find_gnuplot(g);
	return true;
}

FILE *gp_open(const gp_env *g, const char *name, const char *ext, char *err, size_t errlen)
{
	char path[4400];
	snprintf(path, sizeof path, "%.4000s/%.190s.%.8s", g->charts, name, ext);
	FILE *f = fopen(path, "w");
	if (!f)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	return f;
}

/* Appends the template <kind>.gp (--scripts DIR, else built in) to f. */
static bool append_template(const gp_env *g, FILE *f, const char *kind, char *err, size_t errlen)
{
	fprintf(f, "\n# ---- from scripts/%s.gp ----\n", kind);
	if (!g->scripts[0]) {
		const gp_template *t = builtin(kind);
		if (!t) {
			snprintf(err, errlen,
			         "chart template %s.gp is not built into this corobench (build it "
			         "with make, or give --scripts DIR)",
			         kind);
			return false;
		}
		fwrite(t->text, 1, t->len, f);
		return true;
	}
	char path[4200], *buf;
	size_t len;
	snprintf(path, sizeof path, "%.4000s/%.60s.gp", g->scripts, kind);
	if (!file_read_all(path, 1 << 20, &buf, &len, err, errlen))
		return false;
	fwrite(buf, 1, len, f);
	free(buf);
	return true;
}

bool gp_write_script(const gp_env *g, const char *name, const char *kind, const char *preamble,
                     char *err, size_t errlen)
{
	FILE *f = gp_open(g, name, "gp", err, errlen);
	if (!f)
		return false;
	fprintf(f,
	        "# %s.gp — written by `corobench report` from scripts/%s.gp (the template).\n"
	        "# Re-render:  gnuplot %s.gp                  (in this directory: %s.svg, %s.png)\n"
	        "#             gnuplot -e \"formats='png'\" %s.gp   (one format)\n"
	        "# The data is %s.dat; the variables below say what to draw.\n\n",
	        name, kind, name, name, name, name, name);
	fputs(preamble, f);
	bool ok = append_template(g, f, "common", err, errlen) &&
	          append_template(g, f, kind, err, errlen);
	if (fclose(f) != 0 && ok) {
		snprintf(err, errlen, "cannot write %.400s/%.100s.gp", g->charts, name);
		ok = false;
	}
	return ok;
}

/* Whether dir holds an image the report wrote (.svg, .png). */
static bool has_images(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *e;
	bool any = false;
	while (!any && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		any = n > 4 &&
		      (!strcmp(e->d_name + n - 4, ".svg") || !strcmp(e->d_name + n - 4, ".png"));
	}
	closedir(d);
	return any;
}

/* Whether name is among the n names of list. */
static bool listed(char **list, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

/* Removes the chart files of dir that are not among keep[0..nkeep). */
static void remove_stale(const char *dir, char **keep, int nkeep)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_chart_file(e->d_name) || listed(keep, nkeep, e->d_name))
			continue;
		char path[4400];
		snprintf(path, sizeof path, "%.4000s/%.300s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

/* The names of the files in dir (the staging directory: the report's own). */
static int list_files(const char *dir, char ***out)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), k = 0;
	*out = NULL;
	if (n < 0)
		return 0;
	*out = calloc((size_t)n + 1, sizeof **out);
	for (int i = 0; i < n; i++) {
		if (*out && ents[i]->d_name[0] != '.')
			(*out)[k++] = strdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return k;
}

bool gp_commit(gp_env *g, bool all_rendered, char *err, size_t errlen)
{
	bool into_final = all_rendered || !has_images(g->final);
	const char *dest = into_final ? g->final : g->alt;
	if (!into_final && !make_dir(g->alt, err, errlen))
		return false;
	char **names;
	int n = list_files(g->charts, &names);
	bool ok = true;
	for (int i = 0; i < n && ok; i++) {
		char from[4400], to[4400];
		if (!names[i])
			continue;
		snprintf(from, sizeof from, "%.4000s/%.300s", g->charts, names[i]);
		snprintf(to, sizeof to, "%.4000s/%.300s", dest, names[i]);
		if (rename(from, to) != 0) {
			snprintf(err, errlen, "cannot move %.500s to %.500s: %s", from, to,
			         strerror(errno));
			ok = false;
		}
	}
	if (ok) {
		remove_stale(dest, names, n);
		if (into_final) { /* an earlier incomplete report is superseded */
			remove_stale(g->alt, NULL, 0);
			rmdir(g->alt);
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!ok)
		return false;
	rmdir(g->charts);
	snprintf(g->charts, sizeof g->charts, "%s", dest);
	g->committed = true;
	g->kept_old = !into_final;
	return true;
}

void gp_abort(gp_env *g)
{
	if (g->committed || !g->charts[0])
		return;
	remove_stale(g->charts, NULL, 0);
	rmdir(g->charts);
}

/* The last non-empty line of a chart's gnuplot log, for the error message. */
static void last_log_line(const char *log, char *out, size_t len)
{
	char *buf, e[100];
	size_t n;
	out[0] = '\0';
	if (!file_read_all(log, 1 << 20, &buf, &n, e, sizeof e))
		return;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	char *start = strrchr(buf, '\n');
	snprintf(out, len, "%.200s", start ? start + 1 : buf);
	free(buf);
}

static bool image_ok(const gp_env *g, const char *name, const char *ext)
{
	char path[4400];
	struct stat st;
	snprintf(path, sizeof path, "%.4000s/%.190s.%.8s", g->charts, name, ext);
	return stat(path, &st) == 0 && st.st_size > 0;
}

/* Starts gnuplot on charts/<name>.gp, output to charts/<name>.log; -1 on error. */
static pid_t start(const gp_env *g, const char *name, char *why)
{
	char script[200], log[4400];
	snprintf(script, sizeof script, "%.190s.gp", name);
	snprintf(log, sizeof log, "%.4000s/%.190s.log", g->charts, name);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, GP_WHY_LEN, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (chdir(g->charts) == 0)
			execl(g->gnuplot, "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Judges a finished gnuplot: exit status, then both images. */
static bool finish(const gp_env *g, const char *name, int status, char *why)
{
	char log[4400], last[220];
	snprintf(log, sizeof log, "%.4000s/%.190s.log", g->charts, name);
	last_log_line(log, last, sizeof last);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, GP_WHY_LEN, "gnuplot %.60s.gp failed (%.140s); see charts/%.60s.log",
		         name, last[0] ? last : "no message", name);
		return false;
	}
	if (!image_ok(g, name, "svg") || !image_ok(g, name, "png")) {
		snprintf(why, GP_WHY_LEN, "gnuplot %.100s.gp wrote no image (%.150s)", name, last);
		return false;
	}
	unlink(log); /* success: warnings, if any, are not worth a file per chart */
	return true;
}

void gp_render_all(const gp_env *g, const char *const *names, int n, bool *ok,
                   char (*why)[GP_WHY_LEN])
{
	pid_t pids[GP_PARALLEL];
	int idx[GP_PARALLEL], waited[GP_PARALLEL], running = 0, next = 0;
	for (int i = 0; i < n; i++)
		ok[i] = false;
	if (!g->gnuplot[0]) {
		for (int i = 0; i < n; i++)
			snprintf(why[i], GP_WHY_LEN, "%s", g->why_no_gnuplot);
		return;
	}
	/* Poll every 10 ms: a chart takes ~500 ms, so this costs nothing. */
	struct timespec tick = {0, 10 * 1000 * 1000};
	while (next < n || running > 0) {
		while (running < GP_PARALLEL && next < n) {
			pid_t p = start(g, names[next], why[next]);
			if (p > 0) {
				pids[running] = p;
				idx[running] = next;
				waited[running++] = 0;
			}
			next++;
		}
		for (int k = 0; k < running; k++) {
			int status = 0;
			pid_t r = waitpid(pids[k], &status, WNOHANG);
			if (r == 0 && (waited[k] += 10) < GP_TIMEOUT_S * 1000)
				continue;
			if (r == 0) {
				kill(pids[k], SIGKILL);
				waitpid(pids[k], &status, 0);
				snprintf(why[idx[k]], GP_WHY_LEN,
				         "gnuplot %.100s.gp ran past %d s and was "
				         "killed",
				         names[idx[k]], GP_TIMEOUT_S);
			} else if (r < 0) {
				snprintf(why[idx[k]], GP_WHY_LEN, "waitpid: %s", strerror(errno));
			} else {
				ok[idx[k]] = finish(g, names[idx[k]], status, why[idx[k]]);
			}
			pids[k] = pids[running - 1];
			idx[k] = idx[running - 1];
			waited[k] = waited[running - 1];
			running--;
			k--;
		}
		if (running > 0)
			nanosleep(&tick, NULL);
	}
}

void gp_str(char *out, size_t len, const char *s)
{
	char clean[1200];
	size_t w = 0;
	if (len < 3) {
		if (len)
			out[0] = '\0';
		return;
	}
	/* each character may double: cut (at a character boundary) to what fits */
	size_t cap = (len - 3) / 2 + 1;
	safe_text(clean, cap < sizeof clean ? cap : sizeof clean, s);
	out[w++] = '\'';
	for (const char *p = clean; *p; p++) {
		if (*p == '\'')
			out[w++] = '\'';
		out[w++] = *p;
	}
	out[w++] = '\'';
	out[w] = '\0';
}

void gp_datastr(char *out, size_t len, const char *s)
{
	char clean[1200];
	size_t w = 0;
	if (len < 3) {
		if (len)
			out[0] = '\0';
		return;
	}
	size_t cap = (len - 3) / 2 + 1;
	safe_text(clean, cap < sizeof clean ? cap : sizeof clean, s);
	out[w++] = '"';
	for (const char *p = clean; *p; p++) {
		if (*p == '\\')
			out[w++] = '\\';
		out[w++] = *p == '"' ? '\'' : *p;
	}
	out[w++] = '"';
	out[w] = '\0';
}
