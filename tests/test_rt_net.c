/*
 * test_rt_net.c — rt.h's file-descriptor contract on every runtime (pthread's
 * poll(), gmp's netpoller with each backend this build has), at 1 and 2 workers:
 * readiness, EOF, a peer reset, deadline expiry (and a deadline already past),
 * a close while a task waits (it must return -ECANCELED, not hang), a close of a
 * non-socket (pipe) while a task waits, a second waiter on the same direction
 * (-EBUSY), an fd closed and its number reused (no stale readiness, no lost one),
 * many connections at once, and a stress round of thousands of connections
 * (skipped with SKIP_HEAVY=1: the sanitizer passes run it once in the plain
 * build only).
 *
 * Bodies run as runtime tasks and report through RTS_EXPECT (rt_scenarios.h); a
 * lost wake-up shows as a hang, which the watchdog turns into a failure. No
 * timed assertions: deadlines are only checked as lower bounds.
 */
#include "support/rt_scenarios.h"
#include "support/scale.h"

#include "../runtimes/gmp/netpoll.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* A loopback listener on an ephemeral port: its fd (blocking) and port. */
static int listen_any(int *port)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 4096) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0)
		return -1;
	*port = ntohs(a.sin_port);
	return s;
}

/* A blocking client socket connected to 127.0.0.1:port (the listener's backlog
 * completes the handshake without an accept). */
static int dial(int port)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0)
		return -1;
	return s;
}

static uint64_t ms(uint64_t n)
{
	return n * 1000000u;
}

/* ---- readiness and EOF on a socketpair */

typedef struct pair_state {
	rt_fd *f;          /* our end, registered         */
	int peer;          /* the other end, plain        */
	char got[16];      /* what the reader read        */
	long n;            /* read's result               */
	atomic_int stage;  /* reader: 1 about to wait     */
	rt_waitgroup done; /* the reader finished          */
} pair_state;

static void reader(void *arg)
{
	pair_state *s = arg;
	atomic_store(&s->stage, 1);
	s->n = rt_fd_read(s->f, s->got, sizeof s->got, 0);
	rt_wg_done(&s->done);
}

static void body_ready_eof(void *unused)
{
	(void)unused;
	int sv[2];
	RTS_EXPECT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	pair_state s = {.peer = sv[1]};
	RTS_EXPECT(rt_fd_open(sv[0], &s.f) == 0);
	/* data arrives while the reader waits */
	rt_wg_init(&s.done);
	rt_wg_add(&s.done, 1);
	RTS_EXPECT(rt_go(reader, &s) == 0);
	while (!atomic_load(&s.stage))
		rt_yield();
	rt_sleep_ns(ms(5)); /* most likely parked by now; either order must work */
	RTS_EXPECT(write(s.peer, "hello", 5) == 5);
	rt_wg_wait(&s.done);
	RTS_EXPECT(s.n == 5 && memcmp(s.got, "hello", 5) == 0);
	/* data already there: no wait at all */
	RTS_EXPECT(write(s.peer, "x", 1) == 1);
	RTS_EXPECT(rt_fd_read(s.f, s.got, sizeof s.got, 0) == 1);
	/* EOF while waiting: the wait ends, read says 0 */
	atomic_store(&s.stage, 0);
	rt_wg_add(&s.done, 1);
	RTS_EXPECT(rt_go(reader, &s) == 0);
	while (!atomic_load(&s.stage))
		rt_yield();
	rt_sleep_ns(ms(5));
	close(s.peer);
	rt_wg_wait(&s.done);
	RTS_EXPECT(s.n == 0);
	/* writable at once (an empty buffer), so a write wait returns 0 */
	RTS_EXPECT(rt_fd_wait(s.f, RT_FD_WRITE, 0) == 0);
	RTS_EXPECT(rt_fd_close(s.f) == 0);
}

/* ---- a TCP peer reset */

