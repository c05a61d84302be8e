/* soak.c — see soak.h. */
#include "soak.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../base/parse.h"
#include "../base/splitmix.h"
#include "../base/atomic_file.h"
#include "../base/format/csv.h"
#include "execute.h"
#include "runner.h"

bool soak_parse_duration(const char *s, double *seconds, char *err, size_t errlen)
{
	char num[32];
	size_t len = strlen(s);
	double mult = 1;
	if (len > 0 && strchr("smh", s[len - 1])) {
		mult = s[len - 1] == 'h' ? 3600 : s[len - 1] == 'm' ? 60 : 1;
		len--;
	}
	if (len == 0 || len >= sizeof num) {
		snprintf(err, errlen, "bad --soak '%.40s': expected a duration like 90s, 15m, 2h",
		         s);
		return false;
	}
	memcpy(num, s, len);
	num[len] = '\0';
	int64_t v;
	char inner[PARSE_ERR_LEN];
	if (!parse_int(num, 1, 30 * 24 * 3600, "--soak", &v, inner, sizeof inner) ||
	    v * mult > 30 * 24 * 3600.0) {
		snprintf(err, errlen, "bad --soak '%.40s': expected a duration from 1s to 30 days",
		         s);
		return false;
	}
	*seconds = (double)v * mult;
	return true;
}

static volatile sig_atomic_t soak_stop;
static void on_signal(int sig)
{
	(void)sig;
	soak_stop = 1;
}

static int64_t rnd_range(uint64_t *s, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(splitmix64(s) % (uint64_t)(hi - lo + 1));
}

/* Draws a runnable configuration; false if none could be drawn in 100 tries. */
static bool draw(const matrix_spec *spec, int max_threads, uint64_t *s, cb_config *c)
{
	for (int attempt = 0; attempt < 100; attempt++) {
		memset(c, 0, sizeof *c);
		c->wl = spec->workloads[splitmix64(s) % (uint64_t)spec->nworkloads];
		c->runtime = spec->runtimes[splitmix64(s) % (uint64_t)spec->nruntimes];
		c->rt = rt_find(c->runtime);
		if (!c->rt) /* the soak checks our runtimes; peers are Go's business */
			continue;
		c->chan_name = "-";
		if (c->wl->uses_chan) {
			if (spec->nchans == 0)
				continue;
			c->chan = spec->chans[splitmix64(s) % (uint64_t)spec->nchans];
			c->chan_name = c->chan->name; /* its capabilities: once params are drawn */
		}
		c->threads = (int)rnd_range(s, 1, max_threads);
		c->placement = "none";
		for (int i = 0; i < c->wl->nparams; i++) {
			const wl_param *p = &c->wl->params[i];
			int64_t hi = p->quick > p->min ? p->quick : p->min;
			/* n between a tenth of the quick size and the quick size: short runs,
			 * many of them; other parameters over their whole small range */
			int64_t lo = i == 0 ? (hi / 10 > p->min ? hi / 10 : p->min) : p->min;
			c->params[i] = rnd_range(s, lo, hi);
		}
		char why[200] = "";
		/* A size the workload refuses (skynet takes powers of ten only: 2 of the
		 * 901 draws in 100..1000) falls back to its quick size, so every workload
		 * keeps its share of the soak (skynet drew 5 of 34,366 without this). */
		if (c->wl->validate && !c->wl->validate(c->params, why, sizeof why)) {
			c->params[0] = c->wl->params[0].quick;
			if (!c->wl->validate(c->params, why, sizeof why))
				continue;
		}
		if (c->chan && (c->chan->caps & wl_chan_caps(c->wl, c->params)) !=
		                   wl_chan_caps(c->wl, c->params))
			continue;
		matrix_key(c);
		return true;
	}
	return false;
}

/* One soak outcome. */
typedef struct soak_row {
	char key[MATRIX_KEY_LEN]; /* configuration            */
	char params[256];         /* parameter values used    */
	bool ok;                  /* verified                 */
	char reason[400];         /* failure reason           */
	double seconds;           /* wall time of the round   */
} soak_row;

