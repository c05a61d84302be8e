/*
 * c10k.c — the c10k workload (docs/WORKLOADS.md): `conns` (default 10,000)
 * loopback connections held open and mostly idle, one task each on the server
 * (echo's handler, wl_echo_serve); the load generator wakes one connection at a time, chosen
 * at random, sends `size` bytes and waits for the echo: n wakes, a latency
 * histogram of wake-to-reply times. The server accepts in setup, on the main
 * task, so the connections are exactly `conns` tasks.
 *
 * Memory: metric bytes_per_conn = (peak RSS of the repetition - the idle
 * baseline) / conns, with wl_mem.h's baseline (VmRSS before this workload's
 * first repetition, so memory a runtime keeps pooled stays charged) and peak
 * (VmHWM, reset in setup before any connection exists): what holding a
 * connection costs the server process. Also peak_rss_bytes.
 *
 * A runtime that cannot hold `conns` tasks (the pthread runtime's thread limit,
 * pt_limits.c) or a process that cannot open 2 x conns files is skipped with the
 * reason, never run with fewer connections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl_define.h"
#include "wl_mem.h"
#include "wl_net.h"
#include "wl_setup.h"
#include "workload.h"

enum { P_N, P_CONNS, P_SIZE };

static const wl_param c10k_params[] = {
    /* quick: 1,000 connections (make test; make bench's c10k pass asks 10,000) */
    {"n", "wakes (N)", 10000, 1000, 1, 100000000},
    {"conns", "connections held open (C)", 10000, 1000, 1, 100000},
    {"size", "message bytes per wake", 64, 64, 1, 65536},
};

typedef struct c10k {
	wl_net net; /* server + client */
	int64_t n;  /* wakes           */
} c10k;

static wl_mem c10k_mem; /* the process's idle baseline (wl_mem.h) */

static void c10k_teardown(void *state)
{
	c10k *c = state;
	wl_net_stop(&c->net);
	free(c);
}

static void *c10k_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	int conns = (int)ctx->params[P_CONNS];
	if (!wl_tasks_fit(ctx, conns, err, errlen, "c10k: %d connection tasks", conns)) {
		ctx->unavailable = true;
		return NULL;
	}
	c10k *c = wl_calloc("c10k", sizeof *c, err, errlen);
	if (!c)
		return NULL;
	c->n = ctx->params[P_N];
	c->net = (wl_net){.wl = "c10k", .handler = wl_echo_serve, .conns = conns};
	wl_mem_prepare(&c10k_mem);
	if (!wl_net_start(&c->net, ctx, "c10k", (int)ctx->params[P_SIZE], 0, false,
	                  &ctx->unavailable, err, errlen)) {
		c10k_teardown(c);
		return NULL;
	}
	return c;
}

static void c10k_run(void *state, wl_measure *m)
{
	c10k *c = state;
	wl_net_round(&c->net, m, (uint64_t)c->n);
	int64_t peak = wl_mem_status("VmHWM");
	if (peak > 0 && c10k_mem.baseline > 0) {
		m->metric(m, "peak_rss_bytes", (double)peak);
		m->metric(m, "bytes_per_conn",
		          (double)(peak - c10k_mem.baseline) / (double)c->net.conns);
	}
}

static bool c10k_verify(void *state, char *why, size_t whylen)
{
	c10k *c = state;
	return wl_net_verify(&c->net, (uint64_t)c->n, why, whylen);
}

static void c10k_corrupt(void *state)
{
	((c10k *)state)->net.ops++; /* one wake too many */
}

static const wl_def c10k_def = {
    .name = "c10k",
    .description = "C mostly idle connections, one woken at a time; memory per connection",
    .records_latency = true,
    .setup = c10k_setup,
    .run = c10k_run,
    .verify = c10k_verify,
    .teardown = c10k_teardown,
    .ops_field = WL_FIELD(c10k, n),
    .corrupt = c10k_corrupt,
};
WL_DEFINE(c10k_def, c10k_params)
