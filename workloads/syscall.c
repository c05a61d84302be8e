/*
 * syscall.c — blocking system calls beside computing and channel hand-offs: what
 * a task blocked in the kernel costs the tasks that share its worker.
 *
 * Definition (docs/WORKLOADS.md): C caller tasks (`callers`, default 2) each loop
 * on a blocking read() of its own pipe, bracketed by rt_syscall_enter/exit (Go:
 * syscall.Read, which enters and exits the runtime's system-call state the same
 * way); for each caller a filler task sleeps `delay_us` (default 1 ms) and then
 * writes a message (a sequence number and the cycle clock) into that pipe. H tasks
 * spin without yielding (`hogs`, default 1; wl_spin.h). Main and a partner bounce
 * a value over two unbuffered channels N times, as in pingpong. n = N round trips:
 * ns/op is the hand-off's cost while the callers block and the hogs compute. Each
 * call's lateness is the time from the filler's write to the caller running
 * again after rt_syscall_exit: the latency histogram (calls returned during the
 * timed region). Answer: v == N, every message arrived in order.
 *
 * Timed region: the partner's spawn, the N round trips, the join, and then until
 * every caller has returned from a call since the region began (so the histogram
 * is never empty: at most a delay more, or a slice); the callers, fillers and hogs
 * run from setup() to teardown().
 *
 * What it shows: a runtime that binds a worker to a task blocked in the kernel
 * stops that worker's other tasks until the call returns -- at one worker the
 * filler that would end the call never runs, a deadlock. Go hands the worker (P)
 * to another thread after ~20 us (sysmon); gmp does the same (syscall.c of
 * runtimes/gmp), and counts each hand-off (metric:spares_lent). Threads block
 * alone. A caller whose worker was handed off waits for one on its return: the
 * lateness histogram's tail.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wl_define.h"
#include "wl_fault.h"
#include "wl_pair.h"
#include "wl_setup.h"
#include "wl_spin.h"
#include "workload.h"

#define SC_MAX_SAMPLES 65536      /* lateness samples kept per caller (64 s of 1-ms calls) */
#define SC_STOP        UINT64_MAX /* the filler's last message                      */

typedef struct syscall_wl syscall_wl;

typedef struct sc_msg {
	uint64_t seq;   /* 0, 1, 2, ... per pipe; SC_STOP ends the caller */
	uint64_t ticks; /* wl_ticks() just before the write               */
} sc_msg;

typedef struct sc_caller {
	syscall_wl *s;          /* the workload                           */
	int fd[2];              /* its pipe: read end, write end          */
	uint64_t calls;         /* reads that returned a message          */
	uint64_t *late;         /* lateness samples, ticks                */
	_Atomic uint64_t nlate; /* samples kept (main reads them after run) */
	uint64_t from;          /* nlate when run() began                 */
} sc_caller;

struct syscall_wl {
	wl_pair pair;         /* main and its partner                         */
	int64_t ncallers;     /* C                                             */
	int64_t nhogs;        /* H                                             */
	uint64_t delay;       /* ns a filler sleeps before each write          */
	sc_caller *callers;   /* C of them                                     */
	atomic_bool stop;     /* teardown: fillers send SC_STOP and return     */
	atomic_bool timing;   /* run() is timing: callers keep samples         */
	atomic_bool quit;     /* a caller or filler stopped on a fault         */
	rt_waitgroup helpers; /* callers and fillers                           */
	wl_spin spin;         /* the hogs                                      */
	wl_fault fault;       /* an unexpected result                          */
};

static const wl_param syscall_params[] = {
    /* 1,000,000 round trips (as hog): 70-250 ms of the pair's own time on gmp and
     * Go, so hundreds of 1-ms calls return during it; quick 100,000. */
    {"n", "round trips (N)", 1000000, 100000, 1, 100000000000},
    {"callers", "tasks blocking in read() (C)", 2, 2, 0, 1000},
    {"hogs", "tasks spinning without a yield (H)", 1, 1, 0, 1000},
    {"delay_us", "how long each read waits for its data, microseconds", 1000, 1000, 1, 10000000},
};

static void caller(void *arg)
{
	sc_caller *c = arg;
	syscall_wl *s = c->s;
	for (uint64_t want = 0;; want++) {
		sc_msg msg;
		rt_syscall_enter();
		ssize_t got = read(c->fd[0], &msg, sizeof msg);
		int err = errno; /* before exit: the task may resume on another thread */
		rt_syscall_exit();
		uint64_t now = wl_ticks();
		if (got < 0 && err == EINTR) {
			want--;
			continue;
		}
		if (got != (ssize_t)sizeof msg) {
			wl_fault_set(&s->fault, "a caller's read returned %zd (errno %d)", got,
			             err);
			atomic_store(&s->quit, true);
			break;
		}
		if (msg.seq == SC_STOP)
			break;
		if (msg.seq != want) {
			wl_fault_set(&s->fault, "a caller read message %" PRIu64 ", want %" PRIu64,
			             msg.seq, want);
			atomic_store(&s->quit, true);
			break;
		}
		c->calls++;
		uint64_t k = atomic_load_explicit(&c->nlate, memory_order_relaxed);
		if (atomic_load_explicit(&s->timing, memory_order_relaxed) && k < SC_MAX_SAMPLES) {
			c->late[k] = now - msg.ticks;
			atomic_store_explicit(&c->nlate, k + 1, memory_order_release);
		}
	}
	rt_wg_done(&s->helpers);
}

