/*
 * c_fair.c — F1, "a CPU-bound task does not stop the others" (issue 20;
 * docs/CLAIMS.md has the rule in full), with a verdict per runtime (pthread,
 * gmp, go: cl_runtime) beside the row's, from the main run's hog, wakeup,
 * syscall and fairshare (docs/WORKLOADS.md, "Fairness").
 *
 * The rows are make bench's fairness/ (scripts/bench.sh runs them in a pass of
 * their own) where it has the workload, else the main run's; plain pingpong,
 * which hog is held against, is the main run's when fairness/ has none.
 *
 * Per runtime, with preemption on (the default; rows with --param
 * preempt=off, key part /preempt=off, are the counter-case: shown, never
 * counted):
 *   - hog at one worker completed: rows and no failed round hold; a round the
 *     watchdog killed (failures.csv kind `timeout`, its reason the spinner's
 *     own report) does not hold; a round that failed otherwise (a crash, a
 *     wrong answer) cannot tell, since it says nothing of fairness;
 *   - hog's round trip at one worker at most F1_HOG_FACTOR times plain
 *     pingpong's (same runtime, variant, worker): a U test of the page's
 *     family (cl_compare);
 *   - wakeup at one worker (its spinners fill the worker): the p99 of how
 *     late the sleeper woke at most F1_LATE_NS, by the quantile test of its
 *     histogram (cl_quantile); a watchdog round does not hold; at more
 *     workers, where the spinners still fill every worker (workers <= hogs),
 *     the same test is shown, not counted;
 *   - syscall at one worker completed, as hog (a spinner shares the worker
 *     with tasks blocked in read(): it completes only if the spinner is
 *     preempted and the blocked worker handed on).
 * Shown: each runtime's fairshare (Jain's index per worker count), syscall's
 * p99 return lateness (in its item), and the preempt=off rows at one worker
 * (one item per runtime: what the watchdog killed, what completed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "../../../base/units.h"
#include "../../../measure/latency.h"

/* The worker count where one spinner can stop everything: the spinner and
 * the others share the one worker. */
#define F1_THREADS 1

/* hog's round trip at most 4x plain pingpong's. A fair share with one spinner
 * is 2x (the pair's hand-offs and the spinner take turns of a time slice);
 * Go's sysmon may let a spinner's turn run to two slices before it notices
 * (3x); the rest is margin for the pair's first turn at a quick size. */
#define F1_HOG_FACTOR 4.0

/* The p99 of a sleeper's lateness under spinners at most 50 ms, five time
 * slices of 10 ms (Go's forcePreemptNS, gmp's sysmon slice). Go's sysmon can
 * let a spinner run three slices before it preempts it (up to 10 ms to see
 * that a new task started, its 10-ms slice, up to 10 ms to see the slice end:
 * sysmon backs off to 10 ms between looks when it has nothing else to do),
 * and a sleeper woken meanwhile waits for the running spinner's slice to end;
 * the other two slices are margin for what the host adds (timer slack, a VM's
 * stolen time: on the 2-vCPU development VM at load 3, Go's p99 at one worker
 * under 4 spinners read 39.5 ms, its median 19.7 ms; gmp's 12.8 ms and
 * 9 ms). A runtime that does not preempt never wakes the sleeper (the
 * watchdog); one that queues it behind every spinner wakes it after T slices
 * (80 ms under the default 4 at Go's 20-ms effective slice, but only 40 ms at
 * 10-ms slices: that case the bound does not catch). */
#define F1_LATE_NS RP_F1_LATE_NS /* claims.h: 50 ms; the summary flags it too */
#define F1_LATE_P  0.99

#define F1_HOGS 4 /* wakeup's spinners when its row does not say (its default) */

static const char *const rts[] = {"pthread", "gmp", "go"};

#define N_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

/* Whether a key has preemption off (--param preempt=off). */
static bool off_key(const char *key)
{
	char v[16];
	return key_component(key, "preempt", v, sizeof v) && !strcmp(v, "off");
}

/* Host h's configuration of workload w on runtime rt at t workers, default
 * placement, preemption off or on, on channel `chan` (NULL: the reference
 * one: "go", none, Go's own, else any), a full-size one first; from make
 * bench's fairness/ when it has w, else from the main run. */
