/*
 * pipeline.c — the seed's analytics scenario end to end: a data platform ingests
 * a stream of play events, parses them, aggregates by key and answers a top-10
 * query. Fan-out, backpressure and per-event latency in one workload.
 *
 *            raw (256)            events[w] (256), w = hash(user) % W
 *   source ------------> parse ------------------------------> aggregator[w]
 *                                                                   | result[w] (1)
 *                                                                   v
 *                                                        sink: merge, top 10
 *
 * Definition (docs/WORKLOADS.md): a source emits N synthetic play events (user,
 * song, ms) from a fixed-seed PRNG; a parse stage validates; events fan out by
 * hash(user) % W to W aggregators over buffered channels (capacity 256);
 * aggregators count plays per song; a sink merges the counts and produces the top
 * 10 songs. Answer: the top 10, the total and every per-song count equal a
 * single-threaded reference computed in setup() from the same seed.
 * n = N events. Default W = 4.
 *
 * The event stream (so that the Go peer, or anyone, can reproduce it exactly)
 *   - PRNG: SplitMix64 (Steele, Lea, Flood 2014): state += 0x9e3779b97f4a7c15;
 *     z = state; z = (z ^ z>>30) * 0xbf58476d1ce4e5b9; z = (z ^ z>>27) *
 *     0x94d049bb133111eb; out = z ^ z>>31. Seed (initial state) PIPE_SEED =
 *     0x636f726f62656e63 ("corobenc"). Event i is the (i+1)-th output `bits`.
 *   - The source sends `bits` raw; parsing decodes it:
 *       user = (bits >> 40) % 100000                         (100,000 users)
 *       x    = (bits >> 20) & 0xfffff; r = ((x*x >> 20) * x >> 20) * 10000 >> 20
 *       song = (r * 7919 + 13) % 10000                       (10,000 songs)
 *       ms   = (bits & 0xfffff) % 640000                     (play length)
 *     r = 10000 * u^3 for u uniform in [0,1) is a heavy-tailed popularity (song
 *     rank r has probability ~ r^(-2/3)); 7919 is prime to 10000, so the map to
 *     song ids is a bijection that scatters the hits over the id space.
 *   - Valid iff user < 100000, song < 10000 and 30000 <= ms < 600000 (a stream
 *     counts as a play after 30 s; longer than 10 minutes is a broken client):
 *     ~89% of events. The parse stage drops the rest and counts them.
 *   - Fan-out: aggregator = ((uint32_t)user * 2654435761u >> 16) % W (Knuth's
 *     multiplicative hash; the high half mixes all bits of user).
 *   - Top 10: by count descending, ties by song id ascending (deterministic).
 *
 * Latency (no coordinated omission)
 *   Every 8th event (PIPE_SAMPLE_EVERY, by sequence number) carries its intended
 *   emission time in ticks; the aggregator that counts it stores now - intended
 *   (events parse drops are never aggregated, so they have no latency).
 *   With rate > 0 the source is open-loop: event i is due at t0 + i/rate, the
 *   source waits for that moment when early and sends at once when late, and the
 *   latency counts from the due time, so a stall anywhere (a stage descheduled,
 *   the source blocked by backpressure) shows in the tail of every event that
 *   should have been emitted meanwhile. With rate = 0 (the default, which measures
 *   throughput) the source emits as fast as backpressure lets it and an event is
 *   due when it is generated: closed-loop, so a stall shows in the events queued
 *   and the one blocked, and the events that were never generated during it are
 *   not sampled. Use --param rate=R (events/s below the saturation rate) for an
 *   open-loop latency study.
 *   Open loop also reports how well the source kept its schedule, per repetition:
 *   metric:source_lag_max_ns, the most any send ended after its event's due time,
 *   and metric:source_late_events, the sends that ended more than one period
 *   (1/rate) after it. A late send means the source fell behind (backpressure, or
 *   its own thread descheduled): the tail then includes that backlog, however
 *   quickly it drained, and the late count says for how many events.
 *   Samples are stored per aggregator (no shared histogram between CPUs) and
 *   recorded through m->record_ns by main after the join, inside the timed region:
 *   one record (~5-10 ns) per 8 events, ~1 ns an event.
 *
 * Timed region: spawning the W + 3 tasks, the N events through all stages, the
 * merge and top 10, the latency records, the join of every task.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

#define PIPE_SEED         0x636f726f62656e63ull /* "corobenc"                         */
#define PIPE_USERS        100000u   /* distinct users: 25 per aggregator key bucket     */
#define PIPE_SONGS        10000u    /* distinct songs: 80 KB of counts per aggregator  */
#define PIPE_MIN_PLAY_MS  30000u    /* shorter streams are skips, not plays            */
#define PIPE_MAX_MS       600000u   /* longer than 10 min: a broken client             */
#define PIPE_MS_RANGE     640000u   /* ms is drawn from [0, 640000): ~89% valid        */
#define PIPE_CAPACITY     256       /* the definition's buffered channels (default cap)  */
#define PIPE_MAX_CAPACITY (1 << 20) /* a few MiB of events per channel: beyond is a typo */
#define PIPE_TOP          10        /* the query: top 10 songs                         */
#define PIPE_SAMPLE_EVERY 8         /* latency sample: every 8th event (power of two)  */
#define PIPE_MAX_WORKERS  256       /* aggregators                                     */

