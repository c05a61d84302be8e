/*
 * wakeup.c — how late a sleeping task wakes while others compute.
 *
 * Definition (docs/WORKLOADS.md): T tasks spin without yielding (wl_spin.h:
 * parameter `hogs`, default 4) while main sleeps for a fixed period (`period_us`,
 * default 1 ms) N times. The lateness of each wake-up is the time from the end of
 * the requested period (the clock read before the sleep plus the period) to the
 * clock read once main runs again; every wake-up is a latency sample, and
 * metric:wakeup_late_ns is the repetition's median. n = N wake-ups; ns/op is the
 * period plus the mean lateness. Answer: N wake-ups, none early.
 *
 * Timed region: the N sleeps. The hogs are spawned in setup(), which returns once
 * all of them spin, and stopped in teardown().
 *
 * What it shows: at one worker under T hogs, the sleeper's timer is due while a
 * hog runs; a preempting runtime runs it when that hog's slice ends (gmp and Go:
 * up to 10 ms), the kernel sooner (CFS's wake-up preemption). With hogs < workers
 * a worker is free and the lateness is the timer's own. A runtime that does not
 * preempt hangs in setup() when hogs >= workers (watchdog failure, the hogs'
 * report as its reason).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_setup.h"
#include "wl_spin.h"
#include "workload.h"

typedef struct wakeup {
	int64_t n;       /* wake-ups                                   */
	int64_t hogs;    /* spinning tasks                             */
	uint64_t period; /* ns per sleep                               */
	uint64_t *late;  /* each wake-up's lateness, ns                */
	int64_t woken;   /* wake-ups done                              */
	int64_t early;   /* wake-ups before the period ended (never)   */
	wl_spin spin;    /* the hogs                                   */
} wakeup;

static const wl_param wakeup_params[] = {
    /* 200 wake-ups: ~0.2 s at 1 ms each on threads, ~1-2 s on gmp and Go at one
     * worker under 4 hogs (each wake-up waits up to a 10-ms slice). quick: 20 (make
     * bench: ~0.25 s a repetition on gmp, ~0.5 s on Go at -t 1). */
    {"n", "wake-ups (N)", 200, 20, 1, 100000000},
    {"hogs", "tasks spinning beside the sleeper (T)", 4, 4, 0, 1000},
    {"period_us", "requested sleep, microseconds", 1000, 1000, 1, 10000000},
};

static void wakeup_teardown(void *state)
{
	wakeup *s = state;
	wl_spin_stop(&s->spin);
	free(s->late);
	free(s);
}

static void *wakeup_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	wakeup *s = wl_calloc("wakeup", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->n = ctx->params[0];
	s->hogs = ctx->params[1];
	s->period = (uint64_t)ctx->params[2] * 1000u;
	if (!wl_tasks_fit(ctx, s->hogs, err, errlen, "wakeup: %" PRId64 " hogs", s->hogs)) {
		free(s);
		return NULL;
	}
	s->late = calloc((size_t)s->n, sizeof *s->late);
	if (!s->late) {
		snprintf(err, errlen, "wakeup: out of memory for %" PRId64 " samples", s->n);
		free(s);
		return NULL;
	}
	int rc = wl_spin_start(&s->spin, "wakeup", "the sleeper", (int)s->hogs);
	if (rc != 0) {
		snprintf(err, errlen, "wakeup: cannot spawn the hogs (error %d)", rc);
		wakeup_teardown(s);
		return NULL;
	}
	return s;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void wakeup_run(void *state, wl_measure *m)
{
	wakeup *s = state;
	for (int64_t i = 0; i < s->n; i++) {
		uint64_t t0 = rt_nanotime();
		rt_sleep_ns(s->period);
		uint64_t t1 = rt_nanotime();
		uint64_t due = t0 + s->period;
		if (t1 < due)
			s->early++;
		s->late[i] = t1 > due ? t1 - due : 0;
		s->woken++;
		wl_spin_progress(&s->spin);
	}
	for (int64_t i = 0; i < s->woken; i++)
		m->record_ns(m, s->late[i]);
	qsort(s->late, (size_t)s->woken, sizeof *s->late, cmp_u64);
	if (s->woken > 0)
		m->metric(m, "wakeup_late_ns", (double)s->late[s->woken / 2]);
}

static bool wakeup_verify(void *state, char *why, size_t whylen)
{
	wakeup *s = state;
	if (s->woken != s->n || s->early != 0) {
		snprintf(why, whylen,
		         "wakeup: %" PRId64 " wake-ups of %" PRId64 ", %" PRId64
		         " before their period ended",
		         s->woken, s->n, s->early);
		return false;
	}
	return true;
}

static void wakeup_corrupt(void *state)
{
	((wakeup *)state)->early += 1;
}

static const wl_def wakeup_def = {
    .name = "wakeup",
    .description = "a task sleeps 1 ms N times beside T tasks that never yield; lateness",
    .records_latency = true,
    .setup = wakeup_setup,
    .run = wakeup_run,
    .verify = wakeup_verify,
    .teardown = wakeup_teardown,
    .ops_field = WL_FIELD(wakeup, n),
    .corrupt = wakeup_corrupt,
};
WL_DEFINE(wakeup_def, wakeup_params)
