/* child_counters.c — see child_counters.h. */
#include "child_counters.h"

#include <stdio.h>
#include <string.h>

/* The latest repetition's values, for child_counters_value (one set per child). */
static ctr_value last[CTR_MAX_EVENTS];

ctr_set *child_counters_open(const ctr_spec *spec)
{
	if (!spec || spec->n == 0)
		return NULL;
	return ctr_open(spec);
}

void child_counters_rep(ctr_set *s, proto_writer *w)
{
	if (!s)
		return;
	ctr_value *v = last;
	ctr_sample(s, v);
	if (!w)
		return;
	for (int i = 0; i < ctr_count(s); i++) {
		char key[CTR_NAME_LEN + 16];
		const char *name = ctr_event_at(s, i)->name;
		snprintf(key, sizeof key, "ctr.%s", name);
		if (!v[i].taken) {
			proto_add(w, key, ""); /* asked for, not counted: the column stays empty */
			continue;
		}
		proto_addf(w, key, "%.0f", v[i].value);
		if (v[i].ratio < 1.0) {
			snprintf(key, sizeof key, "ctr_ratio.%s", name);
			proto_addf(w, key, "%.4f", v[i].ratio);
		}
	}
}

void child_counters_info(const ctr_set *s, proto_writer *w)
{
	if (!s)
		return;
	for (int i = 0; i < ctr_count(s); i++) {
		char key[CTR_NAME_LEN + 16];
		const char *name = ctr_event_at(s, i)->name, *why;
		ctr_status st = ctr_status_of(s, i, &why);
		snprintf(key, sizeof key, "counter.%s", name);
		proto_add(w, key, ctr_status_name(st));
		if (why[0]) {
			snprintf(key, sizeof key, "counter_why.%s", name);
			proto_add(w, key, why);
		}
	}
	int before = ctr_threads_before(s);
	/* inherit from the child's only thread: every thread the runtime creates */
	proto_add(w, "counter_scope", before == 0 ? "threads" : "threads-partial");
}

double child_counters_value(const ctr_set *s, const char *event)
{
	for (int i = 0; s && i < ctr_count(s); i++)
		if (strcmp(ctr_event_at(s, i)->name, event) == 0)
			return last[i].taken ? last[i].value : -1;
	return -1;
}