enum { P_N, P_WORKERS, P_RATE, P_CAP };

/* What the source sends: the undecoded event. 24 bytes. */
typedef struct pipe_raw {
	uint64_t bits; /* one PRNG output, decoded by parse                  */
	uint64_t seq;  /* event number 0..N-1                                */
	uint64_t due;  /* intended emission, wl_ticks(); 0: not sampled      */
} pipe_raw;

/* What parse sends to an aggregator. 24 bytes. */
typedef struct pipe_event {
	uint32_t user; /* 0..PIPE_USERS-1                   */
	uint32_t song; /* 0..PIPE_SONGS-1                   */
	uint32_t ms;   /* play length                       */
	uint32_t pad;  /* keeps due 8-byte aligned          */
	uint64_t due;  /* copied from pipe_raw              */
} pipe_event;

/* A song and its count: one row of the answer. */
typedef struct pipe_hit {
	uint32_t song; /* song id     */
	int64_t count; /* valid plays */
} pipe_hit;

/* The answer: what the sink produces and the reference computes. */
typedef struct pipe_answer {
	int64_t counts[PIPE_SONGS]; /* valid plays per song          */
	int64_t total;              /* valid plays in all            */
	int64_t dropped;            /* events parse rejected         */
	pipe_hit top[PIPE_TOP];     /* the query result              */
	int ntop;                   /* rows in top (< 10 if few songs) */
} pipe_answer;

typedef struct pipeline pipeline;

typedef struct pipe_agg {
	pipeline *p;                /* the run                                    */
	int idx;                    /* which aggregator                           */
	chan *in;                   /* events from parse                          */
	chan *result;               /* -> sink: this aggregator, once done (cap 1) */
	int64_t counts[PIPE_SONGS]; /* plays per song it saw                       */
	int64_t total;              /* plays it saw                                */
	uint64_t *lat;              /* latency samples, ticks                      */
	size_t nlat, caplat;        /* samples stored, capacity                    */
	bool lat_lost;              /* a sample buffer could not grow              */
} pipe_agg;

struct pipeline {
	int64_t n;           /* events                                          */
	int workers;         /* W                                               */
	int64_t rate;        /* events/s the source intends; 0: as fast as it can */
	uint64_t lag_max;    /* open loop: the most a send ended after its due time, ticks */
	int64_t late;        /* open loop: sends that ended over one period after due   */
	double ns_per_tick;  /* from wl_measure, for pacing                     */
	chan *raw;           /* source -> parse                                 */
	pipe_agg **agg;      /* W aggregators (each ~80 KB, allocated apart)    */
	pipe_answer got;     /* what the sink produced (+ dropped from parse)   */
	pipe_answer want;    /* the single-threaded reference                   */
	rt_waitgroup exited; /* tasks that returned                             */
	wl_fault fault;      /* spawn failure or unexpected channel result      */
};

static const wl_param pipeline_params[] = {
    /* quick: each event crosses 2 buffered channels and 3 threads; on pthreads
     * ~1-5 us an event on 2 CPUs, so 20,000 events take 20-100 ms; gmp ~5 ms. */
    {"n", "play events (N)", 2000000, 20000, 1, 10000000000},
    {"workers", "aggregators (W)", 4, 4, 1, PIPE_MAX_WORKERS},
    {"rate", "events/s the source emits at (open loop); 0 = as fast as it can", 0, 0, 0,
     1000000000},
    /* the raw and events channels' capacity: 256 by default; 0 and 1 for the
     * claim that buffering makes channels efficient (docs/CLAIMS.md, C10) */
    {"cap", "capacity of the raw and events channels (0: unbuffered)", PIPE_CAPACITY, PIPE_CAPACITY,
     0, PIPE_MAX_CAPACITY},
};

