/* write_csv.c — runs.csv, summary.csv, failures.csv and skipped.csv (writers.h). */
#include <stdlib.h>
#include <string.h>

#include "../../measure/stats.h"
#include "../../measure/warmup.h"
#include "../../base/atomic_file.h"
#include "../../base/csv.h"
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
}

/* The columns that name configuration i: schema,key,workload,runtime,chan,threads,
 * placement[,pair_class,pus],params. The pairing columns (what the placement
 * resolved to on this machine) are in runs.csv only; summary.csv's schema does
 * not have them. */
static void config_columns(FILE *f, const cb_run *run, int i, bool pairing)
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
}

bool write_runs_csv(const cb_run *run, char *err, size_t errlen)
{
	atomic_file a;
	if (!open_in(run, "runs.csv", &a, err, errlen))
		return false;
	FILE *f = a.f;
	const char **ctrs, **mets;
	int nctr = store_collect_keys(run, "ctr.", &ctrs);
	int nmet = store_collect_keys(run, "metric.", &mets);
	const char *der[WRITERS_MAX_DERIVED];
	int nder = derived_metrics(ctrs, nctr, der);
	fputs("schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,"
	      "n_requested,n,size_reduced,round,rep,elapsed_ns,ns_per_op,ops_per_sec,migrated",
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
			config_columns(f, run, i, true);
			fprintf(f, ",%lld,%llu,%s,%d", (long long)run->configs[i].params[0],
			        (unsigned long long)rep->ops, reduced ? reduced : "0", rep->round);
			const char *repno = proto_get(&rep->rec, "rep");
			const char *mig = proto_get(&rep->rec, "migrated");
			csv_field(f, repno ? repno : "", false);
			fprintf(f, ",%llu", (unsigned long long)rep->elapsed_ns);
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
		}
	}
	free(ctrs);
	free(mets);
	return atomic_commit(&a, err, errlen);
}

static void summary_row(FILE *f, const cb_run *run, int i, const char *metric, const char *label,
                        const char *unit)
{
	const cb_rep **reps;
	int n = store_measured(&run->results[i], &reps);
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
		return;
	}
	stats_summary s;
	stats_summarize(x, m, &s);
	warmup_check w;
	warmup_run(x, repno, m, &w);
	free(x);
	free(repno);
	char note[200], wnote[160];
	warmup_note(&w, run->warmup, wnote, sizeof wnote);
	snprintf(note, sizeof note, "%s%s%s", s.ci_exact ? "" : "ci=min..max (n<6)",
	         !s.ci_exact && wnote[0] ? "; " : "", wnote);
	config_columns(f, run, i, false);
	csv_field(f, label, false);
	csv_field(f, unit, false);
	fprintf(f, ",%d", s.n);
	csv_double(f, s.median);
	csv_double(f, s.ci_low);
	csv_double(f, s.ci_high);
	csv_double(f, s.min);
	csv_double(f, s.max);
	csv_double(f, s.mad);
	csv_double(f, s.rel_err);
	fprintf(f, ",%d,%d:%d:%d:%d", s.unstable, s.outliers_low_mild, s.outliers_low_severe,
	        s.outliers_high_mild, s.outliers_high_severe);
	csv_field(f, note, false);
	fputc('\n', f);
}

bool write_summary_csv(const cb_run *run, char *err, size_t errlen)
{
	atomic_file a;
	if (!open_in(run, "summary.csv", &a, err, errlen))
		return false;
	FILE *f = a.f;
	fputs("schema,key,workload,runtime,chan,threads,placement,params,metric,unit,n,median,"
	      "ci_low,ci_high,min,max,mad,rel_err,unstable,outliers,note\n",
	      f);
	const char **ctrs, **mets;
	int nctr = store_collect_keys(run, "ctr.", &ctrs);
	int nmet = store_collect_keys(run, "metric.", &mets);
	const char *der[WRITERS_MAX_DERIVED];
	int nder = derived_metrics(ctrs, nctr, der);
	for (int i = 0; i < run->nconfigs; i++) {
		summary_row(f, run, i, "ns_per_op", "ns_per_op", "ns");
		char key[96], label[96];
		for (int k = 0; k < nctr; k++) {
			snprintf(key, sizeof key, "ctr.%s", ctrs[k]);
			snprintf(label, sizeof label, "%s/op", ctrs[k]);
			summary_row(f, run, i, key, label, ctrs[k]);
		}
		for (int k = 0; k < nder; k++)
			summary_row(f, run, i, der[k], der[k], "instructions/cycle");
		for (int k = 0; k < nmet; k++) {
			snprintf(key, sizeof key, "metric.%s", mets[k]);
			snprintf(label, sizeof label, "metric:%s", mets[k]);
			summary_row(f, run, i, key, label, mets[k]);
		}
	}
	free(ctrs);
	free(mets);
	return atomic_commit(&a, err, errlen);
}

bool write_failures_csv(const cb_run *run, char *err, size_t errlen)
{
	atomic_file a;
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
		}
	}
	if (!atomic_commit(&a, err, errlen))
		return false;
	if (!open_in(run, "skipped.csv", &a, err, errlen))
		return false;
	fputs("key,reason\n", a.f);
	for (int i = 0; i < run->nconfigs; i++) {
		if (!run->results[i].skip_reason[0])
			continue;
		csv_field(a.f, run->configs[i].key, true);
		csv_field(a.f, run->results[i].skip_reason, false);
		fputc('\n', a.f);
	}
	return atomic_commit(&a, err, errlen);
}

bool write_all(const cb_run *run, char *err, size_t errlen)
{
	return write_runs_csv(run, err, errlen) && write_summary_csv(run, err, errlen) &&
	       write_bench_txt(run, err, errlen) && write_failures_csv(run, err, errlen) &&
	       write_env_json(run, err, errlen);
}
