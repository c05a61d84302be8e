/* results_csv.c — see results_read.h: runs.csv and summary.csv, row by row,
 * into an rr_dir (every cell checked: its column, its range, its schema);
 * results_read.c finds the files, loads the rest and calls these. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/parse.h"
#include "results_read_internal.h"
#include "results_read.h"

/* A bad cell: "<file>: line N: column C: 'value' <why>". */
static bool bad_cell(char *err, size_t errlen, const char *file, int line, const char *col,
                     const char *value, const char *why)
{
	char q[80];
	parse_quote(value, q, sizeof q);
	snprintf(err, errlen, "%s: line %d: column %s: '%s' %s", file, line, col, q, why);
	return false;
}

bool rr_get_int(const char *s, int64_t min, int64_t *out)
{
	double v;
	if (!csvr_double(s, &v) || v != floor(v) || v < (double)min || v > 9e18)
		return false;
	*out = (int64_t)v;
	return true;
}

/* Columns that are configuration or bookkeeping, not per-repetition metrics. */
static bool is_extra(const char *name)
{
	size_t n = strlen(name);
	return strncmp(name, "metric:", 7) == 0 || (n > 3 && strcmp(name + n - 3, "/op") == 0);
}

static bool require_cols(const csvr_table *t, const char *file, const char *const *names, int *cols,
                         char *err, size_t errlen)
{
	for (int i = 0; names[i]; i++) {
		cols[i] = csvr_col(t, names[i]);
		if (cols[i] < 0) {
			snprintf(err, errlen,
			         "%s: line 1: no '%s' column (not a corobench file, or a newer "
			         "schema?)",
			         file, names[i]);
			return false;
		}
	}
	return true;
}

/* Every row's schema is one this corobench reads (1 or 2), and the same in the
 * whole file; *schema gets it (1 for a file without the column or rows). */
static bool check_schema(const csvr_table *t, const char *file, int *schema, char *err,
                         size_t errlen)
{
	int c = csvr_col(t, "schema");
	*schema = 1;
	for (int r = 0; c >= 0 && r < t->nrows; r++) {
		const char *v = csvr_cell(t, r, c);
		int k = strcmp(v, "1") == 0 ? 1 : strcmp(v, "2") == 0 ? 2 : 0;
		if (!k)
			return bad_cell(err, errlen, file, t->line[r], "schema", v,
			                "is not a schema this corobench reads (1, 2)");
		if (r > 0 && k != *schema)
			return bad_cell(err, errlen, file, t->line[r], "schema", v,
			                "differs from the rows above (two runs in one file?)");
		*schema = k;
	}
	return true;
}

enum { R_KEY, R_WL, R_RT, R_CHAN, R_THREADS, R_PLACE, R_NSOP, R_NREQUIRED };