static bool write_csv(const char *outdir, uint64_t seed, const soak_row *rows, int n)
{
	char path[4200], err[512];
	snprintf(path, sizeof path, "%s/soak.csv", outdir);
	atomic_file a;
	if (!atomic_open(&a, path, err, sizeof err))
		return false;
	fprintf(a.f, "seed,iteration,key,params,result,seconds,reason\n");
	for (int i = 0; i < n; i++) {
		fprintf(a.f, "%llu,%d", (unsigned long long)seed, i);
		csv_field(a.f, rows[i].key, false);
		csv_field(a.f, rows[i].params, false);
		csv_field(a.f, rows[i].ok ? "verified" : "FAILED", false);
		csv_double(a.f, rows[i].seconds);
		csv_field(a.f, rows[i].reason, false);
		fputc('\n', a.f);
	}
	return atomic_commit(&a, err, sizeof err);
}

static double children_cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int soak_run(const matrix_spec *spec, const soak_options *opt)
{
	struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	soak_stop = 0;

	uint64_t state = opt->seed;
	int cap = 256, n = 0, failed = 0;
	soak_row *rows = malloc(sizeof *rows * (size_t)cap);
	double cpu0 = children_cpu_s();
	uint64_t t0 = rt_nanotime(), last_write = t0;
	bool interrupted = false;
	while (!soak_stop && (rt_nanotime() - t0) / 1e9 < opt->duration_s) {
		cb_config cfg;
		if (!draw(spec, opt->max_threads, &state, &cfg)) {
			fprintf(stderr, "corobench run --soak: the selection has no runnable "
			                "configuration on an in-process runtime\n");
			free(rows);
			return 2;
		}
		cb_result res = {0};
		cb_run run = {.configs = &cfg,
		              .results = &res,
		              .nconfigs = 1,
		              .seed = 1,
		              .reps = 1,
		              .warmup = 0,
		              .rounds = 1,
		              .timeout_s = opt->timeout_s,
		              .counters = opt->counters};
		snprintf(run.outdir, sizeof run.outdir, "%s", opt->outdir);
		if (opt->progress)
			fprintf(stderr, "\r\033[K[soak %.0f/%.0f s, %d run, %d failed] %s",
			        (rt_nanotime() - t0) / 1e9, opt->duration_s, n, failed, cfg.key);
		runner_options ro = {0};
		uint64_t r0 = rt_nanotime();
		runner_run(&run, &ro);
		if (run.interrupted) {
			interrupted = true;
			store_free_result(&res);
			break;
		}
		if (n == cap) {
			cap *= 2;
			rows = realloc(rows, sizeof *rows * (size_t)cap);
		}
		soak_row *row = &rows[n++];
		snprintf(row->key, sizeof row->key, "%s", cfg.key);
		size_t used = 0;
		row->params[0] = '\0';
		for (int i = 0; i < cfg.wl->nparams && used < sizeof row->params; i++)
			used += (size_t)snprintf(row->params + used, sizeof row->params - used,
			                         "%s%s=%lld", i ? ";" : "", cfg.wl->params[i].name,
			                         (long long)cfg.params[i]);
		row->ok = res.nfails == 0 && res.nreps > 0;
		row->seconds = (rt_nanotime() - r0) / 1e9;
		snprintf(row->reason, sizeof row->reason, "%s",
		         res.nfails           ? res.fails[0].reason
		         : res.nreps          ? ""
		         : res.skip_reason[0] ? res.skip_reason
		                              : "no repetition ran");
		failed += !row->ok;
		if (!row->ok)
			fprintf(stderr, "\ncorobench run --soak: FAILED %s (%s): %s\n", row->key,
			        row->params, row->reason);
		store_free_result(&res);
		if ((rt_nanotime() - last_write) / 1e9 >= 1.0) {
			write_csv(opt->outdir, opt->seed, rows, n);
			last_write = rt_nanotime();
		}
	}
	interrupted |= soak_stop;
	bool written = write_csv(opt->outdir, opt->seed, rows, n);
	double wall = (rt_nanotime() - t0) / 1e9, cpu = children_cpu_s() - cpu0;
	if (opt->progress)
		fprintf(stderr, "\r\033[K");
	printf("soak: %d configuration(s) run, %d verified, %d failed; %.0f s wall, %.0f CPU-s "
	       "(%.3f CPU-hours)%s; seed %llu; %s/soak.csv%s\n",
	       n, n - failed, failed, wall, cpu, cpu / 3600, interrupted ? ", interrupted" : "",
	       (unsigned long long)opt->seed, opt->outdir,
	       written ? "" : " (could not be written)");
	free(rows);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return failed ? 1 : interrupted ? 130 : 0;
}
