/* runner.c — see runner.h. */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../base/splitmix.h"
#include "../machine/memlimit.h"
#include "../measure/tsc.h"
#include "execute.h"
#include "peer/peer.h"
#include "../base/xalloc.h"

static volatile sig_atomic_t stop_requested;

/* A SIGKILL under a cgroup memory limit (a Slurm job's --mem, a container's
 * --memory) is most likely the kernel's OOM killer: say so, with the limit. */
static void oom_hint(char *why, size_t len, int sig)
{
	uint64_t lim;
	char where[300];
	size_t w = strlen(why);
	if (sig == SIGKILL && memlimit_read(NULL, &lim, where, sizeof where))
		snprintf(why + w, len - w,
		         " under a memory limit of %.0f MiB (%.200s): likely the OOM killer",
		         (double)lim / 1048576.0, where);
}

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* One scheduled child process. */
typedef struct slot {
	int config; /* index into run->configs */
	int round;  /* 0-based round           */
	int reps;   /* measured reps in it     */
} slot;

static slot *build_schedule(cb_run *run, int *count)
{
	int rounds = run->rounds < 1 ? 1 : run->rounds;
	if (rounds > run->reps)
		rounds = run->reps;
	slot *s = xmalloc(sizeof *s * (size_t)(run->nconfigs * rounds + 1));
	int n = 0;
	for (int c = 0; c < run->nconfigs; c++) {
		if (run->results[c].skip_reason[0])
			continue;
		run->results[c].rounds_planned = rounds;
		for (int r = 0; r < rounds; r++) /* spread reps evenly, remainder first */
			s[n++] = (slot){c, r, run->reps / rounds + (r < run->reps % rounds)};
	}
	/* the harness's one generator (splitmix.h): the shuffle only needs to be
	 * reproducible from the recorded seed (any seed, 0 included, is a fine state) */
	uint64_t st = run->seed;
	for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
		int j = (int)(splitmix64(&st) % (uint64_t)(i + 1));
		slot t = s[i];
		s[i] = s[j];
		s[j] = t;
	}
	*count = n;
	return s;
}

/* The child's two pipes: records (its stdout for the Go peer) and stderr. */
typedef struct child_fds {
	int rec; /* records                                   */
	int err; /* its stderr, passed on and its tail kept   */
} child_fds;

static pid_t spawn_child(cb_run *run, const slot *sl, child_fds *fds)
{
	int p[2], e[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	if (pipe2(e, O_CLOEXEC) != 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		close(e[0]);
		close(e[1]);
		return -1;
	}
	if (pid == 0) {
		/* Dies with the harness, however the harness dies (SIGKILL included);
		 * kept across the Go peer's exec. The parent may have died before the
		 * prctl: then we are already someone else's child, and go. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		setpgid(0,
		        0); /* own group: the watchdog kills it whole; ^C reaches the parent only */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL); /* the parent ignores it (runner_run) */
		close(p[0]);
		close(e[0]);
		dup2(e[1], 2); /* dup2 clears O_CLOEXEC: the Go peer's stderr too */
		close(e[1]);
		child_job job = {.cfg = &run->configs[sl->config],
		                 .round = sl->round,
		                 .warmup = run->warmup,
		                 .reps = sl->reps,
		                 .fd = p[1],
		                 .outdir = run->outdir,
		                 .counters = run->counters};
		if (!job.cfg->rt) {
			peer_exec(&job); /* execs, or _exits */
			_exit(127);
		}
		dup2(2, 1); /* anything a workload prints stays off the parent's stdout */
		_exit(child_run(&job));
	}
	setpgid(pid, pid);
	close(p[1]);
	close(e[1]);
	fds->rec = p[0];
	fds->err = e[0];
	fcntl(fds->err, F_SETFL, O_NONBLOCK);
	return pid;
}

/* The last bytes a child wrote to stderr, for a failure's reason. */
typedef struct err_tail {
	char buf[2048]; /* the last bytes, in order when len < sizeof buf */
	size_t len;     /* bytes held                                     */
} err_tail;

