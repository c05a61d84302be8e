/* counter_spec.c — see counter_spec.h. */
#include "counter_spec.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After <linux/perf_event.h>: libpfm4's copy of the kernel header then steps aside. */
#include <perfmon/pfmlib_perf_event.h>

#include "../../base/parse.h"
#include "counter_name.h"

static const char *const set_default[] = {"cycles",          "instructions", "branch-misses",
                                          "LLC-LOAD-MISSES", "task-clock",   "context-switches",
                                          "cpu-migrations",  "page-faults",  NULL};
static const char *const set_sw[] = {"task-clock", "context-switches", "cpu-migrations",
                                     "page-faults", NULL};
static const char *const set_none[] = {NULL};

static const ctr_named_set sets[] = {
    {"default", "time, IPC, branch and LLC misses, scheduler and memory events", set_default},
    {"sw", "software events only (kernel counters: work without a PMU, e.g. in a VM)", set_sw},
    {"none", "no counters", set_none},
};

int ctr_named_set_count(void)
{
	return (int)(sizeof sets / sizeof sets[0]);
}

const ctr_named_set *ctr_named_set_at(int i)
{
	return i >= 0 && i < ctr_named_set_count() ? &sets[i] : NULL;
}

const ctr_named_set *ctr_named_set_find(const char *name)
{
	for (int i = 0; i < ctr_named_set_count(); i++)
		if (strcmp(sets[i].name, name) == 0)
			return &sets[i];
	return NULL;
}

/* pfm_initialize once per process; its result is kept for every later call. */
static pthread_once_t pfm_once = PTHREAD_ONCE_INIT;
static int pfm_init_rc;

static void pfm_init(void)
{
	pfm_init_rc = pfm_initialize();
}

static int pfm_ready(void)
{
	pthread_once(&pfm_once, pfm_init);
	return pfm_init_rc;
}

void ctr_libpfm_version(char *out, size_t outlen)
{
	if (pfm_ready() != PFM_SUCCESS) {
		snprintf(out, outlen, "unknown");
		return;
	}
	int v = pfm_get_version();
	snprintf(out, outlen, "%d.%d", PFM_MAJ_VERSION(v), PFM_MIN_VERSION(v));
}

void ctr_pmus_present(char *out, size_t outlen)
{
	size_t len = 0;
	out[0] = '\0';
	if (pfm_ready() != PFM_SUCCESS)
		return;
	pfm_pmu_t p;
	pfm_for_all_pmus(p)
	{
		pfm_pmu_info_t info;
		memset(&info, 0, sizeof info);
		info.size = sizeof info;
		if (pfm_get_pmu_info(p, &info) != PFM_SUCCESS || !info.is_present)
			continue;
		int w = snprintf(out + len, outlen - len, "%s%s", len ? ", " : "", info.name);
		if (w < 0 || (size_t)w >= outlen - len)
			break;
		len += (size_t)w;
	}
}