static const rm_config *find(const cl_ctx *x, const char *w, const char *rt, int t, bool off,
                             const char *chan)
{
	static const char *const prefs[] = {"go", "-", "go-native", NULL};
	int part = rm_workload_part(x->m, x->h, RM_FAIRNESS, w);
	const rm_config *list = part < 0 ? x->m->cfg : x->m->xcfg, *best = NULL;
	int n = part < 0 ? x->m->ncfg : x->m->nxcfg, rank = 99;
	for (int i = 0; i < n; i++) {
		const rm_config *c = &list[i];
		if (c->host != x->h || c->part != part || c->row->threads != t ||
		    strcmp(c->row->workload, w) || strcmp(c->row->runtime, rt) ||
		    off_key(c->g->key) != off || (chan && strcmp(c->row->chan, chan)))
			continue;
		int k = 0;
		while (prefs[k] && strcmp(prefs[k], c->row->chan))
			k++;
		/* the default placement first (a part may have one placement only) */
		k = (k * 2 + c->reduced) * 2 + !!strcmp(c->row->placement, x->m->placement);
		if (k < rank) {
			rank = k;
			best = c;
		}
	}
	return best;
}

/* The directories a fairness workload's rounds may be in: the main run and,
 * when loaded, make bench's fairness/ (-2: none). */
static void dirs_of(const cl_ctx *x, int d[2])
{
	d[0] = -1;
	d[1] = rm_part_of(x->m, x->h, RM_FAIRNESS);
	if (d[1] < 0)
		d[1] = -2;
}

/* A configuration's rounds in failures.csv, by what they say. */
typedef struct fails {
	int n;          /* failed rounds                                */
	int timeouts;   /* of them the watchdog's (kind timeout)        */
	char kinds[64]; /* their kinds                                  */
	char why[400];  /* the first reason (a timeout's, if any)       */
	long long hogs; /* the key's hogs=, or 0                        */
} fails;

/* The failed rounds of workload w on rt at t workers, preemption off or on
 * (any variant and placement: a round that never ran has no row to say). */
static void failures_of(const cl_ctx *x, const char *w, const char *rt, int t, bool off, fails *o)
{
	memset(o, 0, sizeof *o);
	int d[2];
	dirs_of(x, d);
	for (int k = 0; k < 2 && d[k] > -2; k++) {
		const csvr_table *tb = &rm_dir(x->m, x->h, d[k])->failures;
		int ck = csvr_col(tb, "key"), kk = csvr_col(tb, "kind"),
		    rk = csvr_col(tb, "reason");
		for (int r = 0; ck >= 0 && r < tb->nrows; r++) {
			const char *key = csvr_cell(tb, r, ck),
			           *kd = kk >= 0 ? csvr_cell(tb, r, kk) : "";
			char v[RM_NAME];
			if (!key_component(key, "workload", v, sizeof v) || strcmp(v, w) ||
			    !key_component(key, "runtime", v, sizeof v) || strcmp(v, rt) ||
			    !key_component(key, "threads", v, sizeof v) || atoi(v) != t ||
			    off_key(key) != off)
				continue;
			bool timeout = !strcmp(kd, "timeout");
			if (!o->why[0] || (timeout && !o->timeouts))
				snprintf(o->why, sizeof o->why, "%s",
				         rk >= 0 ? csvr_cell(tb, r, rk) : "");
			if (key_component(key, "hogs", v, sizeof v))
				o->hogs = atoll(v);
			o->n++;
			o->timeouts += timeout;
			if (!strstr(o->kinds, kd)) {
				size_t len = strlen(o->kinds);
				snprintf(o->kinds + len, sizeof o->kinds - len, "%s%.20s",
				         len ? ", " : "", kd);
			}
		}
	}
}

/* skipped.csv's reason for workload w on rt at t workers, or NULL. */
static const char *skipped(const cl_ctx *x, const char *w, const char *rt, int t, bool off)
{
	int d[2];
	dirs_of(x, d);
	for (int k = 0; k < 2 && d[k] > -2; k++) {
		const csvr_table *tb = &rm_dir(x->m, x->h, d[k])->skipped;
		for (int r = 0; r < tb->nrows && tb->ncols >= 2; r++) {
			const char *key = csvr_cell(tb, r, 0);
			char v[RM_NAME];
			if (key_component(key, "workload", v, sizeof v) && !strcmp(v, w) &&
			    key_component(key, "runtime", v, sizeof v) && !strcmp(v, rt) &&
			    key_component(key, "threads", v, sizeof v) && atoi(v) == t &&
			    off_key(key) == off)
				return csvr_cell(tb, r, 1);
		}
	}
	return NULL;
}

