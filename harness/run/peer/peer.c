/* peer.c — see peer.h.
 *
 * Design notes
 *   - Found next to /proc/self/exe, not on $PATH: the peer must be the one built
 *     from this tree (same workload definitions and sizes), never some other
 *     corobench-go a user happens to have installed.
 *   - Why availability is decided by the binary and not by `go`: `make` builds the
 *     binary when go exists; a machine may have the binary without the toolchain
 *     (a copied build/). The reason distinguishes "no go" from "not built".
 *   - Placement: the process affinity is the union of the plan's per-worker sets.
 *     Go schedules Ps over Ms freely; pinning each M is not possible from outside
 *     the Go runtime (runtime.LockOSThread pins goroutines to Ms, not Ms to CPUs).
 *     With -t equal to the number of PUs in the plan this is the same CPUs the C
 *     runtimes get; the difference (no per-worker binding) is stated in the
 *     configuration's info record (placement_scope=process).
 */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../machine/placement.h"
#include "../../measure/counters/counters.h"
#include "../../measure/latency.h"
#include "../../base/format/json.h"
#include "../../base/proc.h"
#include "../../results/write/writers.h"
#include "../child_counters.h"
#include "../child_placement.h"
#include "../../results/protocol.h"

/* One external peer. */
typedef struct peer_def {
	const char *name;        /* -r name                                         */
	const char *binary;      /* file name next to the corobench binary          */
	const char *tool;        /* the program that builds it                       */
	const char *install;     /* what to run when the tool is missing             */
	const char *description; /* one line for `corobench list`                    */
} peer_def;

static const peer_def peers[] = {
    {"go", "corobench-go", "go", "apt-get install golang-go, then make",
     "Go's own runtime (goroutines, Go channels, sync), GOMAXPROCS = workers; the reference "
     "peer"},
};
#define NPEERS (sizeof peers / sizeof peers[0])

const char *const peer_names[] = {"go", NULL};

static char search_dir[PATH_MAX]; /* "" : next to /proc/self/exe */

void peer_set_search_dir(const char *dir)
{
	snprintf(search_dir, sizeof search_dir, "%s", dir ? dir : "");
}

/* Peers added at run time: the Go peer built by another Go (`run --go`,
 * go_build.h), each a runtime of its own (go@1.23) with its binary in the cache. */
typedef struct added_peer {
	peer_def def;               /* go's, with the name below                    */
	char name[80];              /* go@1.23                                      */
	char binary[PATH_MAX];      /* the built peer                               */
	char toolchain[1024];       /* the go it was built with                     */
	char toolchain_version[64]; /* what `go version` said                    */
	bool pending;               /* not built yet, and that is fine (--dry-run)  */
	char runtime_version[64];   /* the peer's own --version, once read          */
} added_peer;
static added_peer added[PEER_MAX_ADDED];
static int nadded;

static const added_peer *find_added(const char *name)
{
	for (int i = 0; i < nadded; i++)
		if (strcmp(added[i].name, name) == 0)
			return &added[i];
	return NULL;
}

static const peer_def *find(const char *name)
{
	for (size_t i = 0; i < NPEERS; i++)
		if (strcmp(peers[i].name, name) == 0)
			return &peers[i];
	const added_peer *a = find_added(name);
	return a ? &a->def : NULL;
}

bool peer_add(const char *name, const char *binary, const char *toolchain,
              const char *toolchain_version, bool pending)
{
	if (nadded == PEER_MAX_ADDED || find(name))
		return false;
	added_peer *a = &added[nadded++];
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->binary, sizeof a->binary, "%s", binary);
	snprintf(a->toolchain, sizeof a->toolchain, "%s", toolchain);
	snprintf(a->toolchain_version, sizeof a->toolchain_version, "%s", toolchain_version);
	a->pending = pending;
	a->def = peers[0];
	a->def.name = a->name;
	return true;
}

int peer_added_count(void)
{
	return nadded;
}

const char *peer_added_name(int i)
{
	return added[i].name;
}