/* Passes a child's stderr on to ours and keeps its tail; false at EOF. */
static bool pass_stderr(int fd, err_tail *t)
{
	char data[4096];
	ssize_t got = read(fd, data, sizeof data);
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (got <= 0)
		return false;
	size_t n = (size_t)got;
	for (size_t off = 0; off < n;) { /* ours may be a pipe too: write it all */
		ssize_t w = write(2, data + off, n - off);
		if (w <= 0 && errno != EINTR)
			break;
		off += w > 0 ? (size_t)w : 0;
	}
	if (n >= sizeof t->buf) {
		memcpy(t->buf, data + n - sizeof t->buf, sizeof t->buf);
		t->len = sizeof t->buf;
	} else {
		if (t->len + n > sizeof t->buf) {
			size_t drop = t->len + n - sizeof t->buf;
			memmove(t->buf, t->buf + drop, t->len - drop);
			t->len -= drop;
		}
		memcpy(t->buf + t->len, data, n);
		t->len += n;
	}
	return true;
}

/* Does a line say why a process died? gmp's and the harness's own messages
 * ("gmp: out of memory for G stacks"), Go's runtime ("fatal error: runtime: out
 * of memory", "panic: ..."), a sanitizer's summary. */
static bool says_why(const char *line)
{
	static const char *const marks[] = {
	    "out of memory", "fatal error", "panic:",    "corobench",
	    "gmp:",          "SUMMARY:",    "Assertion", NULL};
	for (int i = 0; marks[i]; i++)
		if (strstr(line, marks[i]))
			return true;
	return false;
}

/* The line of the tail that says why the child died: the last one that
 * says_why, else the last non-empty one (a Go crash ends in a stack dump, its
 * reason is above it); control characters replaced; "" when there is none. */
static void last_line(const err_tail *t, char *out, size_t outlen)
{
	char fallback[256] = "";
	out[0] = '\0';
	size_t end = t->len;
	while (end > 0) {
		size_t start = end;
		while (start > 0 && t->buf[start - 1] != '\n')
			start--;
		char line[256];
		size_t n = 0;
		for (size_t i = start; i < end && n < sizeof line - 1; i++) {
			unsigned char c = (unsigned char)t->buf[i];
			line[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
		}
		while (n > 0 && line[n - 1] == ' ')
			n--;
		line[n] = '\0';
		if (n && !fallback[0])
			snprintf(fallback, sizeof fallback, "%s", line);
		if (n && says_why(line)) {
			snprintf(out, outlen, "%s", line);
			return;
		}
		end = start > 0 ? start - 1 : 0;
	}
	snprintf(out, outlen, "%s", fallback);
}

/* Reads records until EOF, the deadline or a stop request. */
typedef struct reader {
	char buf[PROTO_MAX_LINE + 2]; /* partial line                 */
	size_t len;                   /* bytes in buf                 */
	bool done_seen;               /* got kind=done                */
	bool protocol_error;          /* a malformed record was seen  */
	bool failed;                  /* a kind=fail record was seen  */
	bool write_error;             /* it was fail_kind=write       */
} reader;

static void handle_line(cb_run *run, const slot *sl, reader *rd, const char *line, size_t len)
{
	cb_result *res = &run->results[sl->config];
	proto_record rec;
	char err[256];
	if (!proto_parse(line, len, &rec, err, sizeof err)) {
		if (!rd->protocol_error)
			store_add_failure(res, sl->round, "protocol", err);
		rd->protocol_error = true;
		return;
	}
	const char *kind = rec.vals[0];
	if (strcmp(kind, "rep") == 0) {
		uint64_t e, o;
		if (!proto_get_u64(&rec, "elapsed_ns", &e) || !proto_get_u64(&rec, "ops", &o) ||
		    o == 0) {
			store_add_failure(res, sl->round, "protocol",
			                  "rep record without valid elapsed_ns and ops > 0");
			rd->protocol_error = true;
			proto_free(&rec);
			return;
		}
		store_add_rep(res, sl->round, &rec);
	} else if (strcmp(kind, "info") == 0) {
		store_set_info(res, &rec);
	} else if (strcmp(kind, "fail") == 0) {
		const char *fk = proto_get(&rec, "fail_kind");
		const char *why = proto_get(&rec, "reason");
		if (fk && strcmp(fk, "write") == 0) { /* the run's fault, not the configuration's */
			snprintf(run->stop_reason, sizeof run->stop_reason, "%s",
			         why ? why : "a child could not write its file");
			rd->write_error = true;
		} else {
			store_add_failure(res, sl->round, fk ? fk : "error",
			                  why ? why : "(no reason)");
			rd->failed = true;
		}
		proto_free(&rec);
	} else if (strcmp(kind, "skip") == 0) {
		const char *why = proto_get(&rec, "reason");
		snprintf(res->skip_reason, sizeof res->skip_reason, "%s", why ? why : "skipped");
		proto_free(&rec);
	} else if (strcmp(kind, "done") == 0) {
		rd->done_seen = true;
		proto_free(&rec);
	} else {
		proto_free(&rec); /* unknown kinds are ignored: forward compatibility */
	}
}

static void feed(cb_run *run, const slot *sl, reader *rd, const char *data, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (data[i] == '\n') {
			handle_line(run, sl, rd, rd->buf, rd->len);
			rd->len = 0;
		} else if (rd->len < sizeof rd->buf - 1) {
			rd->buf[rd->len++] = data[i];
		} else if (!rd->protocol_error) {
			store_add_failure(&run->results[sl->config], sl->round, "protocol",
			                  "record line too long");
			rd->protocol_error = true;
		}
	}
}

