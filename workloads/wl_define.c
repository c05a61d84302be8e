/* wl_define.c — see wl_define.h. */
#include "wl_define.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool wl_def_validate(const wl_def *d, const wl_param *defs, int ndefs, const int64_t *params,
                     char *err, size_t errlen)
{
	for (int i = 0; i < ndefs; i++) {
		const wl_param *p = &defs[i];
		if (params[i] < p->min || params[i] > p->max) {
			snprintf(err, errlen,
			         "%s: %s=%" PRId64 " is out of range [%" PRId64 ", %" PRId64 "]",
			         d->name, p->name, params[i], p->min, p->max);
			return false;
		}
	}
	return !d->check || d->check(params, err, errlen);
}

uint64_t wl_def_ops(const wl_def *d, void *state)
{
	uint64_t n; /* WL_FIELD admits int64_t and uint64_t: same size, same bits */
	memcpy(&n, (const char *)state + d->ops_field.offset, sizeof n);
	return n;
}

/* A definition that cannot mean one thing is a build mistake (wl_define.h). */
static void refuse(const wl_def *d, const char *what)
{
	fprintf(stderr, "corobench: workload %s: %s\n", d->name, what);
	abort();
}

void wl_def_register(const wl_def *d, const wl_param *defs, int ndefs, workload *w, wl_tamper *t,
                     bool (*validate)(const int64_t *, char *, size_t), uint64_t (*ops)(void *))
{
	if (!d->ops == !d->ops_field.declared)
		refuse(d, "declare exactly one of ops and ops_field");
	if (d->check && d->validate)
		refuse(d, "declare check or validate, not both");
	*w = (workload){
	    .name = d->name,
	    .description = d->description,
	    .params = defs,
	    .nparams = ndefs,
	    .uses_chan = d->uses_chan,
	    .chan_caps = d->chan_caps,
	    .chan_caps_for = d->chan_caps_for,
	    .param_names = d->param_names,
	    .records_latency = d->records_latency,
	    .validate = d->validate ? d->validate : validate,
	    .setup = d->setup,
	    .run = d->run,
	    .verify = d->verify,
	    .ops = d->ops ? d->ops : ops,
	    .teardown = d->teardown,
	};
	wl_register(w);
	if (d->corrupt) {
		*t = (wl_tamper){.workload = d->name, .corrupt = d->corrupt};
		wl_tamper_register(t);
	}
}
