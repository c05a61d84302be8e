/*
 * test_pt_floor.c — the pthread runtime's blocking hand-off held against the
 * kernel's own floor (issue 21), and the context switches it costs.
 *
 * What it measures, in one process, configurations interleaved round by round:
 *   - the floor: a hand-written futex ping-pong between two raw threads (a word
 *     each, three states, FUTEX_WAKE only when the partner sleeps: the protocol a
 *     careful C programmer writes, and the runtime's own park/ready without its
 *     spin), on the first CPU of this process's mask (the CPU `-t 1` confines the
 *     runtime to) under SCHED_OTHER and under SCHED_BATCH, and across the first
 *     two CPUs;
 *   - the pthread runtime, as the workloads use it (docs/WORKLOADS.md): pingpong
 *     over every unbuffered channel variant (a partner loops recv(a), send(b,
 *     v+1); main does send(a, v), recv(b)), at -t 1 and -t 2; a ring of RING
 *     tasks passing a token (ring's definition, smaller); RT_MUTEX_TASKS tasks
 *     incrementing under rt_mutex; WG_TASKS tasks calling done on a wait group
 *     that main waits on (spawn's definition, smaller).
 * Time is CLOCK_MONOTONIC around the measured loop (after a warm-up); switches are
 * getrusage(RUSAGE_SELF) deltas over the same loop (voluntary and involuntary,
 * every thread of the process: the test thread itself sleeps in a join), which
 * count what perf's context-switches event counts (both tick in __schedule when
 * another task is picked), not a thread's last switch when it exits.
 *
 * What it prints (`make test` shows it; `build/tests/test_pt_floor` alone prints
 * it too, docs/THREADS-BASELINE.md uses it): per configuration the median and
 * the minimum ns per operation over ROUNDS rounds, the median switches per
 * operation split voluntary + involuntary, and pingpong's ratio to the floor.
 *
 * What it asserts: counts only, never time (the machine is shared). On one CPU,
 * when the kernel lets task threads run SCHED_BATCH, the best of ROUNDS rounds
 * must show the hand-off without the switches wake-up preemption used to add:
 * pingpong <= 2.2 per round trip on every unbuffered variant (2 is the minimum:
 * each side must sleep once per round trip), the ring <= 1.1 per hop (minimum
 * 1), the mutex <= 0.01 per increment and the wait group <= 0.1 voluntary
 * switches per task more than raw threads pay for the same spawns (the minimum for both is 0 plus
 * what the tick takes; under qemu-user thread creation alone costs 3-5 switches per thread, which
 * the raw-thread floor pays too; before the fix: 3.63, 1.05-1.4, -, ~1). The best round, because
 * another process on that CPU can only add switches, never take one away. Under TSan the counts are
 * printed, not checked (its runtime takes locks of its own around thread creation and exit).
 * COROBENCH_TEST_SCALE=N divides the iteration counts.
 */
#include "support/rt_scenarios.h"
#include "support/scale.h"
#include "support/tsan_build.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../runtimes/chan/chan.h"

enum {
	ROUNDS = 7,         /* interleaved rounds; medians and minima over them     */
	TRIPS_1CPU = 20000, /* round trips per round on one CPU (~2 us each)         */
	TRIPS_2CPU = 2000,  /* across two vCPUs a round trip is ~30-60 us here       */
	WARM = 200,         /* round trips (or hops) before the clock starts         */
	RING = 8,           /* ring members                                          */
	HOPS = 20000,       /* hops per round                                        */
	RT_MUTEX_TASKS = 4, /* the mutex workload's default T                        */
	RT_MUTEX_OPS = 200000,
	WG_TASKS = 500, /* tasks per wait-group round                            */
	MAX_CONFIGS = 24,
};

/* ---- what a run measured */

typedef struct sample {
	double ns;    /* ns per operation                        */
	double vol;   /* voluntary switches per operation        */
	double invol; /* involuntary (preempted) ones            */
} sample;

typedef struct meter {
	uint64_t t0;      /* clock at start  */
	struct rusage u0; /* usage at start  */
} meter;

