/* peer_exec.c — see peer.h: a job's peer started in the child process: its
 * latency file, its argument vector, its placement (the process affinity:
 * peer.c's design notes say why) and the counters handed over, then exec. */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../machine/placement.h"
#include "../../measure/counters/counters.h"
#include "../../measure/latency.h"
#include "../child_counters.h"
#include "../child_placement.h"
#include "../../results/protocol.h"

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
