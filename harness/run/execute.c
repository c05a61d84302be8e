/* execute.c — see execute.h. */
#include "execute.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void nop_record(wl_measure *m, uint64_t ns)
{
	(void)m;
	(void)ns;
}

static void nop_metric(wl_measure *m, const char *name, double v)
{
	(void)m;
	(void)name;
	(void)v;
}

wl_measure exec_nop_measure(void)
{
	return (wl_measure){.record_ns = nop_record, .metric = nop_metric, .ns_per_tick = 1.0};
}

/* CPU time of this whole process (user + system, every thread, the exited ones
 * included): CLOCK_PROCESS_CPUTIME_ID, the kernel's own sum, in ns. */
static uint64_t process_cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One repetition, run as the runtime's main task. */
typedef struct rep_job {
	const rt_runtime *rt;      /* runtime in use                  */
	exec_request *req;         /* the request                     */
	wl_measure *measure;       /* never NULL (falls back to nop) */
	const cpu_set_t *pin_sets; /* the runtime's pin plan (wl_ctx) */
	exec_rep result;           /* filled by run_rep               */
} rep_job;

static void run_rep(void *arg)
{
	rep_job *job = arg;
	exec_request *req = job->req;
	exec_rep *r = &job->result;
	wl_ctx ctx = {
	    .rt = job->rt, .chan = req->chan, .workers = req->workers, .pin_sets = job->pin_sets};
	memcpy(ctx.params, req->params, sizeof ctx.params);

	void *state = req->wl->setup(&ctx, r->why, sizeof r->why);
	memcpy(r->params, ctx.params, sizeof r->params);
	if (!state) {
		if (!r->why[0])
			snprintf(r->why, sizeof r->why, "setup of %s failed", req->wl->name);
		r->unavailable = ctx.unavailable;
		return;
	}
	/* counters on, clock, run(), clock, counters off (DESIGN.md): the ioctls that
	 * switch the counters (~1.6 us each, one per group, more with more threads to
	 * reach) stay out of elapsed_ns; the counts take in two clock reads instead. */
	if (req->before_run)
		req->before_run(req->arg);
	rt_stats s0 = {0}, s1 = {0};
	if (job->rt->stats)
		job->rt->stats(&s0);
	uint64_t c0 = process_cpu_ns();
	uint64_t t0 = rt_nanotime();
	req->wl->run(state, job->measure);
	uint64_t t1 = rt_nanotime();
	uint64_t c1 = process_cpu_ns();
	if (job->rt->stats)
		job->rt->stats(&s1);
	if (req->after_run)
		req->after_run(req->arg);
	if (job->rt->stats) { /* what the runtime did over run() (rt.h's rt_stats) */
		job->measure->metric(job->measure, "preemptions",
		                     (double)(s1.preemptions - s0.preemptions));
		job->measure->metric(job->measure, "spares_lent", (double)(s1.spares - s0.spares));
	}
	r->elapsed_ns = t1 - t0;
	r->cpu_ns = c1 > c0 ? c1 - c0 : 0;
	r->ops = req->wl->ops(state);
	r->ok = req->wl->verify(state, r->why, sizeof r->why);
	if (!r->ok && !r->why[0])
		snprintf(r->why, sizeof r->why, "verify of %s failed", req->wl->name);
	req->wl->teardown(state);
}

int exec_workload(const rt_runtime *rt, const rt_config *cfg, const rt_thread_hooks *hooks,
                  exec_request *req, char *err, size_t errlen)
{
	wl_measure nop = exec_nop_measure();
	rt_use(rt);
	int rc = rt->start(cfg, hooks);
	if (rc != 0) {
		snprintf(err, errlen, "runtime %s cannot start with %d worker(s) here: %s",
		         rt->name, cfg->workers, strerror(-rc));
		/* EINVAL: this configuration cannot exist on this machine (pthreads
		 * confined to more CPUs than it has): a skip, not a failure */
		return rc == -EINVAL ? CB_EUNAVAIL : CB_EFAIL;
	}
	int status = 0;
	for (int i = 0; i < req->warmup + req->reps; i++) {
		rep_job job = {.rt = rt,
		               .req = req,
		               .measure = req->measure ? req->measure : &nop,
		               .pin_sets = cfg->pin_sets};
		job.result.rep = i;
		job.result.warmup = i < req->warmup;
		rc = rt->run_main(run_rep, &job);
		if (rc != 0) {
			snprintf(job.result.why, sizeof job.result.why,
			         "runtime %s could not run the main task: %s", rt->name,
			         strerror(-rc));
			job.result.ok = false;
		}
		if (job.result.unavailable) { /* wl_ctx.unavailable: a skip, not a failure */
			snprintf(err, errlen, "%s", job.result.why);
			rt->stop();
			return CB_EUNAVAIL;
		}
		if (req->on_rep)
			req->on_rep(req->arg, &job.result);
		if (!job.result.ok) {
			snprintf(err, errlen, "%s", job.result.why);
			status = -1;
			break;
		}
	}
	rt->stop();
	return status;
}
