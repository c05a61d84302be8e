/* results_read.c — see results_read.h. */
#include "results_read.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/parse.h"
#include "../../base/file_read.h"
#include "results_read_internal.h"

static void note(rr_dir *d, const char *fmt, const char *what)
{
	if (d->nnotes < (int)(sizeof d->notes / sizeof d->notes[0]))
		snprintf(d->notes[d->nnotes++], sizeof d->notes[0], fmt, what);
}

/* Is path there: 1 yes, 0 absent, -1 it cannot be told (permission denied,
 * ...: err says so, naming it; never reported as missing). */
static int present(const char *path, char *err, size_t errlen)
{
	int e = file_stat_errno(path);
	if (e == 0)
		return 1;
	if (e == ENOENT)
		return 0;
	snprintf(err, errlen, "%s: %s", path, file_errtext(e));
	return -1;
}

/* Loads an optional CSV: absent is a note, present-but-bad an error. */
static bool optional_csv(rr_dir *d, const char *name, csvr_table *t, char *err, size_t errlen)
{
	char path[4400];
	snprintf(path, sizeof path, "%s/%s", d->path, name);
	int there = present(path, err, errlen);
	if (there == 0)
		note(d, "%s absent", name);
	return there == 0 || (there > 0 && csvr_load(path, t, err, errlen));
}

/* The rows env.json (schema 2) records for file `name` against the `have` read:
 * fewer means the file was cut (at a line boundary, which CSV cannot show);
 * more is only possible while the run is not complete (stopped between the
 * writes of one round: the CSV files first, env.json last). */
static bool check_rows(rr_dir *d, const char *name, int have, char *err, size_t errlen)
{
	char key[64];
	snprintf(key, sizeof key, "rows.%s", name);
	const char *v = d->have_env ? jsonr_get(&d->env, key) : NULL;
	if (!v)
		return true; /* schema 1, or a file env.json does not count */
	int64_t want;
	if (!rr_get_int(v, 0, &want) || want > 1 << 30) {
		char q[80];
		parse_quote(v, q, sizeof q);
		snprintf(err, errlen, "%s/env.json: %s: '%s' is not a row count", d->path, key, q);
		return false;
	}
	const char *complete = jsonr_get(&d->env, "complete");
	bool done = complete && strcmp(complete, "yes") == 0;
	if (have < want || (have > want && done)) {
		snprintf(err, errlen, "%s/%s: %d rows, env.json records %lld: %s", d->path, name,
		         have, (long long)want,
		         have < want ? "the file was cut (a truncated copy, or a full disk?)"
		                     : "rows were added after the run completed");
		return false;
	}
	return true;
}

static int cmp_hgrm(const void *a, const void *b)
{
	return strcmp(((const hgrm_file *)a)->name, ((const hgrm_file *)b)->name);
}

#define RR_MAX_HGRM 4096 /* one per latency configuration; a full matrix has ~200 */

static bool load_latency(rr_dir *d, char *err, size_t errlen)
{
	char dirp[4400];
	snprintf(dirp, sizeof dirp, "%s/latency", d->path);
	DIR *dir = opendir(dirp);
	if (!dir && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", dirp, file_errtext(errno));
		return false;
	}
	if (!dir)
		return true; /* no latency workload was run */
	struct dirent *e;
	int cap = 0;
	bool ok = true;
	while (ok && (e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".hgrm") != 0)
			continue;
		if (d->nhgrm == RR_MAX_HGRM) {
			snprintf(err, errlen, "%s: more than %d .hgrm files", dirp, RR_MAX_HGRM);
			ok = false;
			break;
		}
		if (d->nhgrm == cap) {
			cap = cap ? cap * 2 : 16;
			hgrm_file *nh = realloc(d->hgrm, sizeof *nh * (size_t)cap);
			if (!nh) {
				snprintf(err, errlen, "out of memory");
				ok = false;
				break;
			}
			d->hgrm = nh;
		}
		char path[4700];
		snprintf(path, sizeof path, "%s/%s", dirp, e->d_name);
		if (hgrm_load(path, &d->hgrm[d->nhgrm], err, errlen))
			d->nhgrm++;
		else
			ok = false;
	}
	closedir(dir);
	if (ok && d->nhgrm > 1)
		qsort(d->hgrm, (size_t)d->nhgrm, sizeof *d->hgrm, cmp_hgrm);
	return ok;
}

static bool load_c2c(rr_dir *d, char *err, size_t errlen)
{
	char path[4400], inner[400];
	snprintf(path, sizeof path, "%s/c2c.csv", d->path);
	int there = present(path, err, errlen);
	if (there < 0)
		return false;
	if (there == 0) {
		note(d, "%s absent (run corobench c2c --out DIR for the core-to-core heatmap)",
		     "c2c.csv");
		return true;
	}
	csvr_table t;
	if (!csvr_load(path, &t, err, errlen))
		return false;
	bool ok = c2c_from_table(&t, &d->c2c, inner, sizeof inner);
	if (!ok)
		snprintf(err, errlen, "%s: %s", path, inner);
	csvr_free(&t);
	/* the per-class summary is optional even when the matrix is there */
	snprintf(path, sizeof path, "%s/c2c_summary.csv", d->path);
	if (!ok || (there = present(path, err, errlen)) == 0)
		return ok;
	if (there < 0)
		return false;
	if (!csvr_load(path, &d->c2c_summary, err, errlen))
		return false;
	if (csvr_col(&d->c2c_summary, "label") < 0 || csvr_col(&d->c2c_summary, "median_ns") < 0) {
		snprintf(err, errlen, "%s: line 1: no 'label' or 'median_ns' column", path);
		return false;
	}
	return true;
}