/* Directory of the running corobench binary (or the test override). */
static bool self_dir(char *dir, size_t len)
{
	if (search_dir[0]) {
		snprintf(dir, len, "%s", search_dir);
		return true;
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
	return (size_t)snprintf(dir, len, "%s", exe) < len;
}

bool peer_binary_path(const char *name, char *path, size_t len)
{
	const added_peer *a = find_added(name);
	if (a)
		return (size_t)snprintf(path, len, "%s", a->binary) < len;
	const peer_def *p = find(name);
	char dir[PATH_MAX];
	if (!p || !self_dir(dir, sizeof dir))
		return false;
	return (size_t)snprintf(path, len, "%s/%s", dir, p->binary) < len;
}

bool peer_lookup(const char *name, bool *available, const char **reason)
{
	const peer_def *p = find(name);
	if (!p)
		return false;
	static char why[NPEERS][PATH_MAX + 128];
	char *w = why[p >= peers && p < peers + NPEERS ? p - peers : 0];
	char bin[PATH_MAX];
	const added_peer *a = find_added(name);
	if (a && a->pending) { /* --dry-run: built when the run starts */
		*available = true;
		*reason = NULL;
		return true;
	}
	if (a && access(a->binary, X_OK) != 0) {
		*available = false;
		*reason = "its peer was not built";
		return true;
	}
	if (!peer_binary_path(name, bin, sizeof bin)) {
		snprintf(w, sizeof why[0], "cannot locate the corobench binary's directory");
	} else if (access(bin, X_OK) == 0) {
		*available = true;
		*reason = NULL;
		return true;
	} else if (!proc_on_path(p->tool)) {
		snprintf(w, sizeof why[0], "%s not installed: %s", p->tool, p->install);
	} else {
		snprintf(w, sizeof why[0], "%s not built (%s is on PATH): run make", bin, p->tool);
	}
	*available = false;
	*reason = w;
	return true;
}

bool peer_hgrm_path(const child_job *job, char *path, size_t len)
{
	/* The C child's name for the same key, so the rounds of a configuration and
	 * the report find one file pair. */
	char stem[MATRIX_KEY_LEN];
	lat_file_stem(job->cfg->key, stem, sizeof stem);
	return (size_t)snprintf(path, len, "%s/latency/%s.hgrm", job->outdir, stem) < len;
}

/* Appends a NUL-terminated string to buf; NULL when it does not fit. */
static char *put(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static char *put(char *buf, size_t buflen, size_t *used, const char *fmt, ...)
{
	if (*used >= buflen)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(buf + *used, buflen - *used, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= buflen - *used)
		return NULL;
	char *s = buf + *used;
	*used += (size_t)k + 1;
	return s;
}

int peer_build_argv(const child_job *job, const char *bin, const char *hgrm, char *const *extra,
                    char *buf, size_t buflen, char **argv, int maxargs)
{
	const cb_config *cfg = job->cfg;
	size_t used = 0;
	int n = 0;
	/* each step adds at most 2 args; keep room for the NULL terminator */
#define ARG(...)                                                                                   \
	do {                                                                                       \
		if (n + 1 >= maxargs || !(argv[n++] = put(buf, buflen, &used, __VA_ARGS__)))       \
			return -1;                                                                 \
	} while (0)
	ARG("%s", bin);
	ARG("--workload");
	ARG("%s", cfg->wl->name);
	ARG("--threads");
	ARG("%d", cfg->threads);
	ARG("--warmup");
	ARG("%d", job->warmup);
	ARG("--reps");
	ARG("%d", job->reps);
	ARG("--round");
	ARG("%d", job->round);
	for (int i = 0; i < cfg->wl->nparams; i++) {
		ARG("--param");
		ARG("%s=%lld", cfg->wl->params[i].name, (long long)cfg->params[i]);
	}
	if (hgrm && cfg->wl->records_latency) {
		ARG("--hgrm");
		ARG("%s", hgrm);
		ARG("--hgrm-unit");
		ARG("%g", LAT_UNIT_NS);
	}
	for (int i = 0; extra && extra[i]; i++)
		ARG("%s", extra[i]);
#undef ARG
	argv[n] = NULL;
	return n;
}

/* Reports why the peer could not start, on the protocol pipe, and exits. */
static void __attribute__((noreturn)) die(const child_job *job, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	proto_writer w;
	proto_begin(&w, "fail");
	proto_add(&w, "fail_kind", "error");
	proto_add(&w, "reason", why);
	proto_emit(&w, job->fd);
	_exit(127);
}

/* The process affinity for the job's placement: the union of the pin plan's
 * per-worker sets (see the file comment), made with the placement module exactly
 * as a C child makes its plan. Facts for the info record go to info[] as --info
 * arguments. A placement this machine cannot do is a skip, as for a C child. */
static int apply_placement(const child_job *job, char *buf, size_t buflen, char **info, int max)
{
	int n = 0;
	size_t used = 0;
	info[0] = NULL;
	if (strcmp(job->cfg->placement, "none") == 0)
		return 0;
	topo *t;
	pl_plan plan;
	char err[PL_ERR_LEN];
	if (topo_open(&t, NULL, NULL, err, sizeof err) != 0)
		die(job, "placement %s: %s", job->cfg->placement, err);
	int rc = pl_plan_make(t, job->cfg->placement, job->cfg->threads, child_placement_cpukind(),
	                      PL_BIND, &plan, err, sizeof err);
	if (rc == CB_EUNAVAIL) {
		proto_writer w;
		proto_begin(&w, "skip");
		proto_add(&w, "reason", err);
		proto_emit(&w, job->fd);
		proto_begin(&w, "done");
		proto_emit(&w, job->fd);
		_exit(0);
	}
	if (rc != 0)
		die(job, "placement %s: %s", job->cfg->placement, err);
	if (plan.pinned) {
		cpu_set_t all;
		CPU_ZERO(&all);
		for (int i = 0; i < plan.workers; i++)
			CPU_OR(&all, &all, &plan.pin_sets[i]);
		if (sched_setaffinity(0, sizeof all, &all) != 0)
			die(job, "placement %s: sched_setaffinity: %s", job->cfg->placement,
			    strerror(errno));
		const char *facts[][2] = {{"pus", plan.pus},
		                          {"pair_class", plan.pair_class},
		                          {"placement_scope", "process"}};
		for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
			if (!facts[i][1] || !facts[i][1][0] || n + 3 > max)
				continue;
			info[n++] = put(buf, buflen, &used, "--info");
			info[n++] = put(buf, buflen, &used, "%s=%s", facts[i][0], facts[i][1]);
			if (!info[n - 1] || !info[n - 2])
				die(job, "placement facts do not fit");
		}
		info[n] = NULL;
	}
	pl_plan_free(&plan);
	topo_close(t);
	return n;
}

int peer_counter_args(ctr_set *s, char *buf, size_t buflen, char **args, int maxargs)
{
	size_t used = 0;
	int n = 0;
#define ARG(...)                                                                                   \
	do {                                                                                       \
		if (n + 1 >= maxargs || !(args[n++] = put(buf, buflen, &used, __VA_ARGS__)))       \
			return -1;                                                                 \
	} while (0)
	if (!s) {
		args[0] = NULL;
		return 0;
	}
	/* The info fields a C child sends (statuses, reasons, scope), echoed by the peer. */
	proto_writer w;
	proto_begin(&w, "info");
	child_counters_info(s, &w);
	w.buf[w.len] = '\0';
	proto_record rec;
	char err[128];
	if (w.overflow || !proto_parse(w.buf, w.len, &rec, err, sizeof err))
		return -1;
	for (int i = 1; i < rec.n; i++) {
		ARG("--info");
		ARG("%s=%s", rec.keys[i], rec.vals[i]);
	}
	proto_free(&rec);
	/* The fds: one argument per group leader (its open members with their ids),
	 * one per lone event, one per event that did not open. */
	for (int i = 0; i < ctr_count(s); i++) {
		ctr_handle h = ctr_handle_of(s, i);
		const char *label = ctr_event_at(s, i)->name;
		if (h.fd < 0) {
			ARG("--counter-absent");
			ARG("%s", label);
			continue;
		}
		if (fcntl(h.fd, F_SETFD, 0) != 0) /* members too: closing one leaves the group */
			return -1;
		if (h.leader != i)
			continue;
		if (!h.grouped) {
			ARG("--counter-fd");
			ARG("%s=%d", label, h.fd);
			continue;
		}
		char list[CTR_MAX_EVENTS * (CTR_NAME_LEN + 24)];
		size_t len = 0;
		for (int j = i; j < ctr_count(s); j++) {
			ctr_handle m = ctr_handle_of(s, j);
			if (m.fd >= 0 && m.leader == i)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%s:%llu",
				                        len ? "," : "", ctr_event_at(s, j)->name,
				                        (unsigned long long)m.id);
		}
		ARG("--counter-group");
		ARG("%d=%s", h.fd, list);
	}
#undef ARG
	args[n] = NULL;
	return n;
}

