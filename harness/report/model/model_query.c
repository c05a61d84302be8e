/*
 * model_query.c — questions the charts and findings ask of a loaded report
 * model (report_model.h): which configuration has these fields, key or latency
 * file (and which floor row has a latency file); the distinct cases and
 * series; a host's parts by pass; which
 * configurations a pass's chart draws from; the closed-loop twin of an
 * open-loop run, the pthread partner of a speed-up, where the counters are.
 *
 * What it promises: every answer points into the model (nothing is copied or
 * allocated) and is found by a scan in runs.csv order, so the first match is
 * always the same one; NULL or -1 when there is none.
 */
#include "report_model.h"

#include "../pairing.h"

#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

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

const rm_config *rm_floor_of_stem(const report_model *m, int host, int part, const char *stem)
{
	for (int i = 0; i < m->nfloor; i++)
		if (m->floor[i].host == host && m->floor[i].part == part &&
		    key_matches(m->floor[i].g->key, stem, true))
			return &m->floor[i];
	return NULL;
}

const rm_config *rm_config_of_key(const report_model *m, int host, int part, const char *key)
{
	return find_key(m, host, part, key, false);
}

const rm_config **rm_source_configs(const report_model *m, rm_source src, const char *workload,
                                    int *n)
{
	const rm_config **out = calloc((size_t)(m->ncfg + m->nxcfg) + 1, sizeof *out);
	*n = 0;
	if (!out)
		return NULL;
	for (int i = 0; i < m->nxcfg; i++)
		if (m->xcfg[i].src == src)
			out[(*n)++] = &m->xcfg[i];
	for (int i = 0; i < m->ncfg; i++)
		if (rm_part_of(m, m->cfg[i].host, src) < 0 &&
		    (!workload || !strcmp(m->cfg[i].row->workload, workload)))
			out[(*n)++] = &m->cfg[i];
	return out;
}

int rm_workload_part(const report_model *m, int host, rm_source src, const char *workload)
{
	int part = rm_part_of(m, host, src);
	for (int i = 0; part >= 0 && i < m->nxcfg; i++)
		if (m->xcfg[i].host == host && m->xcfg[i].part == part &&
		    !strcmp(m->xcfg[i].row->workload, workload))
			return part;
	return -1;
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

/* Same workload, parameters, threads and placement on pthread, paired like for
 * like (pairing.h): the same variant, or for Go's own channels pthread/go (or
 * pthread without a channel where the workload uses none). */
const rm_config *rm_pthread_partner(const report_model *m, const rm_config *cfg, bool *subst)
{
	const char *chans[PAIR_MAX_CHANS];
	int n = pair_chans(cfg->row->chan, cfg->row->runtime, "pthread", chans);
	*subst = strcmp(chans[0], cfg->row->chan) != 0;
	for (int k = 0; k < n; k++) {
		char want[RM_NAME];
		rm_rt_chan("pthread", chans[k], want, sizeof want);
		const rm_config *p =
		    rm_find(m, cfg->host, cfg->wcase, want, cfg->row->threads, cfg->row->placement);
		if (p)
			return p;
	}
	return NULL;
}

const char *rm_case_chan(const report_model *m, int host, const char *wcase)
{
	const char *first = NULL;
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *c = &m->cfg[i];
		if (c->host != host || strcmp(c->wcase, wcase) ||
		    !strcmp(c->row->runtime, PAIR_GO_RUNTIME))
			continue;
		if (!strcmp(c->row->chan, PAIR_C_VARIANT) || pair_no_chan(c->row->chan))
			return c->row->chan;
		first = first ? first : c->row->chan;
	}
	return first ? first : PAIR_C_VARIANT;
}

const rm_config *rm_like(const report_model *m, int host, const char *wcase, const char *runtime,
                         int threads)
{
	const char *chan = rm_case_chan(m, host, wcase);
	bool go = !strcmp(runtime, PAIR_GO_RUNTIME);
	if (go && !pair_with_go(chan))
		return NULL; /* Go has none of the C runtimes' other variants */
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *c = &m->cfg[i];
		if (c->host == host && c->row->threads == threads && !strcmp(c->wcase, wcase) &&
		    !strcmp(c->row->runtime, runtime) && !strcmp(c->row->placement, m->placement) &&
		    (go ? pair_is_like(runtime, c->row->chan) : !strcmp(c->row->chan, chan)))
			return c;
	}
	return NULL;
}
