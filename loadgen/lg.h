/*
 * lg.h — corobench-load, the load generator of the network workloads (echo,
 * http, c10k): one program, written once, that drives every server -- pthread,
 * gmp and the Go peer alike -- so that no runtime is measured by a client of its
 * own. It runs as its own process (build/corobench-load), single-threaded, on
 * epoll with non-blocking sockets, keeps its own latency histogram and measures
 * its own CPU use, so a run where the client and not the server was the
 * bottleneck is flagged (client_saturated), never silently reported.
 *
 * It talks to the server's workload over stdin/stdout, one line each way:
 *   started by the workload:  corobench-load --port P --mode echo|http|c10k
 *                             --conns C --size S [--rate R] [--cpus LIST]
 *   it connects C connections (source addresses spread over 127.0.0.2-251, so
 *   repeated rounds never run out of ephemeral ports), then prints
 *                             ready conns=C
 *   workload -> load:         run n=N
 *   load -> workload:         done ops=N errors=E elapsed_ns=T cpu_ns=U
 *                             lag_max_ns=L late=K first_error=... hist=V:C,V:C,...
 *   workload -> load:         quit   (or EOF): it closes everything and exits 0.
 * A failure before ready prints `error reason=...` and exits 1. Every loop is
 * bounded: a run gives up after LG_RUN_LIMIT_S, connecting after LG_CONNECT_LIMIT_S.
 *
 * Loopback only: it connects to 127.0.0.1 and binds 127.0.0.x, nothing else.
 */
#ifndef COROBENCH_LG_H
#define COROBENCH_LG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LG_RUN_LIMIT_S     120 /* one run: 10x the longest make bench repetition */
#define LG_CONNECT_LIMIT_S 60  /* connecting 10,000: ~1 s here                   */
#define LG_MAX_SIZE        (1 << 20)

enum { LG_ECHO, LG_HTTP, LG_C10K };

/* Latency histogram: log-linear, 64 sub-buckets per power of two (error < 1.6%),
 * values in ns up to 2^40 (~18 minutes). */
#define LG_SUB     64
#define LG_OCTAVES 41
typedef struct lg_hist {
	uint64_t count[LG_OCTAVES * LG_SUB]; /* samples per bucket */
	uint64_t total;                      /* all samples        */
} lg_hist;

void lg_hist_add(lg_hist *h, uint64_t ns);
/* Writes "V:C,V:C,..." (bucket midpoints in ns, non-empty buckets) to f. */
void lg_hist_print(const lg_hist *h, void *file);

/* One connection. */
typedef struct lg_conn {
	int fd;         /* the socket                                  */
	bool busy;      /* a request is outstanding                     */
	bool dead;      /* reset or closed: never used again            */
	bool connected; /* its connect completed (lg_connect_all)       */
	uint64_t start; /* its start (send time, or due time open-loop) */
	uint64_t seq;   /* its sequence number (echo payload pattern)   */
	size_t wrote;   /* bytes of the request written                 */
	size_t got;     /* bytes of the reply read                      */
	char *buf;      /* reply buffer (size bytes; http: 4 KiB)       */
} lg_conn;

/* The whole generator. */
typedef struct lg {
	int mode;       /* LG_*                                      */
	int port;       /* the server's port on 127.0.0.1            */
	int nconns;     /* connections                               */
	size_t size;    /* echo/c10k message bytes                   */
	int64_t rate;   /* requests/s, 0: closed loop                */
	int epfd;       /* epoll instance                            */
	lg_conn *conns; /* nconns of them                            */
	char *msg;      /* a request's bytes (size, or the http one) */
	size_t msglen;  /* its length                                */
	/* results of one run */
	uint64_t ops, errors, lag_max, late;
	char first_error[160];
	lg_hist hist;
} lg;

uint64_t lg_now(void); /* CLOCK_MONOTONIC ns */
void lg_error(lg *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Connects every connection; false with a message on stdout. */
bool lg_connect_all(lg *g);
/* Runs n operations; fills the results. */
void lg_run(lg *g, uint64_t n);

#endif