void peer_exec(const child_job *job)
{
	char bin[PATH_MAX], hgrm[PATH_MAX];
	if (!peer_binary_path(job->cfg->runtime, bin, sizeof bin))
		die(job, "runtime %s: cannot locate its binary", job->cfg->runtime);
	bool want_hgrm = job->cfg->wl->records_latency && job->outdir && job->outdir[0];
	if (want_hgrm) {
		if (!peer_hgrm_path(job, hgrm, sizeof hgrm))
			die(job, "latency file path too long under %s", job->outdir);
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s/latency", job->outdir);
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			die(job, "cannot create %s: %s", dir, strerror(errno));
	}
	/* Counters: opened here, on this process's only thread, before exec, exactly as
	 * a C child opens them before its runtime starts; every Go thread inherits them
	 * and the peer switches them around its timed region (runtimes/go/counters.go). */
	static char pbuf[4096], xbuf[16384], buf[32768];
	char *extra[PEER_MAX_ARGS], *argv[PEER_MAX_ARGS];
	int np = apply_placement(job, pbuf, sizeof pbuf, extra, 8);
	if (peer_counter_args(child_counters_open(job->counters), xbuf, sizeof xbuf, extra + np,
	                      PEER_MAX_ARGS - np) < 0)
		die(job, "cannot hand the counters over to %s", bin);
	if (peer_build_argv(job, bin, want_hgrm ? hgrm : NULL, extra, buf, sizeof buf, argv,
	                    PEER_MAX_ARGS) < 0)
		die(job, "too many arguments for %s", bin);
	char procs[16];
	snprintf(procs, sizeof procs, "%d", job->cfg->threads);
	setenv("GOMAXPROCS", procs, 1);
	/* --param preempt=off: Go's own switch, beside whatever GODEBUG the user set */
	if (job->cfg->preempt_off) {
		static char dbg[1024];
		const char *old = getenv("GODEBUG");
		snprintf(dbg, sizeof dbg, "%s%sasyncpreemptoff=1", old ? old : "",
		         old && old[0] ? "," : "");
		setenv("GODEBUG", dbg, 1);
	}
	if (dup2(job->fd, STDOUT_FILENO) < 0) /* dup2 clears O_CLOEXEC on the copy */
		die(job, "dup2 of the protocol pipe: %s", strerror(errno));
	execv(bin, argv);
	die(job, "cannot run %s: %s", bin, strerror(errno));
}