static void body_reset(void *unused)
{
	(void)unused;
	int port, l = listen_any(&port);
	RTS_EXPECT(l >= 0);
	int c = dial(port);
	int a = accept(l, NULL, NULL);
	RTS_EXPECT(c >= 0 && a >= 0);
	rt_fd *f;
	RTS_EXPECT(rt_fd_open(a, &f) == 0);
	pair_state s = {.f = f};
	rt_wg_init(&s.done);
	rt_wg_add(&s.done, 1);
	RTS_EXPECT(rt_go(reader, &s) == 0);
	while (!atomic_load(&s.stage))
		rt_yield();
	rt_sleep_ns(ms(5));
	struct linger lg = {.l_onoff = 1, .l_linger = 0}; /* close sends RST */
	RTS_EXPECT(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0);
	close(c);
	rt_wg_wait(&s.done);
	RTS_EXPECT(s.n == -ECONNRESET);
	RTS_EXPECT(rt_fd_close(f) == 0);
	close(l);
}

/* ---- deadlines */

static void body_deadline(void *unused)
{
	(void)unused;
	int sv[2];
	RTS_EXPECT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	rt_fd *f;
	RTS_EXPECT(rt_fd_open(sv[0], &f) == 0);
	uint64_t t0 = rt_nanotime();
	RTS_EXPECT(rt_fd_wait(f, RT_FD_READ, t0 + ms(20)) == -ETIMEDOUT);
	RTS_EXPECT(rt_nanotime() >= t0 + ms(20));                /* never early */
	RTS_EXPECT(rt_fd_wait(f, RT_FD_READ, t0) == -ETIMEDOUT); /* already past */
	char b[4];
	RTS_EXPECT(rt_fd_read(f, b, sizeof b, rt_nanotime() + ms(1)) == -ETIMEDOUT);
	/* data before a long deadline: the wait ends with the data, and the timer it
	 * armed must not outlive it (stop() would wait 60 s for it) */
	RTS_EXPECT(write(sv[1], "ab", 2) == 2);
	RTS_EXPECT(rt_fd_read(f, b, sizeof b, rt_nanotime() + ms(60000)) == 2);
	pair_state s = {.f = f};
	rt_wg_init(&s.done);
	rt_wg_add(&s.done, 1);
	RTS_EXPECT(rt_go(reader, &s) == 0); /* no deadline: data comes later */
	while (!atomic_load(&s.stage))
		rt_yield();
	RTS_EXPECT(rt_fd_wait(f, RT_FD_WRITE, rt_nanotime() + ms(60000)) == 0);
	rt_sleep_ns(ms(5));
	RTS_EXPECT(write(sv[1], "c", 1) == 1);
	rt_wg_wait(&s.done);
	RTS_EXPECT(s.n == 1);
	RTS_EXPECT(rt_fd_close(f) == 0);
	close(sv[1]);
}

/* ---- closing under a waiter */

typedef struct close_state {
	rt_fd *f;          /* what the waiter waits on        */
	int mode;          /* RT_FD_READ or RT_FD_WRITE       */
	uint64_t deadline; /* its deadline (0: none)          */
	int rc;            /* what fd_wait returned           */
	atomic_int stage;  /* 1: about to wait                */
	rt_waitgroup done; /* the waiter finished             */
} close_state;

static void close_waiter(void *arg)
{
	close_state *s = arg;
	atomic_store(&s->stage, 1);
	s->rc = rt_fd_wait(s->f, s->mode, s->deadline);
	rt_wg_done(&s->done);
}

/* fd_close while a task waits on f must wake it with -ECANCELED. The waiter is
 * given 50 ms to park (closing before it waits is the caller's bug the contract
 * forbids, so the test cannot close earlier; it cannot see the park either). */
