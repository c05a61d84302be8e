/*
 * main.c — corobench-load's command line, control loop, CPU placement and
 * connection set-up (the protocol is in lg.h; the request loops in drive.c).
 */
#include "lg.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Connections whose handshake is in flight at once: the server's accept queue
 * (listen backlog, capped by net.core.somaxconn, 4096 here) must not overflow,
 * or the kernel drops SYNs and the connect waits a 1-s retransmission. */
#define LG_CONNECT_BATCH 256
/* Source addresses 127.0.0.2 .. 127.0.0.(1 + LG_SOURCES): 250 x ~28,000
 * ephemeral ports each, so back-to-back rounds of 10,000 connections (whose
 * closed ones linger in TIME_WAIT for 60 s) never run out. */
#define LG_SOURCES 250

uint64_t lg_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void lg_error(lg *g, const char *fmt, ...)
{
	g->errors++;
	if (g->first_error[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->first_error, sizeof g->first_error, fmt, ap);
	va_end(ap);
	for (char *p = g->first_error; *p; p++)
		if (*p == ' ' || *p == '\n')
			*p = '_'; /* one token on the reply line */
}

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	char why[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	for (char *p = why; *p; p++)
		if (*p == '\n')
			*p = ' ';
	printf("error reason=%s\n", why);
	fflush(stdout);
	exit(1);
}

static long arg_long(const char *name, const char *v, long min, long max)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || *end || x < min || x > max) {
		fprintf(stderr, "corobench-load: %s %s: not an integer in [%ld, %ld]\n", name, v,
		        min, max);
		exit(2);
	}
	return x;
}

/* --cpus 1,3-4: pins this process there (the PUs the server does not use). */
static void pin(const char *list)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	char *copy = strdup(list), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		long a = arg_long("--cpus", t, 0, CPU_SETSIZE - 1), b = a;
		char *dash = strchr(t, '-');
		if (dash) {
			*dash = '\0';
			a = arg_long("--cpus", t, 0, CPU_SETSIZE - 1);
			b = arg_long("--cpus", dash + 1, a, CPU_SETSIZE - 1);
		}
		for (long c = a; c <= b; c++)
			CPU_SET((int)c, &set);
	}
	free(copy);
	if (CPU_COUNT(&set) && sched_setaffinity(0, sizeof set, &set) != 0)
		die("sched_setaffinity %s: %s", list, strerror(errno));
}

static int dial_one(lg *g, int i)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket (connection %d): %s", i, strerror(errno));
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* as Go's net does */
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
	struct sockaddr_in src = {.sin_family = AF_INET,
	                          .sin_addr.s_addr =
	                              htonl(0x7f000002u + (uint32_t)(i % LG_SOURCES))};
	if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0)
		die("bind 127.0.0.%d: %s", 2 + i % LG_SOURCES, strerror(errno));
	struct sockaddr_in dst = {.sin_family = AF_INET,
	                          .sin_port = htons((uint16_t)g->port),
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0 && errno != EINPROGRESS)
		die("connect 127.0.0.1:%d (connection %d): %s", g->port, i, strerror(errno));
	struct epoll_event ev = {.events = EPOLLOUT, .data.u64 = (uint64_t)i};
	if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		die("epoll_ctl: %s", strerror(errno));
	return fd;
}

bool lg_connect_all(lg *g)
{
	uint64_t limit = lg_now() + LG_CONNECT_LIMIT_S * 1000000000ull;
	int next = 0, done = 0, inflight = 0;
	struct epoll_event evs[256];
	while (done < g->nconns) {
		while (next < g->nconns && inflight < LG_CONNECT_BATCH) {
			g->conns[next].fd = dial_one(g, next);
			next++;
			inflight++;
		}
		if (lg_now() > limit)
			die("%d of %d connections made in %d s", done, g->nconns,
			    LG_CONNECT_LIMIT_S);
		int n = epoll_wait(g->epfd, evs, 256, 1000);
		for (int k = 0; k < n; k++) {
			int i = (int)evs[k].data.u64;
			/* the edge-triggered EPOLLOUT that MOD below queues for a connection
			 * already counted: not a second connect */
			if (g->conns[i].connected)
				continue;
			g->conns[i].connected = true;
			int err = 0;
			socklen_t len = sizeof err;
			getsockopt(g->conns[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err)
				die("connect 127.0.0.1:%d (connection %d): %s", g->port, i,
				    strerror(err));
			/* from now on: both directions, edge-triggered (drive.c) */
			struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET,
			                         .data.u64 = (uint64_t)i};
			epoll_ctl(g->epfd, EPOLL_CTL_MOD, g->conns[i].fd, &ev);
			inflight--;
			done++;
		}
	}
	return true;
}