/* Whether host h ran workload w, in make bench's fairness/ or the main run
 * (else a note, once, saying what would measure it). */
static bool ran(cl_ctx *x, const char *w)
{
	if (rm_workload_part(x->m, x->h, RM_FAIRNESS, w) >= 0)
		return true;
	return cl_need(x, w, "fairness and preemption, issue 20");
}

/* Whether host h ran a fairness workload at t workers. */
static bool has_threads(const cl_ctx *x, int t)
{
	static const char *const ws[] = {"hog", "wakeup", "syscall", "fairshare"};
	for (int w = 0; w < N_OF(ws); w++) {
		int part = rm_workload_part(x->m, x->h, RM_FAIRNESS, ws[w]);
		const rm_config *list = part < 0 ? x->m->cfg : x->m->xcfg;
		int n = part < 0 ? x->m->ncfg : x->m->nxcfg;
		for (int i = 0; i < n; i++)
			if (list[i].host == x->h && list[i].part == part &&
			    !strcmp(list[i].row->workload, ws[w]) && list[i].row->threads == t)
				return true;
	}
	return false;
}

/* The chart a configuration's figure is on: for the main run's rows its
 * cost chart (nsop-t<T>) or its latency spectrum (latency-<case>), else the
 * table of every configuration (a part's rows have no chart of their own). */
static void anchor_of(const rm_config *c, bool latency, char *out, size_t len)
{
	if (c && c->part < 0 && latency)
		cl_anchor(out, len, "latency-%s", c->wcase);
	else if (c && c->part < 0)
		cl_anchor(out, len, "nsop-t%d", c->row->threads);
	else
		snprintf(out, len, "results");
}

/* The part of a failure's reason that says why: what the child printed
 * (after "stderr: "), else the whole reason. */
static const char *told(const char *why)
{
	const char *e = strstr(why, "stderr: ");
	return e ? e + 8 : why;
}

/* Its last clause ("the runtime did not preempt it"), for a short list. */
static const char *clause(const char *why)
{
	const char *t = told(why), *c = t;
	for (const char *p = t; (p = strstr(p, ": ")) != NULL; p += 2)
		c = p + 2;
	return c;
}

/* The item of a configuration that must complete beside a spinner (preemption
 * on): held when it has rows and no failed round; not held on a watchdog
 * round; cannot tell on other failures; a note when it neither ran nor
 * failed. `more` is added to the text of a held item. */
static void completed(cl_ctx *x, const char *w, const char *rt, int t, const char *what,
                      const char *anchor, const char *more)
{
	const rm_config *c = find(x, w, rt, t, false, NULL);
	fails fl;
	failures_of(x, w, rt, t, false, &fl);
	char where[96];
	snprintf(where, sizeof where, "%s t=%d %s", w, t, rt);
	if (c)
		cl_used(x, c);
	if (fl.timeouts)
		cl_fact(x, RP_EV_DOES_NOT, where, "skipped",
		        "%s: %d round%s hit the watchdog (%.110s): the spinning task stopped %s",
		        where, fl.timeouts, fl.timeouts > 1 ? "s" : "", told(fl.why), what);
	else if (fl.n)
		cl_fact(x, RP_EV_CANNOT_TELL, where, "skipped",
		        "%s: %d round%s failed otherwise (%s: %.90s), which says nothing of "
		        "fairness",
		        where, fl.n, fl.n > 1 ? "s" : "", fl.kinds, told(fl.why));
	else if (c) {
		char v[32], a[64];
		fmt_time_ns(v, sizeof v, c->s.median);
		if (!anchor) {
			anchor_of(c, false, a, sizeof a);
			anchor = a;
		}
		cl_fact(x, RP_EV_HOLDS, where, anchor,
		        "%s: completed all %d repetitions beside a task that never yields (%s per "
		        "%s%s)",
		        where, c->g->n, v, rm_op_noun(w), more ? more : "");
	} else {
		const char *why = skipped(x, w, rt, t, false);
		cl_note(x, "%s: %s%.160s", where, why ? "skipped: " : "not in this run",
		        why ? why : "");
	}
}

