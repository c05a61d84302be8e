/*
 * env_counters.c — the "counters" section of env.json: which events were asked
 * for, what each one's status was (counted, multiplexed with its worst ratio,
 * unsupported, denied, not-encodable, error) and why, what the counts cover per
 * runtime, and which PMUs libpfm4 found. The statuses come from the children's
 * info records (they opened the events, so they know); multiplexing from the
 * ctr_ratio fields of the measured repetitions.
 */
#include <stdlib.h>
#include <string.h>

#include "../../measure/counters/counter_spec.h"
#include "../../measure/counters/counter_status.h"
#include "../../base/format/json.h"
#include "writers.h"

/* Smallest ctr_ratio.<name> over the measured repetitions; 1 when never below. */
static double min_ratio(const cb_run *run, const char *name)
{
	char key[CTR_NAME_LEN + 16];
	snprintf(key, sizeof key, "ctr_ratio.%s", name);
	double m = 1.0;
	for (int i = 0; i < run->nconfigs; i++) {
		const cb_result *r = &run->results[i];
		for (int j = 0; j < r->nreps; j++) {
			const char *v = r->reps[j].warmup ? NULL : proto_get(&r->reps[j].rec, key);
			if (v && *v && strtod(v, NULL) < m)
				m = strtod(v, NULL);
		}
	}
	return m;
}

/* One event: the status the children reported (per runtime when they differ). */
static void event_entry(FILE *f, int *count, const cb_run *run, const ctr_event *ev)
{
	char key[CTR_NAME_LEN + 16], wkey[CTR_NAME_LEN + 16];
	snprintf(key, sizeof key, "counter.%s", ev->name);
	snprintf(wkey, sizeof wkey, "counter_why.%s", ev->name);
	const char *status = NULL, *why = NULL;
	bool mixed = false;
	for (int i = 0; i < run->nconfigs; i++) {
		const char *s = store_info(&run->results[i], key);
		if (!s)
			continue;
		if (!status) {
			status = s;
			why = store_info(&run->results[i], wkey);
		} else if (strcmp(s, status) != 0) {
			mixed = true;
		}
	}
	double ratio = min_ratio(run, ev->name);
	json_kv_raw(f, count, ev->name, "{\n");
	int n = 0;
	if (ratio < 1.0) {
		json_kv_str(f, &n, "status", ctr_status_name(CTR_MULTIPLEXED));
		json_kv_num(f, &n, "min_running_ratio", ratio);
	} else {
		json_kv_str(f, &n, "status", status ? status : "not measured yet");
	}
	if (why && *why && ratio >= 1.0)
		json_kv_str(f, &n, "why", why);
	json_kv_str(f, &n, "libpfm4", ev->encoded ? ev->fstr : ev->str);
	if (mixed) { /* e.g. counted by one runtime, denied to another: say which */
		json_kv_raw(f, &n, "by_configuration", "{\n");
		int m = 0;
		for (int i = 0; i < run->nconfigs; i++) {
			const char *s = store_info(&run->results[i], key);
			if (s)
				json_kv_str(f, &m, run->configs[i].key, s);
		}
		fputs("\n  }", f);
	}
	fputs("\n  }", f);
}

void env_counters_section(FILE *f, int *count, const cb_run *run)
{
	const ctr_spec *spec = run->counters;
	if (!spec)
		return;
	json_kv_raw(f, count, "counters", "{\n");
	int n = 0;
	char buf[512] = "";
	size_t used = 0;
	for (int i = 0; i < spec->n && used < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "",
		                         spec->ev[i].name);
	json_kv_str(f, &n, "requested", spec->n ? buf : "none");
	ctr_pmus_present(buf, sizeof buf);
	json_kv_str(f, &n, "libpfm4_pmus", buf);
	json_kv_str(f, &n, "per_op",
	            "count over the timed region / n; scaled by enabled/running when multiplexed");
	json_kv_raw(f, &n, "scope", "{\n");
	int m = 0;
	for (int i = 0; i < run->nconfigs; i++) {
		const char *s = store_info(&run->results[i], "counter_scope");
		if (!s)
			continue;
		bool seen = false; /* one entry per runtime */
		for (int j = 0; j < i && !seen; j++)
			seen = strcmp(run->configs[j].runtime, run->configs[i].runtime) == 0 &&
			       store_info(&run->results[j], "counter_scope");
		if (!seen)
			json_kv_str(f, &m, run->configs[i].runtime, s);
	}
	fputs("\n  }", f);
	json_kv_raw(f, &n, "events", "{\n");
	m = 0;
	for (int i = 0; i < spec->n; i++)
		event_entry(f, &m, run, &spec->ev[i]);
	fputs("\n  }", f);
	fputs("\n  }", f);
}
