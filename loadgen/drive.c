/*
 * drive.c — the request loops of corobench-load (lg.h): closed loop (every
 * connection keeps one request outstanding: echo, http), open loop (--rate R:
 * request i is due at t0 + i/R and goes out on a free connection; its latency
 * counts from its due time, as wrk2 does, so a stall shows in every request it
 * delayed), and c10k (one request at a time on a connection chosen at random:
 * the wake-to-reply latency of an idle connection).
 *
 * Replies are checked byte for byte (echo: the message back; http: status 200,
 * Content-Length 13, body "Hello, World!"); a wrong reply, a reset or a closed
 * connection is an error, counted, and the first one named. A connection that
 * died takes its outstanding request with it (counted done, in error) and is
 * not used again; the run ends when every request is done or LG_RUN_LIMIT_S.
 */
#include "lg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char http_body[] = "Hello, World!";

typedef struct run {
	lg *g;
	uint64_t n;      /* requests to complete          */
	uint64_t issued; /* requests sent (or started)    */
	uint64_t done;   /* requests completed            */
	int *free;       /* open loop: idle connections   */
	int nfree;       /* how many                      */
	int alive;       /* connections not dead          */
	uint64_t rng;    /* c10k's choice (xorshift64)    */
} run;

static void dead(run *r, lg_conn *c, int i, const char *what)
{
	lg_error(r->g, "connection %d: %s", i, what);
	if (c->busy) {
		c->busy = false;
		r->done++;
	}
	epoll_ctl(r->g->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	c->dead = true; /* never used again; main closes it */
	r->alive--;
}

static bool is_dead(const lg_conn *c)
{
	return c->dead;
}

/* Writes what is left of the request; false when the connection died. */
static bool push(run *r, lg_conn *c, int i)
{
	lg *g = r->g;
	while (c->wrote < g->msglen) {
		ssize_t k = send(c->fd, g->msg + c->wrote, g->msglen - c->wrote, MSG_NOSIGNAL);
		if (k > 0) {
			c->wrote += (size_t)k;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true; /* EPOLLOUT resumes it */
		dead(r, c, i, k < 0 ? strerror(errno) : "write returned 0");
		return false;
	}
	return true;
}

static void start(run *r, int i, uint64_t when)
{
	lg_conn *c = &r->g->conns[i];
	c->busy = true;
	c->start = when;
	c->wrote = c->got = 0;
	c->seq = r->issued++;
	push(r, c, i);
}

/* How many bytes the reply in c->buf needs in all; 0: not known yet; -1: bad. */
static long http_need(lg *g, lg_conn *c, int i)
{
	char *end = memmem(c->buf, c->got, "\r\n\r\n", 4);
	if (!end)
		return c->got >= 4096
		           ? (lg_error(g, "connection %d: reply headers over 4 KiB", i), -1)
		           : 0;
	size_t hlen = (size_t)(end - c->buf) + 4;
	if (c->got < 12 || memcmp(c->buf, "HTTP/1.1 200", 12) != 0) {
		lg_error(g, "connection %d: status line %.12s", i, c->buf);
		return -1;
	}
	long cl = -1;
	for (char *p = c->buf; p < end; p++) {
		if (*p == '\n' && end - p > 16 && strncasecmp(p + 1, "content-length:", 15) == 0) {
			cl = strtol(p + 16, NULL, 10);
			break;
		}
	}
	if (cl != (long)sizeof http_body - 1) {
		lg_error(g, "connection %d: content-length %ld", i, cl);
		return -1;
	}
	return (long)hlen + cl;
}

/* The reply in c->buf is complete and right: record it, free the connection. */
static void finish(run *r, lg_conn *c, int i, uint64_t now)
{
	lg *g = r->g;
	lg_hist_add(&g->hist, now > c->start ? now - c->start : 0);
	g->ops++;
	r->done++;
	c->busy = false;
	c->got = 0;
	if (g->rate)
		r->free[r->nfree++] = i;
	else if (g->mode != LG_C10K && r->issued < r->n)
		start(r, i, lg_now());
}

/* Reads what is there; completes the reply when it is whole. */
static void pull(run *r, lg_conn *c, int i)
{
	lg *g = r->g;
	size_t cap = g->mode == LG_HTTP ? 4096 : g->size;
	for (;;) {
		if (c->got == cap && g->mode == LG_HTTP) {
			lg_error(g, "connection %d: reply over 4 KiB", i);
			dead(r, c, i, "bad reply");
			return;
		}
		char spare[64]; /* idle: anything readable is an error or the end */
		ssize_t k = c->busy ? read(c->fd, c->buf + c->got, cap - c->got)
		                    : read(c->fd, spare, sizeof spare);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (k <= 0) {
			dead(r, c, i, k == 0 ? "closed by the server" : strerror(errno));
			return;
		}
		if (!c->busy) {
			dead(r, c, i, "bytes nobody asked for");
			return;
		}
		c->got += (size_t)k;
		if (g->mode != LG_HTTP) {
			if (c->got < g->size)
				continue;
			if (memcmp(c->buf, g->msg, g->size) != 0)
				lg_error(g, "connection %d: echo differs from what was sent", i);
			finish(r, c, i, lg_now());
			continue;
		}
		long need = http_need(g, c, i);
		if (need < 0) {
			dead(r, c, i, "bad reply");
			return;
		}
		if (need == 0 || (long)c->got < need)
			continue;
		if ((long)c->got > need) {
			dead(r, c, i, "bytes after the reply");
			return;
		}
		if (memcmp(c->buf + need - (sizeof http_body - 1), http_body, sizeof http_body - 1))
			lg_error(g, "connection %d: body differs", i);
		finish(r, c, i, lg_now());
	}
}

void lg_run(lg *g, uint64_t n)
{
	static int freelist[1000000];
	run r = {.g = g, .n = n, .free = freelist, .alive = 0, .rng = 0x9e3779b97f4a7c15ull};
	g->ops = g->errors = g->lag_max = g->late = 0;
	g->first_error[0] = '\0';
	memset(&g->hist, 0, sizeof g->hist);
	for (int i = 0; i < g->nconns; i++)
		if (!is_dead(&g->conns[i])) {
			r.alive++;
			freelist[r.nfree++] = i;
		}
	uint64_t t0 = lg_now(), limit = t0 + LG_RUN_LIMIT_S * 1000000000ull;
	double period = g->rate ? 1e9 / (double)g->rate : 0;
	if (!g->rate && g->mode != LG_C10K) /* closed loop: every connection starts */
		while (r.nfree > 0 && r.issued < n)
			start(&r, freelist[--r.nfree], lg_now());
	struct epoll_event evs[256];
	while (r.done < n && r.alive > 0) {
		uint64_t now = lg_now();
		if (now > limit) {
			lg_error(g, "run: %llu of %llu requests done in %d s",
			         (unsigned long long)r.done, (unsigned long long)n, LG_RUN_LIMIT_S);
			break;
		}
		/* the limit is checked at least every 100 ms */
		struct timespec ts = {0, 100000000}, *tsp = &ts;
		if (g->mode == LG_C10K && r.issued == r.done && r.issued < n) {
			/* one at a time, at random (xorshift64: the same sequence every run) */
			int i;
			do {
				r.rng ^= r.rng << 13, r.rng ^= r.rng >> 7, r.rng ^= r.rng << 17;
				i = (int)(r.rng % (uint64_t)g->nconns);
			} while (is_dead(&g->conns[i]));
			start(&r, i, lg_now());
			continue;
		}
		if (g->rate) {
			while (r.issued < n && r.nfree > 0) {
				uint64_t due = t0 + (uint64_t)((double)r.issued * period);
				if (due > now)
					break;
				start(&r, r.free[--r.nfree], due);
				uint64_t lag = lg_now() - due;
				g->lag_max = lag > g->lag_max ? lag : g->lag_max;
				g->late += (double)lag > period;
			}
			if (r.issued < n && r.nfree > 0) {
				uint64_t due = t0 + (uint64_t)((double)r.issued * period);
				now = lg_now();
				uint64_t d = due > now ? due - now : 0;
				if (d < 100000000u)
					ts = (struct timespec){0, (long)d};
			}
		}
		int k = epoll_pwait2(g->epfd, evs, 256, tsp, NULL);
		for (int e = 0; e < k; e++) {
			int i = (int)evs[e].data.u64;
			lg_conn *c = &g->conns[i];
			if (is_dead(c))
				continue;
			if ((evs[e].events & EPOLLOUT) && c->busy && c->wrote < g->msglen &&
			    !push(&r, c, i))
				continue;
			if (evs[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
				pull(&r, c, i);
		}
	}
	if (r.done < n && r.alive == 0)
		lg_error(g, "every connection died; %llu of %llu requests done",
		         (unsigned long long)r.done, (unsigned long long)n);
}