bool ctr_encode(const char *str, ctr_event *ev)
{
	memset(ev, 0, sizeof *ev);
	snprintf(ev->str, sizeof ev->str, "%s", str);
	ctr_sanitize(str, ev->name, sizeof ev->name);
	int rc = pfm_ready();
	if (rc != PFM_SUCCESS) {
		snprintf(ev->why, sizeof ev->why, "libpfm4 failed to initialize: %s",
		         pfm_strerror(rc));
		return false;
	}
	if (strlen(str) >= sizeof ev->str) {
		snprintf(ev->why, sizeof ev->why, "longer than %zu characters", sizeof ev->str - 1);
		return false;
	}
	char *fstr = NULL;
	pfm_perf_encode_arg_t arg;
	memset(&arg, 0, sizeof arg);
	arg.attr = &ev->attr;
	arg.fstr = &fstr;
	arg.size = sizeof arg;
	/* PLM0 | PLM3: kernel and user, as perf stat counts for a privileged user. */
	rc = pfm_get_os_event_encoding(str, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (rc != PFM_SUCCESS) {
		snprintf(ev->why, sizeof ev->why, "libpfm4: %s", pfm_strerror(rc));
		free(fstr);
		memset(&ev->attr, 0, sizeof ev->attr);
		return false;
	}
	snprintf(ev->fstr, sizeof ev->fstr, "%s", fstr ? fstr : str);
	free(fstr);
	ev->attr.size = sizeof ev->attr;
	ev->hw = ev->attr.type != PERF_TYPE_SOFTWARE && ev->attr.type != PERF_TYPE_TRACEPOINT;
	ctr_generic_name(&ev->attr, ev->name, sizeof ev->name);
	ev->encoded = true;
	return true;
}

/* Same event for the kernel: same PMU, config and privilege filter. */
static bool same_encoding(const ctr_event *a, const ctr_event *b)
{
	const struct perf_event_attr *x = &a->attr, *y = &b->attr;
	return a->encoded && b->encoded && x->type == y->type && x->config == y->config &&
	       x->config1 == y->config1 && x->config2 == y->config2 &&
	       x->exclude_user == y->exclude_user && x->exclude_kernel == y->exclude_kernel &&
	       x->exclude_hv == y->exclude_hv;
}

static bool fail(char *err, size_t errlen, const char *what, const char *item, const char *why)
{
	char q[72];
	parse_quote(item, q, sizeof q);
	snprintf(err, errlen, "bad %s '%s': %s", what, q, why);
	return false;
}

/* Appends ev to out, rejecting a second copy of an event already there. */
static bool add(ctr_spec *out, const ctr_event *ev, const char *what, const char *item, char *err,
                size_t errlen)
{
	for (int i = 0; i < out->n; i++) {
		const ctr_event *o = &out->ev[i];
		if (same_encoding(o, ev) || strcmp(o->name, ev->name) == 0) {
			char why[CTR_WHY_LEN];
			if (strcmp(o->str, ev->str) == 0)
				snprintf(why, sizeof why, "counter %s is already in the list",
				         ev->name);
			else
				snprintf(why, sizeof why,
				         "counter %s is already in the list (as '%s')", ev->name,
				         o->str);
			return fail(err, errlen, what, item, why);
		}
	}
	if (out->n == CTR_MAX_EVENTS) {
		char why[96];
		snprintf(why, sizeof why, "more than %d counters", CTR_MAX_EVENTS);
		return fail(err, errlen, what, item, why);
	}
	out->ev[out->n++] = *ev;
	return true;
}

static bool parse_item(const char *item, int nitems, const char *what, ctr_spec *out, char *err,
                       size_t errlen)
{
	ctr_event *ev = malloc(sizeof *ev); /* ~700 bytes: keep it off small stacks */
	if (!ev)
		return fail(err, errlen, what, item, "out of memory");
	bool ok = true;
	const ctr_named_set *set = ctr_named_set_find(item);
	if (set) {
		if (set->events[0] == NULL && nitems > 1)
			ok = fail(err, errlen, what, item,
			          "'none' cannot be combined with counters");
		for (int j = 0; ok && set->events[j]; j++) {
			ctr_encode(set->events[j], ev); /* not encodable: kept, with why */
			ok = add(out, ev, what, item, err, errlen);
		}
	} else if (!ctr_encode(item, ev)) {
		char pmus[128], why[CTR_WHY_LEN + 256];
		ctr_pmus_present(pmus, sizeof pmus);
		snprintf(why, sizeof why,
		         "not a counter set (default, sw, none) nor a libpfm4 event of this "
		         "machine's PMUs (%s): %s; see corobench list",
		         pmus, ev->why);
		ok = fail(err, errlen, what, item, why);
	} else {
		ok = add(out, ev, what, item, err, errlen);
	}
	free(ev);
	return ok;
}

bool ctr_spec_parse(const char *list, const char *what, ctr_spec *out, char *err, size_t errlen)
{
	char **items;
	int n;
	out->n = 0;
	if (!parse_list(list, what, &items, &n, err, errlen))
		return false;
	bool ok = true;
	for (int i = 0; ok && i < n; i++)
		ok = parse_item(items[i], n, what, out, err, errlen);
	parse_list_free(items, n);
	if (!ok)
		out->n = 0;
	return ok;
}
