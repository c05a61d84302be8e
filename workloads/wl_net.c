/* wl_net.c — see wl_net.h. */
#include "wl_net.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Open files the server needs besides one per connection: the listener, the
 * client's pipes, the netpoller's, the harness's (results pipe, counters). */
#define NET_SPARE_FILES 64

void wl_net_nodelay(rt_fd *c)
{
	int one = 1;
	setsockopt(rt_fd_num(c), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* ---- the server */

typedef struct conn_arg {
	wl_net *s; /* the server      */
	rt_fd *c;  /* its connection  */
} conn_arg;

/* serve's bookkeeping of open connections (only `corobench serve` keeps one). */
static void live_add(wl_net *s, rt_fd *c)
{
	rt_mutex_lock(&s->live_lock);
	if (s->nlive == s->caplive) {
		int cap = s->caplive ? 2 * s->caplive : 64;
		rt_fd **l = realloc(s->live, (size_t)cap * sizeof *l);
		if (l) {
			s->live = l;
			s->caplive = cap;
		}
	}
	if (s->nlive < s->caplive)
		s->live[s->nlive++] = c;
	rt_mutex_unlock(&s->live_lock);
}

static void live_del(wl_net *s, rt_fd *c)
{
	rt_mutex_lock(&s->live_lock);
	for (int i = 0; i < s->nlive; i++)
		if (s->live[i] == c) {
			s->live[i] = s->live[--s->nlive];
			break;
		}
	rt_mutex_unlock(&s->live_lock);
}

static bool serving; /* wl_net_serve is running: connections are tracked */

static void serve(void *arg)
{
	conn_arg a = *(conn_arg *)arg;
	free(arg);
	atomic_fetch_add(&a.s->started, 1);
	wl_net_nodelay(a.c);
	if (serving)
		live_add(a.s, a.c);
	a.s->handler(a.s, a.c);
	if (serving)
		live_del(a.s, a.c);
	rt_fd_close(a.c);
	rt_wg_done(&a.s->tasks);
}

/* Spawns c's task; false (and a fault) when it cannot. */
static bool spawn_conn(wl_net *s, rt_fd *c)
{
	conn_arg *a = malloc(sizeof *a);
	if (a) {
		*a = (conn_arg){s, c};
		rt_wg_add(&s->tasks, 1);
		if (rt_go(serve, a) == 0)
			return true;
		rt_wg_done(&s->tasks);
		free(a);
	}
	wl_fault_set(&s->fault, "cannot start the task of connection %d",
	             atomic_load(&s->accepted));
	rt_fd_close(c);
	return false;
}

/* Accepts until the listener is closed (teardown): Go's accept loop. */
static void acceptor(void *arg)
{
	wl_net *s = arg;
	for (;;) {
		rt_fd *c;
		int rc = rt_fd_accept(s->l, &c, 0);
		if (rc == -ECANCELED)
			break; /* teardown closed the listener */
		if (rc != 0) {
			wl_fault_set(&s->fault, "accept: %s", strerror(-rc));
			break;
		}
		atomic_fetch_add(&s->accepted, 1);
		if (!spawn_conn(s, c))
			break;
	}
	rt_wg_done(&s->tasks);
}

static bool listen_loopback(wl_net *s, char *err, size_t errlen)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)s->port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int one = 1; /* serve --port P right after a previous server on P */
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, SOMAXCONN) != 0 || getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		snprintf(err, errlen, "%s: cannot listen on 127.0.0.1:%d: %s", s->wl, s->port,
		         strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	s->port = ntohs(a.sin_port);
	int rc = rt_fd_open(fd, &s->l);
	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot register the listener: %s", s->wl, strerror(-rc));
		close(fd);
		return false;
	}
	return true;
}

/* ---- the client process */

/* build/corobench-load: $COROBENCH_LOADGEN, else beside this executable or one
 * folder up (the tests live in build/tests/). */