static void close_under(rt_fd *f, int mode, uint64_t deadline)
{
	close_state s = {.f = f, .mode = mode, .deadline = deadline};
	rt_wg_init(&s.done);
	rt_wg_add(&s.done, 1);
	RTS_EXPECT(rt_go(close_waiter, &s) == 0);
	while (!atomic_load(&s.stage))
		rt_yield();
	rt_sleep_ns(ms(50));
	RTS_EXPECT(rt_fd_close(f) == 0);
	rt_wg_wait(&s.done);
	RTS_EXPECT(s.rc == -ECANCELED);
}

static void body_close_waiter(void *unused)
{
	(void)unused;
	int sv[2];
	rt_fd *f;
	/* a socket, reader waiting */
	RTS_EXPECT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	RTS_EXPECT(rt_fd_open(sv[0], &f) == 0);
	close_under(f, RT_FD_READ, 0);
	close(sv[1]);
	/* a socket, reader waiting with a deadline it will not reach */
	RTS_EXPECT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	RTS_EXPECT(rt_fd_open(sv[0], &f) == 0);
	close_under(f, RT_FD_READ, rt_nanotime() + ms(60000));
	close(sv[1]);
	/* a pipe (no shutdown() for pthreads: its eventfd) */
	int p[2];
	RTS_EXPECT(pipe2(p, O_CLOEXEC) == 0);
	RTS_EXPECT(rt_fd_open(p[0], &f) == 0);
	close_under(f, RT_FD_READ, 0);
	close(p[1]);
	/* a listening socket, accept waiting */
	int port, l = listen_any(&port);
	RTS_EXPECT(l >= 0 && rt_fd_open(l, &f) == 0);
	close_under(f, RT_FD_READ, 0);
	/* after the close: a wait on a closed descriptor is refused, never parked --
	 * not callable through the contract (f is freed), so nothing to test here */
}

/* ---- one waiter per direction */

static void body_busy(void *unused)
{
	(void)unused;
	int sv[2];
	RTS_EXPECT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	rt_fd *f;
	RTS_EXPECT(rt_fd_open(sv[0], &f) == 0);
	close_state s = {.f = f, .mode = RT_FD_READ};
	rt_wg_init(&s.done);
	rt_wg_add(&s.done, 1);
	RTS_EXPECT(rt_go(close_waiter, &s) == 0);
	while (!atomic_load(&s.stage))
		rt_yield();
	rt_sleep_ns(ms(50));
	RTS_EXPECT(rt_fd_wait(f, RT_FD_READ, rt_nanotime() + ms(10)) == -EBUSY);
	RTS_EXPECT(write(sv[1], "z", 1) == 1);
	rt_wg_wait(&s.done);
	RTS_EXPECT(s.rc == 0);
	RTS_EXPECT(rt_fd_close(f) == 0);
	close(sv[1]);
}

/* ---- an fd number reused after a close */

static void body_reuse(void *unused)
{
	(void)unused;
	int sv[2];
	rt_fd *f;
	RTS_EXPECT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	RTS_EXPECT(rt_fd_open(sv[0], &f) == 0);
	int old = sv[0];
	/* make it readable, let the readiness be noticed, then close it unread */
	RTS_EXPECT(write(sv[1], "stale", 5) == 5);
	RTS_EXPECT(rt_fd_wait(f, RT_FD_READ, rt_nanotime() + ms(1000)) == 0);
	RTS_EXPECT(rt_fd_close(f) == 0);
	close(sv[1]);
	RTS_EXPECT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	int reused = sv[0] == old || sv[1] == old;
	int mine = sv[0] == old ? 0 : sv[1] == old ? 1 : 0;
	RTS_EXPECT(rt_fd_open(sv[mine], &f) == 0);
	/* the old fd's readiness must not leak into the new one */
	RTS_EXPECT(rt_fd_wait(f, RT_FD_READ, rt_nanotime() + ms(20)) == -ETIMEDOUT);
	pair_state s = {.f = f};
	rt_wg_init(&s.done);
	rt_wg_add(&s.done, 1);
	RTS_EXPECT(rt_go(reader, &s) == 0);
	while (!atomic_load(&s.stage))
		rt_yield();
	rt_sleep_ns(ms(5));
	RTS_EXPECT(write(sv[1 - mine], "new", 3) == 3);
	rt_wg_wait(&s.done);
	RTS_EXPECT(s.n == 3 && memcmp(s.got, "new", 3) == 0);
	RTS_EXPECT(rt_fd_close(f) == 0);
	close(sv[1 - mine]);
	(void)reused; /* the kernel hands out the lowest free number: it is reused */
}