/* The host: env.json's, else from results/<YYYYmmdd-HHMMSS>-<host>, else the
 * directory's name. */
static void find_host(rr_dir *d)
{
	const char *h = d->have_env ? jsonr_get(&d->env, "host") : NULL;
	if (h && *h) {
		snprintf(d->host, sizeof d->host, "%.*s", (int)sizeof d->host - 1, h);
		return;
	}
	const char *base = strrchr(d->path, '/');
	base = base ? base + 1 : d->path;
	int y, m, day, hh, mm, ss, used = 0;
	if (sscanf(base, "%4d%2d%2d-%2d%2d%2d-%n", &y, &m, &day, &hh, &mm, &ss, &used) == 6 &&
	    used > 0 && base[used])
		base += used;
	snprintf(d->host, sizeof d->host, "%.*s", (int)sizeof d->host - 1, base);
}

bool results_load(const char *dir, rr_dir *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n >= sizeof d->path - 64) {
		snprintf(err, errlen, "%.80s...: path too long", dir);
		return false;
	}
	memcpy(d->path, dir, n);
	d->path[n] = '\0';
	int e = file_stat_errno(d->path);
	if (e != 0 || !file_is_dir(d->path)) {
		snprintf(err, errlen, "%s: %s", d->path,
		         e == ENOENT ? "no such results directory"
		         : e         ? file_errtext(e)
		                     : "not a directory");
		return false;
	}
	char path[4400];
	snprintf(path, sizeof path, "%s/runs.csv", d->path);
	e = file_stat_errno(path);
	if (e != 0) {
		if (e == ENOENT)
			snprintf(err, errlen, "%s: missing (not a corobench results directory?)",
			         path);
		else
			snprintf(err, errlen, "%s: %s", path, file_errtext(e));
		return false;
	}
	bool ok = csvr_load(path, &d->runs_csv, err, errlen) && rr_parse_runs(d, path, err, errlen);
	snprintf(path, sizeof path, "%s/summary.csv", d->path);
	int there = ok ? present(path, err, errlen) : 0;
	ok = ok && there >= 0;
	if (ok && there) {
		d->have_summary = true;
		ok = csvr_load(path, &d->summary_csv, err, errlen) &&
		     rr_parse_summary(d, path, err, errlen);
	} else if (ok) {
		note(d, "%s absent: statistics recomputed from runs.csv", "summary.csv");
	}
	snprintf(path, sizeof path, "%s/env.json", d->path);
	there = ok ? present(path, err, errlen) : 0;
	ok = ok && there >= 0;
	if (ok && there) {
		d->have_env = true;
		ok = jsonr_load(path, &d->env, err, errlen);
	} else if (ok) {
		note(d, "%s absent: machine details unknown", "env.json");
	}
	ok = ok && optional_csv(d, "skipped.csv", &d->skipped, err, errlen) &&
	     optional_csv(d, "failures.csv", &d->failures, err, errlen) &&
	     load_latency(d, err, errlen) && load_c2c(d, err, errlen);
	/* a file cut at a line boundary parses: env.json's row counts tell */
	ok =
	    ok && check_rows(d, "runs.csv", d->runs_csv.nrows, err, errlen) &&
	    (!d->have_summary || check_rows(d, "summary.csv", d->nsummary, err, errlen)) &&
	    (!d->failures.ncols || check_rows(d, "failures.csv", d->failures.nrows, err, errlen)) &&
	    (!d->skipped.ncols || check_rows(d, "skipped.csv", d->skipped.nrows, err, errlen));
	if (ok && d->nruns == 0) {
		snprintf(err, errlen,
		         "%s/runs.csv: no measured repetitions (every configuration failed or was "
		         "skipped? see failures.csv and skipped.csv)",
		         d->path);
		ok = false;
	}
	snprintf(path, sizeof path, "%s/topology.xml", d->path);
	d->have_topology = file_exists(path);
	if (!ok) {
		results_free(d);
		return false;
	}
	find_host(d);
	return true;
}

void results_free(rr_dir *d)
{
	csvr_free(&d->runs_csv);
	csvr_free(&d->summary_csv);
	csvr_free(&d->skipped);
	csvr_free(&d->failures);
	jsonr_free(&d->env);
	for (int i = 0; i < d->nhgrm; i++)
		hgrm_free(&d->hgrm[i]);
	free(d->hgrm);
	c2c_free(&d->c2c);
	csvr_free(&d->c2c_summary);
	free(d->runs);
	free(d->extra_names);
	free(d->extra_values);
	free(d->summary);
	char path[sizeof d->path];
	memcpy(path, d->path, sizeof path);
	memset(d, 0, sizeof *d);
	memcpy(d->path, path, sizeof path); /* callers may still name the directory */
}

int results_extra(const rr_dir *d, const char *name)
{
	for (int i = 0; i < d->nextra; i++)
		if (strcmp(d->extra_names[i], name) == 0)
			return i;
	return -1;
}