/* ---- The event stream (shared by the stages and the reference). */

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Decodes and validates one event; false when parse must drop it. */
static inline bool decode(uint64_t bits, pipe_event *e)
{
	uint64_t x = (bits >> 20) & 0xfffff;
	uint64_t rank = ((((x * x) >> 20) * x) >> 20) * PIPE_SONGS >> 20;
	e->user = (uint32_t)((bits >> 40) % PIPE_USERS);
	e->song = (uint32_t)((rank * 7919 + 13) % PIPE_SONGS);
	e->ms = (uint32_t)((bits & 0xfffff) % PIPE_MS_RANGE);
	return e->user < PIPE_USERS && e->song < PIPE_SONGS && e->ms >= PIPE_MIN_PLAY_MS &&
	       e->ms < PIPE_MAX_MS;
}

static inline int route(uint32_t user, int workers)
{
	return (int)(((uint32_t)(user * 2654435761u) >> 16) % (uint32_t)workers);
}

/* Fills a->top from a->counts: count descending, song ascending. */
static void top_songs(pipe_answer *a)
{
	a->ntop = 0;
	for (uint32_t s = 0; s < PIPE_SONGS; s++) {
		int64_t c = a->counts[s];
		if (c == 0 || (a->ntop == PIPE_TOP && c <= a->top[PIPE_TOP - 1].count))
			continue; /* equal counts keep the lower id already there */
		int i = a->ntop < PIPE_TOP ? a->ntop++ : PIPE_TOP - 1;
		while (i > 0 && a->top[i - 1].count < c) {
			a->top[i] = a->top[i - 1];
			i--;
		}
		a->top[i] = (pipe_hit){.song = s, .count = c};
	}
}

/* The single-threaded reference: the same stream, counted in one loop. */
static void reference(pipe_answer *a, int64_t n)
{
	uint64_t state = PIPE_SEED;
	memset(a, 0, sizeof *a);
	for (int64_t i = 0; i < n; i++) {
		pipe_event e;
		if (decode(splitmix64(&state), &e)) {
			a->counts[e.song]++;
			a->total++;
		} else {
			a->dropped++;
		}
	}
	top_songs(a);
}

/* ---- The stages. */

static void fail(pipeline *p, const char *what)
{
	wl_fault_set(&p->fault, "%s", what); /* the first wins (wl_fault.h) */
}

/* Waits until `due` (ticks): sleeps through long gaps, yields through short ones. */
static void wait_until(const pipeline *p, uint64_t due)
{
	for (;;) {
		uint64_t now = wl_ticks();
		if (now >= due)
			return;
		double ahead_ns = (double)(due - now) * p->ns_per_tick;
		if (ahead_ns > 50000) /* > 50 us: a sleep's wake-up error is small beside it */
			rt_sleep_ns((uint64_t)ahead_ns - 20000);
		else
			rt_yield();
	}
}

static void source(void *arg)
{
	pipeline *p = arg;
	uint64_t state = PIPE_SEED, t0 = wl_ticks(), lag_max = 0;
	int64_t late = 0;
	double period = p->rate ? 1e9 / (double)p->rate / p->ns_per_tick : 0; /* ticks */
	for (int64_t i = 0; i < p->n; i++) {
		pipe_raw r = {.bits = splitmix64(&state), .seq = (uint64_t)i};
		uint64_t due = 0;
		if (p->rate) {
			due = t0 + (uint64_t)((double)i * period);
			wait_until(p, due);
		}
		if ((i & (PIPE_SAMPLE_EVERY - 1)) == 0)
			r.due = p->rate ? due : wl_ticks();
		if (chan_send(p->raw, &r) != CHAN_OK) {
			fail(p, "source: send failed");
			break;
		}
		if (p->rate) {
			uint64_t now = wl_ticks();
			uint64_t lag = now > due ? now - due : 0;
			lag_max = lag > lag_max ? lag : lag_max;
			late += (double)lag > period;
		}
	}
	p->lag_max = lag_max; /* read by main after the join */
	p->late = late;
	chan_close(p->raw);
	rt_wg_done(&p->exited);
}

