/* matrix.c — see matrix.h. */
#include "matrix.h"

#include "floor/floor.h"
#include "peer/peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void matrix_key(cb_config *c)
{
	int len = snprintf(c->key, sizeof c->key, "%s/runtime=%s/chan=%s/threads=%d/placement=%s",
	                   c->wl->name, c->runtime, c->chan_name, c->threads, c->placement);
	/* parameters other than n, when they differ from the normal run's default */
	for (int i = 1; i < c->wl->nparams && len > 0 && (size_t)len < sizeof c->key; i++) {
		if (c->params[i] == c->wl->params[i].def)
			continue;
		const char *named = wl_param_name(c->wl, i, c->params[i]);
		if (named)
			len += snprintf(c->key + len, sizeof c->key - (size_t)len, "/%s=%s",
			                c->wl->params[i].name, named);
		else
			len += snprintf(c->key + len, sizeof c->key - (size_t)len, "/%s=%lld",
			                c->wl->params[i].name, (long long)c->params[i]);
	}
	if (c->preempt_off && len > 0 && (size_t)len < sizeof c->key)
		snprintf(c->key + len, sizeof c->key - (size_t)len, "/preempt=off");
}

/* --param preempt=on|off (issue 20) is a runtime setting, not a workload
 * parameter: every configuration runs once per value given (1 on, 0 off);
 * off puts /preempt=off in its key. NULL: not given (on, the default). */
static const matrix_param *preempt_param(const matrix_spec *s)
{
	for (int i = 0; i < s->nparams; i++)
		if (strcmp(s->params[i].name, MATRIX_PREEMPT) == 0)
			return &s->params[i];
	return NULL;
}

/* Growable output array. */
typedef struct config_list {
	cb_config *items; /* the configurations     */
	int count;        /* in use                 */
	int cap;          /* allocated              */
} config_list;

static cb_config *push(config_list *l)
{
	if (l->count == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		cb_config *n = realloc(l->items, sizeof *n * (size_t)cap);
		if (!n)
			return NULL;
		l->items = n;
		l->cap = cap;
	}
	cb_config *c = &l->items[l->count];
	memset(c, 0, sizeof *c);
	c->index = l->count++;
	return c;
}

/* The workload's own check (workloads/wl_define.h: its declared ranges, then any
 * combination rule), whose message starts with the workload's name and names the
 * value: the one place a parameter is checked. A bare `workload` table without
 * validate (WL_REGISTER: tests/faults/) gets what workload.h promises for NULL,
 * the declared ranges alone, in wl_define.h's words. */
static bool check_params(const workload *w, const int64_t *p, char *err, size_t errlen)
{
	char why[200] = "";
	for (int i = 0; !w->validate && i < w->nparams; i++)
		if (p[i] < w->params[i].min || p[i] > w->params[i].max) {
			snprintf(err, errlen,
			         "bad parameter: %s: %s=%lld is out of range [%lld, %lld]", w->name,
			         w->params[i].name, (long long)p[i], (long long)w->params[i].min,
			         (long long)w->params[i].max);
			return false;
		}
	if (w->validate && !w->validate(p, why, sizeof why)) {
		snprintf(err, errlen, "bad parameter: %s", why);
		return false;
	}
	return true;
}

typedef struct expand_state {
	const matrix_spec *spec; /* what to expand               */
	config_list *out;        /* where configurations go      */
	char *err;               /* error message buffer         */
	size_t errlen;           /* its size                      */
} expand_state;