/* hog at one worker: completed, and its round trip against plain pingpong's. */
static void hog(cl_ctx *x, const char *rt)
{
	completed(x, "hog", rt, F1_THREADS, "the ping-pong beside it", NULL, NULL);
	const rm_config *c = find(x, "hog", rt, F1_THREADS, false, NULL);
	if (!c)
		return;
	const rm_config *pp = find(x, "pingpong", rt, F1_THREADS, false, c->row->chan);
	char where[96];
	snprintf(where, sizeof where, "hog t=%d %s vs pingpong", F1_THREADS, rt);
	if (!pp) {
		cl_note(x, "%s: no plain pingpong on %s at %d worker (corobench run -w pingpong)",
		        where, c->rt_chan, F1_THREADS);
		return;
	}
	if (c->reduced || pp->reduced) {
		cl_note(x, "%s: a side ran a reduced size (not compared)", where);
		return;
	}
	char anchor[64];
	anchor_of(c, false, anchor, sizeof anchor);
	cl_cmp cmp = {.a = c,
	              .b = pp,
	              .k = F1_HOG_FACTOR,
	              .where = where,
	              .anchor = anchor,
	              .what = c->part == pp->part ? "hog's round trip over plain pingpong's"
	                                          : "hog's round trip (fairness/) over plain "
	                                            "pingpong's (the main run)",
	              .la = "hog",
	              .lb = "pingpong"};
	cl_compare(x, &cmp);
}

/* The spinners a wakeup configuration ran beside (its hogs parameter). */
static long long hogs_of(const rm_config *c, const fails *fl)
{
	long long v;
	if (c && rm_param(c->row, "hogs", &v) && v > 0)
		return v;
	return fl->hogs > 0 ? fl->hogs : F1_HOGS;
}

/* wakeup, preemption on, wherever its spinners fill every worker: the p99
 * lateness against F1_LATE_NS, counted at one worker, shown at more (where
 * the spinners share more CPUs with the rest of the machine, so that the
 * lateness measures the host too). */
static void wakeup(cl_ctx *x, const char *rt)
{
	for (int i = 0; i < x->m->nthreads; i++) {
		int t = x->m->threads[i];
		const rm_config *c = find(x, "wakeup", rt, t, false, NULL);
		fails fl;
		failures_of(x, "wakeup", rt, t, false, &fl);
		if (!c && !fl.n)
			continue;
		long long hogs = hogs_of(c, &fl);
		bool counts = t == F1_THREADS;
		char where[96], anchor[64];
		snprintf(where, sizeof where, "wakeup t=%d %s", t, rt);
		if (t > hogs) {
			cl_note(x, "wakeup t=%d: %lld spinners leave a worker free (not counted)",
			        t, hogs);
			continue;
		}
		if (fl.timeouts && counts) {
			completed(x, "wakeup", rt, t, "the sleeper", "skipped", NULL);
			continue;
		}
		if (fl.timeouts) {
			cl_info(x, where, "skipped", "%s: %d round%s hit the watchdog (%.110s)",
			        where, fl.timeouts, fl.timeouts > 1 ? "s" : "", told(fl.why));
			continue;
		}
		if (!c)
			continue;
		anchor_of(c, true, anchor, sizeof anchor);
		cl_quant q = {.a = c,
		              .p = F1_LATE_P,
		              .bound_ns = F1_LATE_NS,
		              .where = where,
		              .anchor = anchor,
		              .noun = "wake-ups",
		              .what = "lateness",
		              .info = !counts};
		if (cl_quantile(x, &q) < 0 && counts)
			cl_note(x, "%s: no latency histogram (latency/), so no p99", where);
	}
}

/* fairshare at every worker count, in one item: Jain's index, shown. */
static void fairshare(cl_ctx *x, const char *rt)
{
	char text[200] = "", where[64];
	long long k = 4;
	for (int i = 0; i < x->m->nthreads; i++) {
		int t = x->m->threads[i];
		const rm_config *c = find(x, "fairshare", rt, t, false, NULL);
		const smp_group *j = c ? cl_samples(x, c, "metric:fairness_jain") : NULL;
		if (!j)
			continue;
		long long v;
		if (rm_param(c->row, "tasks", &v) && v > 0)
			k = v;
		cl_used(x, c);
		size_t n = strlen(text);
		snprintf(text + n, sizeof text - n, "%s%.2f at t=%d", n ? ", " : "",
		         stats_median(j->x, j->n), t);
	}
	if (!text[0])
		return;
	snprintf(where, sizeof where, "fairshare %s", rt);
	cl_info(x, where, "results",
	        "%s: Jain's index of the work the tasks got %s (medians; 1 = equal shares, %.2g = "
	        "one of %lld tasks took all)",
	        where, text, 1.0 / (double)k, k);
}