static void parse(void *arg)
{
	pipeline *p = arg;
	pipe_raw r;
	int64_t dropped = 0;
	while (chan_recv(p->raw, &r) == CHAN_OK) {
		pipe_event e = {.due = r.due};
		if (!decode(r.bits, &e)) {
			dropped++;
			continue;
		}
		if (chan_send(p->agg[route(e.user, p->workers)]->in, &e) != CHAN_OK) {
			fail(p, "parse: send failed");
			break;
		}
	}
	p->got.dropped = dropped;
	for (int w = 0; w < p->workers; w++)
		chan_close(p->agg[w]->in);
	rt_wg_done(&p->exited);
}

static void keep_sample(pipe_agg *a, uint64_t ticks)
{
	if (a->nlat == a->caplat) {
		size_t cap = a->caplat ? 2 * a->caplat : 1024;
		uint64_t *lat = realloc(a->lat, cap * sizeof *lat);
		if (!lat) {
			a->lat_lost = true;
			return;
		}
		a->lat = lat;
		a->caplat = cap;
	}
	a->lat[a->nlat++] = ticks;
}

static void aggregator(void *arg)
{
	pipe_agg *a = arg;
	pipe_event e;
	while (chan_recv(a->in, &e) == CHAN_OK) {
		a->counts[e.song]++;
		a->total++;
		if (e.due)
			keep_sample(a, wl_ticks() - e.due);
	}
	pipe_agg *self = a;
	if (chan_send(a->result, &self) != CHAN_OK)
		fail(a->p, "aggregator: result send failed");
	rt_wg_done(&a->p->exited);
}

static void sink(void *arg)
{
	pipeline *p = arg;
	for (int w = 0; w < p->workers; w++) {
		pipe_agg *a;
		if (chan_recv(p->agg[w]->result, &a) != CHAN_OK) {
			fail(p, "sink: result channel closed");
			continue;
		}
		for (uint32_t s = 0; s < PIPE_SONGS; s++)
			p->got.counts[s] += a->counts[s];
		p->got.total += a->total;
	}
	top_songs(&p->got);
	rt_wg_done(&p->exited);
}

/* ---- The workload. */

static void pipeline_teardown(void *state)
{
	pipeline *p = state;
	if (p->agg)
		for (int w = 0; w < p->workers; w++)
			if (p->agg[w]) {
				wl_chan_free(p->agg[w]->in);
				wl_chan_free(p->agg[w]->result);
				free(p->agg[w]->lat);
				free(p->agg[w]);
			}
	free(p->agg);
	wl_chan_free(p->raw);
	free(p);
}

static void *pipeline_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	int w = (int)ctx->params[P_WORKERS];
	if (!wl_tasks_fit(ctx, w + 3, err, errlen, "pipeline: %d aggregators + 3 stages", w))
		return NULL;
	pipeline *p = calloc(1, sizeof *p);
	if (!p || !(p->agg = calloc((size_t)w, sizeof *p->agg))) {
		free(p);
		snprintf(err, errlen, "pipeline: out of memory");
		return NULL;
	}
	p->n = ctx->params[P_N];
	p->workers = w;
	p->rate = ctx->params[P_RATE];
	rt_wg_init(&p->exited);
	size_t cap = (size_t)ctx->params[P_CAP];
	if (!(p->raw = wl_chan_make(ctx, "pipeline", sizeof(pipe_raw), cap, err, errlen)))
		goto fail;
	size_t per_agg = (size_t)(p->n / PIPE_SAMPLE_EVERY / w) + 64; /* expected samples */
	for (int i = 0; i < w; i++) {
		pipe_agg *a = calloc(1, sizeof *a);
		if (!a || !(a->lat = malloc(per_agg * sizeof *a->lat))) {
			free(a);
			snprintf(err, errlen, "pipeline: out of memory");
			goto fail;
		}
		p->agg[i] = a;
		a->p = p;
		a->idx = i;
		a->caplat = per_agg;
		if (!(a->in =
		          wl_chan_make(ctx, "pipeline", sizeof(pipe_event), cap, err, errlen)) ||
		    !(a->result =
		          wl_chan_make(ctx, "pipeline", sizeof(pipe_agg *), 1, err, errlen)))
			goto fail;
	}
	reference(&p->want, p->n);
	return p;
fail:
	pipeline_teardown(p);
	return NULL;
}

