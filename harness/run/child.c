/* child.c — see child.h. */
#include "child.h"

#include <stdio.h>
#include <string.h>

#include "../measure/latency.h"
#include "../measure/tsc.h"
#include "child_counters.h"
#include "child_placement.h"
#include "execute.h"
#include "../results/protocol.h"

#define CHILD_MAX_METRICS 8 /* a workload reports 2-3 metrics (RSS, bytes/task) */

/* Per-repetition metric store behind wl_measure.metric. */
typedef struct child_metrics {
	int count;                         /* in use           */
	char names[CHILD_MAX_METRICS][48]; /* metric names     */
	double values[CHILD_MAX_METRICS];  /* their values     */
} child_metrics;

/* State shared by the exec callbacks. */
typedef struct child_state {
	const child_job *job;  /* the job                                     */
	wl_measure measure;    /* handed to run()                             */
	child_metrics metrics; /* metrics of the current repetition           */
	bool info_sent;        /* the info record went out                    */
	ctr_set *ctrs;         /* --counters, NULL when none (child_counters.h) */
	lat_rec lat;           /* latency samples; empty unless records_latency */
	bool req_counters;     /* counters are switched around run()          */
	child_placement place; /* the pin plan and migration check             */
} child_state;

static void record_ns(wl_measure *m, uint64_t ns)
{
	child_state *st = m->impl;
	if (st->lat.rep)
		lat_record(&st->lat, ns);
}

static void metric(wl_measure *m, const char *name, double value)
{
	child_state *st = m->impl;
	child_metrics *cm = &st->metrics;
	for (int i = 0; i < cm->count; i++) {
		if (strcmp(cm->names[i], name) == 0) {
			cm->values[i] = value;
			return;
		}
	}
	if (cm->count == CHILD_MAX_METRICS)
		return;
	snprintf(cm->names[cm->count], sizeof cm->names[0], "%s", name);
	cm->values[cm->count++] = value;
}

static void send_info(child_state *st, const exec_rep *r)
{
	const cb_config *cfg = st->job->cfg;
	proto_writer w;
	proto_begin(&w, "info");
	bool reduced = false;
	for (int i = 0; i < cfg->wl->nparams; i++) {
		char key[64];
		snprintf(key, sizeof key, "param.%s", cfg->wl->params[i].name);
		proto_addf(&w, key, "%lld", (long long)r->params[i]);
		reduced |= r->params[i] != cfg->params[i];
	}
	proto_add(&w, "reduced", reduced ? "1" : "0");
	child_counters_info(st->ctrs, &w);
	child_placement_info(&st->place, &w);
	proto_emit(&w, st->job->fd);
	st->info_sent = true;
}

static void on_rep(void *arg, const exec_rep *r)
{
	child_state *st = arg;
	const child_job *job = st->job;
	if (!st->info_sent)
		send_info(st, r);
	if (st->lat.rep) /* only measured, verified repetitions reach latency/ */
		lat_end_rep(&st->lat, r->ok && !r->warmup);
	proto_writer w;
	if (!r->ok) {
		child_counters_rep(st->ctrs, NULL); /* keep the next delta aligned */
		proto_begin(&w, "fail");
		proto_add(&w, "fail_kind", "verify");
		proto_addf(&w, "rep", "%d", r->rep);
		proto_add(&w, "reason", r->why);
		proto_emit(&w, job->fd);
		return;
	}
	proto_begin(&w, "rep");
	proto_addf(&w, "round", "%d", job->round);
	proto_addf(&w, "rep", "%d", r->rep);
	proto_add(&w, "warmup", r->warmup ? "1" : "0");
	proto_addf(&w, "elapsed_ns", "%llu", (unsigned long long)r->elapsed_ns);
	proto_addf(&w, "cpu_ns", "%llu", (unsigned long long)r->cpu_ns);
	proto_addf(&w, "ops", "%llu", (unsigned long long)r->ops);
	for (int i = 0; i < st->metrics.count; i++) {
		char key[64];
		snprintf(key, sizeof key, "metric.%s", st->metrics.names[i]);
		proto_addf(&w, key, "%.17g", st->metrics.values[i]);
	}
	st->metrics.count = 0;
	child_counters_rep(st->ctrs, &w);
	child_placement_rep(&st->place, child_counters_value(st->ctrs, "cpu-migrations"), &w);
	proto_emit(&w, job->fd);
}