bool rr_parse_runs(rr_dir *d, const char *file, char *err, size_t errlen)
{
	static const char *const req[] = {"key",     "workload",  "runtime",   "chan",
	                                  "threads", "placement", "ns_per_op", NULL};
	const csvr_table *t = &d->runs_csv;
	int c[R_NREQUIRED];
	if (!require_cols(t, file, req, c, err, errlen) ||
	    !check_schema(t, file, &d->schema, err, errlen))
		return false;
	int c_pc = csvr_col(t, "pair_class"), c_params = csvr_col(t, "params");
	int c_cpu = csvr_col(t, "cpu_ns");
	int c_nreq = csvr_col(t, "n_requested"), c_n = csvr_col(t, "n");
	int c_red = csvr_col(t, "size_reduced"), c_round = csvr_col(t, "round");
	int c_rep = csvr_col(t, "rep");
	int *xcol = malloc(sizeof *xcol * (size_t)(t->ncols + 1));
	d->extra_names = malloc(sizeof *d->extra_names * (size_t)(t->ncols + 1));
	d->runs = calloc((size_t)(t->nrows ? t->nrows : 1), sizeof *d->runs);
	if (!xcol || !d->extra_names || !d->runs) {
		free(xcol);
		snprintf(err, errlen, "%s: out of memory", file);
		return false;
	}
	for (int i = 0; i < t->ncols; i++)
		if (is_extra(t->header[i])) {
			xcol[d->nextra] = i;
			d->extra_names[d->nextra++] = t->header[i];
		}
	d->extra_values = malloc(sizeof(double) * (size_t)(t->nrows * d->nextra + 1));
	if (!d->extra_values) {
		free(xcol);
		snprintf(err, errlen, "%s: out of memory", file);
		return false;
	}
	bool ok = true;
	for (int r = 0; ok && r < t->nrows; r++) {
		rr_run *x = &d->runs[r];
		int line = t->line[r];
		x->line = line;
		x->key = csvr_cell(t, r, c[R_KEY]);
		x->workload = csvr_cell(t, r, c[R_WL]);
		x->runtime = csvr_cell(t, r, c[R_RT]);
		x->chan = csvr_cell(t, r, c[R_CHAN]);
		x->placement = csvr_cell(t, r, c[R_PLACE]);
		x->pair_class = csvr_cell(t, r, c_pc);
		x->params = csvr_cell(t, r, c_params);
		const int names[] = {c[R_KEY], c[R_WL], c[R_RT]};
		for (int k = 0; ok && k < 3; k++)
			if (!*csvr_cell(t, r, names[k]))
				ok = bad_cell(err, errlen, file, line, t->header[names[k]], "",
				              "is empty");
		int64_t v = 0;
		double dv = 0;
		if (ok && (!rr_get_int(csvr_cell(t, r, c[R_THREADS]), 0, &v) || v > 1 << 20))
			ok = bad_cell(err, errlen, file, line, "threads",
			              csvr_cell(t, r, c[R_THREADS]), "is not a thread count");
		x->threads = (int)v;
		if (ok && (!csvr_double(csvr_cell(t, r, c[R_NSOP]), &dv) || dv <= 0))
			ok = bad_cell(err, errlen, file, line, "ns_per_op",
			              csvr_cell(t, r, c[R_NSOP]), "is not a positive number");
		x->ns_per_op = dv;
		const char *cpu = csvr_cell(t, r, c_cpu);
		x->cpu_ns = NAN; /* empty or absent: not measured */
		if (ok && *cpu && (!csvr_double(cpu, &x->cpu_ns) || x->cpu_ns < 0))
			ok = bad_cell(err, errlen, file, line, "cpu_ns", cpu,
			              "is not a CPU time in ns (leave it empty when not measured)");
		const struct {
			int col;        /* column index or -1 */
			int64_t *dst;   /* where the value goes */
			const char *nm; /* column name for messages */
		} ints[] = {{c_nreq, &x->n_requested, "n_requested"}, {c_n, &x->n, "n"}};
		for (int k = 0; ok && k < 2; k++) {
			const char *s = csvr_cell(t, r, ints[k].col);
			if (*s && !rr_get_int(s, 0, ints[k].dst))
				ok = bad_cell(err, errlen, file, line, ints[k].nm, s,
				              "is not a size");
		}
		const char *red = csvr_cell(t, r, c_red);
		if (ok && *red && strcmp(red, "0") && strcmp(red, "1"))
			ok =
			    bad_cell(err, errlen, file, line, "size_reduced", red, "is not 0 or 1");
		x->size_reduced = strcmp(red, "1") == 0;
		x->round = x->rep = -1;
		const int rc[2] = {c_round, c_rep};
		int *rd[2] = {&x->round, &x->rep};
		for (int k = 0; ok && k < 2; k++) {
			const char *s = csvr_cell(t, r, rc[k]);
			if (*s && (!rr_get_int(s, 0, &v) || v > 1 << 30))
				ok = bad_cell(err, errlen, file, line, t->header[rc[k]], s,
				              "is not a repetition number");
			*rd[k] = *s ? (int)v : -1;
		}
		x->extra = d->extra_values + (size_t)r * (size_t)d->nextra;
		for (int k = 0; ok && k < d->nextra; k++) {
			const char *s = csvr_cell(t, r, xcol[k]);
			x->extra[k] = NAN;
			if (*s && !csvr_double(s, &x->extra[k]))
				ok = bad_cell(err, errlen, file, line, d->extra_names[k], s,
				              "is not a number (leave it empty when not counted)");
		}
	}
	free(xcol);
	d->nruns = ok ? t->nrows : 0;
	return ok;
}

enum { S_KEY, S_METRIC, S_MEDIAN, S_LO, S_HI, S_NREQUIRED };

/* Schema 1's packed outliers, "low_mild:low_severe:high_mild:high_severe". */
static bool packed_outliers(const char *s, int *v)
{
	int used = 0;
	return !*s || (sscanf(s, "%d:%d:%d:%d%n", &v[0], &v[1], &v[2], &v[3], &used) == 4 &&
	               s[used] == '\0');
}