static bool add_runtime_axes(expand_state *st, const workload *w, const int64_t *params)
{
	const matrix_spec *s = st->spec;
	const matrix_param *pre = preempt_param(s);
	for (int r = 0; r < s->nruntimes; r++) {
		const char *rtname = s->runtimes[r];
		const rt_runtime *rt = rt_find(rtname);
		bool peer_available = false;
		const char *peer_reason = NULL;
		bool is_peer = !rt && peer_lookup(rtname, &peer_available, &peer_reason);
		int nch = (!w->uses_chan || is_peer) ? 1 : s->nchans;
		for (int c = 0; c < nch; c++) {
			const chan_variant *v = (w->uses_chan && !is_peer) ? s->chans[c] : NULL;
			for (int t = 0; t < s->nthreads; t++) {
				for (int p = 0; p < s->nplacements * (pre ? pre->count : 1); p++) {
					cb_config *cfg = push(st->out);
					if (!cfg) {
						snprintf(st->err, st->errlen, "out of memory");
						return false;
					}
					cfg->wl = w;
					cfg->runtime = rtname;
					cfg->rt = rt;
					cfg->chan = v;
					cfg->chan_name = is_peer ? "go-native" : v ? v->name : "-";
					cfg->threads = (int)s->threads[t];
					cfg->placement = s->placements[p % s->nplacements];
					memcpy(cfg->params, params, sizeof cfg->params);
					cfg->preempt_off =
					    pre && pre->values[p / s->nplacements] == 0;
					matrix_key(cfg);
					if (cfg->preempt_off && rt &&
					    !(rt->caps & RT_CAP_PREEMPT_OFF))
						snprintf(cfg->skip_reason, sizeof cfg->skip_reason,
						         "preempt=off does not apply to %s: %s",
						         rtname,
						         rt->caps & RT_CAP_PREEMPT
						             ? "the kernel preempts its tasks"
						             : "it never preempts");
					else if (is_peer && !peer_available)
						snprintf(cfg->skip_reason, sizeof cfg->skip_reason,
						         "runtime %s unavailable: %s", rtname,
						         peer_reason ? peer_reason : "unknown");
					else if (v && (v->caps & wl_chan_caps(w, params)) !=
					                  wl_chan_caps(w, params)) {
						char need[160];
						chan_caps_string(wl_chan_caps(w, params) & ~v->caps,
						                 need, sizeof need);
						snprintf(
						    cfg->skip_reason, sizeof cfg->skip_reason,
						    "channel variant %s lacks %s, which %s needs",
						    v->name, need, w->name);
					}
				}
			}
		}
	}
	return true;
}

/* Recursively expands the parameter sweeps (cartesian product). */
static bool expand_params(expand_state *st, const workload *w, int64_t *params, int which)
{
	const matrix_spec *s = st->spec;
	if (which == s->nparams) {
		if (!check_params(w, params, st->err, st->errlen))
			return false;
		return add_runtime_axes(st, w, params);
	}
	int idx = wl_param_index(w, s->params[which].name);
	if (idx < 0)
		return expand_params(st, w, params, which + 1);
	for (int i = 0; i < s->params[which].count; i++) {
		params[idx] = s->params[which].values[i];
		if (!expand_params(st, w, params, which + 1))
			return false;
	}
	return true;
}

/* --floors: the floor family, once, after the selection (floor/floor.h). */
static bool add_floors(expand_state *st)
{
	const matrix_spec *s = st->spec;
	for (int i = 0; i < floor_count(); i++) {
		const floor_def *f = floor_at(i);
		int places = f->pairs && s->nfloor_pairs > 0 ? s->nfloor_pairs : 1;
		for (int p = 0; p < places; p++) {
			cb_config *cfg = push(st->out);
			if (!cfg) {
				snprintf(st->err, st->errlen, "out of memory");
				return false;
			}
			cfg->wl = f->wl;
			cfg->runtime = FLOOR_RUNTIME;
			cfg->rt = &floor_runtime;
			cfg->chan_name = "-";
			cfg->threads = f->threads;
			/* no pair class here: keyed as the two workers farthest apart would be */
			cfg->placement = !f->pairs             ? "none"
			                 : s->nfloor_pairs > 0 ? s->floor_pairs[p]
			                                       : "scatter";
			cfg->params[0] = s->quick ? f->n_quick : f->n;
			matrix_key(cfg);
			if (f->pairs && s->nfloor_pairs == 0)
				snprintf(cfg->skip_reason, sizeof cfg->skip_reason, "%s: %s",
				         f->wl->name,
				         s->floor_pairs_why ? s->floor_pairs_why
				                            : "no pair of PUs");
		}
	}
	return true;
}

cb_config *matrix_expand(const matrix_spec *s, int *count, char *err, size_t errlen)
{
	for (int i = 0; i < s->nparams; i++) {
		bool used = strcmp(s->params[i].name, MATRIX_PREEMPT) == 0;
		for (int w = 0; w < s->nworkloads; w++)
			used |= wl_param_index(s->workloads[w], s->params[i].name) >= 0;
		if (!used) {
			snprintf(err, errlen, "bad --param '%s': no selected workload has it",
			         s->params[i].name);
			return NULL;
		}
	}
	config_list out = {0};
	expand_state st = {.spec = s, .out = &out, .err = err, .errlen = errlen};
	for (int w = 0; w < s->nworkloads; w++) {
		const workload *wl = s->workloads[w];
		int64_t params[WL_MAX_PARAMS] = {0};
		for (int i = 0; i < wl->nparams; i++)
			params[i] = s->quick ? wl->params[i].quick : wl->params[i].def;
		if (s->have_n)
			params[0] = s->n;
		if (!expand_params(&st, wl, params, 0)) {
			free(out.items);
			return NULL;
		}
	}
	if (s->floors && !add_floors(&st)) {
		free(out.items);
		return NULL;
	}
	*count = out.count;
	return out.items ? out.items : calloc(1, sizeof *out.items); /* empty, not an error */
}