static void filler(void *arg)
{
	sc_caller *c = arg;
	syscall_wl *s = c->s;
	for (uint64_t seq = 0;; seq++) {
		rt_sleep_ns(s->delay);
		bool last = atomic_load(&s->stop);
		sc_msg msg = {.seq = last ? SC_STOP : seq, .ticks = wl_ticks()};
		/* a pipe holds 64 KiB and its reader is at most one message behind:
		 * this write never blocks */
		if (write(c->fd[1], &msg, sizeof msg) != (ssize_t)sizeof msg) {
			wl_fault_set(&s->fault, "a filler's write failed (errno %d)", errno);
			atomic_store(&s->quit, true);
			break;
		}
		if (last)
			break;
	}
	rt_wg_done(&s->helpers);
}

static void syscall_teardown(void *state)
{
	syscall_wl *s = state;
	atomic_store(&s->stop, true);
	rt_wg_wait(&s->helpers);
	wl_spin_stop(&s->spin);
	for (int64_t i = 0; s->callers && i < s->ncallers; i++) {
		sc_caller *c = &s->callers[i];
		if (c->fd[0] >= 0)
			close(c->fd[0]);
		if (c->fd[1] >= 0)
			close(c->fd[1]);
		free(c->late);
	}
	free(s->callers);
	wl_pair_free(&s->pair);
	free(s);
}

static void *syscall_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	syscall_wl *s = wl_calloc("syscall", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->ncallers = ctx->params[1];
	s->nhogs = ctx->params[2];
	s->delay = (uint64_t)ctx->params[3] * 1000u;
	rt_wg_init(&s->helpers);
	if (!wl_tasks_fit(ctx, 2 * s->ncallers + s->nhogs + 1, err, errlen,
	                  "syscall: %" PRId64 " callers, as many fillers, %" PRId64 " hogs",
	                  s->ncallers, s->nhogs)) {
		free(s);
		return NULL;
	}
	bool made = wl_pair_make(&s->pair, ctx, "syscall", ctx->params[0], err, errlen);
	s->callers = calloc((size_t)s->ncallers + 1, sizeof *s->callers);
	if (!made || !s->callers) {
		if (made)
			snprintf(err, errlen, "syscall: out of memory");
		s->ncallers = 0;
		syscall_teardown(s);
		return NULL;
	}
	for (int64_t i = 0; i < s->ncallers; i++) {
		sc_caller *c = &s->callers[i];
		c->s = s;
		c->fd[0] = c->fd[1] = -1;
		c->late = malloc(SC_MAX_SAMPLES * sizeof *c->late);
		if (!c->late || pipe(c->fd) != 0) {
			snprintf(err, errlen, "syscall: cannot make caller %" PRId64 "'s pipe: %s",
			         i, c->late ? "pipe() failed" : "out of memory");
			c->fd[0] = c->fd[1] = -1;
			s->ncallers = i + 1;
			syscall_teardown(s);
			return NULL;
		}
	}
	int rc = wl_spin_start(&s->spin, "syscall", "the ping-pong", (int)s->nhogs);
	for (int64_t i = 0; rc == 0 && i < s->ncallers; i++) {
		rc = wl_go(&s->helpers, caller, &s->callers[i]);
		if (rc == 0 && (rc = wl_go(&s->helpers, filler, &s->callers[i])) != 0)
			(void)!write(s->callers[i].fd[1], &(sc_msg){.seq = SC_STOP},
			             sizeof(sc_msg));
	}
	if (rc != 0) {
		snprintf(err, errlen, "syscall: cannot spawn its tasks (error %d)", rc);
		syscall_teardown(s);
		return NULL;
	}
	return s;
}

static void syscall_run(void *state, wl_measure *m)
{
	syscall_wl *s = state;
	for (int64_t i = 0; i < s->ncallers; i++)
		s->callers[i].from =
		    atomic_load_explicit(&s->callers[i].nlate, memory_order_acquire);
	atomic_store(&s->timing, true);
	wl_pair_run(&s->pair, m, false, &s->spin);
	/* every caller has returned from a call during the timed region, so its
	 * histogram is never empty: at most a delay and a slice more */
	for (int64_t i = 0; i < s->ncallers; i++)
		while (atomic_load_explicit(&s->callers[i].nlate, memory_order_acquire) ==
		           s->callers[i].from &&
		       s->callers[i].from < SC_MAX_SAMPLES && !atomic_load(&s->quit))
			rt_sleep_ns(s->delay / 4 + 1);
	atomic_store(&s->timing, false);
	for (int64_t i = 0; i < s->ncallers; i++) { /* the calls that returned meanwhile */
		sc_caller *c = &s->callers[i];
		uint64_t k = atomic_load_explicit(&c->nlate, memory_order_acquire);
		for (uint64_t j = c->from; j < k; j++)
			m->record_ns(m, (uint64_t)((double)c->late[j] * m->ns_per_tick));
	}
}

static bool syscall_verify(void *state, char *why, size_t whylen)
{
	syscall_wl *s = state;
	if (wl_fault_report(&s->fault, "syscall", why, whylen))
		return false;
	return wl_pair_verify(&s->pair, "syscall", why, whylen);
}

static void syscall_corrupt(void *state)
{
	((syscall_wl *)state)->pair.v += 1;
}

static const wl_def syscall_def = {
    .name = "syscall",
    .description = "ping-pong while tasks block in read() and one never yields",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_CLOSE,
    .records_latency = true,
    .setup = syscall_setup,
    .run = syscall_run,
    .verify = syscall_verify,
    .teardown = syscall_teardown,
    .ops_field = WL_FIELD(syscall_wl, pair.n),
    .corrupt = syscall_corrupt,
};
WL_DEFINE(syscall_def, syscall_params)