static void meter_start(meter *m)
{
	getrusage(RUSAGE_SELF, &m->u0);
	m->t0 = rts_now_ns();
}

static sample meter_stop(const meter *m, long ops)
{
	uint64_t t1 = rts_now_ns();
	struct rusage u1;
	getrusage(RUSAGE_SELF, &u1);
	return (sample){
	    .ns = (double)(t1 - m->t0) / (double)ops,
	    .vol = (double)(u1.ru_nvcsw - m->u0.ru_nvcsw) / (double)ops,
	    .invol = (double)(u1.ru_nivcsw - m->u0.ru_nivcsw) / (double)ops,
	};
}

static int nth_cpu(int n)
{
	cpu_set_t mine;
	if (sched_getaffinity(0, sizeof mine, &mine) != 0)
		return -1;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &mine) && n-- == 0)
			return c;
	return -1;
}

static bool set_policy(int policy)
{
	struct sched_param none = {.sched_priority = 0};
	return sched_setscheduler(0, policy, &none) == 0;
}

/* ---- the floor: a futex ping-pong between two raw threads */

enum { FX_IDLE, FX_POSTED, FX_SLEEPING };

typedef struct fx_word {
	_Alignas(64) atomic_uint w; /* one cache line each */
} fx_word;

typedef struct fx_pair {
	fx_word word[2]; /* 0: the measuring side's, 1: the partner's  */
	long trips;      /* measured round trips                       */
	int policy;      /* SCHED_OTHER or SCHED_BATCH for both         */
	bool policy_ok;  /* both sides got the policy                   */
	sample out;      /* the measuring side's result                 */
} fx_pair;
_Static_assert(sizeof(fx_pair) % 64 == 0, "aligned_alloc needs a multiple of the alignment");

