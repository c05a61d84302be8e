/* report_model.c — see report_model.h. */
#include "report_model.h"

#include "../base/file_read.h"

#include <dirent.h>

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
	for (int i = 0; i < m->ncfg + m->nxcfg; i++) {
		int t = (i < m->ncfg ? m->cfg[i] : m->xcfg[i - m->ncfg]).row->threads, k = 0;
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
static void fill_config(const report_model *m, int h, int part, const smp_group *g, rm_config *c)
{
	c->host = h;
	c->part = part;
	c->src = part < 0 ? RM_MAIN : m->hosts[h].parts[part].src;
	c->g = g;
	c->row = g->first;
	c->reduced = g->reduced;
	long long p, q; /* parsed once here: the channel chart and findings sort by P */
	bool pxp = rm_param(c->row, "producers", &p) && rm_param(c->row, "consumers", &q) &&
	           p == q && p > 0;
	c->mpmc_p = pxp ? p : 0;
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

/* The subdirectories make bench fills (scripts/bench.sh). */
static const struct {
	const char *name; /* below the host's directory                        */
	rm_source src;    /* the pass                                          */
	bool nested;      /* each subdirectory is a results directory (a point) */
} part_dirs[] = {
    {"placement", RM_PLACEMENT, false},
    {"mpmc-sweep", RM_MPMC_SWEEP, true},
    {"pipeline-open", RM_OPEN_LOOP, false},
    {"counters", RM_COUNTERS, false},
};

/* Loads one part. It is implicit input, so damage there is kept as the part's
 * error (and a warning), not an error that costs the whole report. */
static void load_part(rm_host *host, const char *name, rm_source src)
{
	if (host->nparts == RM_MAX_PARTS) {
		fprintf(stderr, "corobench report: %s/%s left out: more than %d subdirectories\n",
		        host->dir.path, name, RM_MAX_PARTS);
		return;
	}
	rm_part *p = &host->parts[host->nparts++];
	char path[4400];
	snprintf(p->name, sizeof p->name, "%s", name);
	p->src = src;
	snprintf(path, sizeof path, "%s/%s", host->dir.path, name);
	if (results_load(path, &p->dir, p->err, sizeof p->err)) {
		if (samples_group(&p->dir, "ns_per_op", &p->ns, p->err, sizeof p->err)) {
			p->ok = true;
			return;
		}
		results_free(&p->dir);
	}
	fprintf(stderr, "corobench report: %s/ left out: %s\n", name, p->err);
}

static int by_version(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name); /* 2x2 before 10x10 */
}

static void load_parts(rm_host *host)
{
	for (size_t k = 0; k < sizeof part_dirs / sizeof part_dirs[0]; k++) {
		char path[4400];
		snprintf(path, sizeof path, "%s/%s", host->dir.path, part_dirs[k].name);
		if (!file_is_dir(path))
			continue;
		if (!part_dirs[k].nested) {
			load_part(host, part_dirs[k].name, part_dirs[k].src);
			continue;
		}
		struct dirent **ents;
		int n = scandir(path, &ents, NULL, by_version);
		for (int i = 0; i < n; i++) {
			char sub[4700], name[64];
			snprintf(sub, sizeof sub, "%s/%s", path, ents[i]->d_name);
			if (ents[i]->d_name[0] != '.' && file_is_dir(sub) &&
			    snprintf(name, sizeof name, "%s/%s", part_dirs[k].name,
			             ents[i]->d_name) < (int)sizeof name)
				load_part(host, name, part_dirs[k].src);
			free(ents[i]);
		}
		if (n >= 0)
			free(ents);
	}
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
	int total = 0, xtotal = 0;
	for (int i = 0; i < ndirs; i++) {
		rm_host *host = &m->hosts[i];
		if (!results_load(dirs[i], &host->dir, err, errlen) ||
		    !samples_group(&host->dir, "ns_per_op", &host->ns, err, errlen)) {
			results_free(&host->dir);
			rm_free(m);
			return false;
		}
		m->nhosts++;
		load_parts(host);
		total += host->ns.n;
		for (int p = 0; p < host->nparts; p++)
			xtotal += host->parts[p].ok ? host->parts[p].ns.n : 0;
	}
	unique_labels(m);
	m->cfg = calloc((size_t)total + 1, sizeof *m->cfg);
	m->xcfg = calloc((size_t)xtotal + 1, sizeof *m->xcfg);
	if (!m->cfg || !m->xcfg) {
		rm_free(m);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int h = 0; h < m->nhosts; h++) {
		const rm_host *host = &m->hosts[h];
		for (int i = 0; i < host->ns.n; i++)
			fill_config(m, h, -1, &host->ns.g[i], &m->cfg[m->ncfg++]);
		for (int p = 0; p < host->nparts; p++)
			for (int i = 0; host->parts[p].ok && i < host->parts[p].ns.n; i++)
				fill_config(m, h, p, &host->parts[p].ns.g[i], &m->xcfg[m->nxcfg++]);
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
		for (int p = 0; p < m->hosts[i].nparts; p++)
			if (m->hosts[i].parts[p].ok) {
				samples_free(&m->hosts[i].parts[p].ns);
				results_free(&m->hosts[i].parts[p].dir);
			}
	}
	free(m->hosts);
	free(m->cfg);
	free(m->xcfg);
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

int rm_find_or_add(const char **list, int *n, int max, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(list[i], name) == 0)
			return i;
	if (*n == max)
		return -1;
	list[*n] = name;
	return (*n)++;
}

/* Distinct strings at offset `field` of the accepted configurations. */
static int distinct(const report_model *m, bool (*keep)(const rm_config *, const void *),
                    const void *arg, size_t field, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < m->ncfg && n < max; i++) {
		const rm_config *c = &m->cfg[i];
		if (!keep || keep(c, arg))
			rm_find_or_add(out, &n, max, (const char *)c + field);
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

const rr_dir *rm_dir(const report_model *m, int host, int part)
{
	return part < 0 ? &m->hosts[host].dir : &m->hosts[host].parts[part].dir;
}

int rm_part_of(const report_model *m, int host, rm_source src)
{
	for (int p = 0; p < m->hosts[host].nparts; p++)
		if (m->hosts[host].parts[p].src == src && m->hosts[host].parts[p].ok)
			return p;
	return -1;
}

const rm_part *rm_part_unreadable(const report_model *m, int host, rm_source src)
{
	for (int p = 0; p < m->hosts[host].nparts; p++)
		if (m->hosts[host].parts[p].src == src && !m->hosts[host].parts[p].ok)
			return &m->hosts[host].parts[p];
	return NULL;
}

/* A configuration key against a key or a latency file stem (the key with '/'
 * as '_', harness/measure/latency.h). */
static bool key_matches(const char *key, const char *s, bool stem)
{
	while (*key && *s && (*key == *s || (stem && *key == '/' && *s == '_'))) {
		key++;
		s++;
	}
	return !*key && !*s;
}

static const rm_config *find_key(const report_model *m, int host, int part, const char *s,
                                 bool stem)
{
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg;
	for (int i = 0; i < n; i++)
		if (list[i].host == host && list[i].part == part &&
		    key_matches(list[i].g->key, s, stem))
			return &list[i];
	return NULL;
}

const rm_config *rm_config_of_stem(const report_model *m, int host, int part, const char *stem)
{
	return find_key(m, host, part, stem, true);
}

const rm_config *rm_config_of_key(const report_model *m, int host, int part, const char *key)
{
	return find_key(m, host, part, key, false);
}

int rm_source_configs(const report_model *m, rm_source src, const char *workload,
                      const rm_config **out)
{
	int n = 0;
	for (int i = 0; i < m->nxcfg; i++)
		if (m->xcfg[i].src == src)
			out[n++] = &m->xcfg[i];
	for (int i = 0; i < m->ncfg; i++)
		if (rm_part_of(m, m->cfg[i].host, src) < 0 &&
		    (!workload || !strcmp(m->cfg[i].row->workload, workload)))
			out[n++] = &m->cfg[i];
	return n;
}

bool rm_param(const rr_run *r, const char *name, long long *value)
{
	size_t n = strlen(name);
	for (const char *p = r->params; p && *p;) {
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			char *end;
			*value = strtoll(p + n + 1, &end, 10);
			return end != p + n + 1 && (*end == ';' || *end == '\0');
		}
		p = strchr(p, ';');
		p = p ? p + 1 : NULL;
	}
	return false;
}

void rm_placement_label(const rr_run *r, int width, char *out, size_t len)
{
	if (r->pair_class[0])
		snprintf(out, len, "%.*s (%.*s)", width, r->placement, width, r->pair_class);
	else
		snprintf(out, len, "%s", r->placement);
}

void rm_loop_label(const rr_run *r, char *out, size_t len)
{
	long long rate;
	out[0] = '\0';
	if (!rm_param(r, "rate", &rate))
		return;
	if (rate <= 0) {
		snprintf(out, len, "closed loop");
		return;
	}
	/* digits grouped by thousands: 100,000 */
	char digits[32], grouped[48];
	int nd = snprintf(digits, sizeof digits, "%lld", rate), w = 0;
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			grouped[w++] = ',';
		grouped[w++] = digits[i];
	}
	grouped[w] = '\0';
	snprintf(out, len, "open loop, %s events/s", grouped);
}

