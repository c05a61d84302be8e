/*
 * floor_switch.c — floor-switch: a raw register switch between two stacks on one
 * thread (floor_switch.h), the floor under every user-level task switch.
 *
 * Definition (docs/WORKLOADS.md, "Floors"): one thread, two contexts, the main
 * stack and a 64 KiB one. Main switches to the other context and the other
 * switches straight back, n/2 times each way. n = switches (yield's op: a yield
 * that switches is one). Timed region: the n switches, nothing else (the second
 * context is made in setup and abandoned, suspended, in teardown).
 * Answer: the other context was resumed exactly n/2 times and main returned
 * from exactly n/2 round trips.
 *
 * Sizes (floor.c): 3.4-5.4 ns a switch measured here, so 20,000,000 switches
 * take 70-110 ms a repetition and the quick 2,000,000 7-11 ms, 300,000x the
 * clock's resolution (~20 ns).
 */
#include "floor.h"
#include "floor_switch.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FS_STACK (64u << 10) /* the other context only loops: a few hundred bytes used */

typedef struct floor_switch {
	floor_ctx main;  /* main, while the other side runs          */
	floor_ctx other; /* the other side, while main runs          */
	int64_t n;       /* switches                                 */
	int64_t trips;   /* round trips main completed                */
	int64_t resumed; /* times the other side was resumed         */
	char *stack;     /* the other side's stack                    */
} floor_switch;

void floor_start(void); /* floor_switch_$(ARCH).S: calls fn(arg) on a fresh stack */

void floor_ctx_make(floor_ctx *ctx, void *hi, void (*fn)(void *), void *arg)
{
	uintptr_t top = (uintptr_t)hi & ~(uintptr_t)15;
#if defined(__x86_64__)
	/* r15 r14 r13 r12=fn rbx=arg rbp=0, return address = floor_start; after
	 * floor_swap pops them all rsp = top - 16, 16-byte aligned for its call */
	uint64_t *sp = (uint64_t *)(top - 16) - 7;
	memset(sp, 0, 7 * sizeof *sp);
	sp[3] = (uint64_t)(uintptr_t)fn;
	sp[4] = (uint64_t)(uintptr_t)arg;
	sp[6] = (uint64_t)(uintptr_t)floor_start;
#elif defined(__aarch64__)
	/* x19=arg x20=fn x29=0 x30=floor_start, the rest 0; sp = top after the pop */
	uint64_t *sp = (uint64_t *)(top - 160);
	memset(sp, 0, 160);
	sp[0] = (uint64_t)(uintptr_t)arg;
	sp[1] = (uint64_t)(uintptr_t)fn;
	sp[11] = (uint64_t)(uintptr_t)floor_start;
#else
#error "floor_ctx_make: unsupported architecture"
#endif
	ctx->sp = sp;
}

/* The other side: counts each resumption and switches straight back. */
static void other_side(void *arg)
{
	floor_switch *s = arg;
	for (;;) {
		s->resumed++;
		floor_swap(&s->other, &s->main);
	}
}

static void *fs_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	floor_switch *s = calloc(1, sizeof *s);
	char *stack = malloc(FS_STACK);
	if (!s || !stack) {
		free(s);
		free(stack);
		snprintf(err, errlen, "%s: out of memory", FLOOR_SWITCH);
		return NULL;
	}
	s->n = ctx->params[0];
	s->stack = stack;
	floor_ctx_make(&s->other, stack + FS_STACK, other_side, s);
	return s;
}

static void fs_run(void *state, wl_measure *m)
{
	(void)m;
	floor_switch *s = state;
	int64_t trips = s->n / 2;
	for (int64_t i = 0; i < trips; i++)
		floor_swap(&s->main, &s->other);
	s->trips = trips;
}

static bool fs_verify(void *state, char *why, size_t whylen)
{
	floor_switch *s = state;
	if (s->resumed != s->n / 2 || s->trips != s->n / 2) {
		snprintf(why, whylen,
		         "%s: the other context was resumed %" PRId64
		         " times and main made %" PRId64 " round trips, want %" PRId64 " each",
		         FLOOR_SWITCH, s->resumed, s->trips, s->n / 2);
		return false;
	}
	return true;
}

static uint64_t fs_ops(void *state)
{
	return (uint64_t)((floor_switch *)state)->n;
}

/* The other context is suspended inside floor_swap; it owns nothing but its
 * stack, so dropping it is freeing that. */
static void fs_teardown(void *state)
{
	floor_switch *s = state;
	free(s->stack);
	free(s);
}

static bool fs_validate(const int64_t *p, char *err, size_t errlen)
{
	if (p[0] < 2 || p[0] % 2) {
		snprintf(err, errlen,
		         "%s: n=%" PRId64 " must be even and at least 2 (switches there and back)",
		         FLOOR_SWITCH, p[0]);
		return false;
	}
	return true;
}

static const wl_param fs_params[] = {
    {"n", "switches (there and back is two)", 20000000, 2000000, 2, 100000000000},
};

const workload floor_switch_wl = {
    .name = FLOOR_SWITCH,
    .description = "register switch between two stacks on one thread; ns per switch",
    .params = fs_params,
    .nparams = 1,
    .validate = fs_validate,
    .setup = fs_setup,
    .run = fs_run,
    .verify = fs_verify,
    .ops = fs_ops,
    .teardown = fs_teardown,
};