static bool loadgen_path(char *out, size_t len)
{
	const char *env = getenv("COROBENCH_LOADGEN");
	if (env && *env) {
		snprintf(out, len, "%s", env);
		return access(out, X_OK) == 0;
	}
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k <= 0)
		return false;
	exe[k] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	if ((size_t)snprintf(out, len, "%.*s/corobench-load", (int)(len - 32), exe) < len &&
	    access(out, X_OK) == 0)
		return true;
	return (size_t)snprintf(out, len, "%.*s/../corobench-load", (int)(len - 32), exe) < len &&
	       access(out, X_OK) == 0;
}

/* The client's PUs as a list for --cpus ("" when it must share: s->shared). */
static void client_cpus(wl_net *s, const wl_ctx *ctx, char *list, size_t len)
{
	cpu_set_t all, server;
	CPU_ZERO(&server);
	list[0] = '\0';
	if (sched_getaffinity(getpid(), sizeof all, &all) != 0) { /* the process's */
		s->shared = true;
		return;
	}
	if (ctx->pin_sets) {
		for (int i = 0; i < ctx->workers; i++)
			CPU_OR(&server, &server, &ctx->pin_sets[i]);
	} else {
		for (int c = 0, n = 0; c < CPU_SETSIZE && n < ctx->workers; c++)
			if (CPU_ISSET(c, &all)) {
				CPU_SET(c, &server);
				n++;
			}
	}
	size_t used = 0;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &all) && !CPU_ISSET(c, &server) && used + 12 < len)
			used +=
			    (size_t)snprintf(list + used, len - used, "%s%d", used ? "," : "", c);
	s->shared = used == 0;
}

/* Reads one line from the client into s->line (NUL-terminated, no '\n'). */
static bool read_line(wl_net *s, char *err, size_t errlen)
{
	s->linelen = 0;
	for (;;) {
		if (s->linelen + 4096 + 1 > s->linecap) {
			size_t cap = s->linecap ? 2 * s->linecap : 16384;
			char *p = realloc(s->line, cap);
			if (!p) {
				snprintf(err, errlen, "%s: out of memory for the client's reply",
				         s->wl);
				return false;
			}
			s->line = p;
			s->linecap = cap;
		}
		/* one byte at a time would be 50,000 reads for a histogram: read what is
		 * there; the client writes nothing after its line until it is asked */
		long k = rt_fd_read(s->client, s->line + s->linelen, 4096, 0);
		if (k <= 0) {
			snprintf(err, errlen, "%s: the load generator %s", s->wl,
			         k == 0 ? "exited (see its message above)" : strerror((int)-k));
			return false;
		}
		s->linelen += (size_t)k;
		char *nl = memchr(s->line, '\n', s->linelen);
		if (nl) {
			*nl = '\0';
			return true;
		}
	}
}

static bool spawn_client(wl_net *s, const wl_ctx *ctx, const char *mode, int size, int64_t rate,
                         char *err, size_t errlen)
{
	char bin[PATH_MAX], cpus[1024], a_port[16], a_conns[16], a_size[16], a_rate[24];
	if (!loadgen_path(bin, sizeof bin)) {
		snprintf(err, errlen,
		         "%s: the load generator corobench-load is not built (run make)", s->wl);
		return false;
	}
	client_cpus(s, ctx, cpus, sizeof cpus);
	snprintf(a_port, sizeof a_port, "%d", s->port);
	snprintf(a_conns, sizeof a_conns, "%d", s->conns);
	snprintf(a_size, sizeof a_size, "%d", size);
	snprintf(a_rate, sizeof a_rate, "%lld", (long long)rate);
	char *argv[16] = {bin,     "--port", a_port, "--mode", (char *)mode, "--conns",
	                  a_conns, "--size", a_size, "--rate", a_rate,       NULL};
	if (cpus[0]) {
		argv[11] = "--cpus";
		argv[12] = cpus;
		argv[13] = NULL;
	}
	/* one socketpair for both directions: a send with MSG_NOSIGNAL to a client
	 * that died is EPIPE, not a SIGPIPE that kills the benchmark's child */
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		goto fail;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
	int rc = posix_spawn(&s->pid, bin, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		s->pid = 0;
		errno = rc;
		goto fail;
	}
	rc = rt_fd_open(sv[0], &s->client);
	if (rc != 0) {
		close(sv[0]);
		snprintf(err, errlen, "%s: cannot register the client's socket: %s", s->wl,
		         strerror(-rc));
		return false;
	}
	return true;
fail:
	snprintf(err, errlen, "%s: cannot start %s: %s", s->wl, bin, strerror(errno));
	return false;
}

