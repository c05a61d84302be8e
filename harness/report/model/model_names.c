/*
 * model_names.c — how the report reads and names a runs.csv row
 * (report_model.h): the series of a runtime and channel variant ("gmp/go"), a
 * parameter's value, the placement label ("compact (smt)"), the loop label
 * ("open loop, 100,000 events/s") and the noun of one op ("round trip").
 *
 * What it promises: pure functions of their arguments; the labels are the
 * ones the charts, tables and findings all print, so they agree.
 */
#include "report_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rm_rt_chan(const char *runtime, const char *chan, char *out, size_t len)
{
	bool plain = strcmp(chan, "-") == 0 || strcmp(chan, "go-native") == 0 || !*chan;
	snprintf(out, len, "%.60s%s%.60s", runtime, plain ? "" : "/", plain ? "" : chan);
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

void rm_fmt_grouped(char *out, size_t len, long long v)
{
	char digits[32];
	int nd = snprintf(digits, sizeof digits, "%lld", v), w = 0;
	for (int i = 0; i < nd && w + 2 < (int)len; i++) {
		if (i > 0 && digits[i - 1] != '-' && (nd - i) % 3 == 0)
			out[w++] = ',';
		out[w++] = digits[i];
	}
	out[w] = '\0';
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
	char grouped[48];
	rm_fmt_grouped(grouped, sizeof grouped, rate);
	/* pipeline's source emits events; echo's and http's client sends requests */
	snprintf(out, len, "open loop, %s %s/s", grouped,
	         strcmp(r->workload, "pipeline") ? "requests" : "events");
}

const char *rm_op_noun(const char *workload)
{
	/* n of each workload, from docs/WORKLOADS.md */
	static const char *const nouns[][2] = {
	    {"pingpong", "round trip"},
	    {"ring", "hop"},
	    {"spsc", "message"},
	    {"mpmc", "message"},
	    {"skynet", "task"},
	    {"sieve", "receive"},
	    {"spawn", "spawn"},
	    {"yield", "yield"},
	    {"fib", "task"},
	    {"mutex", "lock/unlock"},
	    {"pipeline", "event"},
	    {"select", "message"},
	    {"echo", "round trip"},
	    {"http", "request"},
	    {"c10k", "wake"},
	    {"hog", "round trip"},      /* beside a spinner */
	    {"wakeup", "wake-up"},      /* after a sleep    */
	    {"fairshare", "work unit"}, /* taken from a counter */
	    {"syscall", "round trip"},  /* beside blocked calls */
	    {NULL, NULL},
	};
	size_t n = strcspn(workload, "/"); /* a case: the workload before its parameters */
	for (int i = 0; nouns[i][0]; i++)
		if (strlen(nouns[i][0]) == n && strncmp(nouns[i][0], workload, n) == 0)
			return nouns[i][1];
	return "op";
}