/* A crash's reason with what the child last printed, when it printed anything
 * ("crashed: signal 6 (Aborted); stderr: gmp: out of memory for G stacks ..."). */
static void with_tail(char *why, size_t len, const err_tail *t)
{
	char line[256];
	last_line(t, line, sizeof line);
	size_t used = strlen(why);
	if (line[0] && used < len)
		snprintf(why + used, len - used, "; stderr: %s", line);
}

/* Runs one slot; returns true when it failed. */
static bool run_slot(cb_run *run, const slot *sl)
{
	cb_result *res = &run->results[sl->config];
	child_fds fds;
	pid_t pid = spawn_child(run, sl, &fds);
	if (pid < 0) {
		store_add_failure(res, sl->round, "error", strerror(errno));
		return true;
	}
	int fd = fds.rec;
	reader *rd = xcalloc(1, sizeof *rd);
	err_tail *tail = xcalloc(1, sizeof *tail);
	bool err_open = true;
	uint64_t deadline = rt_nanotime() + (uint64_t)(run->timeout_s * 1e9);
	bool timed_out = false, interrupted = false;
	for (;;) {
		uint64_t now = rt_nanotime();
		if (now >= deadline) {
			timed_out = true;
			break;
		}
		if (stop_requested) {
			interrupted = true;
			break;
		}
		struct pollfd pfd[2] = {{.fd = fd, .events = POLLIN},
		                        {.fd = err_open ? fds.err : -1, .events = POLLIN}};
		int wait_ms = (int)((deadline - now) / 1000000u) + 1;
		if (wait_ms > 200) /* wake up now and then to notice a stop request */
			wait_ms = 200;
		int k = poll(pfd, 2, wait_ms);
		if (k < 0 && errno != EINTR)
			break;
		if (k <= 0)
			continue;
		if (err_open && pfd[1].revents)
			err_open = pass_stderr(fds.err, tail);
		if (!pfd[0].revents)
			continue;
		char data[4096];
		ssize_t got = read(fd, data, sizeof data);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		feed(run, sl, rd, data, (size_t)got);
	}
	if (timed_out || interrupted)
		kill(-pid, SIGKILL);
	close(fd);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out || interrupted)
		kill(-pid, SIGKILL);               /* anything the child's group left behind */
	for (int i = 0; err_open && i < 64; i++) { /* what it printed last (it is gone) */
		errno = 0;
		err_open = pass_stderr(fds.err, tail) && errno != EAGAIN;
	}
	close(fds.err);

	bool failed = rd->failed || rd->protocol_error;
	char why[400];
	if (interrupted) {
		run->interrupted = true;
		failed = false; /* not the configuration's fault; its finished reps stay */
	} else if (rd->write_error) {
		failed = false; /* the run stops (run->stop_reason); the configuration is fine */
	} else if (timed_out) {
		snprintf(why, sizeof why, "timed out after %.0f s (killed); see --timeout",
		         run->timeout_s);
		with_tail(why, sizeof why, tail); /* what it said (a stuck hog says why) */
		store_add_failure(res, sl->round, "timeout", why);
		failed = true;
	} else if (WIFSIGNALED(status)) {
		snprintf(why, sizeof why, "crashed: signal %d (%s)", WTERMSIG(status),
		         strsignal(WTERMSIG(status)));
		oom_hint(why, sizeof why, WTERMSIG(status));
		with_tail(why, sizeof why, tail);
		store_add_failure(res, sl->round, "crash", why);
		failed = true;
	} else if (!rd->done_seen && !rd->failed) {
		snprintf(why, sizeof why, "child exited with status %d without finishing",
		         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		with_tail(why, sizeof why, tail);
		store_add_failure(res, sl->round, "crash", why);
		failed = true;
	}
	free(rd);
	free(tail);
	res->rounds_done++;
	return failed;
}