static bool tell(wl_net *s, const char *msg)
{
	return rt_fd_write_all(s->client, msg, strlen(msg), 0) == 0;
}

/* Raises the open-files limit to its hard limit; false when even that cannot hold
 * `need`. */
static bool nofile(size_t need, char *err, size_t errlen, const char *wl)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return true;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
		snprintf(err, errlen,
		         "%s: %zu open files needed, the hard limit (ulimit -Hn) is %llu", wl, need,
		         (unsigned long long)rl.rlim_max);
		return false;
	}
	return true;
}

bool wl_net_start(wl_net *s, const wl_ctx *ctx, const char *mode, int size, int64_t rate,
                  bool accept_task, bool *unavailable, char *err, size_t errlen)
{
	*unavailable = false;
	rt_wg_init(&s->tasks);
	if (!nofile((size_t)s->conns + NET_SPARE_FILES, err, errlen, s->wl)) {
		*unavailable = true;
		return false;
	}
	if (!listen_loopback(s, err, errlen))
		return false;
	if (accept_task) {
		rt_wg_add(&s->tasks, 1);
		if (rt_go(acceptor, s) != 0) {
			rt_wg_done(&s->tasks);
			snprintf(err, errlen, "%s: cannot start the accept task", s->wl);
			return false;
		}
	}
	if (!spawn_client(s, ctx, mode, size, rate, err, errlen))
		return false;
	/* c10k accepts here, on the main task, while the client connects */
	for (int i = 0; !accept_task && i < s->conns; i++) {
		rt_fd *c;
		int rc = rt_fd_accept(s->l, &c, rt_nanotime() + 60000000000ull);
		if (rc != 0) {
			snprintf(err, errlen, "%s: accept of connection %d of %d: %s", s->wl, i + 1,
			         s->conns, strerror(-rc));
			return false;
		}
		atomic_fetch_add(&s->accepted, 1);
		if (!spawn_conn(s, c)) {
			snprintf(err, errlen, "%s: cannot start the task of connection %d", s->wl,
			         i + 1);
			return false;
		}
	}
	if (!read_line(s, err, errlen))
		return false;
	if (strncmp(s->line, "ready", 5) != 0) {
		snprintf(err, errlen, "%s: load generator: %s", s->wl, s->line);
		return false;
	}
	/* every connection has its task before the clock starts (bounded: 60 s) */
	for (uint64_t limit = rt_nanotime() + 60000000000ull;
	     atomic_load(&s->started) < s->conns && rt_nanotime() < limit;)
		rt_sleep_ns(100000);
	if (atomic_load(&s->started) < s->conns) {
		snprintf(err, errlen, "%s: %d of %d connections served after 60 s", s->wl,
		         atomic_load(&s->started), s->conns);
		return false;
	}
	return true;
}

