/*
 * fib.c — fork-join recursion: work stealing and load balance.
 *
 * Definition (docs/WORKLOADS.md): fib(k): above a cutoff of 15 a call spawns
 * fib(k-1), computes fib(k-2) itself and joins through a one-slot channel; at or
 * below it, plain recursion. Answer: fib(32) == 2178309. ops = tasks spawned.
 *
 * Parameter n is k. Tasks spawned: s(k) = 0 for k <= 15, 1 + s(k-1) + s(k-2) above
 * (4,180 for k = 32; 376 for 27). The whole fork tree may be alive at once (a
 * parent blocks in its join while its child runs), so a runtime holding fewer live
 * tasks than s(k) runs the largest k that fits (row marked reduced).
 *
 * Timed region: the whole computation. As in skynet, a parent destroys the join
 * channel once it received the child's value, without waiting for the child to
 * return (the channel promise that a completed send no longer touches the channel;
 * tests under ASan check it). verify() checks the value against an iterative
 * fib(k) and the number of spawns against s(k).
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_setup.h"
#include "workload.h"

#define FIB_CUTOFF 15 /* the definition's: fib(15) is ~2,000 calls, ~5 us of work */
#define FIB_MAX_K  45 /* fib(45): 1.1e9 calls, ~4 s sequential; s(45) = 1.8M tasks */

typedef struct fib_run {
	const chan_variant *variant; /* makes the join channels                   */
	int k;                       /* the argument                               */
	int64_t value;               /* fib(k) as computed by the tasks            */
	atomic_int_fast64_t spawned; /* tasks spawned (relaxed; ~4,000 increments) */
	atomic_int fault;            /* a join channel or a spawn failed: 1       */
} fib_run;

typedef struct fib_call {
	fib_run *f; /* the run                        */
	chan *out;  /* one-slot join channel           */
	int k;      /* the argument of this call       */
} fib_call;

static const wl_param fib_params[] = {
    /* quick: k = 27 spawns 376 tasks around 635,621 plain calls: ~15 ms on pthreads
     * (thread creation), ~3 ms on gmp. */
    {"n", "the argument k of fib(k); ops = tasks spawned", 32, 27, FIB_CUTOFF + 1, FIB_MAX_K},
};

static int64_t fib_seq(int k)
{
	return k < 2 ? k : fib_seq(k - 1) + fib_seq(k - 2);
}

/* s(k): tasks a run of fib(k) spawns. */
static int64_t spawns_for(int k)
{
	int64_t a = 0, b = 0; /* s(k-2), s(k-1) */
	for (int i = FIB_CUTOFF + 1; i <= k; i++) {
		int64_t c = 1 + b + a;
		a = b;
		b = c;
	}
	return b;
}

static int64_t fib_par(fib_run *f, int k);

static void fib_task(void *arg)
{
	fib_call c = *(fib_call *)arg; /* the parent's frame lives until our send */
	int64_t v = fib_par(c.f, c.k);
	chan_send(c.out, &v);
}

static int64_t fib_par(fib_run *f, int k)
{
	if (k <= FIB_CUTOFF)
		return fib_seq(k);
	chan *join = chan_make(f->variant, sizeof(int64_t), 1);
	fib_call call = {.f = f, .out = join, .k = k - 1};
	if (!join || rt_go(fib_task, &call) != 0) {
		atomic_store(&f->fault, 1); /* still compute, so the run ends; verify fails */
		if (join)
			chan_destroy(join);
		return fib_par(f, k - 1) + fib_par(f, k - 2);
	}
	atomic_fetch_add_explicit(&f->spawned, 1, memory_order_relaxed);
	int64_t b = fib_par(f, k - 2), a = 0;
	if (chan_recv(join, &a) != CHAN_OK)
		atomic_store(&f->fault, 1);
	chan_destroy(join);
	return a + b;
}

static void *fib_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	while (ctx->params[0] > FIB_CUTOFF + 1 &&
	       spawns_for((int)ctx->params[0]) > wl_task_budget(ctx->rt))
		ctx->params[0]--;
	fib_run *f = wl_calloc("fib", sizeof *f, err, errlen);
	if (!f)
		return NULL;
	f->variant = ctx->chan;
	f->k = (int)ctx->params[0];
	return f;
}

static void fib_run_fn(void *state, wl_measure *m)
{
	(void)m;
	fib_run *f = state;
	f->value = fib_par(f, f->k);
}

static bool fib_verify(void *state, char *why, size_t whylen)
{
	fib_run *f = state;
	int64_t want = 0, next = 1; /* iterative fib: independent of the code under test */
	for (int i = 0; i < f->k; i++) {
		int64_t t = want + next;
		want = next;
		next = t;
	}
	int64_t spawned = atomic_load(&f->spawned);
	if (atomic_load(&f->fault)) {
		snprintf(why, whylen, "fib: a join channel or a spawn failed");
		return false;
	}
	if (f->value != want || spawned != spawns_for(f->k)) {
		snprintf(why, whylen,
		         "fib: fib(%d) = %" PRId64 " with %" PRId64 " tasks, want %" PRId64
		         " with %" PRId64,
		         f->k, f->value, spawned, want, spawns_for(f->k));
		return false;
	}
	return true;
}

static uint64_t fib_ops(void *state)
{
	return (uint64_t)spawns_for(((fib_run *)state)->k);
}

static void fib_teardown(void *state)
{
	free(state);
}

/* The whole check, instead of the declared range [16, 45] that says the same:
 * a k at or below the cutoff is refused with the reason (nothing is spawned). */
static bool fib_validate(const int64_t *params, char *err, size_t errlen)
{
	if (params[0] <= FIB_CUTOFF || params[0] > FIB_MAX_K) {
		snprintf(err, errlen,
		         "fib: n=%" PRId64
		         " (the k of fib(k)) is out of range [%d, %d]: at or below the cutoff %d "
		         "nothing is spawned",
		         params[0], FIB_CUTOFF + 1, FIB_MAX_K, FIB_CUTOFF);
		return false;
	}
	return true;
}

static void fib_corrupt(void *state)
{
	((fib_run *)state)->value -= 1;
}

static const wl_def fib_def = {
    .name = "fib",
    .description = "fork-join fib(k), spawning above k=15, joining on one-slot channels",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_BUFFERED,
    .validate = fib_validate, /* its own words for the range: the cutoff */
    .setup = fib_setup,
    .run = fib_run_fn,
    .verify = fib_verify,
    .teardown = fib_teardown,
    .ops = fib_ops,
    .corrupt = fib_corrupt,
};
WL_DEFINE(fib_def, fib_params)
