/* export.c — see export.h. */
#include "export.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/format/csv.h"
#include "../base/file_read.h"
#include "../base/format/json.h"
#include "../base/units.h"
#include "../measure/stats.h"
#include "../results/read/samples.h"
#include "safe_text.h"

bool export_format_parse(const char *s, export_format *out)
{
	if (strcmp(s, "json") == 0)
		*out = EXPORT_JSON;
	else if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0)
		*out = EXPORT_MARKDOWN;
	else if (strcmp(s, "csv") == 0)
		*out = EXPORT_CSV;
	else
		return false;
	return true;
}

/* The unit of a metric's values. */
static const char *unit_of(const char *metric)
{
	if (strcmp(metric, "ns_per_op") == 0)
		return "ns";
	if (strcmp(metric, "metric:bytes_per_task") == 0 ||
	    strcmp(metric, "metric:peak_rss_bytes") == 0)
		return "B";
	if (strcmp(metric, "metric:source_lag_max_ns") == 0)
		return "ns";
	size_t n = strlen(metric);
	if (n > 3 && strcmp(metric + n - 3, "/op") == 0)
		return "count/op";
	return "";
}

/* One metric's groups, or n = 0 when the directory lacks it. */
typedef struct metric_set {
	const char *name; /* "ns_per_op", an extra column's name */
	smp_set s;        /* its groups                          */
	bool have;        /* s must be freed                     */
} metric_set;

/* Flags of a configuration (from its ns_per_op summary). */
typedef struct cfg_flags {
	bool unstable, minmax, reduced, warmup;
	int failed_rounds; /* distinct rounds in failures.csv */
	const char *note;  /* summary.csv's warm-up note, or "" */
} cfg_flags;

static int failed_rounds(const rr_dir *d, const char *key)
{
	int kc = csvr_col(&d->failures, "key"), rc = csvr_col(&d->failures, "round");
	int count = 0;
	for (int r = 0; kc >= 0 && r < d->failures.nrows; r++) {
		if (strcmp(csvr_cell(&d->failures, r, kc), key) != 0)
			continue;
		bool seen = false; /* a round with several failures counts once */
		for (int q = 0; q < r && !seen; q++)
			seen = strcmp(csvr_cell(&d->failures, q, kc), key) == 0 &&
			       strcmp(csvr_cell(&d->failures, q, rc),
			              csvr_cell(&d->failures, r, rc)) == 0;
		count += !seen;
	}
	return count;
}

static const char *warmup_note(const rr_dir *d, const char *key)
{
	for (int i = 0; i < d->nsummary; i++)
		if (strcmp(d->summary[i].key, key) == 0 &&
		    strcmp(d->summary[i].metric, "ns_per_op") == 0 &&
		    strncmp(d->summary[i].note, "warm-up", 7) == 0)
			return d->summary[i].note;
	return "";
}

static cfg_flags flags_of(const rr_dir *d, const smp_group *g, const stats_summary *s)
{
	cfg_flags f = {.unstable = s->unstable,
	               .minmax = !s->ci_exact,
	               .reduced = g->reduced,
	               .failed_rounds = failed_rounds(d, g->key),
	               .note = warmup_note(d, g->key)};
	f.warmup = strstr(f.note, "(p=") != NULL; /* a tested warm-up effect, not "too few" */
	return f;
}

/* "unstable;minmax" (sep between), "" when none. */
static void flags_text(const cfg_flags *f, const char *sep, char *out, size_t len)
{
	const char *names[] = {"unstable", "minmax", "size_reduced", "failed_rounds", "warmup"};
	bool on[] = {f->unstable, f->minmax, f->reduced, f->failed_rounds > 0, f->warmup};
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < 5; i++)
		if (on[i] && used < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? sep : "",
			                         names[i]);
}

static int load_metrics(const rr_dir *d, metric_set **out, char *err, size_t errlen)
{
	int n = 1 + d->nextra;
	metric_set *m = calloc((size_t)n, sizeof *m);
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m[0].name = "ns_per_op";
	if (!samples_group(d, "ns_per_op", &m[0].s, err, errlen)) {
		free(m);
		return -1;
	}
	m[0].have = true;
	for (int k = 0; k < d->nextra; k++) {
		m[1 + k].name = d->extra_names[k];
		m[1 + k].have = samples_group_if_present(d, d->extra_names[k], &m[1 + k].s);
	}
	*out = m;
	return n;
}

static void free_metrics(metric_set *m, int n)
{
	for (int i = 0; i < n; i++)
		if (m[i].have)
			samples_free(&m[i].s);
	free(m);
}

static void json_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.10g", v);
	else
		fputs("null", f);
}

