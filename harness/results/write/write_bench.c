/* write_bench.c — bench.txt in Go's benchmark format, and the console summary
 * table (writers.h). benchstat reads bench.txt directly: one line per measured
 * repetition, the iteration count being the n that ns/op divides by; beside
 * ns/op, cpu-ns/op, each counter per op and each workload metric as a unit of
 * its own (bytes per task as B/task, peak RSS as peak-RSS-B: bench_metric_unit),
 * so `benchstat` shows them too. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "../../measure/stats.h"
#include "../../base/atomic_file.h"
#include "../../base/units.h"
#include "writers.h"
#include "../../base/xalloc.h"

/* "pingpong/runtime=gmp/..." -> "BenchmarkPingpong/runtime=gmp/..." */
static void bench_name(FILE *f, const char *key)
{
	fputs("Benchmark", f);
	fputc(toupper((unsigned char)key[0]), f);
	fputs(key + 1, f);
}

/* The benchstat unit of a workload's metric (runs.csv's metric:<name>): bytes as
 * B, as Go's B/op, so benchstat scales them (KiB, MiB); else the name with '-'
 * for '_' (a unit is one word). */
void bench_metric_unit(const char *name, char *unit, size_t len)
{
	if (strcmp(name, "bytes_per_task") == 0) {
		snprintf(unit, len, "B/task");
	} else if (strcmp(name, "peak_rss_bytes") == 0) {
		snprintf(unit, len, "peak-RSS-B");
	} else {
		snprintf(unit, len, "%s", name);
		for (char *p = unit; *p; p++)
			*p = *p == '_' || *p == ' ' ? '-' : *p;
	}
}

void bench_lines(FILE *f, const cb_run *run, int config)
{
	const cb_result *r = &run->results[config];
	const char **ctrs, **metrics;
	int nctr = store_collect_keys(run, "ctr.", &ctrs);
	int nmet = store_collect_keys(run, "metric.", &metrics);
	const char *der[WRITERS_MAX_DERIVED];
	int nder = derived_metrics(ctrs, nctr, der);
	for (int j = 0; j < r->nreps; j++) {
		const cb_rep *rep = &r->reps[j];
		if (rep->warmup)
			continue;
		bench_name(f, run->configs[config].key);
		fprintf(f, " \t%llu\t%.4g ns/op", (unsigned long long)rep->ops,
		        (double)rep->elapsed_ns / (double)rep->ops);
		double cpu;
		if (rep_metric(rep, "cpu_ns_per_op", &cpu)) /* benchstat: a unit of its own */
			fprintf(f, "\t%.4g cpu-ns/op", cpu);
		for (int k = 0; k < nctr; k++) {
			char key[96];
			double v;
			snprintf(key, sizeof key, "ctr.%s", ctrs[k]);
			if (rep_metric(rep, key, &v))
				fprintf(f, "\t%.4g %s/op", v, ctrs[k]);
		}
		for (int k = 0; k < nder; k++) {
			double v;
			if (rep_metric(rep, der[k], &v))
				fprintf(f, "\t%.4g %s", v, der[k]);
		}
		for (int k = 0; k < nmet; k++) { /* bytes per task, peak RSS, ... */
			char key[96], unit[96];
			double v;
			snprintf(key, sizeof key, "metric.%s", metrics[k]);
			bench_metric_unit(metrics[k], unit, sizeof unit);
			if (rep_metric(rep, key, &v))
				fprintf(f, "\t%.10g %s", v, unit);
		}
		fputc('\n', f);
	}
	free(ctrs);
	free(metrics);
}

bool write_bench_txt(const cb_run *run, char *err, size_t errlen)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/bench.txt", run->outdir);
	atomic_file a;
	if (!atomic_open(&a, path, err, errlen))
		return false;
	struct utsname u;
	uname(&u);
	char cpu[256];
	env_cpu_model(cpu, sizeof cpu);
	fprintf(a.f, "goos: linux\ngoarch: %s\npkg: corobench\ncpu: %s\n",
	        strcmp(u.machine, "x86_64") == 0    ? "amd64"
	        : strcmp(u.machine, "aarch64") == 0 ? "arm64"
	                                            : u.machine,
	        cpu);
	for (int i = 0; i < run->nconfigs; i++)
		bench_lines(a.f, run, i);
	return atomic_commit(&a, err, errlen);
}

/* s left-aligned (right-aligned when width < 0) in |width| columns of the
 * terminal: UTF-8 continuation bytes take no column (the µ of µs). */
static void put_cell(FILE *f, const char *s, int width)
{
	int cols = 0;
	for (const char *p = s; *p; p++)
		cols += ((unsigned char)*p & 0xC0) != 0x80;
	int pad = (width < 0 ? -width : width) - cols;
	if (width < 0)
		fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", s);
	else
		fprintf(f, "%s%*s", s, pad > 0 ? pad : 0, "");
}

void console_header(FILE *f)
{
	fprintf(f, "%-64s %4s %14s %-6s %22s %s\n", "configuration", "reps", "ns/op (median)",
	        "kind", "interval", "note");
}

bool console_row(FILE *f, const cb_run *run, int i)
{
	const cb_config *c = &run->configs[i];
	const cb_result *r = &run->results[i];
	if (r->skip_reason[0]) {
		fprintf(f, "%-64s %4s %14s %-6s %22s skipped: %s\n", c->key, "-", "-", "-", "-",
		        r->skip_reason);
		return false;
	}
	const cb_rep **reps;
	int n = store_measured(r, &reps);
	double *x = xmalloc(sizeof *x * (size_t)n);
	for (int j = 0; j < n; j++)
		rep_metric(reps[j], "ns_per_op", &x[j]);
	free(reps);
	if (n == 0) {
		fprintf(f, "%-64s %4d %14s %-6s %22s FAILED: %s\n", c->key, 0, "-", "-", "-",
		        r->nfails ? r->fails[0].reason : "no repetition finished");
		free(x);
		return false;
	}
	stats_summary s;
	stats_summarize(x, n, &s);
	free(x);
	char med[32], lo[32], hi[32], ci[72], failed[48] = "";
	fmt_time_ns(med, sizeof med, s.median);
	fmt_time_ns(lo, sizeof lo, s.ci_low);
	fmt_time_ns(hi, sizeof hi, s.ci_high);
	snprintf(ci, sizeof ci, "%s..%s", lo, hi);
	int nf = result_failed_rounds(r);
	if (nf)
		snprintf(failed, sizeof failed, "%d of %d rounds failed", nf, r->rounds_done);
	const char *reduced = store_info(r, "reduced");
	fprintf(f, "%-64s %4d ", c->key, s.n);
	put_cell(f, med, -14);
	fprintf(f, " %-6s ", stats_interval_kind(&s));
	put_cell(f, ci, -22);
	fprintf(f, " %s%s%s\n", s.unstable ? "unstable " : "",
	        reduced && strcmp(reduced, "1") == 0 ? "size-reduced " : "", failed);
	return !s.ci_exact;
}

void console_summary(FILE *f, const cb_run *run)
{
	fputc('\n', f);
	console_header(f);
	bool any_minmax = false;
	for (int i = 0; i < run->nconfigs; i++)
		any_minmax |= console_row(f, run, i);
	/* the same markers as summary.csv's interval column */
	fprintf(f, "kind: ci95 = 95%% confidence interval of the median%s\n",
	        any_minmax ? "; minmax = min..max (fewer than 6 repetitions: no 95% interval)"
	                   : "");
}
