/* resfix.c — see resfix.h. */
#include "resfix.h"

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

bool resfix_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	const char *slash = strrchr(name, '/');
	if (slash) {
		snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - name), name);
		mkdir(path, 0755);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

bool resfix_write(const char *dir, const char *host, const resfix_cfg *c, int n)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/runs.csv", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs("schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,"
	      "n_requested,n,size_reduced,round,rep,elapsed_ns,ns_per_op,ops_per_sec,migrated\n",
	      f);
	for (int i = 0; i < n; i++) {
		long long nreq = 1000000, nrun = c[i].reduced ? 10000 : nreq;
		for (int s = 0; s < c[i].n; s++) {
			double ns = c[i].ns[s];
			fprintf(f,
			        "1,%s/runtime=%s/chan=%s/threads=%d/placement=%s,%s,%s,%s,%d,%s,,,"
			        "n=%lld,%lld,%lld,%d,%d,%d,%.0f,%.17g,%.17g,\n",
			        c[i].workload, c[i].runtime, c[i].chan, c[i].threads,
			        c[i].placement, c[i].workload, c[i].runtime, c[i].chan,
			        c[i].threads, c[i].placement, nrun, nreq, nrun, c[i].reduced, s / 5,
			        1 + s % 5, ns * (double)nrun, ns, 1e9 / ns);
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

void resfix_rmrf(const char *dir)
{
	if (!dir || strstr(dir, "corobench-test-") == NULL)
		return; /* never remove anything resfix did not make */
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
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
