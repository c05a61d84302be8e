/*
 * http.c — the http workload (docs/WORKLOADS.md): a minimal HTTP/1.1 keep-alive
 * server, a task per connection plus an accept task, answering every request
 * with the same 13-byte body (http_parse.h has the grammar); `conns`
 * connections from the load generator send `GET / HTTP/1.1` closed loop (or on
 * a schedule with rate > 0). A malformed request gets a 400 and the connection
 * is closed. n = requests; a latency histogram of requests (from the client).
 *
 * server=nethttp is the Go peer's net/http server; the C runtimes serve only with this
 * parser (server=conn), so server=nethttp skips here with the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"
#include "wl_define.h"
#include "wl_net.h"
#include "wl_setup.h"
#include "workload.h"

enum { P_N, P_CONNS, P_RATE, P_SERVER };

/* server's values by name: the conn server with this parser, or Go's net/http */
static const char *const http_servers[] = {"conn", "nethttp", NULL};
static const char *const *const http_param_names[] = {NULL, NULL, NULL, http_servers};

static const wl_param http_params[] = {
    {"n", "requests (N)", 200000, 5000, 1, 1000000000},
    {"conns", "connections (C)", 64, 16, 1, 100000},
    {"rate", "requests/s the client starts (open loop); 0 = closed loop", 0, 0, 0, 100000000},
    {"server",
     "conn (0): the conn server with this parser; nethttp (1): Go's net/http (Go peer only)", 0, 0,
     0, 1},
};

typedef struct http {
	wl_net net;   /* server + client               */
	int64_t n;    /* requests                      */
	int64_t rate; /* open loop: requests/s, else 0 */
} http;

/* Serves requests until EOF, an error, Connection: close, or a bad request
 * (answered 400). Pipelined requests are answered in order. */
void wl_http_serve(wl_net *s, rt_fd *c)
{
	char buf[2 * HTTP_MAX_HEAD]; /* a head and its body, both at most 4 KiB */
	size_t have = 0;
	for (;;) {
		http_req r;
		int st = http_parse(buf, have, &r);
		if (st == HTTP_BAD) {
			(void)rt_fd_write_all(c, http_bad, http_bad_len, 0);
			return;
		}
		if (st == HTTP_OK) {
			int rc = rt_fd_write_all(c, http_ok, http_ok_len, 0);
			atomic_fetch_add_explicit(&s->served, 1, memory_order_relaxed);
			if (rc != 0 || !r.keep_alive)
				return;
			memmove(buf, buf + r.len, have - r.len);
			have -= r.len;
			continue;
		}
		long k = rt_fd_read(c, buf + have, sizeof buf - have, 0);
		if (k <= 0) {
			if (k < 0 && k != -ECONNRESET)
				wl_fault_set(&s->fault, "read: %s", strerror((int)-k));
			return;
		}
		have += (size_t)k;
	}
}

static void http_teardown(void *state)
{
	http *h = state;
	wl_net_stop(&h->net);
	free(h);
}

static void *http_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	int conns = (int)ctx->params[P_CONNS];
	if (ctx->params[P_SERVER] != 0) {
		snprintf(
		    err, errlen,
		    "http: server=nethttp is Go's net/http, which only the go runtime has (the C "
		    "runtimes serve with server=conn)");
		ctx->unavailable = true;
		return NULL;
	}
	if (!wl_tasks_fit(ctx, conns + 1, err, errlen, "http: %d connection tasks + accept",
	                  conns)) {
		ctx->unavailable = true;
		return NULL;
	}
	http *h = wl_calloc("http", sizeof *h, err, errlen);
	if (!h)
		return NULL;
	h->n = ctx->params[P_N];
	h->rate = ctx->params[P_RATE];
	h->net = (wl_net){.wl = "http", .handler = wl_http_serve, .conns = conns};
	if (!wl_net_start(&h->net, ctx, "http", 64, h->rate, true, &ctx->unavailable, err,
	                  errlen)) {
		http_teardown(h);
		return NULL;
	}
	return h;
}

static void http_run(void *state, wl_measure *m)
{
	http *h = state;
	wl_net_round(&h->net, m, (uint64_t)h->n);
	if (h->rate) {
		m->metric(m, "source_lag_max_ns", (double)h->net.lag_max_ns);
		m->metric(m, "source_late_events", (double)h->net.late);
	}
}

static bool http_verify(void *state, char *why, size_t whylen)
{
	http *h = state;
	return wl_net_verify(&h->net, (uint64_t)h->n, why, whylen);
}

static void http_corrupt(void *state)
{
	((http *)state)->net.errors++; /* a wrong answer the client saw */
}

static const wl_def http_def = {
    .name = "http",
    .description = "HTTP/1.1 keep-alive server, fixed 13-byte body; C client connections",
    .records_latency = true,
    .param_names = http_param_names,
    .setup = http_setup,
    .run = http_run,
    .verify = http_verify,
    .teardown = http_teardown,
    .ops_field = WL_FIELD(http, n),
    .corrupt = http_corrupt,
};
WL_DEFINE(http_def, http_params)