static uint64_t field(const char *line, const char *key)
{
	const char *p = strstr(line, key);
	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

void wl_net_round(wl_net *s, wl_measure *m, uint64_t n)
{
	char cmd[64], err[256];
	snprintf(cmd, sizeof cmd, "run n=%llu\n", (unsigned long long)n);
	s->ops = s->errors = 0;
	s->first_error[0] = '\0';
	if (!tell(s, cmd)) {
		wl_fault_set(&s->fault, "cannot write to the load generator (it exited?)");
		return;
	}
	if (!read_line(s, err, sizeof err)) {
		wl_fault_set(&s->fault, "%s", err);
		return;
	}
	if (strncmp(s->line, "done ", 5) != 0) {
		wl_fault_set(&s->fault, "load generator: %.100s", s->line);
		return;
	}
	s->ops = field(s->line, " ops=");
	s->errors = field(s->line, " errors=");
	const char *fe = strstr(s->line, " first_error=");
	if (fe)
		sscanf(fe, " first_error=%159s", s->first_error);
	double cpu = (double)field(s->line, " cpu_ns="),
	       el = (double)field(s->line, " elapsed_ns=");
	double busy = el > 0 ? cpu / el : 0;
	const char *h = strstr(s->line, " hist=");
	for (h = h ? h + 6 : NULL; h && *h && *h != '-';) {
		char *end;
		unsigned long long v = strtoull(h, &end, 10), c = 0;
		if (*end == ':')
			c = strtoull(end + 1, &end, 10);
		for (unsigned long long i = 0; i < c; i++)
			m->record_ns(m, v);
		h = *end == ',' ? end + 1 : NULL;
	}
	m->metric(m, "client_cpu_ns", cpu);
	m->metric(m, "client_busy", busy);
	m->metric(m, "client_saturated", busy >= 0.95);
	m->metric(m, "client_shared", s->shared);
	s->lag_max_ns = field(s->line, " lag_max_ns=");
	s->late = field(s->line, " late=");
}

bool wl_net_verify(wl_net *s, uint64_t n, char *why, size_t whylen)
{
	if (wl_fault_report(&s->fault, s->wl, why, whylen))
		return false;
	if (s->errors) {
		snprintf(why, whylen, "%s: the client saw %llu error(s), the first: %s", s->wl,
		         (unsigned long long)s->errors, s->first_error);
		return false;
	}
	if (s->ops != n) {
		snprintf(why, whylen, "%s: %llu requests answered, %llu asked", s->wl,
		         (unsigned long long)s->ops, (unsigned long long)n);
		return false;
	}
	return true;
}

void wl_net_stop(wl_net *s)
{
	if (s->client) {
		tell(s, "quit\n");
		shutdown(rt_fd_num(s->client), SHUT_WR); /* EOF too, should quit not arrive */
	}
	/* the client closes its connections: every connection task sees EOF and
	 * ends; the accept task ends with the listener */
	if (s->l)
		rt_fd_close(s->l); /* the accept task returns -ECANCELED */
	rt_wg_wait(&s->tasks);
	if (s->client)
		rt_fd_close(s->client);
	if (s->pid > 0) {
		int st;
		while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	free(s->line);
}

int wl_net_serve(wl_net *s, int port, uint64_t duration_ns, volatile int *stop, char *err,
                 size_t errlen)
{
	rt_wg_init(&s->tasks);
	rt_mutex_init(&s->live_lock);
	s->port = port;
	if (!listen_loopback(s, err, errlen))
		return -EADDRNOTAVAIL;
	serving = true;
	printf("127.0.0.1:%d\n", s->port);
	fflush(stdout);
	uint64_t end = duration_ns ? rt_nanotime() + duration_ns : 0;
	while (!*stop && (!end || rt_nanotime() < end)) {
		rt_fd *c;
		int rc = rt_fd_accept(s->l, &c, rt_nanotime() + 100000000u);
		if (rc == -ETIMEDOUT || rc == -EMFILE || rc == -ENFILE) {
			if (rc != -ETIMEDOUT) /* out of files: let connections end first */
				rt_sleep_ns(10000000);
			continue;
		}
		if (rc != 0) {
			snprintf(err, errlen, "%s: accept: %s", s->wl, strerror(-rc));
			break;
		}
		atomic_fetch_add(&s->accepted, 1);
		spawn_conn(s, c);
	}
	rt_fd_close(s->l);
	s->l = NULL;
	/* every open connection: shut down, so its task sees EOF and ends */
	rt_mutex_lock(&s->live_lock);
	for (int i = 0; i < s->nlive; i++)
		shutdown(rt_fd_num(s->live[i]), SHUT_RDWR);
	rt_mutex_unlock(&s->live_lock);
	rt_wg_wait(&s->tasks);
	serving = false;
	free(s->live);
	return 0;
}
