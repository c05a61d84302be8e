/* write_csv.c — runs.csv, summary.csv, failures.csv and skipped.csv (writers.h). */
#include <stdlib.h>
#include <string.h>

#include "../../measure/stats.h"
#include "../../measure/warmup.h"
#include "../../base/atomic_file.h"
#include "../../base/format/csv.h"
#include "writers.h"
#include "../../base/xalloc.h"

static bool open_in(const cb_run *run, const char *name, atomic_file *a, char *err, size_t errlen)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", run->outdir, name);
	return atomic_open(a, path, err, errlen);
}

/* "name=value;..." of the parameters actually used (the info record), falling
 * back to the requested ones. */
static void params_string(const cb_run *run, int i, char *buf, size_t len)
{
	const cb_config *c = &run->configs[i];
	size_t used = 0;
	buf[0] = '\0';
	for (int p = 0; p < c->wl->nparams && used < len; p++) {
		char key[64];
		snprintf(key, sizeof key, "param.%s", c->wl->params[p].name);
		const char *actual = store_info(&run->results[i], key);
		int w = actual ? snprintf(buf + used, len - used, "%s%s=%s", p ? ";" : "",
		                          c->wl->params[p].name, actual)
		               : snprintf(buf + used, len - used, "%s%s=%lld", p ? ";" : "",
		                          c->wl->params[p].name, (long long)c->params[p]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (c->preempt_off && used < len) /* the run parameter of matrix.h, as in the key */
		snprintf(buf + used, len - used, ";preempt=off");
}

/* The value of parameter `name` in configuration i as a string: the one
 * actually used (the info record), else the requested one; "" when the
 * configuration's workload has no such parameter. */
static void param_value(const cb_run *run, int i, const char *name, char *buf, size_t len)
{
	const cb_config *c = &run->configs[i];
	buf[0] = '\0';
	int p = wl_param_index(c->wl, name);
	if (p < 0)
		return;
	char key[64];
	snprintf(key, sizeof key, "param.%s", name);
	const char *actual = store_info(&run->results[i], key);
	if (actual)
		snprintf(buf, len, "%s", actual);
	else
		snprintf(buf, len, "%lld", (long long)c->params[p]);
}

/* Every parameter name of the run's workloads, in order of first appearance
 * (n first: every workload's params[0]); *names is malloc'd, strings are the
 * workloads'. One `param:<name>` column each, so a table groups by parameter
 * without unpacking `params`. */
static int param_names(const cb_run *run, const char ***names)
{
	const char **v = xmalloc(sizeof *v * (size_t)(WL_MAX_PARAMS * (run->nconfigs + 1)));
	int n = 0;
	for (int i = 0; i < run->nconfigs; i++) {
		const workload *w = run->configs[i].wl;
		for (int p = 0; p < w->nparams; p++) {
			bool seen = false;
			for (int k = 0; k < n && !seen; k++)
				seen = strcmp(v[k], w->params[p].name) == 0;
			if (!seen)
				v[n++] = w->params[p].name;
		}
	}
	*names = v;
	return n;
}

/* The columns that name configuration i: schema,key,workload,runtime,chan,threads,
 * placement[,pair_class,pus],params,param:<name>... The pairing columns (what the
 * placement resolved to on this machine) are in runs.csv only; summary.csv's
 * schema does not have them. */
static void config_columns(FILE *f, const cb_run *run, int i, bool pairing, const char **pnames,
                           int npnames)
{
	const cb_config *c = &run->configs[i];
	char params[512];
	params_string(run, i, params, sizeof params);
	csv_fieldf(f, true, "%d", RESULTS_SCHEMA);
	csv_field(f, c->key, false);
	csv_field(f, c->wl->name, false);
	csv_field(f, c->runtime, false);
	csv_field(f, c->chan_name, false);
	csv_fieldf(f, false, "%d", c->threads);
	csv_field(f, c->placement, false);
	if (pairing) {
		const char *pc = store_info(&run->results[i], "pair_class");
		const char *pus = store_info(&run->results[i], "pus");
		csv_field(f, pc ? pc : "", false);
		csv_field(f, pus ? pus : "", false);
	}
	csv_field(f, params, false);
	for (int k = 0; k < npnames; k++) {
		char v[32];
		param_value(run, i, pnames[k], v, sizeof v);
		csv_field(f, v, false);
	}
}

static void param_header(FILE *f, const char **pnames, int npnames)
{
	for (int k = 0; k < npnames; k++)
		fprintf(f, ",param:%s", pnames[k]);
}

bool write_runs_csv(const cb_run *run, long *rows, char *err, size_t errlen)
{
	atomic_file a;
	if (!open_in(run, "runs.csv", &a, err, errlen))
		return false;
	FILE *f = a.f;
	const char **ctrs, **mets, **pnames;
	int nctr = store_collect_keys(run, "ctr.", &ctrs);
	int nmet = store_collect_keys(run, "metric.", &mets);
	int npn = param_names(run, &pnames);
	const char *der[WRITERS_MAX_DERIVED];
	int nder = derived_metrics(ctrs, nctr, der);
	long nrows = 0;
	fputs("schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params", f);
	param_header(f, pnames, npn);
	fputs(",n_requested,n,size_reduced,round,rep,elapsed_ns,cpu_ns,ns_per_op,ops_per_sec,"
	      "migrated",
	      f);
	for (int k = 0; k < nctr; k++)
		fprintf(f, ",%s/op", ctrs[k]);
	for (int k = 0; k < nder; k++)
		fprintf(f, ",%s", der[k]);
	for (int k = 0; k < nmet; k++)
		fprintf(f, ",metric:%s", mets[k]);
	fputc('\n', f);
	for (int i = 0; i < run->nconfigs; i++) {
		const cb_result *r = &run->results[i];
		const char *reduced = store_info(r, "reduced");
		for (int j = 0; j < r->nreps; j++) {
			const cb_rep *rep = &r->reps[j];
			if (rep->warmup)
				continue;
			config_columns(f, run, i, true, pnames, npn);
			fprintf(f, ",%lld,%llu,%s,%d", (long long)run->configs[i].params[0],
			        (unsigned long long)rep->ops, reduced ? reduced : "0", rep->round);
			const char *repno = proto_get(&rep->rec, "rep");
			const char *mig = proto_get(&rep->rec, "migrated");
			const char *cpu = proto_get(&rep->rec, "cpu_ns");
			csv_field(f, repno ? repno : "", false);
			fprintf(f, ",%llu", (unsigned long long)rep->elapsed_ns);
			csv_field(f, cpu ? cpu : "", false); /* absent: not measured, never 0 */
			csv_double(f, (double)rep->elapsed_ns / (double)rep->ops);
			csv_double(f, (double)rep->ops * 1e9 / (double)rep->elapsed_ns);
			csv_field(f, mig ? mig : "", false);
			char key[96];
			double v;
			for (int k = 0; k < nctr; k++) {
				snprintf(key, sizeof key, "ctr.%s", ctrs[k]);
				if (rep_metric(rep, key, &v))
					csv_double(f, v);
				else
					fputc(',', f); /* not counted: empty, never 0 */
			}
			for (int k = 0; k < nder; k++) {
				if (rep_metric(rep, der[k], &v))
					csv_double(f, v);
				else
					fputc(',', f);
			}
			for (int k = 0; k < nmet; k++) {
				snprintf(key, sizeof key, "metric.%s", mets[k]);
				if (rep_metric(rep, key, &v))
					csv_double(f, v);
				else
					fputc(',', f);
			}
			fputc('\n', f);
			nrows++;
		}
	}
	free(ctrs);
	free(mets);
	free(pnames);
	if (rows)
		*rows = nrows;
	return atomic_commit(&a, err, errlen);
}

/* Distinct rounds of a result with a failure (a timeout also leaves the round's
 * verify or protocol record: one round, counted once). */
int result_failed_rounds(const cb_result *r)
{
	int n = 0;
	for (int j = 0; j < r->nfails; j++) {
		bool seen = false;
		for (int k = 0; k < j && !seen; k++)
			seen = r->fails[k].round == r->fails[j].round;
		n += !seen;
	}
	return n;
}

/* The summary's column list (docs/RESULTS.md, schema 2), between the
 * configuration columns and the param: columns' end. */
static const char summary_stats_header[] =
    ",metric,unit,reps,median,ci_low,ci_high,interval,min,max,mad,rel_err,unstable,"
    "outliers_low_mild,outliers_low_severe,outliers_high_mild,outliers_high_severe,"
    "rounds,failed_rounds,note\n";

static bool summary_row(FILE *f, const cb_run *run, int i, const char *metric, const char *label,
                        const char *unit, const char **pnames, int npnames)
{
	const cb_rep **reps;
	const cb_result *r = &run->results[i];
	int n = store_measured(r, &reps);
	double *x = xmalloc(sizeof *x * (size_t)n);
	int *repno = xmalloc(sizeof *repno * (size_t)n);
	int m = 0;
	for (int j = 0; j < n; j++)
		if (rep_metric(reps[j], metric, &x[m])) {
			const char *rv = proto_get(&reps[j]->rec, "rep");
			repno[m++] = rv ? atoi(rv) : 0;
		}
	free(reps);
	if (m == 0) {
		free(x);
		free(repno);
		return false;
	}
	stats_summary s;
	stats_summarize(x, m, &s);
	warmup_check w;
	warmup_run(x, repno, m, &w);
	free(x);
	free(repno);
	char wnote[160];
	warmup_note(&w, run->warmup, wnote, sizeof wnote);
	config_columns(f, run, i, false, pnames, npnames);
	csv_field(f, label, false);
	csv_field(f, unit, false);
	fprintf(f, ",%d", s.n);
	csv_double(f, s.median);
	csv_double(f, s.ci_low);
	csv_double(f, s.ci_high);
	csv_field(f, stats_interval_kind(&s), false);
	csv_double(f, s.min);
	csv_double(f, s.max);
	csv_double(f, s.mad);
	csv_double(f, s.rel_err);
	fprintf(f, ",%d,%d,%d,%d,%d,%d,%d", s.unstable, s.outliers_low_mild, s.outliers_low_severe,
	        s.outliers_high_mild, s.outliers_high_severe, r->rounds_done,
	        result_failed_rounds(r));
	csv_field(f, wnote, false);
	fputc('\n', f);
	return true;
}

bool write_summary_csv(const cb_run *run, long *rows, char *err, size_t errlen)
{
	atomic_file a;
	if (!open_in(run, "summary.csv", &a, err, errlen))
		return false;
	FILE *f = a.f;
	const char **ctrs, **mets, **pnames;
	int nctr = store_collect_keys(run, "ctr.", &ctrs);
	int nmet = store_collect_keys(run, "metric.", &mets);
	int npn = param_names(run, &pnames);
	const char *der[WRITERS_MAX_DERIVED];
	int nder = derived_metrics(ctrs, nctr, der);
	fputs("schema,key,workload,runtime,chan,threads,placement,params", f);
	param_header(f, pnames, npn);
	fputs(summary_stats_header, f);
	long nrows = 0;
	for (int i = 0; i < run->nconfigs; i++) {
		nrows += summary_row(f, run, i, "ns_per_op", "ns_per_op", "ns", pnames, npn);
		nrows +=
		    summary_row(f, run, i, "cpu_ns_per_op", "cpu_ns_per_op", "ns", pnames, npn);
		char key[96], label[96];
		for (int k = 0; k < nctr; k++) {
			snprintf(key, sizeof key, "ctr.%s", ctrs[k]);
			snprintf(label, sizeof label, "%s/op", ctrs[k]);
			nrows += summary_row(f, run, i, key, label, ctrs[k], pnames, npn);
		}
		for (int k = 0; k < nder; k++)
			nrows += summary_row(f, run, i, der[k], der[k], "instructions/cycle",
			                     pnames, npn);
		for (int k = 0; k < nmet; k++) {
			snprintf(key, sizeof key, "metric.%s", mets[k]);
			snprintf(label, sizeof label, "metric:%s", mets[k]);
			nrows += summary_row(f, run, i, key, label, mets[k], pnames, npn);
		}
	}
	free(ctrs);
	free(mets);
	free(pnames);
	if (rows)
		*rows = nrows;
	return atomic_commit(&a, err, errlen);
}

bool write_failures_csv(const cb_run *run, long *nfail, long *nskip, char *err, size_t errlen)
{
	atomic_file a;
	long rows = 0;
	if (!open_in(run, "failures.csv", &a, err, errlen))
		return false;
	fputs("key,round,kind,reason\n", a.f);
	for (int i = 0; i < run->nconfigs; i++) {
		const cb_result *r = &run->results[i];
		for (int j = 0; j < r->nfails; j++) {
			csv_field(a.f, run->configs[i].key, true);
			fprintf(a.f, ",%d", r->fails[j].round);
			csv_field(a.f, r->fails[j].kind, false);
			csv_field(a.f, r->fails[j].reason, false);
			fputc('\n', a.f);
			rows++;
		}
	}
	if (nfail)
		*nfail = rows;
	if (!atomic_commit(&a, err, errlen))
		return false;
	if (!open_in(run, "skipped.csv", &a, err, errlen))
		return false;
	rows = 0;
	fputs("key,reason\n", a.f);
	for (int i = 0; i < run->nconfigs; i++) {
		if (!run->results[i].skip_reason[0])
			continue;
		csv_field(a.f, run->configs[i].key, true);
		csv_field(a.f, run->results[i].skip_reason, false);
		fputc('\n', a.f);
		rows++;
	}
	if (nskip)
		*nskip = rows;
	return atomic_commit(&a, err, errlen);
}

bool write_all(const cb_run *run, char *err, size_t errlen)
{
	/* env.json last: the row counts it records are those of the files just
	 * renamed into place (a reader that finds fewer rows knows the file was cut;
	 * more, only while env.json says the run is not complete) */
	results_rows rows = {0};
	return write_runs_csv(run, &rows.runs, err, errlen) &&
	       write_summary_csv(run, &rows.summary, err, errlen) &&
	       write_bench_txt(run, err, errlen) &&
	       write_failures_csv(run, &rows.failures, &rows.skipped, err, errlen) &&
	       write_env_json(run, &rows, err, errlen);
}