static void fx_post(atomic_uint *w)
{
	if (atomic_exchange(w, FX_POSTED) == FX_SLEEPING)
		syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void fx_wait(atomic_uint *w)
{
	unsigned expect = FX_IDLE;
	if (atomic_compare_exchange_strong(w, &expect, FX_SLEEPING))
		while (atomic_load(w) == FX_SLEEPING)
			syscall(SYS_futex, (uint32_t *)w, FUTEX_WAIT_PRIVATE, FX_SLEEPING, NULL,
			        NULL, 0);
	atomic_store_explicit(w, FX_IDLE, memory_order_relaxed);
}

static void *fx_partner(void *arg)
{
	fx_pair *p = arg;
	if (!set_policy(p->policy))
		p->policy_ok = false;
	for (long i = 0; i < WARM + p->trips; i++) {
		fx_wait(&p->word[1].w);
		fx_post(&p->word[0].w);
	}
	return NULL;
}

static void *fx_measure(void *arg)
{
	fx_pair *p = arg;
	if (!set_policy(p->policy))
		p->policy_ok = false;
	for (long i = 0; i < WARM; i++) {
		fx_post(&p->word[1].w);
		fx_wait(&p->word[0].w);
	}
	meter m;
	meter_start(&m);
	for (long i = 0; i < p->trips; i++) {
		fx_post(&p->word[1].w);
		fx_wait(&p->word[0].w);
	}
	p->out = meter_stop(&m, p->trips);
	return NULL;
}

static pthread_t fx_thread(void *(*fn)(void *), void *p, int cpu)
{
	pthread_attr_t a;
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	assert_int_equal(pthread_attr_init(&a), 0);
	assert_int_equal(pthread_attr_setaffinity_np(&a, sizeof s, &s), 0);
	pthread_t t;
	assert_int_equal(pthread_create(&t, &a, fn, p), 0);
	pthread_attr_destroy(&a);
	return t;
}

/* One round of the floor; false if the policy was refused. */
static bool fx_run(int policy, int cpu0, int cpu1, long trips, sample *out)
{
	fx_pair *p = aligned_alloc(64, sizeof *p);
	assert_non_null(p);
	memset(p, 0, sizeof *p);
	p->trips = trips;
	p->policy = policy;
	p->policy_ok = true;
	pthread_t b = fx_thread(fx_partner, p, cpu1);
	pthread_t a = fx_thread(fx_measure, p, cpu0);
	assert_int_equal(pthread_join(a, NULL), 0);
	assert_int_equal(pthread_join(b, NULL), 0);
	bool ok = p->policy_ok;
	*out = p->out;
	free(p);
	return ok;
}

/* ---- the floor of spawn + wait: raw threads and a futex counter */

typedef struct sp_floor {
	atomic_long left; /* children that have not counted down yet */
	atomic_uint word; /* 1 once the last one did                  */
	long tasks;       /* children per round                       */
	sample out;       /* the spawner's result                     */
} sp_floor;

static sp_floor spf; /* static: a detached child may still be leaving after the round */

static void *sp_child(void *arg)
{
	sp_floor *f = arg;
	if (atomic_fetch_sub(&f->left, 1) == 1) {
		atomic_store(&f->word, 1);
		syscall(SYS_futex, (uint32_t *)&f->word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	return NULL;
}

/* The spawner: pinned like the runtime's main task at -t 1, SCHED_BATCH like it,
 * children created detached with the runtime's default stack and inheriting both. */
static void *sp_spawner(void *arg)
{
	sp_floor *f = arg;
	set_policy(SCHED_BATCH);
	pthread_attr_t a;
	assert_int_equal(pthread_attr_init(&a), 0);
	assert_int_equal(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0);
	assert_int_equal(pthread_attr_setstacksize(&a, 256u << 10), 0);
	meter m;
	meter_start(&m);
	for (long i = 0; i < f->tasks; i++) {
		pthread_t t;
		if (pthread_create(&t, &a, sp_child, f) != 0)
			abort();
	}
	while (atomic_load(&f->word) == 0)
		syscall(SYS_futex, (uint32_t *)&f->word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	f->out = meter_stop(&m, f->tasks);
	pthread_attr_destroy(&a);
	return NULL;
}

static void sp_run(long tasks, sample *out)
{
	spf.tasks = tasks;
	atomic_store(&spf.left, tasks);
	atomic_store(&spf.word, 0);
	pthread_t t = fx_thread(sp_spawner, &spf, nth_cpu(0));
	assert_int_equal(pthread_join(t, NULL), 0);
	*out = spf.out;
}

/* ---- the runtime: pingpong over one channel variant */

typedef struct pp_run {
	const chan_variant *v; /* the variant                 */
	long trips;            /* measured round trips        */
	chan *a, *b;           /* main -> partner -> main     */
	rt_waitgroup exited;   /* the partner is done         */
	int policy;            /* main task's policy, seen    */
	sample out;            /* main's result               */
} pp_run;

static void pp_partner(void *arg)
{
	pp_run *r = arg;
	int64_t v;
	while (chan_recv(r->a, &v) == CHAN_OK) {
		v++;
		if (chan_send(r->b, &v) != CHAN_OK)
			break;
	}
	rt_wg_done(&r->exited);
}

static void pp_main(void *arg)
{
	pp_run *r = arg;
	r->policy = sched_getscheduler(0);
	r->a = chan_make(r->v, sizeof(int64_t), 0);
	r->b = chan_make(r->v, sizeof(int64_t), 0);
	RTS_EXPECT(r->a && r->b);
	if (!r->a || !r->b)
		return;
	rt_wg_init(&r->exited);
	rt_wg_add(&r->exited, 1);
	RTS_EXPECT(rt_go(pp_partner, r) == 0);
	int64_t v = 0;
	for (long i = 0; i < WARM; i++)
		RTS_EXPECT(chan_send(r->a, &v) == CHAN_OK && chan_recv(r->b, &v) == CHAN_OK);
	meter m;
	meter_start(&m);
	for (long i = 0; i < r->trips; i++)
		if (chan_send(r->a, &v) != CHAN_OK || chan_recv(r->b, &v) != CHAN_OK)
			break;
	r->out = meter_stop(&m, r->trips);
	RTS_EXPECT(v == WARM + r->trips);
	chan_close(r->a);
	rt_wg_wait(&r->exited);
	chan_destroy(r->a);
	chan_destroy(r->b);
}

/* ---- the runtime: a ring of RING tasks passing a token */

typedef struct ring_run ring_run;

typedef struct ring_member {
	ring_run *r; /* the ring   */
	int i;       /* my index   */
} ring_member;

struct ring_run {
	const chan_variant *v;    /* the variant                           */
	long hops;                /* measured hops                         */
	chan *link[RING];         /* member i receives from link[i]        */
	chan *done;               /* the member that gets 0 reports here   */
	ring_member member[RING]; /* their arguments                       */
	rt_waitgroup exited;      /* every member is done                  */
	sample out;               /* main's result                         */
};

static void ring_member_run(void *arg)
{
	ring_member *m = arg;
	ring_run *r = m->r;
	int64_t t;
	while (chan_recv(r->link[m->i], &t) == CHAN_OK) {
		int rc;
		if (t == 0) {
			int64_t who = m->i;
			rc = chan_send(r->done, &who);
		} else {
			t--;
			rc = chan_send(r->link[(m->i + 1) % RING], &t);
		}
		if (rc != CHAN_OK)
			break;
	}
	rt_wg_done(&r->exited);
}

/* Passes the token `hops` hops; returns who ended with it. */
static int64_t ring_pass(ring_run *r, long hops)
{
	int64_t t = hops, who = -1;
	RTS_EXPECT(chan_send(r->link[0], &t) == CHAN_OK);
	RTS_EXPECT(chan_recv(r->done, &who) == CHAN_OK);
	return who;
}

static void ring_main(void *arg)
{
	ring_run *r = arg;
	r->done = chan_make(r->v, sizeof(int64_t), 0);
	RTS_EXPECT(r->done != NULL);
	for (int i = 0; i < RING; i++) {
		r->link[i] = chan_make(r->v, sizeof(int64_t), 0);
		RTS_EXPECT(r->link[i] != NULL);
	}
	rt_wg_init(&r->exited);
	rt_wg_add(&r->exited, RING);
	for (int i = 0; i < RING; i++) {
		r->member[i] = (ring_member){.r = r, .i = i};
		RTS_EXPECT(rt_go(ring_member_run, &r->member[i]) == 0);
	}
	RTS_EXPECT(ring_pass(r, WARM) == WARM % RING);
	meter m;
	meter_start(&m);
	int64_t who = ring_pass(r, r->hops);
	r->out = meter_stop(&m, r->hops);
	RTS_EXPECT(who == r->hops % RING);
	for (int i = 0; i < RING; i++)
		chan_close(r->link[i]);
	rt_wg_wait(&r->exited);
	for (int i = 0; i < RING; i++)
		chan_destroy(r->link[i]);
	chan_destroy(r->done);
}

/* ---- the runtime: rt_mutex under RT_MUTEX_TASKS tasks */

typedef struct mutex_run {
	long ops;        /* increments in all          */
	rt_mutex lock;   /* the mutex under test       */
	long counter;    /* what it guards             */
	rt_waitgroup wg; /* the incrementers           */
	sample out;      /* main's result              */
} mutex_run;

static void mutex_task(void *arg)
{
	mutex_run *r = arg;
	for (long i = 0; i < r->ops / RT_MUTEX_TASKS; i++) {
		rt_mutex_lock(&r->lock);
		r->counter++;
		rt_mutex_unlock(&r->lock);
	}
	rt_wg_done(&r->wg);
}

static void mutex_main(void *arg)
{
	mutex_run *r = arg;
	rt_mutex_init(&r->lock);
	rt_wg_init(&r->wg);
	rt_wg_add(&r->wg, RT_MUTEX_TASKS);
	meter m;
	meter_start(&m);
	for (int i = 0; i < RT_MUTEX_TASKS; i++)
		RTS_EXPECT(rt_go(mutex_task, r) == 0);
	rt_wg_wait(&r->wg);
	r->out = meter_stop(&m, r->ops);
	RTS_EXPECT(r->counter == r->ops / RT_MUTEX_TASKS * RT_MUTEX_TASKS);
}

/* ---- the runtime: WG_TASKS tasks calling done on a wait group main waits on */

typedef struct wg_run {
	long tasks;      /* spawned             */
	rt_waitgroup wg; /* what they signal    */
	atomic_long ran; /* how many ran        */
	sample out;      /* main's result       */
} wg_run;

static void wg_task(void *arg)
{
	wg_run *r = arg;
	atomic_fetch_add(&r->ran, 1);
	rt_wg_done(&r->wg);
}

static void wg_main(void *arg)
{
	wg_run *r = arg;
	rt_wg_init(&r->wg);
	rt_wg_add(&r->wg, r->tasks);
	meter m;
	meter_start(&m);
	for (long i = 0; i < r->tasks; i++)
		RTS_EXPECT(rt_go(wg_task, r) == 0);
	rt_wg_wait(&r->wg);
	r->out = meter_stop(&m, r->tasks);
	RTS_EXPECT(atomic_load(&r->ran) == r->tasks);
}

/* ---- configurations, rounds, the table */

typedef enum kind { FLOOR, SPAWN_FLOOR, PINGPONG, RINGK, MUTEX, WAITGROUP } kind;

typedef struct config {
	char name[40];             /* printed                                   */
	kind k;                    /* what runs                                 */
	int workers;               /* -t (runtime) or CPUs used (floor)         */
	int policy;                /* floor only                                */
	const chan_variant *v;     /* pingpong and ring                         */
	long ops;                  /* per round                                 */
	const char *unit;          /* "round trip", "hop", ...                  */
	double max_switches;       /* asserted bound on the best round; 0: none */
	const struct config *plus; /* the bound adds this floor's best round */
	sample s[ROUNDS];          /* one per round                             */
	bool refused;              /* the floor's policy was refused            */
} config;

static const rt_runtime *pthread_rt(void)
{
	const rt_runtime *rt = rt_find("pthread");
	assert_non_null(rt);
	return rt;
}

static void run_config(config *c, int round)
{
	sample *out = &c->s[round];
	switch (c->k) {
	case FLOOR: {
		int cpu0 = nth_cpu(0), cpu1 = c->workers == 2 ? nth_cpu(1) : cpu0;
		c->refused |= !fx_run(c->policy, cpu0, cpu1, c->ops, out);
		break;
	}
	case SPAWN_FLOOR:
		sp_run(c->ops, out);
		break;
	case PINGPONG: {
		pp_run r = {.v = c->v, .trips = c->ops};
		rts_run(pthread_rt(), c->workers, pp_main, &r);
		*out = r.out;
		break;
	}
	case RINGK: {
		ring_run *r = calloc(1, sizeof *r);
		assert_non_null(r);
		r->v = c->v;
		r->hops = c->ops;
		rts_run(pthread_rt(), c->workers, ring_main, r);
		*out = r->out;
		free(r);
		break;
	}
	case MUTEX: {
		mutex_run r = {.ops = c->ops};
		rts_run(pthread_rt(), c->workers, mutex_main, &r);
		*out = r.out;
		break;
	}
	case WAITGROUP: {
		wg_run r = {.tasks = c->ops};
		rts_run(pthread_rt(), c->workers, wg_main, &r);
		*out = r.out;
		break;
	}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_of(const config *c, double (*get)(const sample *))
{
	double v[ROUNDS];
	for (int i = 0; i < ROUNDS; i++)
		v[i] = get(&c->s[i]);
	qsort(v, ROUNDS, sizeof v[0], cmp_double);
	return v[ROUNDS / 2];
}

static double min_of(const config *c, double (*get)(const sample *))
{
	double m = get(&c->s[0]);
	for (int i = 1; i < ROUNDS; i++)
		if (get(&c->s[i]) < m)
			m = get(&c->s[i]);
	return m;
}

static double get_ns(const sample *s)
{
	return s->ns;
}
static double get_sw(const sample *s)
{
	return s->vol + s->invol;
}
static double get_vol(const sample *s)
{
	return s->vol;
}
static double get_invol(const sample *s)
{
	return s->invol;
}

static void print_load(void)
{
	char buf[128] = "?";
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (!fgets(buf, sizeof buf, f))
			strcpy(buf, "?\n");
		fclose(f);
	}
	printf("test_pt_floor: load average %s", buf);
}

/* Runs the configurations interleaved, prints the table, returns how many there were. */
static void measure(config *cs, int n)
{
	for (int round = 0; round < ROUNDS; round++)
		for (int i = 0; i < n; i++)
			run_config(&cs[i], round);
	print_load();
	printf("test_pt_floor: %d rounds; ns per op: median (min); switches per op: median "
	       "(voluntary + involuntary), min\n",
	       ROUNDS);
	for (int i = 0; i < n; i++) {
		const config *c = &cs[i];
		if (c->refused) {
			printf("  %-26s policy refused here: not measured\n", c->name);
			continue;
		}
		printf("  %-26s %9.1f (%9.1f) ns/%-10s %6.3f (%.3f + %.3f), min %.3f\n", c->name,
		       median_of(c, get_ns), min_of(c, get_ns), c->unit, median_of(c, get_sw),
		       median_of(c, get_vol), median_of(c, get_invol), min_of(c, get_sw));
	}
}

/* Pingpong's ratio to every floor measured on the same CPUs, medians over medians. */
static void print_ratios(const config *cs, int n, int cpus)
{
	for (int f = 0; f < n; f++) {
		if (cs[f].k != FLOOR || cs[f].workers != cpus || cs[f].refused)
			continue;
		double floor = median_of(&cs[f], get_ns);
		for (int i = 0; i < n; i++)
			if (cs[i].k == PINGPONG && cs[i].workers == cpus)
				printf("  %-26s %.2fx the %s (%.0f ns)\n", cs[i].name,
				       median_of(&cs[i], get_ns) / floor, cs[f].name, floor);
	}
}

static bool runtime_gets_batch(void)
{
	pp_run r = {.v = chan_find("go"), .trips = 1};
	if (!r.v)
		return false;
	rts_run(pthread_rt(), 1, pp_main, &r);
	return r.policy == SCHED_BATCH;
}

static int add_unbuffered(config *cs, int n, kind k, int workers, long ops, const char *unit,
                          double bound)
{
	for (int i = 0; i < chan_variant_count() && n < MAX_CONFIGS; i++) {
		const chan_variant *v = chan_variant_at(i);
		if (!(v->caps & CHAN_CAP_UNBUFFERED))
			continue;
		config *c = &cs[n++];
		*c = (config){.k = k,
		              .workers = workers,
		              .v = v,
		              .ops = ops,
		              .unit = unit,
		              .max_switches = bound};
		snprintf(c->name, sizeof c->name, "pthread %s/%s -t %d",
		         k == RINGK ? "ring" : "pingpong", v->name, workers);
	}
	return n;
}

static config floor_config(const char *name, int cpus, int policy, long trips)
{
	config c = {
	    .k = FLOOR, .workers = cpus, .policy = policy, .ops = trips, .unit = "round trip"};
	snprintf(c.name, sizeof c.name, "%s", name);
	return c;
}

static void test_one_cpu(void **state)
{
	(void)state;
	static config cs[MAX_CONFIGS];
	int n = 0;
	long trips = ts_iters(TRIPS_1CPU, 1000), hops = ts_iters(HOPS, 1000);
	cs[n++] = floor_config("futex floor SCHED_OTHER", 1, SCHED_OTHER, trips);
	cs[n++] = floor_config("futex floor SCHED_BATCH", 1, SCHED_BATCH, trips);
	n = add_unbuffered(cs, n, PINGPONG, 1, trips, "round trip", 2.2);
	n = add_unbuffered(cs, n, RINGK, 1, hops, "hop", 1.1);
	cs[n++] = (config){.name = "pthread rt_mutex x4 -t 1",
	                   .k = MUTEX,
	                   .workers = 1,
	                   .ops = ts_iters(RT_MUTEX_OPS, 20000),
	                   .unit = "increment",
	                   .max_switches = 0.01};
	long tasks = ts_iters(WG_TASKS, 100);
	config *spawn = &cs[n];
	cs[n++] = (config){.name = "spawn floor (raw threads)",
	                   .k = SPAWN_FLOOR,
	                   .workers = 1,
	                   .ops = tasks,
	                   .unit = "task"};
	cs[n++] = (config){.name = "pthread wait group -t 1",
	                   .k = WAITGROUP,
	                   .workers = 1,
	                   .ops = tasks,
	                   .unit = "task",
	                   .max_switches = 0.1,
	                   .plus = spawn};
	measure(cs, n);
	print_ratios(cs, n, 1);
	bool check = runtime_gets_batch() && !TSAN_BUILD;
	if (!check)
		printf("test_pt_floor: %s: switch counts printed, not checked\n",
		       TSAN_BUILD ? "TSan build" : "task threads do not run SCHED_BATCH here");
	for (int i = 0; i < n; i++) {
		const config *c = &cs[i];
		if (!check || c->max_switches == 0)
			continue;
		/* Against a floor (the wait group against raw threads' spawns), voluntary
		 * switches only: under qemu-user a thread's creation adds involuntary
		 * ones as the host preempts qemu's threads, 0.36-1.14 per task between
		 * CI runs at load 4 (voluntary 3.30-3.37 every time), so the total of
		 * two separately measured loops differed by more than the bound. */
		double (*get)(const sample *) = c->plus ? get_vol : get_sw;
		double best = min_of(c, get);
		double bound = c->max_switches + (c->plus ? min_of(c->plus, get) : 0);
		if (best > bound)
			fail_msg("%s: %.3f %sswitches per %s in its best round, more than %.2f",
			         c->name, best, c->plus ? "voluntary " : "", c->unit, bound);
	}
}

/* What the two system calls of park/ready cost by themselves, no switch: a
 * FUTEX_WAKE that finds nobody, a FUTEX_WAIT that returns EAGAIN at once (the
 * word already changed). Best of ROUNDS, per call. */
static void test_syscall_costs(void **state)
{
	(void)state;
	long calls = ts_iters(100000, 1000);
	atomic_uint w = 0;
	double wake = 0, wait = 0;
	for (int round = 0; round < ROUNDS; round++) {
		uint64_t t0 = rts_now_ns();
		for (long i = 0; i < calls; i++)
			syscall(SYS_futex, (uint32_t *)&w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		uint64_t t1 = rts_now_ns();
		for (long i = 0; i < calls; i++)
			syscall(SYS_futex, (uint32_t *)&w, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
		uint64_t t2 = rts_now_ns();
		double a = (double)(t1 - t0) / (double)calls, b = (double)(t2 - t1) / (double)calls;
		if (round == 0 || a < wake)
			wake = a;
		if (round == 0 || b < wait)
			wait = b;
	}
	printf("test_pt_floor: FUTEX_WAKE, nobody waiting: %.0f ns; FUTEX_WAIT, word changed "
	       "(EAGAIN): %.0f ns (best of %d x %ld calls)\n",
	       wake, wait, ROUNDS, calls);
}

static void test_two_cpus(void **state)
{
	(void)state;
	if (nth_cpu(1) < 0) {
		printf("test_pt_floor: one CPU in this process's mask: nothing across two\n");
		skip();
	}
	static config cs[MAX_CONFIGS];
	int n = 0;
	long trips = ts_iters(TRIPS_2CPU, 200);
	cs[n++] = floor_config("futex floor 2 CPUs", 2, SCHED_OTHER, trips);
	n = add_unbuffered(cs, n, PINGPONG, 2, trips, "round trip", 0);
	measure(cs, n);
	print_ratios(cs, n, 2);
}

int main(void)
{
	rts_watchdog(300);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_syscall_costs),
	    cmocka_unit_test(test_one_cpu),
	    cmocka_unit_test(test_two_cpus),
	};
	return cmocka_run_group_tests_name("pt_floor", tests, NULL, NULL);
}