bool rr_parse_summary(rr_dir *d, const char *file, char *err, size_t errlen)
{
	static const char *const req[] = {"key", "metric", "median", "ci_low", "ci_high", NULL};
	const csvr_table *t = &d->summary_csv;
	int c[S_NREQUIRED], schema;
	if (!require_cols(t, file, req, c, err, errlen) ||
	    !check_schema(t, file, &schema, err, errlen))
		return false;
	/* repetitions: `n` in schema 1, `reps` in 2 (runs.csv's n is the ops) */
	const char *reps_name = schema >= 2 ? "reps" : "n";
	int c_n = csvr_col(t, reps_name);
	if (c_n < 0) {
		snprintf(err, errlen, "%s: line 1: no '%s' column (not a corobench file?)", file,
		         reps_name);
		return false;
	}
	const char *optd[] = {"min", "max", "mad", "rel_err"};
	int copt[4];
	for (int k = 0; k < 4; k++)
		copt[k] = csvr_col(t, optd[k]);
	int c_unit = csvr_col(t, "unit"), c_unst = csvr_col(t, "unstable");
	int c_out = csvr_col(t, "outliers"), c_note = csvr_col(t, "note");
	int c_int = csvr_col(t, "interval"), c_rounds = csvr_col(t, "rounds");
	int c_failed = csvr_col(t, "failed_rounds");
	static const char *const outn[4] = {"outliers_low_mild", "outliers_low_severe",
	                                    "outliers_high_mild", "outliers_high_severe"};
	int c_outn[4];
	for (int k = 0; k < 4; k++)
		c_outn[k] = csvr_col(t, outn[k]);
	if (c_note < 0)
		c_note = csvr_col(t, "warmup_note");
	d->summary = calloc((size_t)(t->nrows ? t->nrows : 1), sizeof *d->summary);
	if (!d->summary) {
		snprintf(err, errlen, "%s: out of memory", file);
		return false;
	}
	for (int r = 0; r < t->nrows; r++) {
		rr_summary *s = &d->summary[r];
		int line = t->line[r];
		s->key = csvr_cell(t, r, c[S_KEY]);
		s->metric = csvr_cell(t, r, c[S_METRIC]);
		s->unit = csvr_cell(t, r, c_unit);
		s->outliers = csvr_cell(t, r, c_out);
		s->note = csvr_cell(t, r, c_note);
		s->unstable = strcmp(csvr_cell(t, r, c_unst), "1") == 0;
		int64_t n;
		if (!rr_get_int(csvr_cell(t, r, c_n), 1, &n) || n > 1 << 30)
			return bad_cell(err, errlen, file, line, reps_name, csvr_cell(t, r, c_n),
			                "is not a repetition count");
		s->n = (int)n;
		double *dst[] = {&s->median, &s->ci_low, &s->ci_high};
		for (int k = 0; k < 3; k++)
			if (!csvr_double(csvr_cell(t, r, c[S_MEDIAN + k]), dst[k]))
				return bad_cell(err, errlen, file, line, req[S_MEDIAN + k],
				                csvr_cell(t, r, c[S_MEDIAN + k]),
				                "is not a number");
		double *odst[] = {&s->min, &s->max, &s->mad, &s->rel_err};
		for (int k = 0; k < 4; k++) {
			const char *v = csvr_cell(t, r, copt[k]);
			*odst[k] = NAN;
			if (*v && !csvr_double(v, odst[k]))
				return bad_cell(err, errlen, file, line, optd[k], v,
				                "is not a number");
		}
		if (!(s->ci_low <= s->median && s->median <= s->ci_high))
			return bad_cell(err, errlen, file, line, "median",
			                csvr_cell(t, r, c[S_MEDIAN]),
			                "is outside [ci_low, ci_high]");
		/* the interval's kind: schema 2 says it; schema 1's note did */
		const char *iv = csvr_cell(t, r, c_int);
		if (c_int >= 0 && strcmp(iv, "ci95") != 0 && strcmp(iv, "minmax") != 0)
			return bad_cell(err, errlen, file, line, "interval", iv,
			                "is not ci95 or minmax");
		s->interval = c_int >= 0 ? iv : strstr(s->note, "ci=min..max") ? "minmax" : "ci95";
		if (!packed_outliers(s->outliers, s->outlier_counts))
			return bad_cell(err, errlen, file, line, "outliers", s->outliers,
			                "is not low_mild:low_severe:high_mild:high_severe");
		for (int k = 0; k < 4; k++) {
			const char *v = csvr_cell(t, r, c_outn[k]);
			int64_t x;
			if (c_outn[k] < 0)
				continue;
			if (!rr_get_int(v, 0, &x) || x > n)
				return bad_cell(err, errlen, file, line, outn[k], v,
				                "is not an outlier count");
			s->outlier_counts[k] = (int)x;
		}
		const int rc[2] = {c_rounds, c_failed};
		int *rdst[2] = {&s->rounds, &s->failed_rounds};
		for (int k = 0; k < 2; k++) {
			const char *v = csvr_cell(t, r, rc[k]);
			int64_t x;
			*rdst[k] = -1;
			if (rc[k] < 0)
				continue;
			if (!rr_get_int(v, 0, &x) || x > 1 << 30)
				return bad_cell(err, errlen, file, line, t->header[rc[k]], v,
				                "is not a round count");
			*rdst[k] = (int)x;
		}
	}
	d->nsummary = t->nrows;
	return true;
}
