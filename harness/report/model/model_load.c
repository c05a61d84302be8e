/*
 * model_load.c — building the report model (report_model.h): every results
 * directory named on the command line, the parts `make bench` filled beside
 * it (placement/, mpmc-sweep/PxP/, pipeline-open/, counters/, capacity/,
 * net-conns/, net-open/, net-c10k/), and from their
 * ns_per_op repetitions one rm_config per configuration, with its case and
 * series labels, statistics and warm-up check.
 *
 * What it promises: a named directory that cannot be read is an error naming
 * it (the report stops, exit 2); a part that cannot be read is kept with its
 * error and a warning on stderr, never an error. Configurations keep runs.csv
 * order, host by host, the main run's in cfg and the parts' in xcfg; the floor
 * rows (runtime=floor, harness/results/floors.h) of both in floor, and only
 * there, so no chart, table, finding or claim meets one as a runtime. Host
 * labels are unique ("box", "box#2"); a run inside a Slurm job is labelled by
 * its node and partition ("n01 (gpu)"). The default placement and the thread
 * counts are computed once here for everything above.
 */
#include "report_model.h"

#include "../../base/file_read.h"
#include "../../results/floors.h"
#include "../safe_text.h"

#include <dirent.h>

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

void rm_case_of_key(const char *key, char *out, size_t len)
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

/* A host's name in the report: env.json's host, or for a run inside a Slurm job
 * its node and partition ("n01 (gpu)": a fleet on Slurm is keyed by both). */
static void host_name(const rr_dir *d, char *out, size_t len)
{
	const char *node = jsonr_get(&d->env, "slurm.node");
	const char *part = jsonr_get(&d->env, "slurm.partition");
	if (node && *node && part && *part)
		snprintf(out, len, "%.60s (%.60s)", node, part);
	else
		snprintf(out, len, "%s", d->host);
}

static void unique_labels(report_model *m)
{
	for (int i = 0; i < m->nhosts; i++) {
		char name[RM_NAME], other[RM_NAME];
		host_name(&m->hosts[i].dir, name, sizeof name);
		int same = 0;
		for (int j = 0; j < i; j++) {
			host_name(&m->hosts[j].dir, other, sizeof other);
			same += strcmp(other, name) == 0;
		}
		if (same)
			snprintf(m->hosts[i].label, sizeof m->hosts[i].label, "%.100s#%d", name,
			         same + 1);
		else
			snprintf(m->hosts[i].label, sizeof m->hosts[i].label, "%.120s", name);
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

/* The rounds of key in failures.csv (key,round,kind,reason): how many, and
 * their distinct kinds. */
static void failed_rounds(const rr_dir *d, const char *key, rm_config *c)
{
	const csvr_table *t = &d->failures;
	int ck = csvr_col(t, "key"), kind = csvr_col(t, "kind");
	c->failed_rounds = 0;
	c->failed_kinds[0] = '\0';
	for (int r = 0; ck >= 0 && r < t->nrows; r++) {
		if (strcmp(csvr_cell(t, r, ck), key) != 0)
			continue;
		c->failed_rounds++;
		const char *k = kind >= 0 ? csvr_cell(t, r, kind) : "failed";
		if (!strstr(c->failed_kinds, k)) {
			size_t w = strlen(c->failed_kinds);
			snprintf(c->failed_kinds + w, sizeof c->failed_kinds - w, "%s%.20s",
			         w ? ", " : "", k);
		}
	}
}

void rm_failed_note(const rm_config *cfg, char *out, size_t len)
{
	if (cfg->failed_rounds == 0)
		snprintf(out, len, "%s", "");
	else
		snprintf(out, len, " [%d failed round%s: %s]", cfg->failed_rounds,
		         cfg->failed_rounds > 1 ? "s" : "", cfg->failed_kinds);
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
	rm_case_of_key(g->key, c->wcase, sizeof c->wcase);
	rm_rt_chan(c->row->runtime, c->row->chan, c->rt_chan, sizeof c->rt_chan);
	if (m->nhosts > 1)
		snprintf(c->series, sizeof c->series, "%.60s: %.90s", m->hosts[h].label,
		         c->rt_chan);
	else
		snprintf(c->series, sizeof c->series, "%s", c->rt_chan);
	stats_summarize(g->x, g->n, &c->s);
	warmup_run(g->x, g->rep, g->n, &c->warm);
	failed_rounds(rm_dir(m, h, part), g->key, c);
}

/* The subdirectories make bench fills (scripts/bench.sh). */
static const struct {
	const char *name; /* below the host's directory                        */
	rm_source src;    /* the pass                                          */
	bool nested;      /* each subdirectory is a results directory (a point) */
} part_dirs[] = {
    {"placement", RM_PLACEMENT, false},     /* pingpong, mpmc under every placement */
    {"mpmc-sweep", RM_MPMC_SWEEP, true},    /* mpmc at P x P, one directory each    */
    {"pipeline-open", RM_OPEN_LOOP, false}, /* pipeline on a schedule                */
    {"counters", RM_COUNTERS, false},       /* the counters pass                     */
    {"capacity", RM_CAPACITY, false},       /* spsc, pipeline at several capacities  */
    {"net-conns", RM_NET_CONNS, false},     /* echo, http against connections        */
    {"net-open", RM_NET_OPEN, false},       /* their latency against offered load    */
    {"net-c10k", RM_NET_C10K, false},       /* c10k at 10,000 connections            */
    {"fairness", RM_FAIRNESS, false},       /* hog, wakeup, fairshare, syscall       */
    {"preempt", RM_PREEMPT, false},         /* preemption on and off                 */
};

/* Loads one part. It is implicit input, so damage there is kept as the part's
 * error (and a warning), not an error that costs the whole report. */
static void load_part(rm_host *host, const char *name, rm_source src)
{
	if (host->nparts == RM_MAX_PARTS) {
		char line[4600];
		snprintf(line, sizeof line, "%s/%s left out: more than %d subdirectories",
		         host->dir.path, name, RM_MAX_PARTS);
		safe_line(stderr, "corobench report: ", line);
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
	char line[RR_ERR_LEN + 100];
	snprintf(line, sizeof line, "%s/ left out: %s", name, p->err);
	safe_line(stderr, "corobench report: ", line);
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

/* Where a group's configuration goes: a floor row among the floors, any other
 * in cfg (the main run, part -1) or xcfg (a part). */
static rm_config *next_config(report_model *m, const smp_group *g, int part)
{
	if (floor_is_row(g->first->runtime))
		return &m->floor[m->nfloor++];
	return part < 0 ? &m->cfg[m->ncfg++] : &m->xcfg[m->nxcfg++];
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
	int total = 0, xtotal = 0; /* room enough: floor rows are counted in both */
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
	m->floor = calloc((size_t)(total + xtotal) + 1, sizeof *m->floor);
	if (!m->cfg || !m->xcfg || !m->floor) {
		rm_free(m);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int h = 0; h < m->nhosts; h++) {
		const rm_host *host = &m->hosts[h];
		for (int i = 0; i < host->ns.n; i++)
			fill_config(m, h, -1, &host->ns.g[i], next_config(m, &host->ns.g[i], -1));
		for (int p = 0; p < host->nparts; p++)
			for (int i = 0; host->parts[p].ok && i < host->parts[p].ns.n; i++)
				fill_config(m, h, p, &host->parts[p].ns.g[i],
				            next_config(m, &host->parts[p].ns.g[i], p));
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
	free(m->floor);
	memset(m, 0, sizeof *m);
}