/* syscall at one worker: completed, with its p99 return lateness. */
static void blocking(cl_ctx *x, const char *rt)
{
	const rm_config *c = find(x, "syscall", rt, F1_THREADS, false, NULL);
	const hgrm_file *hf = c ? rm_hgrm_of(x->m, c) : NULL;
	char more[96] = "";
	if (hf && hf->total) {
		char p99[32];
		fmt_time_ns(p99, sizeof p99, hgrm_value_at(hf, 0.99) * LAT_UNIT_NS);
		snprintf(more, sizeof more, "; a blocked call's return waited %s at p99", p99);
	}
	completed(x, "syscall", rt, F1_THREADS, "the ping-pong and the blocked calls", NULL, more);
}

/* The counter-case in one item: each workload at one worker with preemption
 * off, killed by the watchdog or completed (with its figure). */
static void preempt_off(cl_ctx *x, const char *rt)
{
	static const char *const ws[] = {"hog", "wakeup", "syscall", "fairshare"};
	char killed[64] = "", done[160] = "", why[64] = "";
	for (int i = 0; i < N_OF(ws); i++) {
		const rm_config *c = find(x, ws[i], rt, F1_THREADS, true, NULL);
		fails fl;
		failures_of(x, ws[i], rt, F1_THREADS, true, &fl);
		size_t n;
		if (fl.timeouts) {
			n = strlen(killed);
			snprintf(killed + n, sizeof killed - n, "%s%s", n ? ", " : "", ws[i]);
			if (!why[0])
				snprintf(why, sizeof why, "%.60s", clause(fl.why));
			continue;
		}
		if (!c)
			continue;
		cl_used(x, c);
		char v[32];
		const smp_group *j = i == 3 ? cl_samples(x, c, "metric:fairness_jain") : NULL;
		const hgrm_file *h = i == 1 ? rm_hgrm_of(x->m, c) : NULL;
		if (j)
			snprintf(v, sizeof v, "Jain %.2f", stats_median(j->x, j->n));
		else if (h && h->total) {
			snprintf(v, sizeof v, "p99 ");
			fmt_time_ns(v + 4, sizeof v - 4, hgrm_value_at(h, 0.99) * LAT_UNIT_NS);
		} else
			fmt_time_ns(v, sizeof v, c->s.median);
		n = strlen(done);
		snprintf(done + n, sizeof done - n, "%s%s %s", n ? ", " : "", ws[i], v);
	}
	if (!killed[0] && !done[0])
		return;
	char where[64];
	snprintf(where, sizeof where, "%s preempt=off t=%d", rt, F1_THREADS);
	cl_info(x, where, "skipped", "%s (the counter-case, not counted):%s%s%s%s%s%s%s", where,
	        killed[0] ? " the watchdog killed " : "", killed, why[0] ? " (" : "", why,
	        why[0] ? ")" : "", done[0] ? (killed[0] ? "; completed: " : " completed: ") : "",
	        done);
}

void claim_f1(cl_ctx *x)
{
	bool h = ran(x, "hog"), w = ran(x, "wakeup"), s = ran(x, "syscall"),
	     f = ran(x, "fairshare");
	if ((h || s || w) && !has_threads(x, F1_THREADS))
		cl_note(x,
		        "hog, syscall, wakeup at %d worker: not in this run (corobench run -t %d)",
		        F1_THREADS, F1_THREADS);
	for (int r = 0; r < N_OF(rts); r++) {
		cl_runtime(x, rts[r]);
		if (h)
			hog(x, rts[r]);
		if (w)
			wakeup(x, rts[r]);
		if (s)
			blocking(x, rts[r]);
		if (f)
			fairshare(x, rts[r]);
		preempt_off(x, rts[r]);
	}
	cl_end(x);
}