static void json_stats(FILE *f, const char *metric, const stats_summary *s)
{
	json_string(f, metric);
	fputs(": {\"unit\": ", f);
	json_string(f, unit_of(metric));
	fprintf(f, ", \"reps\": %d, \"median\": ", s->n);
	json_num(f, s->median);
	fputs(", \"ci_low\": ", f);
	json_num(f, s->ci_low);
	fputs(", \"ci_high\": ", f);
	json_num(f, s->ci_high);
	fprintf(f, ", \"interval\": \"%s\", \"min\": ", stats_interval_kind(s));
	json_num(f, s->min);
	fputs(", \"max\": ", f);
	json_num(f, s->max);
	fputs(", \"rel_err\": ", f);
	json_num(f, s->rel_err);
	fputs("}", f);
}

/* env.json as it is, or null. */
static void json_env(FILE *f, const rr_dir *d)
{
	char path[4200], *buf, err[256];
	size_t len;
	snprintf(path, sizeof path, "%s/env.json", d->path);
	if (!d->have_env || !file_read_all(path, 16u << 20, &buf, &len, err, sizeof err)) {
		fputs("null", f);
		return;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' || buf[len - 1] == '\r'))
		len--;
	size_t start = 0;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) /* a BOM is not JSON */
		start = 3;
	fwrite(buf + start, 1, len - start, f);
	free(buf);
}

static void json_table(FILE *f, const char *name, const csvr_table *t, const char *const *cols,
                       int ncols)
{
	fprintf(f, ",\n  \"%s\": [", name);
	for (int r = 0; r < t->nrows; r++) {
		fputs(r ? ",\n    {" : "\n    {", f);
		for (int c = 0; c < ncols; c++) {
			fputs(c ? ", " : "", f);
			json_string(f, cols[c]);
			fputs(": ", f);
			json_string(f, csvr_cell(t, r, csvr_col(t, cols[c])));
		}
		fputs("}", f);
	}
	fputs(t->nrows ? "\n  ]" : "]", f);
}

static void write_json(FILE *f, const rr_dir *d, metric_set *m, int nm)
{
	fputs("{\n  \"schema\": \"corobench-export/1\",\n  \"source\": ", f);
	json_string(f, d->path);
	fputs(",\n  \"host\": ", f);
	json_string(f, d->host);
	fputs(",\n  \"configurations\": [", f);
	const smp_set *base = &m[0].s;
	for (int i = 0; i < base->n; i++) {
		const smp_group *g = &base->g[i];
		stats_summary s;
		stats_summarize(g->x, g->n, &s);
		cfg_flags fl = flags_of(d, g, &s);
		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\"key\": ", f);
		json_string(f, g->key);
		fputs(", \"workload\": ", f);
		json_string(f, g->first->workload);
		fputs(", \"runtime\": ", f);
		json_string(f, g->first->runtime);
		fputs(", \"chan\": ", f);
		json_string(f, g->first->chan);
		fprintf(f, ", \"threads\": %d, \"placement\": ", g->first->threads);
		json_string(f, g->first->placement);
		fputs(", \"params\": ", f);
		json_string(f, g->first->params ? g->first->params : "");
		fputs(",\n     \"metrics\": {", f);
		json_stats(f, "ns_per_op", &s);
		for (int k = 1; k < nm; k++) {
			const smp_group *e = m[k].have ? samples_find(&m[k].s, g->key) : NULL;
			if (!e)
				continue;
			stats_summary es;
			stats_summarize(e->x, e->n, &es);
			fputs(",\n       ", f);
			json_stats(f, m[k].name, &es);
		}
		char ft[128];
		flags_text(&fl, "\", \"", ft, sizeof ft);
		fprintf(f, "},\n     \"flags\": [%s%s%s], \"failed_rounds\": %d, \"note\": ",
		        ft[0] ? "\"" : "", ft, ft[0] ? "\"" : "", fl.failed_rounds);
		json_string(f, fl.note);
		fputs("}", f);
	}
	fputs(base->n ? "\n  ]" : "]", f);
	const char *skip_cols[] = {"key", "reason"};
	const char *fail_cols[] = {"key", "round", "kind", "reason"};
	json_table(f, "skipped", &d->skipped, skip_cols, d->skipped.ncols ? 2 : 0);
	json_table(f, "failures", &d->failures, fail_cols, d->failures.ncols ? 4 : 0);
	fputs(",\n  \"env\": ", f);
	json_env(f, d);
	fputs("\n}\n", f);
}

/* s for a markdown table cell: control characters escaped, `|` as `\|`. */
static void md_cell(FILE *f, const char *s)
{
	char buf[2048];
	safe_text(buf, sizeof buf, s);
	for (const char *p = buf; *p; p++) {
		if (*p == '|')
			fputs("\\|", f);
		else
			fputc(*p, f);
	}
}