const hgrm_file *rm_hgrm_of(const report_model *m, const rm_config *cfg)
{
	const rr_dir *d = rm_dir(m, cfg->host, cfg->part);
	for (int i = 0; i < d->nhgrm; i++)
		if (key_matches(cfg->g->key, d->hgrm[i].name, true))
			return &d->hgrm[i];
	return NULL;
}

const rm_config *rm_closed_loop_twin(const report_model *m, const rm_config *open)
{
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *c = &m->cfg[i];
		long long rate;
		if (c->host == open->host && c->row->threads == open->row->threads &&
		    !strcmp(c->row->workload, open->row->workload) &&
		    !strcmp(c->rt_chan, open->rt_chan) &&
		    !strcmp(c->row->placement, open->row->placement) &&
		    rm_param(c->row, "rate", &rate) && rate == 0)
			return c;
	}
	return NULL;
}

bool rm_is_counter(const char *col)
{
	size_t n = strlen(col);
	return n > 3 && strcmp(col + n - 3, "/op") == 0 && strncmp(col, "metric:", 7) != 0;
}

static bool has_counter(const rr_dir *d)
{
	for (int k = 0; k < d->nextra; k++)
		if (rm_is_counter(d->extra_names[k]))
			return true;
	return false;
}

bool rm_counter_source(const report_model *m, int host, int *part)
{
	*part = -1;
	if (has_counter(&m->hosts[host].dir))
		return true;
	*part = rm_part_of(m, host, RM_COUNTERS);
	return *part >= 0 && has_counter(&m->hosts[host].parts[*part].dir);
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
