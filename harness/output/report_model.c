/* report_model.c — see report_model.h. */
#include "report_model.h"

#include "file_read.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key components that are not part of a case. */
static bool config_field(const char *comp, size_t n)
{
	static const char *const names[] = {"runtime=", "chan=", "threads=", "placement=", NULL};
	for (int i = 0; names[i]; i++)
		if (n >= strlen(names[i]) && strncmp(comp, names[i], strlen(names[i])) == 0)
			return true;
	return false;
}

static void make_case(const char *key, char *out, size_t len)
{
	size_t w = 0;
	out[0] = '\0';
	for (const char *p = key; *p && w < len;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (p == key || !config_field(p, n)) {
			int k = snprintf(out + w, len - w, "%s%.*s", w ? "/" : "", (int)n, p);
			w += k > 0 ? (size_t)k : 0;
		}
		if (!end)
			break;
		p = end + 1;
	}
}

static void make_series(const rr_run *r, char *out, size_t len)
{
	bool plain = strcmp(r->chan, "-") == 0 || strcmp(r->chan, "go-native") == 0 || !*r->chan;
	snprintf(out, len, "%.60s%s%.60s", r->runtime, plain ? "" : "/", plain ? "" : r->chan);
}

static void unique_labels(report_model *m)
{
	for (int i = 0; i < m->nhosts; i++) {
		int same = 0;
		for (int j = 0; j < i; j++)
			same += strcmp(m->hosts[j].dir.host, m->hosts[i].dir.host) == 0;
		if (same)
			snprintf(m->hosts[i].label, sizeof m->hosts[i].label, "%.100s#%d",
			         m->hosts[i].dir.host, same + 1);
		else
			snprintf(m->hosts[i].label, sizeof m->hosts[i].label, "%s",
			         m->hosts[i].dir.host);
	}
}

/* The placement with the most configurations; "none" wins ties. */
static void default_placement(report_model *m)
{
	int best = 0;
	m->placement[0] = '\0';
	for (int i = 0; i < m->ncfg; i++) {
		const char *p = m->cfg[i].row->placement;
		int count = 0;
		for (int j = 0; j < m->ncfg; j++)
			count += strcmp(m->cfg[j].row->placement, p) == 0;
		if (count > best || (count == best && strcmp(p, "none") == 0)) {
			best = count;
			snprintf(m->placement, sizeof m->placement, "%s", p);
		}
	}
}

static void collect_threads(report_model *m)
{
	m->nthreads = 0;
	for (int i = 0; i < m->ncfg + m->nscfg; i++) {
		int t = (i < m->ncfg ? m->cfg[i] : m->scfg[i - m->ncfg]).row->threads, k = 0;
		while (k < m->nthreads && m->threads[k] < t)
			k++;
		if ((k < m->nthreads && m->threads[k] == t) || m->nthreads == RM_MAX_THREADS)
			continue;
		memmove(&m->threads[k + 1], &m->threads[k],
		        sizeof(int) * (size_t)(m->nthreads - k));
		m->threads[k] = t;
		m->nthreads++;
	}
}

/* Fills one configuration from its group of repetitions. */
static void fill_config(const report_model *m, int h, const smp_group *g, rm_config *c)
{
	c->host = h;
	c->g = g;
	c->row = g->first;
	c->reduced = g->reduced;
	make_case(g->key, c->wcase, sizeof c->wcase);
	make_series(c->row, c->rt_chan, sizeof c->rt_chan);
	if (m->nhosts > 1)
		snprintf(c->series, sizeof c->series, "%.60s: %.90s", m->hosts[h].label,
		         c->rt_chan);
	else
		snprintf(c->series, sizeof c->series, "%s", c->rt_chan);
	stats_summarize(g->x, g->n, &c->s);
	warmup_run(g->x, g->rep, g->n, &c->warm);
}

/* Loads DIR/placement when it holds a runs.csv (make bench's placement sweep).
 * It is implicit input, so damage there is a warning and the sweep is left
 * out, not an error that costs the whole report. */
static void load_sweep(rm_host *host)
{
	char path[4400], err[RR_ERR_LEN];
	snprintf(path, sizeof path, "%s/placement/runs.csv", host->dir.path);
	if (!file_exists(path))
		return;
	snprintf(path, sizeof path, "%s/placement", host->dir.path);
	if (results_load(path, &host->sweep, err, sizeof err) &&
	    samples_group(&host->sweep, "ns_per_op", &host->sweep_ns, err, sizeof err)) {
		host->have_sweep = true;
		return;
	}
	fprintf(stderr, "corobench report: placement sweep left out: %s\n", err);
	results_free(&host->sweep);
}

