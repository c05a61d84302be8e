/* resfix.c — see resfix.h. */
#include "resfix.h"

#include "../../harness/measure/latency.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *resfix_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof tmpl, "%s/corobench-test-XXXXXX", t && *t ? t : "/tmp");
	char *d = mkdtemp(tmpl);
	return d ? strdup(d) : NULL;
}

/* mkdir -p path (the fixtures nest: DIR/mpmc-sweep/2x2/latency). */
static void mkdir_p(const char *path)
{
	char p[1024];
	snprintf(p, sizeof p, "%s", path);
	for (char *q = p + 1; *q; q++)
		if (*q == '/') {
			*q = '\0';
			mkdir(p, 0755);
			*q = '/';
		}
	mkdir(p, 0755);
}

bool resfix_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	const char *slash = strrchr(name, '/');
	if (slash) {
		snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - name), name);
		mkdir_p(path);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

bool resfix_write_more(const char *dir, const char *host, const char *extra_col,
                       const resfix_cfg *c, const resfix_more *more, int n)
{
	char path[1024];
	mkdir_p(dir);
	snprintf(path, sizeof path, "%s/runs.csv", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f,
	        "schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,"
	        "n_requested,n,size_reduced,round,rep,elapsed_ns,ns_per_op,ops_per_sec,"
	        "migrated%s%s\n",
	        extra_col ? "," : "", extra_col ? extra_col : "");
	for (int i = 0; i < n; i++) {
		long long nreq = 1000000, nrun = c[i].reduced ? 10000 : nreq;
		const resfix_more x = more ? more[i] : (resfix_more){0};
		for (int s = 0; s < c[i].n; s++) {
			double ns = c[i].ns[s];
			fprintf(
			    f,
			    "1,%s/runtime=%s/chan=%s/threads=%d/placement=%s%s,%s,%s,%s,%d,%s,%s,,"
			    "n=%lld%s%s,%lld,%lld,%d,%d,%d,%.0f,%.17g,%.17g,",
			    c[i].workload, c[i].runtime, c[i].chan, c[i].threads, c[i].placement,
			    x.key_tail ? x.key_tail : "", c[i].workload, c[i].runtime, c[i].chan,
			    c[i].threads, c[i].placement, x.pair_class ? x.pair_class : "", nrun,
			    x.params ? ";" : "", x.params ? x.params : "", nreq, nrun, c[i].reduced,
			    s / 5, 1 + s % 5, ns * (double)nrun, ns, 1e9 / ns);
			if (extra_col && x.extra)
				fprintf(f, ",%.17g", x.extra[s]);
			else if (extra_col)
				fputc(',', f);
			fputc('\n', f);
		}
	}
	if (fclose(f) != 0)
		return false;
	char env[512];
	snprintf(
	    env, sizeof env,
	    "{\n  \"schema\": 1,\n  \"host\": \"%s\",\n  \"started\": \"2026-01-01T00:00:00Z\",\n"
	    "  \"cpu_model\": \"Test CPU\"\n}\n",
	    host);
	return resfix_file(dir, "env.json", env);
}

bool resfix_write(const char *dir, const char *host, const resfix_cfg *c, int n)
{
	return resfix_write_more(dir, host, NULL, c, NULL, n);
}

bool resfix_hgrm(const char *dir, const char *key, double p50, double p99, double max)
{
	/* percentile levels and the values at them, interpolated between the given ones */
	const double pct[] = {0, 0.5, 0.9, 0.99, 0.999, 1};
	const double val[] = {p50 * 0.8, p50, (p50 + p99) / 2, p99, (p99 + max) / 2, max};
	char stem[512], name[600], text[2000];
	lat_file_stem(key, stem, sizeof stem); /* the harness's own file name for key */
	snprintf(name, sizeof name, "latency/%s.hgrm", stem);
	int w = snprintf(text, sizeof text, "%12s %14s %10s %14s\n\n", "Value", "Percentile",
	                 "TotalCount", "1/(1-Percentile)");
	for (int i = 0; i < 6; i++) {
		w += snprintf(text + w, sizeof text - (size_t)w, "%12.3f %14.12f %10d", val[i],
		              pct[i],
		              (int)(pct[i] * 1000 + 0.5) > 0 ? (int)(pct[i] * 1000 + 0.5) : 1);
		if (pct[i] < 1)
			w += snprintf(text + w, sizeof text - (size_t)w, " %14.2f",
			              1 / (1 - pct[i]));
		w += snprintf(text + w, sizeof text - (size_t)w, "\n");
	}
	snprintf(text + w, sizeof text - (size_t)w,
	         "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n"
	         "#[Max     = %12.3f, Total count    = %12d]\n",
	         p50, (p99 - p50) / 3, max, 1000);
	return resfix_file(dir, name, text);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void resfix_rmrf(const char *dir)
{
	if (!dir || strstr(dir, "corobench-test-") == NULL)
		return; /* never remove anything resfix did not make */
	/* depth first, not following links, no shell */
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "resfix: could not remove %s\n", dir);
}

void resfix_samples(double *out, int n, double center, double spread, unsigned seed)
{
	unsigned long long s = seed * 2654435761ull + 1;
	for (int i = 0; i < n; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull; /* Knuth's LCG */
		double u = (double)(s >> 11) / (double)(1ull << 53) * 2 - 1;
		out[i] = center * (1 + spread * u);
	}
}
