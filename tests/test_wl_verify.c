/*
 * test_wl_verify.c — verify() must reject wrong answers. For every workload: run
 * it at a small size on the first runtime and a variant it supports, check verify
 * accepts the honest answer, corrupt the answer the way a broken runtime or
 * channel would (its tamper hook, wl_def.corrupt: a lost message, a wrong sum,
 * a task run twice, a swapped top-10 row, ...), and check verify now fails with
 * a reason. Every registered workload must have such a hook.
 */
#include "support/rt_scenarios.h"
#include "support/tsan_build.h"

#include <stdio.h>
#include <string.h>

#include "../harness/run/execute.h"
#include "../workloads/wl_tamper.h"
#include "../workloads/workload.h"

/* One check, run as the main task (cmocka asserts stay on the test thread). */
typedef struct tamper_job {
	const workload *w;     /* the workload                          */
	const chan_variant *v; /* its channel variant, or NULL          */
	const wl_tamper *t;    /* its corrupter                         */
	bool setup_ok;         /* setup returned state                  */
	bool honest_ok;        /* verify accepted the real answer       */
	bool tampered_ok;      /* verify accepted the corrupted answer  */
	char why[256];         /* verify's reason for the corrupted one */
} tamper_job;

static void tamper_main(void *arg)
{
	tamper_job *j = arg;
	wl_ctx ctx = {.rt = rt_current, .chan = j->v, .workers = 2};
	for (int i = 0; i < j->w->nparams; i++)
		ctx.params[i] = j->w->params[i].quick;
	char err[256] = "";
	void *state = j->w->setup(&ctx, err, sizeof err);
	j->setup_ok = state != NULL;
	if (!state)
		return;
	wl_measure m = exec_nop_measure();
	j->w->run(state, &m);
	j->honest_ok = j->w->verify(state, err, sizeof err);
	j->t->corrupt(state);
	j->tampered_ok = j->w->verify(state, j->why, sizeof j->why);
	j->w->teardown(state);
}

static const chan_variant *first_variant(const workload *w)
{
	for (int i = 0; i < chan_variant_count(); i++)
		if ((chan_variant_at(i)->caps & w->chan_caps) == w->chan_caps)
			return chan_variant_at(i);
	return NULL;
}

static void test_verify_rejects_corrupted_answers(void **unused)
{
	(void)unused;
	if (rt_count() == 0)
		skip();
	const rt_runtime *rt = rt_at(0);
	int checked = 0;
	for (int i = 0; i < wl_count(); i++) {
		const workload *w = wl_at(i);
		tamper_job j = {.w = w, .t = wl_tamper_find(w->name)};
		if (!j.t)
			fail_msg("workload %s has no tamper hook (wl_def.corrupt)", w->name);
		if (w->uses_chan && !(j.v = first_variant(w))) {
			printf("  skip %s: no registered variant has its capabilities\n", w->name);
			continue;
		}
		if (TSAN_SPINNER_WORKLOADS(rt->name, w->name)) {
			printf("  skip %s on %s: %s\n", w->name, rt->name, TSAN_SPINNER_REASON);
			continue;
		}
		rts_run(rt, 2, tamper_main, &j);
		if (!j.setup_ok || !j.honest_ok)
			fail_msg("%s: the honest run did not verify", w->name);
		if (j.tampered_ok)
			fail_msg("%s: verify accepted a corrupted answer", w->name);
		assert_true(strlen(j.why) > 0);
		assert_non_null(strstr(j.why, w->name)); /* the reason names the workload */
		printf("  %s rejects: %s\n", w->name, j.why);
		checked++;
	}
	assert_true(checked > 0);
}

int main(void)
{
	rts_watchdog(120);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_verify_rejects_corrupted_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