static const char http_request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

int main(int argc, char **argv)
{
	static lg g;
	const char *mode = NULL, *cpus = NULL;
	g.size = 64;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v) {
			fprintf(stderr, "corobench-load: %s needs a value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--port"))
			g.port = (int)arg_long(a, v, 1, 65535);
		else if (!strcmp(a, "--mode"))
			mode = v;
		else if (!strcmp(a, "--conns"))
			g.nconns = (int)arg_long(a, v, 1, 1000000);
		else if (!strcmp(a, "--size"))
			g.size = (size_t)arg_long(a, v, 1, LG_MAX_SIZE);
		else if (!strcmp(a, "--rate"))
			g.rate = arg_long(a, v, 0, 1000000000);
		else if (!strcmp(a, "--cpus"))
			cpus = v;
		else {
			fprintf(stderr, "corobench-load: unknown option %s\n", a);
			return 2;
		}
	}
	if (!mode || !g.port || !g.nconns) {
		fprintf(stderr, "corobench-load: --mode, --port and --conns are required\n");
		return 2;
	}
	g.mode = !strcmp(mode, "echo")   ? LG_ECHO
	         : !strcmp(mode, "http") ? LG_HTTP
	         : !strcmp(mode, "c10k") ? LG_C10K
	                                 : -1;
	if (g.mode < 0) {
		fprintf(stderr, "corobench-load: --mode %s: not echo, http or c10k\n", mode);
		return 2;
	}
	if (cpus)
		pin(cpus);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		if (rl.rlim_cur < (rlim_t)g.nconns + 16)
			die("%d connections need %d open files; the hard limit is %llu", g.nconns,
			    g.nconns + 16, (unsigned long long)rl.rlim_cur);
	}
	g.epfd = epoll_create1(EPOLL_CLOEXEC);
	g.conns = calloc((size_t)g.nconns, sizeof *g.conns);
	size_t bufsz = g.mode == LG_HTTP ? 4096 : g.size;
	if (g.mode == LG_HTTP) {
		g.msg = strdup(http_request);
		g.msglen = sizeof http_request - 1;
	} else {
		g.msg = malloc(g.size);
		g.msglen = g.size;
	}
	if (g.epfd < 0 || !g.conns || !g.msg)
		die("out of memory");
	for (int i = 0; i < g.nconns; i++)
		if (!(g.conns[i].buf = malloc(bufsz)))
			die("out of memory for %d connections", g.nconns);
	lg_connect_all(&g);
	printf("ready conns=%d\n", g.nconns);
	fflush(stdout);

	char line[256];
	while (fgets(line, sizeof line, stdin)) {
		unsigned long long n;
		if (strncmp(line, "quit", 4) == 0)
			break;
		if (sscanf(line, "run n=%llu", &n) != 1 || n == 0) {
			fprintf(stderr, "corobench-load: bad command: %s", line);
			return 2;
		}
		struct timespec c0, c1;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		uint64_t t0 = lg_now();
		lg_run(&g, n);
		uint64_t t1 = lg_now();
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		uint64_t cpu = (uint64_t)(c1.tv_sec - c0.tv_sec) * 1000000000u +
		               (uint64_t)(c1.tv_nsec - c0.tv_nsec);
		printf("done ops=%llu errors=%llu elapsed_ns=%llu cpu_ns=%llu lag_max_ns=%llu "
		       "late=%llu first_error=%s hist=",
		       (unsigned long long)g.ops, (unsigned long long)g.errors,
		       (unsigned long long)(t1 - t0), (unsigned long long)cpu,
		       (unsigned long long)g.lag_max, (unsigned long long)g.late,
		       g.first_error[0] ? g.first_error : "-");
		lg_hist_print(&g.hist, stdout);
		printf("\n");
		fflush(stdout);
	}
	for (int i = 0; i < g.nconns; i++)
		close(g.conns[i].fd);
	return 0;
}
