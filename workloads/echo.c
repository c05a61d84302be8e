/*
 * echo.c — the echo workload (docs/WORKLOADS.md): `conns` loopback connections
 * from the load generator (loadgen/, its own process, the same for every
 * runtime) each send a `size`-byte message and wait for it to come back, closed
 * loop (or on a schedule with rate > 0); the server is a task per connection
 * (read what is there, write it back, until EOF) plus an accept task.
 * n = round trips; a latency histogram of round trips (from the client).
 *
 * The handler reads into a 4-KiB buffer on its stack: what Go's io.Copy-style
 * loop allocates per connection, and one page of a G's stack.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl_define.h"
#include "wl_net.h"
#include "wl_setup.h"
#include "workload.h"

enum { P_N, P_CONNS, P_SIZE, P_RATE };

static const wl_param echo_params[] = {
    /* quick: 5-15 us a round trip with 16 connections on the dev VM (gmp, Go),
     * 100-150 us for pthreads at -t 1 under load: 5,000 take 0.03-0.75 s */
    {"n", "round trips (N)", 200000, 5000, 1, 1000000000},
    {"conns", "connections (C)", 64, 16, 1, 100000},
    {"size", "message bytes", 64, 64, 1, 1 << 20},
    {"rate", "round trips/s the client starts (open loop); 0 = closed loop", 0, 0, 0, 100000000},
};

typedef struct echo {
	wl_net net;   /* server + client               */
	int64_t n;    /* round trips                   */
	int64_t rate; /* open loop: requests/s, else 0 */
} echo;

void wl_echo_serve(wl_net *s, rt_fd *c)
{
	char buf[4096];
	for (;;) {
		long k = rt_fd_read(c, buf, sizeof buf, 0);
		if (k <= 0) {
			if (k < 0 && k != -ECONNRESET)
				wl_fault_set(&s->fault, "read: %s", strerror((int)-k));
			return; /* EOF: the client is done */
		}
		int rc = rt_fd_write_all(c, buf, (size_t)k, 0);
		if (rc != 0) {
			if (rc != -EPIPE && rc != -ECONNRESET)
				wl_fault_set(&s->fault, "write: %s", strerror(-rc));
			return;
		}
		atomic_fetch_add_explicit(&s->served, 1, memory_order_relaxed);
	}
}

static void echo_teardown(void *state)
{
	echo *e = state;
	wl_net_stop(&e->net);
	free(e);
}

static void *echo_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	int conns = (int)ctx->params[P_CONNS];
	if (!wl_tasks_fit(ctx, conns + 1, err, errlen, "echo: %d connection tasks + accept",
	                  conns)) {
		ctx->unavailable = true;
		return NULL;
	}
	echo *e = wl_calloc("echo", sizeof *e, err, errlen);
	if (!e)
		return NULL;
	e->n = ctx->params[P_N];
	e->rate = ctx->params[P_RATE];
	e->net = (wl_net){.wl = "echo", .handler = wl_echo_serve, .conns = conns};
	if (!wl_net_start(&e->net, ctx, "echo", (int)ctx->params[P_SIZE], e->rate, true,
	                  &ctx->unavailable, err, errlen)) {
		echo_teardown(e);
		return NULL;
	}
	return e;
}

static void echo_run(void *state, wl_measure *m)
{
	echo *e = state;
	wl_net_round(&e->net, m, (uint64_t)e->n);
	if (e->rate) {
		m->metric(m, "source_lag_max_ns", (double)e->net.lag_max_ns);
		m->metric(m, "source_late_events", (double)e->net.late);
	}
}

static bool echo_verify(void *state, char *why, size_t whylen)
{
	echo *e = state;
	return wl_net_verify(&e->net, (uint64_t)e->n, why, whylen);
}

static void echo_corrupt(void *state)
{
	((echo *)state)->net.ops--; /* one round trip short */
}

static const wl_def echo_def = {
    .name = "echo",
    .description = "C loopback connections echo size-byte messages; task per connection",
    .records_latency = true,
    .setup = echo_setup,
    .run = echo_run,
    .verify = echo_verify,
    .teardown = echo_teardown,
    .ops_field = WL_FIELD(echo, n),
    .corrupt = echo_corrupt,
};
WL_DEFINE(echo_def, echo_params)