/* ---- many connections: an echo server with a task per connection */

typedef struct echo_srv {
	rt_fd *l;           /* the listener                        */
	int port;           /* its port                            */
	int conns;          /* connections to accept               */
	int msgs;           /* round trips per connection          */
	rt_waitgroup tasks; /* acceptor + handlers + clients       */
	atomic_long echoed; /* bytes echoed by the server          */
	atomic_long trips;  /* round trips the clients completed   */
} echo_srv;

static void handler(void *arg)
{
	rt_fd *c = ((void **)arg)[0];
	echo_srv *s = ((void **)arg)[1];
	free(arg);
	char b[256];
	long n;
	while ((n = rt_fd_read(c, b, sizeof b, 0)) > 0) {
		atomic_fetch_add(&s->echoed, n);
		if (rt_fd_write_all(c, b, (size_t)n, 0) != 0)
			break;
	}
	RTS_EXPECT(n == 0);
	RTS_EXPECT(rt_fd_close(c) == 0);
	rt_wg_done(&s->tasks);
}

static void acceptor(void *arg)
{
	echo_srv *s = arg;
	for (int i = 0; i < s->conns; i++) {
		rt_fd *c;
		int rc = rt_fd_accept(s->l, &c, 0);
		RTS_EXPECT(rc == 0);
		if (rc != 0)
			break;
		void **a = malloc(2 * sizeof *a);
		a[0] = c;
		a[1] = s;
		rt_wg_add(&s->tasks, 1);
		RTS_EXPECT(rt_go(handler, a) == 0);
	}
	rt_wg_done(&s->tasks);
}

static void client(void *arg)
{
	echo_srv *s = arg;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)s->port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	rt_fd *f;
	RTS_EXPECT(fd >= 0 && rt_fd_open(fd, &f) == 0);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		RTS_EXPECT(errno == EINPROGRESS);
		RTS_EXPECT(rt_fd_wait(f, RT_FD_WRITE, 0) == 0);
		int err = -1;
		socklen_t len = sizeof err;
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
		RTS_EXPECT(err == 0);
	}
	char msg[64], back[64];
	for (int i = 0; i < s->msgs; i++) {
		memset(msg, 'a' + i % 26, sizeof msg);
		RTS_EXPECT(rt_fd_write_all(f, msg, sizeof msg, 0) == 0);
		size_t got = 0;
		while (got < sizeof back) {
			long n = rt_fd_read(f, back + got, sizeof back - got, 0);
			RTS_EXPECT(n > 0);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		RTS_EXPECT(memcmp(msg, back, sizeof msg) == 0);
		atomic_fetch_add(&s->trips, 1);
	}
	RTS_EXPECT(rt_fd_close(f) == 0);
	rt_wg_done(&s->tasks);
}

static void echo_many(int conns, int msgs)
{
	echo_srv s = {.conns = conns, .msgs = msgs};
	int l = listen_any(&s.port);
	RTS_EXPECT(l >= 0 && rt_fd_open(l, &s.l) == 0);
	rt_wg_init(&s.tasks);
	rt_wg_add(&s.tasks, 1 + conns);
	RTS_EXPECT(rt_go(acceptor, &s) == 0);
	for (int i = 0; i < conns; i++)
		RTS_EXPECT(rt_go(client, &s) == 0);
	rt_wg_wait(&s.tasks);
	RTS_EXPECT(atomic_load(&s.trips) == (long)conns * msgs);
	RTS_EXPECT(atomic_load(&s.echoed) == (long)conns * msgs * 64);
	RTS_EXPECT(rt_fd_close(s.l) == 0);
}