static bool spawn(pipeline *p, rt_fn fn, void *arg)
{
	if (wl_go(&p->exited, fn, arg) == 0)
		return true;
	fail(p, "cannot spawn a stage");
	return false;
}

static void pipeline_run(void *state, wl_measure *m)
{
	pipeline *p = state;
	p->ns_per_tick = m->ns_per_tick;
	/* Downstream first: a stage never starts against a consumer not yet spawned. A
	 * failed spawn closes the stage's input so that everything upstream drains. */
	if (!spawn(p, sink, p))
		for (int w = 0; w < p->workers; w++)
			chan_close(p->agg[w]->result);
	for (int w = 0; w < p->workers; w++)
		if (!spawn(p, aggregator, p->agg[w]))
			chan_close(p->agg[w]->in);
	if (!spawn(p, parse, p))
		chan_close(p->raw);
	if (!spawn(p, source, p))
		chan_close(p->raw);
	rt_wg_wait(&p->exited);
	for (int w = 0; w < p->workers; w++) {
		pipe_agg *a = p->agg[w];
		for (size_t i = 0; i < a->nlat; i++)
			m->record_ns(m, (uint64_t)((double)a->lat[i] * m->ns_per_tick));
		if (a->lat_lost)
			fail(p, "a latency sample buffer could not grow");
	}
	if (p->rate) {
		m->metric(m, "source_lag_max_ns", (double)p->lag_max * m->ns_per_tick);
		m->metric(m, "source_late_events", (double)p->late);
	}
}

static bool pipeline_verify(void *state, char *why, size_t whylen)
{
	pipeline *p = state;
	const pipe_answer *g = &p->got, *w = &p->want;
	if (wl_fault_report(&p->fault, "pipeline", why, whylen))
		return false;
	if (g->total != w->total || g->dropped != w->dropped || g->ntop != w->ntop) {
		snprintf(why, whylen,
		         "pipeline: %" PRId64 " plays, %" PRId64
		         " dropped, %d top rows; reference %" PRId64 ", %" PRId64 ", %d",
		         g->total, g->dropped, g->ntop, w->total, w->dropped, w->ntop);
		return false;
	}
	for (int i = 0; i < w->ntop; i++)
		if (g->top[i].song != w->top[i].song || g->top[i].count != w->top[i].count) {
			snprintf(why, whylen,
			         "pipeline: top #%d is song %u x%" PRId64
			         ", reference song %u x%" PRId64,
			         i + 1, g->top[i].song, g->top[i].count, w->top[i].song,
			         w->top[i].count);
			return false;
		}
	for (uint32_t s = 0; s < PIPE_SONGS; s++)
		if (g->counts[s] != w->counts[s]) {
			snprintf(why, whylen,
			         "pipeline: song %u counted %" PRId64 ", reference %" PRId64, s,
			         g->counts[s], w->counts[s]);
			return false;
		}
	return true;
}

/* Beyond the declared ranges (called once they passed): more aggregators than
 * events would leave an aggregator with nothing to count. */
static bool pipeline_check(const int64_t *params, char *err, size_t errlen)
{
	if (params[P_WORKERS] > params[P_N]) {
		snprintf(err, errlen,
		         "pipeline: workers=%" PRId64 " exceeds n=%" PRId64
		         " events (an aggregator with nothing to count)",
		         params[P_WORKERS], params[P_N]);
		return false;
	}
	return true;
}

static void pipeline_corrupt(void *state)
{
	pipeline *p = state;
	pipe_hit t = p->got.top[0]; /* swap the first two rows: same total, wrong order */
	p->got.top[0] = p->got.top[1];
	p->got.top[1] = t;
}

/* cap = 0 makes raw and events unbuffered; the result channels stay capacity 1. */
static unsigned pipeline_caps(const int64_t *params)
{
	return CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | (params[P_CAP] ? 0 : CHAN_CAP_UNBUFFERED);
}

static const wl_def pipeline_def = {
    .name = "pipeline",
    .description = "source -> parse -> W aggregators -> sink top-10 of N play events; latency",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE,
    .chan_caps_for = pipeline_caps,
    .records_latency = true,
    .check = pipeline_check,
    .setup = pipeline_setup,
    .run = pipeline_run,
    .verify = pipeline_verify,
    .teardown = pipeline_teardown,
    .ops_field = WL_FIELD(pipeline, n),
    .corrupt = pipeline_corrupt,
};
WL_DEFINE(pipeline_def, pipeline_params)
