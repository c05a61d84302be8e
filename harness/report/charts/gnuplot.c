/* gnuplot.c — see gnuplot.h. */
#include "gnuplot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../base/file_read.h"

static bool has_templates(const char *dir)
{
	char p[4200];
	snprintf(p, sizeof p, "%.4000s/common.gp", dir);
	return file_exists(p);
}

static void find_scripts(gp_env *g, const char *opt)
{
	char exe[4096], cand[4][4096];
	int n = 0;
	if (opt)
		snprintf(cand[n++], sizeof cand[0], "%.4000s", opt);
	const char *env = getenv("COROBENCH_SCRIPTS");
	if (env && *env)
		snprintf(cand[n++], sizeof cand[0], "%.4000s", env);
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		exe[k] = '\0';
		snprintf(cand[n++], sizeof cand[0], "%.4000s/../scripts", dirname(exe));
	}
	snprintf(cand[n++], sizeof cand[0], "scripts");
	g->why_no_scripts[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (has_templates(cand[i])) {
			snprintf(g->scripts, sizeof g->scripts, "%.4000s", cand[i]);
			return;
		}
		size_t w = strlen(g->why_no_scripts);
		snprintf(g->why_no_scripts + w, sizeof g->why_no_scripts - w, "%s%.120s",
		         i ? ", " : "chart templates (common.gp) not found in ", cand[i]);
	}
	g->scripts[0] = '\0';
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

/* Removes what an earlier report left in charts/ (only the kinds of file the
 * report writes there), so a chart that is not drawn this time does not stay
 * behind looking current. */
static void clear_charts(const gp_env *g)
{
	static const char *const ext[] = {".dat", ".gp", ".svg", ".png", ".log"};
	DIR *d = opendir(g->charts);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		for (size_t k = 0; k < sizeof ext / sizeof ext[0]; k++) {
			size_t el = strlen(ext[k]);
			if (n > el && strcmp(e->d_name + n - el, ext[k]) == 0) {
				char path[4400];
				snprintf(path, sizeof path, "%.4000s/%.300s", g->charts, e->d_name);
				unlink(path);
				break;
			}
		}
	}
	closedir(d);
}

bool gp_init(gp_env *g, const char *outdir, const char *scripts_opt, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	snprintf(g->charts, sizeof g->charts, "%.4000s/charts", outdir);
	if (mkdir(g->charts, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", g->charts, strerror(errno));
		return false;
	}
	clear_charts(g);
	find_scripts(g, scripts_opt);
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

/* Appends the file scripts/<kind>.gp to f. */
static bool append_template(const gp_env *g, FILE *f, const char *kind, char *err, size_t errlen)
{
	char path[4200], *buf;
	size_t len;
	snprintf(path, sizeof path, "%.4000s/%.60s.gp", g->scripts, kind);
	if (!file_read_all(path, 1 << 20, &buf, &len, err, errlen))
		return false;
	fprintf(f, "\n# ---- from scripts/%s.gp ----\n", kind);
	fwrite(buf, 1, len, f);
	free(buf);
	return true;
}

bool gp_write_script(const gp_env *g, const char *name, const char *kind, const char *preamble,
                     char *err, size_t errlen)
{
	if (!g->scripts[0]) {
		snprintf(err, errlen, "%s", g->why_no_scripts);
		return false;
	}
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

void gp_quote(char *out, size_t len, const char *s)
{
	size_t w = 0;
	if (len < 3) {
		if (len)
			out[0] = '\0';
		return;
	}
	out[w++] = '"';
	for (; *s && w + 3 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			out[w++] = '\\';
		out[w++] = c < 0x20 ? ' ' : (char)c;
	}
	out[w++] = '"';
	out[w] = '\0';
}