static void body_many(void *unused)
{
	(void)unused;
	echo_many((int)ts_iters(200, 20), (int)ts_iters(20, 2));
}

/* Thousands of connections: a task per connection on each side, so on pthreads
 * 2 threads per connection: 1,500 connections are ~3,000 threads and ~3,000
 * fds per side of the process's limit. */
static void body_stress(void *unused)
{
	(void)unused;
	echo_many((int)ts_iters(1500, 50), (int)ts_iters(10, 2));
}

/* ---- the cmocka glue: each body on each runtime (and backend) at 1 and 2 workers */

typedef struct case_ {
	const char *rt;     /* runtime name                      */
	const char *poller; /* GMP_POLLER for gmp, NULL otherwise */
	int workers;        /* -t                                */
	rt_fn body;         /* what runs as the main task         */
	bool heavy;         /* skipped under SKIP_HEAVY=1         */
} case_;

static void run_case(void **state)
{
	const case_ *c = *state;
	if (c->heavy && getenv("SKIP_HEAVY") && strcmp(getenv("SKIP_HEAVY"), "1") == 0) {
		printf("  skipped: SKIP_HEAVY=1 (the plain build runs it)\n");
		skip();
	}
	const rt_runtime *rt = rt_find(c->rt);
	assert_non_null(rt);
	if (c->poller && strcmp(c->poller, "io_uring") == 0) {
		int rc = gmp_poller_uring.init(); /* this build and kernel have it? */
		if (rc != 0) {
			printf("  skipped: the io_uring netpoller cannot start here: %s\n",
			       strerror(-rc));
			skip();
		}
		gmp_poller_uring.fini();
	}
	if (c->poller)
		setenv("GMP_POLLER", c->poller, 1);
	else
		unsetenv("GMP_POLLER");
	rts_run(rt, c->workers, c->body, NULL);
}

static const struct {
	const char *name;
	rt_fn body;
	bool heavy;
} bodies[] = {
    {"ready_eof", body_ready_eof, false}, {"reset", body_reset, false},
    {"deadline", body_deadline, false},   {"close_waiter", body_close_waiter, false},
    {"busy", body_busy, false},           {"reuse", body_reuse, false},
    {"many", body_many, false},           {"stress", body_stress, true},
};
#define NBODIES (sizeof bodies / sizeof bodies[0])

int main(void)
{
	/* the stress body holds ~3,000 fds per side: ask for the hard limit */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	static const struct {
		const char *rt, *poller;
	} rts[] = {{"pthread", NULL}, {"gmp", "epoll"}, {"gmp", "io_uring"}};
	static case_ cases[3 * 2 * NBODIES];
	static struct CMUnitTest tests[3 * 2 * NBODIES];
	int n = 0;
	for (size_t r = 0; r < sizeof rts / sizeof rts[0]; r++) {

		for (int w = 1; w <= 2; w++)
			for (size_t b = 0; b < NBODIES; b++) {
				cases[n] = (case_){rts[r].rt, rts[r].poller, w, bodies[b].body,
				                   bodies[b].heavy};
				char *name;
				if (asprintf(&name, "%s%s%s/%s/t=%d", rts[r].rt,
				             rts[r].poller ? "-" : "",
				             rts[r].poller ? rts[r].poller : "", bodies[b].name,
				             w) < 0)
					return 1;
				tests[n] = (struct CMUnitTest){.name = name,
				                               .test_func = run_case,
				                               .initial_state = &cases[n]};
				n++;
			}
	}
	rts_watchdog(300);
	return _cmocka_run_group_tests("rt_net", tests, (size_t)n, NULL, NULL);
}
