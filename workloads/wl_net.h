/*
 * wl_net.h — what the network workloads (echo, http, c10k) share: a loopback
 * listener served by runtime tasks, and the load generator process that drives
 * it (loadgen/, build/corobench-load), started in setup, told to run in run(),
 * stopped in teardown.
 *
 * What it promises
 *   - The server: a listener on 127.0.0.1 (an ephemeral port, a new one per
 *     repetition), one task per connection running the workload's handler, and
 *     either an accept task (echo, http: Go's `for { c := l.Accept(); go
 *     serve(c) }`) or accepting in setup on the main task (c10k, so that 10,000
 *     connections are 10,000 tasks and no more). setup returns once every
 *     connection of the load generator is accepted and served by its task.
 *   - The load generator runs on the PUs the server does not use: the server's
 *     are the union of the pin plan's sets, or without a plan the first
 *     `workers` PUs of the process's affinity (what the pthread runtime confines
 *     itself to); the client gets the rest. When nothing is left it shares the
 *     server's PUs and every repetition says so (metric client_shared = 1).
 *   - run() sends one `run n=N`, waits for the reply (the server keeps serving
 *     meanwhile: the wait is an fd wait), records the client's histogram
 *     through m (bucket midpoints, < 1.6% off) and reports the client's
 *     metrics: client_cpu_ns, client_busy (its CPU time over its elapsed time;
 *     it is one thread, so 1.0 is a whole PU) and client_saturated (busy >=
 *     0.95: the client, not the server, may have set the pace), and in open
 *     loop source_lag_max_ns and source_late_events as pipeline defines them.
 *   - Errors the client saw (a wrong reply, a reset) and faults of the server
 *     tasks fail verify(); a machine that cannot hold the connections (the
 *     open-files hard limit) skips the configuration with the reason.
 *   - Every wait is bounded: the client gives up after 120 s, and a server
 *     task ends when its connection does.
 */
#ifndef COROBENCH_WL_NET_H
#define COROBENCH_WL_NET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "wl_fault.h"
#include "workload.h"

typedef struct wl_net wl_net;

/* Serves one connection until it ends (EOF, an error, or the handler decides);
 * wl_net closes it afterwards. */
typedef void (*wl_net_handler)(wl_net *s, rt_fd *c);

struct wl_net {
	const char *wl;          /* workload name, for messages                     */
	wl_net_handler handler;  /* a connection's task                             */
	int conns;               /* connections the client makes                    */
	rt_fd *l;                /* the listener                                    */
	int port;                /* its port                                        */
	rt_waitgroup tasks;      /* the accept task and the connection tasks        */
	atomic_int accepted;     /* connections accepted so far                     */
	atomic_int started;      /* connection tasks that began serving             */
	atomic_long served;      /* requests the handlers answered                  */
	wl_fault fault;          /* the first server-side failure                   */
	pid_t pid;               /* the load generator, 0 when none                 */
	rt_fd *client;           /* its stdin and stdout (one socketpair)            */
	char *line;              /* the last line it wrote                          */
	size_t linecap, linelen; /* its buffer                                      */
	bool shared;             /* the client shares the server's PUs              */
	/* the last run, as the client reported it */
	uint64_t ops, errors;  /* requests answered right, and wrong        */
	uint64_t lag_max_ns;   /* open loop: the most a send was late       */
	uint64_t late;         /* open loop: sends over one period late     */
	char first_error[160]; /* the client's first error, one token       */
	/* serve: the open connections, shut down at the end */
	rt_mutex live_lock; /* guards live (a task mutex, not a spin lock:   */
	                    /* gmp may preempt workload code that holds it) */
	rt_fd **live;       /* open connections (serve only)             */
	int nlive, caplive; /* their number, the array's capacity        */
};

/* Starts the server and the client (mode "echo", "http" or "c10k", `size`-byte
 * messages, `rate` requests/s or 0 for closed loop), and waits until every
 * connection is served. accept_task: echo/http accept in a task; c10k in here.
 * On failure returns false with err; *unavailable says it is a skip (not enough
 * open files, threads), not an error. */
bool wl_net_start(wl_net *s, const wl_ctx *ctx, const char *mode, int size, int64_t rate,
                  bool accept_task, bool *unavailable, char *err, size_t errlen);
/* run(): n requests through the client; results in s and through m. */
void wl_net_round(wl_net *s, wl_measure *m, uint64_t n);
/* verify(): the client did n requests without an error and the server saw no
 * fault. */
bool wl_net_verify(wl_net *s, uint64_t n, char *why, size_t whylen);
/* teardown(): stops the client, the connection tasks and the listener. */
void wl_net_stop(wl_net *s);

/* For handlers: disables Nagle (as Go's net does for every TCP connection). */
void wl_net_nodelay(rt_fd *c);

/* The handlers of echo (echo.c) and http (http.c), for `corobench serve`. */
void wl_echo_serve(wl_net *s, rt_fd *c);
void wl_http_serve(wl_net *s, rt_fd *c);

/* `corobench serve` (harness/cli/cmd_serve.c), run as the main task: serves
 * s->handler on 127.0.0.1:port (0: any free port) until *stop is set (polled
 * every 100 ms) or duration_ns passed (0: no limit); prints "127.0.0.1:PORT" as
 * the first line of stdout once listening. At the end every open connection is
 * shut down, its task ends, and the function returns 0, or -errno when it could
 * not listen (err says why). */
int wl_net_serve(wl_net *s, int port, uint64_t duration_ns, volatile int *stop, char *err,
                 size_t errlen);

#endif