void peer_list(FILE *out)
{
	for (size_t i = 0; i < NPEERS; i++) {
		bool ok = false;
		const char *why = NULL;
		peer_lookup(peers[i].name, &ok, &why);
		fprintf(out, "  %-10s %s\n", peers[i].name, peers[i].description);
		if (ok)
			fprintf(out, "  %-10s   external peer, %s\n", "", peer_go_version());
		else
			fprintf(out, "  %-10s   unavailable: %s\n", "", why);
	}
}

/* First line of `BIN --version` (fork and execv with a pipe: no shell, so no path
 * is ever a shell word), or "" when it cannot be run. */
static void read_version(const char *bin, char *out, size_t len)
{
	out[0] = '\0';
	int fd[2];
	if (pipe(fd) != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (dup2(fd[1], 1) < 0 || (null >= 0 && dup2(null, 2) < 0))
			_exit(127);
		close(fd[0]);
		execl(bin, bin, "--version", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	if (pid > 0) {
		FILE *p = fdopen(fd[0], "r");
		if (p && fgets(out, (int)len, p))
			out[strcspn(out, "\n")] = '\0';
		if (p)
			fclose(p);
		else
			close(fd[0]);
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			out[0] = '\0';
	} else {
		close(fd[0]);
	}
}

const char *peer_go_version(void)
{
	static char version[64];
	static bool done;
	if (done)
		return version;
	done = true;
	char bin[PATH_MAX];
	if (peer_binary_path("go", bin, sizeof bin) && access(bin, X_OK) == 0)
		read_version(bin, version, sizeof version);
	return version;
}

void peer_env_section(FILE *f, int *count, const cb_run *run)
{
	(void)run;
	bool ok = false;
	const char *why = NULL;
	peer_lookup("go", &ok, &why);
	json_kv_str(f, count, "go_version", ok ? peer_go_version() : "");
	json_kv_str(f, count, "go_peer", ok ? "available" : why);
	if (!nadded)
		return;
	/* "go_peers": {"go@1.23": {"toolchain": PATH, "toolchain_version": "go1.23.4",
	 * "runtime_version": what the built peer says, "binary": PATH}, ...} */
	char *raw = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&raw, &len);
	if (!m)
		return;
	fputc('{', m);
	for (int i = 0; i < nadded; i++) {
		added_peer *a = &added[i];
		if (!a->runtime_version[0] && access(a->binary, X_OK) == 0)
			read_version(a->binary, a->runtime_version, sizeof a->runtime_version);
		fputs(i ? ",\n    " : "\n    ", m);
		json_string(m, a->name);
		fputs(": {\"toolchain\": ", m);
		json_string(m, a->toolchain);
		fputs(", \"toolchain_version\": ", m);
		json_string(m, a->toolchain_version);
		fputs(", \"runtime_version\": ", m);
		json_string(m, a->runtime_version);
		fputs(", \"binary\": ", m);
		json_string(m, a->binary);
		fputc('}', m);
	}
	fputs("\n  }", m);
	fclose(m);
	json_kv_raw(f, count, "go_peers", raw);
	free(raw);
}