/* Counters on/off: execute.h calls these just outside the clock pair. */
static void counters_on(void *arg)
{
	ctr_enable(((child_state *)arg)->ctrs);
}

/* Counters off first, so the placement check is not counted. */
static void after_run(void *arg)
{
	child_state *st = arg;
	if (st->req_counters)
		ctr_disable(st->ctrs);
	child_placement_after_run(&st->place);
}

/* A record of `kind` with a reason, then done: the child ends before the runtime. */
static int end_early(const child_job *job, const char *kind, const char *reason)
{
	proto_writer w;
	proto_begin(&w, kind);
	if (strcmp(kind, "fail") == 0)
		proto_add(&w, "fail_kind", "error");
	proto_add(&w, "reason", reason);
	proto_emit(&w, job->fd);
	proto_begin(&w, "done");
	proto_emit(&w, job->fd);
	return 0;
}

int child_run(const child_job *job)
{
	const cb_config *cfg = job->cfg;
	child_state st = {.job = job};
	st.measure = (wl_measure){.record_ns = record_ns,
	                          .metric = metric,
	                          .ns_per_tick = tsc_ns_per_tick(),
	                          .impl = &st};
	if (cfg->wl->records_latency && !lat_init(&st.lat))
		fprintf(stderr, "corobench: no memory for latency histograms; samples dropped\n");
	char err[512] = "";
	int prc = child_placement_open(&st.place, cfg->placement, cfg->threads, err, sizeof err);
	if (prc != CB_OK) {
		lat_free(&st.lat);
		return end_early(job, prc == CB_EUNAVAIL ? "skip" : "fail", err);
	}
	rt_config rc = {.workers = cfg->threads,
	                .pin_sets = st.place.plan.pin_sets,
	                .preempt_off = cfg->preempt_off};
	exec_request req = {
	    .wl = cfg->wl,
	    .chan = cfg->chan,
	    .workers = cfg->threads,
	    .warmup = job->warmup,
	    .reps = job->reps,
	    .measure = &st.measure,
	    .on_rep = on_rep,
	    .arg = &st,
	};
	memcpy(req.params, cfg->params, sizeof req.params);
	/* Before the runtime starts: its threads inherit the set (counters.h). */
	st.ctrs = child_counters_open(job->counters);
	st.req_counters = ctr_any_open(st.ctrs);
	if (st.req_counters)
		req.before_run = counters_on;
	req.after_run = after_run;

	int rc_exec = exec_workload(cfg->rt, &rc, &st.place.hooks, &req, err, sizeof err);
	proto_writer w;
	if (rc_exec == CB_EUNAVAIL) {
		proto_begin(&w, "skip");
		proto_add(&w, "reason", err);
		proto_emit(&w, job->fd);
	} else if (rc_exec != CB_OK && !st.info_sent) { /* failed before any repetition */
		proto_begin(&w, "fail");
		proto_add(&w, "fail_kind", "error");
		proto_add(&w, "reason", err);
		proto_emit(&w, job->fd);
	}
	/* A latency file that cannot be written is a failed write of the results:
	 * fail_kind=write stops the run (runner.h), as the parent's own writes do. */
	if (st.lat.kept && histo_count(st.lat.kept) > 0 && job->outdir &&
	    !lat_save(&st.lat, job->outdir, cfg->key, err, sizeof err)) {
		proto_begin(&w, "fail");
		proto_add(&w, "fail_kind", "write");
		proto_add(&w, "reason", err);
		proto_emit(&w, job->fd);
	}
	lat_free(&st.lat);
	proto_begin(&w, "done");
	proto_emit(&w, job->fd);
	ctr_close(st.ctrs);
	child_placement_close(&st.place);
	return 0;
}