static void progress(const cb_run *run, int i, int n, const slot *sl, uint64_t t0)
{
	double elapsed = (rt_nanotime() - t0) / 1e9;
	char eta[32] = "?";
	if (i > 0) {
		double left = elapsed / i * (n - i);
		snprintf(eta, sizeof eta, "%dm%02ds", (int)left / 60, (int)left % 60);
	}
	fprintf(stderr, "\r\033[K[%d/%d] %s round %d  ETA %s", i + 1, n,
	        run->configs[sl->config].key, sl->round + 1, eta);
	fflush(stderr);
}

int runner_run(cb_run *run, const runner_options *opt)
{
	struct sigaction sa = {.sa_handler = on_stop_signal}, old_int, old_term, old_pipe;
	struct sigaction ign = {.sa_handler = SIG_IGN};
	sigemptyset(&sa.sa_mask);
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	/* A child's stderr passes through us: a closed stderr (`2>&1 | head`) must
	 * not kill the run between two writes of its results (the bytes are dropped) */
	sigaction(SIGPIPE, &ign, &old_pipe);
	stop_requested = 0;

	tsc_ns_per_tick(); /* calibrate the cycle clock once (15 ms); children inherit it */
	int n;
	slot *sched = build_schedule(run, &n);
	int failures = 0;
	uint64_t t0 = rt_nanotime();
	for (int i = 0; i < n && !stop_requested && !run->stop_reason[0]; i++) {
		/* A configuration that failed once stays broken: its remaining rounds
		 * would only repeat the failure (and a hang would cost --timeout each). */
		if (run->results[sched[i].config].nfails > 0 ||
		    run->results[sched[i].config]
		        .skip_reason[0]) /* a child said: cannot run here */
			continue;
		if (opt->progress)
			progress(run, i, n, &sched[i], t0);
		failures += run_slot(run, &sched[i]);
		if (opt->after_round && !opt->after_round(run, opt->arg))
			break; /* a results file could not be written: stop here */
	}
	if (stop_requested) {
		run->interrupted = true;
		snprintf(run->stop_reason, sizeof run->stop_reason,
		         "interrupted by SIGINT or SIGTERM: finished repetitions kept");
	}
	if (opt->progress)
		fprintf(stderr, "\r\033[K");
	free(sched);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	return failures;
}