bool rm_load(report_model *m, char *const *dirs, int ndirs, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	if (ndirs > RM_MAX_HOSTS) {
		snprintf(err, errlen, "%d directories: at most %d fit side by side", ndirs,
		         RM_MAX_HOSTS);
		return false;
	}
	m->hosts = calloc((size_t)ndirs, sizeof *m->hosts);
	if (!m->hosts) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	int total = 0, stotal = 0;
	for (int i = 0; i < ndirs; i++) {
		if (!results_load(dirs[i], &m->hosts[i].dir, err, errlen) ||
		    !samples_group(&m->hosts[i].dir, "ns_per_op", &m->hosts[i].ns, err, errlen)) {
			results_free(&m->hosts[i].dir);
			rm_free(m);
			return false;
		}
		m->nhosts++;
		load_sweep(&m->hosts[i]);
		total += m->hosts[i].ns.n;
		stotal += m->hosts[i].sweep_ns.n;
	}
	unique_labels(m);
	m->cfg = calloc((size_t)total + 1, sizeof *m->cfg);
	m->scfg = calloc((size_t)stotal + 1, sizeof *m->scfg);
	if (!m->cfg || !m->scfg) {
		rm_free(m);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int h = 0; h < m->nhosts; h++) {
		for (int i = 0; i < m->hosts[h].ns.n; i++)
			fill_config(m, h, &m->hosts[h].ns.g[i], &m->cfg[m->ncfg++]);
		for (int i = 0; i < m->hosts[h].sweep_ns.n; i++)
			fill_config(m, h, &m->hosts[h].sweep_ns.g[i], &m->scfg[m->nscfg++]);
	}
	default_placement(m);
	collect_threads(m);
	return true;
}

void rm_free(report_model *m)
{
	for (int i = 0; i < m->nhosts; i++) {
		samples_free(&m->hosts[i].ns);
		results_free(&m->hosts[i].dir);
		if (m->hosts[i].have_sweep) {
			samples_free(&m->hosts[i].sweep_ns);
			results_free(&m->hosts[i].sweep);
		}
	}
	free(m->hosts);
	free(m->cfg);
	free(m->scfg);
	memset(m, 0, sizeof *m);
}

const rm_config *rm_find(const report_model *m, int host, const char *wcase, const char *rt_chan,
                         int threads, const char *placement)
{
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *c = &m->cfg[i];
		if (c->host == host && c->row->threads == threads && !strcmp(c->wcase, wcase) &&
		    !strcmp(c->rt_chan, rt_chan) && !strcmp(c->row->placement, placement))
			return c;
	}
	return NULL;
}

/* Distinct strings at offset `field` of the accepted configurations. */
static int distinct(const report_model *m, bool (*keep)(const rm_config *, const void *),
                    const void *arg, size_t field, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < m->ncfg && n < max; i++) {
		const rm_config *c = &m->cfg[i];
		if (keep && !keep(c, arg))
			continue;
		const char *v = (const char *)c + field;
		int k = 0;
		while (k < n && strcmp(out[k], v) != 0)
			k++;
		if (k == n)
			out[n++] = v;
	}
	return n;
}

int rm_cases(const report_model *m, bool (*keep)(const rm_config *, const void *), const void *arg,
             const char **out, int max)
{
	return distinct(m, keep, arg, offsetof(rm_config, wcase), out, max);
}

int rm_series(const report_model *m, bool (*keep)(const rm_config *, const void *), const void *arg,
              const char **out, int max)
{
	return distinct(m, keep, arg, offsetof(rm_config, series), out, max);
}

/* Latency files are named by key with '/' as '_' (harness/measure/latency.h). */
const rm_config *rm_config_of_stem(const report_model *m, int host, const char *stem)
{
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *cfg = &m->cfg[i];
		if (cfg->host != host)
			continue;
		const char *k = cfg->g->key, *s = stem;
		while (*k && *s && (*k == *s || (*k == '/' && *s == '_'))) {
			k++;
			s++;
		}
		if (!*k && !*s)
			return cfg;
	}
	return NULL;
}

/* Same workload, parameters, threads, placement and channel variant on pthread;
 * the Go peer's native channels: pthread/go, else the first pthread variant. */
const rm_config *rm_pthread_partner(const report_model *m, const rm_config *cfg, bool *subst)
{
	*subst = false;
	char want[RM_NAME];
	const char *chan = cfg->row->chan;
	bool plain = !strcmp(chan, "-") || !strcmp(chan, "go-native") || !*chan;
	snprintf(want, sizeof want, "pthread%s%.60s", plain ? "" : "/", plain ? "" : chan);
	const rm_config *p =
	    rm_find(m, cfg->host, cfg->wcase, want, cfg->row->threads, cfg->row->placement);
	if (p || strcmp(chan, "go-native") != 0)
		return p;
	/* the Go peer on a channel workload: pthread with the go variant, else any */
	*subst = true;
	p = rm_find(m, cfg->host, cfg->wcase, "pthread/go", cfg->row->threads, cfg->row->placement);
	for (int i = 0; !p && i < m->ncfg; i++) {
		const rm_config *o = &m->cfg[i];
		if (o->host == cfg->host && !strcmp(o->row->runtime, "pthread") &&
		    !strcmp(o->wcase, cfg->wcase) && o->row->threads == cfg->row->threads &&
		    !strcmp(o->row->placement, cfg->row->placement))
			p = o;
	}
	return p;
}

const char *rm_op_noun(const char *workload)
{
	/* n of each workload, from docs/WORKLOADS.md */
	static const char *const nouns[][2] = {
	    {"pingpong", "round trip"}, {"ring", "hop"},       {"spsc", "message"},
	    {"mpmc", "message"},        {"skynet", "task"},    {"sieve", "receive"},
	    {"spawn", "spawn"},         {"yield", "yield"},    {"fib", "task"},
	    {"mutex", "lock/unlock"},   {"pipeline", "event"}, {NULL, NULL},
	};
	size_t n = strcspn(workload, "/"); /* a case: the workload before its parameters */
	for (int i = 0; nouns[i][0]; i++)
		if (strlen(nouns[i][0]) == n && strncmp(nouns[i][0], workload, n) == 0)
			return nouns[i][1];
	return "op";
}
