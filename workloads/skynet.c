/*
 * skynet.c — a million tasks, spawned as a ten-way tree (Alexander Temerev's
 * skynet benchmark): task creation, stacks, run-queue throughput, memory per task.
 *
 * Definition (docs/WORKLOADS.md): skynet(out, num, size): size == 1 -> send num on
 * out; otherwise make one unbuffered channel rc, spawn 10 children
 * skynet(rc, num + i*size/10, size/10), receive 10 values and send their sum on
 * out. Main spawns the root with size 1,000,000 and receives the total.
 * Answer: sum == size(size-1)/2 (499999500000). ops = tasks = (10*size - 1)/9.
 *
 * Parameter n is the size (the number of leaves), a power of 10. Every task of
 * the tree may be alive at once (a leaf stays blocked in its send until its parent
 * receives), so a runtime holding fewer than (10n-1)/9 live tasks runs the largest
 * power of 10 that fits, and the row is marked reduced.
 *
 * Timed region: the whole tree, from spawning the root to receiving its sum. As in
 * Go's version, a parent does not wait for its children to return after they sent
 * (that would add a wake-up per task); it destroys rc once the 10 values are in.
 * This relies on the channel promise that a completed send no longer touches the
 * channel once its value was received (Go's chan.go unlocks before goready); an
 * ASan run of the tests catches a variant that breaks it.
 *
 * Memory: peak RSS and bytes per task through wl_mem (see wl_mem.h for how).
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_mem.h"
#include "wl_setup.h"
#include "workload.h"

#define SKYNET_FANOUT 10 /* the definition's ten children per node */

typedef struct skynet skynet;

typedef struct skynet_arg {
	skynet *s;    /* the run (for the channel variant and faults) */
	chan *out;    /* where to send this subtree's sum             */
	int64_t num;  /* first leaf number of the subtree             */
	int64_t size; /* leaves in the subtree                        */
} skynet_arg;

struct skynet {
	const chan_variant *variant; /* makes every node's rc                   */
	int64_t size;                /* leaves (n)                               */
	chan *result;                /* root -> main; unbuffered                 */
	int64_t sum;                 /* what main received                       */
	atomic_int fault;            /* a node could not make rc or spawn: 1    */
};

static wl_mem skynet_mem; /* RSS baseline of this process (wl_mem.h) */

static const wl_param skynet_params[] = {
    /* quick: 1,000 leaves = 1,111 tasks. pthreads pay 26-56 us per thread created
     * here (30-60 ms a repetition) and hold at most ~10,000 live threads
     * (pt_limits.c), so 10,000 leaves (11,111 tasks) would be reduced on pthreads
     * and the quick suite would compare unequal sizes; gmp runs it in ~1 ms. */
    {"n", "leaves of the tree (size), a power of 10; tasks = (10n-1)/9", 1000000, 1000, 1,
     100000000},
};

static int64_t tasks_for(int64_t size)
{
	return (SKYNET_FANOUT * size - 1) / (SKYNET_FANOUT - 1);
}

static void node(void *arg)
{
	skynet_arg a = *(skynet_arg *)arg; /* the parent's frame outlives this read */
	if (a.size == 1) {
		chan_send(a.out, &a.num);
		return;
	}
	int64_t sum = 0, v;
	chan *rc = chan_make(a.s->variant, sizeof(int64_t), 0);
	if (!rc) {
		atomic_store(&a.s->fault, 1);
		chan_send(a.out, &sum); /* the parent must not hang; verify reports it */
		return;
	}
	skynet_arg kids[SKYNET_FANOUT];
	int spawned = 0;
	for (int i = 0; i < SKYNET_FANOUT; i++) {
		int64_t sub = a.size / SKYNET_FANOUT;
		kids[i] = (skynet_arg){.s = a.s, .out = rc, .num = a.num + i * sub, .size = sub};
		if (rt_go(node, &kids[i]) != 0) {
			atomic_store(&a.s->fault, 1);
			break;
		}
		spawned++;
	}
	for (int i = 0; i < spawned; i++)
		if (chan_recv(rc, &v) == CHAN_OK)
			sum += v;
	chan_destroy(rc);
	chan_send(a.out, &sum);
}

static void *skynet_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	while (ctx->params[0] > 1 && tasks_for(ctx->params[0]) > wl_task_budget(ctx->rt))
		ctx->params[0] /= SKYNET_FANOUT; /* largest power of 10 the runtime holds */
	skynet *s = wl_calloc("skynet", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->variant = ctx->chan;
	s->size = ctx->params[0];
	s->result = wl_chan_make(ctx, "skynet", sizeof(int64_t), 0, err, errlen);
	if (!s->result) {
		free(s);
		return NULL;
	}
	wl_mem_prepare(&skynet_mem);
	return s;
}

static void skynet_run(void *state, wl_measure *m)
{
	skynet *s = state;
	skynet_arg root = {.s = s, .out = s->result, .num = 0, .size = s->size};
	if (rt_go(node, &root) != 0)
		atomic_store(&s->fault, 1);
	else if (chan_recv(s->result, &s->sum) != CHAN_OK)
		atomic_store(&s->fault, 1);
	wl_mem_report(&skynet_mem, m, (uint64_t)tasks_for(s->size));
}

static bool skynet_verify(void *state, char *why, size_t whylen)
{
	skynet *s = state;
	int64_t want = s->size * (s->size - 1) / 2;
	if (atomic_load(&s->fault)) {
		snprintf(why, whylen, "skynet: a node could not make its channel or spawn a child");
		return false;
	}
	if (s->sum != want) {
		snprintf(why, whylen,
		         "skynet: sum %" PRId64 " over %" PRId64 " leaves, want %" PRId64, s->sum,
		         s->size, want);
		return false;
	}
	return true;
}

static uint64_t skynet_ops(void *state)
{
	return (uint64_t)tasks_for(((skynet *)state)->size);
}

static void skynet_teardown(void *state)
{
	skynet *s = state;
	wl_chan_free(s->result);
	free(s);
}

/* Beyond the declared ranges (called once they passed): the tree is ten-way, so
 * only a power of 10 splits evenly down to single leaves. */
static bool skynet_check(const int64_t *params, char *err, size_t errlen)
{
	int64_t p = 1;
	while (p < params[0])
		p *= SKYNET_FANOUT;
	if (p != params[0]) {
		snprintf(err, errlen,
		         "skynet: n=%" PRId64 " is not a power of 10 (the tree is ten-way)",
		         params[0]);
		return false;
	}
	return true;
}

static void skynet_corrupt(void *state)
{
	((skynet *)state)->sum += 1;
}

static const wl_def skynet_def = {
    .name = "skynet",
    .description = "a ten-way tree of (10n-1)/9 tasks sums its leaves; peak RSS per task",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_MULTI_PRODUCER, /* 10 children send on rc */
    .check = skynet_check,
    .setup = skynet_setup,
    .run = skynet_run,
    .verify = skynet_verify,
    .teardown = skynet_teardown,
    .ops = skynet_ops,
    .corrupt = skynet_corrupt,
};
WL_DEFINE(skynet_def, skynet_params)