static void write_markdown(FILE *f, const rr_dir *d, metric_set *m)
{
	const char *started = jsonr_get(&d->env, "started");
	const char *cpu = jsonr_get(&d->env, "cpu_model");
	fputs("corobench results: host ", f);
	md_cell(f, d->host);
	if (cpu) {
		fputs(", ", f);
		md_cell(f, cpu);
	}
	if (started) {
		fputs(", started ", f);
		md_cell(f, started);
	}
	fputs(" (", f);
	md_cell(f, d->path);
	fputs(")\n\n| configuration | reps | ns/op (median) | interval | flags |\n"
	      "|---|---:|---:|---|---|\n",
	      f);
	const smp_set *base = &m[0].s;
	bool any_minmax = false;
	for (int i = 0; i < base->n; i++) {
		const smp_group *g = &base->g[i];
		stats_summary s;
		stats_summarize(g->x, g->n, &s);
		cfg_flags fl = flags_of(d, g, &s);
		char med[32], lo[32], hi[32], ft[128];
		fmt_time_ns(med, sizeof med, s.median);
		fmt_time_ns(lo, sizeof lo, s.ci_low);
		fmt_time_ns(hi, sizeof hi, s.ci_high);
		flags_text(&fl, ", ", ft, sizeof ft);
		any_minmax |= fl.minmax;
		fputs("| ", f);
		md_cell(f, g->key);
		fprintf(f, " | %d | %s | %s %s..%s | %s |\n", s.n, med,
		        s.ci_exact ? "95% CI" : "min..max", lo, hi, ft);
	}
	fprintf(f,
	        "\nMedian of the repetitions with the 95%% confidence interval of the median "
	        "(order statistics)%s; unstable: the interval's half-width exceeds 5%% of the "
	        "median.",
	        any_minmax ? "; min..max where fewer than 6 repetitions give none" : "");
	if (d->skipped.nrows || d->failures.nrows)
		fprintf(f,
		        " Not in the table: %d configuration(s) skipped (skipped.csv), %d failed "
		        "round(s) (failures.csv).",
		        d->skipped.nrows, d->failures.nrows);
	fputc('\n', f);
}

static void write_csv(FILE *f, const rr_dir *d, metric_set *m, int nm)
{
	fputs("key,workload,runtime,chan,threads,placement,params,metric,unit,reps,median,ci_low,"
	      "ci_high,interval,min,max,rel_err,flags\n",
	      f);
	const smp_set *base = &m[0].s;
	for (int i = 0; i < base->n; i++) {
		const smp_group *g = &base->g[i];
		stats_summary s0;
		stats_summarize(g->x, g->n, &s0);
		cfg_flags fl = flags_of(d, g, &s0);
		char ft[128];
		flags_text(&fl, ";", ft, sizeof ft);
		for (int k = 0; k < nm; k++) {
			const smp_group *e = k == 0      ? g
			                     : m[k].have ? samples_find(&m[k].s, g->key)
			                                 : NULL;
			if (!e)
				continue;
			stats_summary s;
			stats_summarize(e->x, e->n, &s);
			const char *text[] = {g->key,
			                      g->first->workload,
			                      g->first->runtime,
			                      g->first->chan,
			                      NULL,
			                      g->first->placement,
			                      g->first->params ? g->first->params : ""};
			for (int c = 0; c < 7; c++) {
				char safe[2048];
				if (c == 4) {
					fprintf(f, ",%d", g->first->threads);
					continue;
				}
				safe_text(safe, sizeof safe, text[c]);
				csv_field(f, safe, c == 0);
			}
			csv_field(f, m[k].name, false);
			csv_field(f, unit_of(m[k].name), false);
			fprintf(f, ",%d", s.n);
			csv_double(f, s.median);
			csv_double(f, s.ci_low);
			csv_double(f, s.ci_high);
			csv_field(f, stats_interval_kind(&s), false);
			csv_double(f, s.min);
			csv_double(f, s.max);
			csv_double(f, s.rel_err);
			csv_field(f, ft, false);
			fputc('\n', f);
		}
	}
}

bool export_write(FILE *f, const rr_dir *d, export_format fmt, char *err, size_t errlen)
{
	metric_set *m;
	int nm = load_metrics(d, &m, err, errlen);
	if (nm < 0)
		return false;
	if (fmt == EXPORT_JSON)
		write_json(f, d, m, nm);
	else if (fmt == EXPORT_MARKDOWN)
		write_markdown(f, d, m);
	else
		write_csv(f, d, m, nm);
	free_metrics(m, nm);
	return true;
}
