/* c2c.c — see c2c.h. */
#include "c2c.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define C2C_WARMUP  1000           /* untimed round trips before the samples        */
#define C2C_GONE_NS 10000000000ull /* 10 s without an answer: the partner is gone    */

/* The bounced line, alone on its cache line (and the next: adjacent-line
 * prefetchers pull pairs of lines on Intel, so 128 bytes keep neighbours off). */
typedef struct c2c_line {
	_Alignas(128) atomic_uint_fast64_t seq; /* 2k+1: ping k; 2k+2: pong k      */
	char pad[128 - sizeof(atomic_uint_fast64_t)];
} c2c_line;

/* One ordered pair's shared state. */
typedef struct c2c_pair {
	c2c_line line;      /* the bounced line                                    */
	atomic_int ready;   /* threads pinned and waiting                          */
	atomic_bool abort;  /* a thread failed: the other stops                    */
	unsigned responder; /* OS index of b                                       */
	uint64_t trips;     /* round trips the responder answers                   */
	char why[160];      /* the responder's failure, if any                     */
} c2c_pair;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int pin_self(unsigned os)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(os, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* Spins until the line reads `want`; false on abort or after C2C_GONE_NS. The
 * clock is read once per 65536 spins (>= 65 us), never on the fast path. */
static bool wait_for(c2c_pair *p, uint64_t want)
{
	uint64_t since = 0;
	for (uint32_t spins = 1;; spins++) {
		if (atomic_load_explicit(&p->line.seq, memory_order_acquire) == want)
			return true;
		if ((spins & 0xffff) == 0) {
			uint64_t t = now_ns();
			if (!since)
				since = t;
			if (atomic_load(&p->abort) || t - since > C2C_GONE_NS)
				return false;
		}
	}
}

static void *responder(void *arg)
{
	c2c_pair *p = arg;
	int rc = pin_self(p->responder);
	if (rc != 0) {
		snprintf(p->why, sizeof p->why, "cannot pin a thread to PU %u: %s", p->responder,
		         strerror(rc));
		atomic_store(&p->abort, true);
		return NULL;
	}
	atomic_fetch_add(&p->ready, 1);
	for (uint64_t k = 0; k < p->trips; k++) {
		if (!wait_for(p, 2 * k + 1))
			return NULL;
		atomic_store_explicit(&p->line.seq, 2 * k + 2, memory_order_release);
	}
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Measures a -> b on the calling thread (pinned to a) and a responder on b. */
static int measure_pair(unsigned a, unsigned b, int samples, int trips, double *buf, double *min,
                        double *median, char *err, size_t errlen)
{
	int rc = pin_self(a);
	if (rc != 0) {
		snprintf(err, errlen, "cannot pin a thread to PU %u: %s", a, strerror(rc));
		return -1;
	}
	c2c_pair *p = aligned_alloc(128, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "c2c: out of memory");
		return -1;
	}
	memset(p, 0, sizeof *p);
	p->responder = b;
	p->trips = C2C_WARMUP + (uint64_t)samples * (uint64_t)trips;
	pthread_t th;
	if ((rc = pthread_create(&th, NULL, responder, p)) != 0) {
		snprintf(err, errlen, "c2c: cannot start a thread: %s", strerror(rc));
		free(p);
		return -1;
	}
	while (atomic_load(&p->ready) < 1 && !atomic_load(&p->abort))
		sched_yield(); /* the responder may share our CPU until it pins itself */
	uint64_t k = 0;
	bool ok = !atomic_load(&p->abort);
	for (; ok && k < C2C_WARMUP; k++) {
		atomic_store_explicit(&p->line.seq, 2 * k + 1, memory_order_release);
		ok = wait_for(p, 2 * k + 2);
	}
	for (int s = 0; ok && s < samples; s++) {
		uint64_t t0 = now_ns();
		for (int r = 0; ok && r < trips; r++, k++) {
			atomic_store_explicit(&p->line.seq, 2 * k + 1, memory_order_release);
			ok = wait_for(p, 2 * k + 2);
		}
		buf[s] = (double)(now_ns() - t0) / trips / 2.0;
	}
	if (!ok)
		atomic_store(&p->abort, true);
	pthread_join(th, NULL);
	if (!ok) {
		if (p->why[0])
			snprintf(err, errlen, "%s", p->why);
		else
			snprintf(err, errlen, "PU %u stopped answering PU %u for 10 s", b, a);
		free(p);
		return -1;
	}
	free(p);
	qsort(buf, (size_t)samples, sizeof *buf, cmp_double);
	*min = buf[0];
	*median = samples % 2 ? buf[samples / 2] : (buf[samples / 2 - 1] + buf[samples / 2]) / 2;
	return 0;
}

/* Runs the whole matrix on a helper thread, so the caller's affinity is untouched. */
typedef struct c2c_job {
	const topo *t;     /* topology                  */
	const int *pus;    /* PUs to measure            */
	const c2c_opts *o; /* options                   */
	c2c_result *m;     /* result                    */
	char *err;         /* error buffer              */
	size_t errlen;     /* its size                  */
	int rc;            /* 0 or -1                   */
} c2c_job;

static void *run_matrix(void *arg)
{
	c2c_job *j = arg;
	c2c_result *m = j->m;
	int n = m->n, done = 0, total = n * (n - 1);
	double *buf = malloc(sizeof *buf * (size_t)m->samples);
	if (!buf) {
		snprintf(j->err, j->errlen, "c2c: out of memory");
		j->rc = -1;
		return NULL;
	}
	for (int i = 0; i < n && j->rc == 0; i++)
		for (int k = 0; k < n && j->rc == 0; k++) {
			size_t at = (size_t)i * (size_t)n + (size_t)k;
			if (i == k) {
				m->min_ns[at] = m->median_ns[at] = NAN;
				continue;
			}
			j->rc = measure_pair(j->t->pus[j->pus[i]].os, j->t->pus[j->pus[k]].os,
			                     m->samples, m->round_trips, buf, &m->min_ns[at],
			                     &m->median_ns[at], j->err, j->errlen);
			if (j->rc == 0 && j->o->progress)
				j->o->progress(j->o->arg, ++done, total);
		}
	free(buf);
	return NULL;
}

int c2c_measure(const topo *t, const int *pus, int n, const c2c_opts *o, c2c_result *m, char *err,
                size_t errlen)
{
	memset(m, 0, sizeof *m);
	if (!topo_can_bind(t, err, errlen))
		return -1;
	if (n < 2) {
		snprintf(err, errlen, "c2c needs at least 2 usable PUs (%s has %d)", t->source, n);
		return -1;
	}
	m->n = n;
	m->samples = o->samples > 0 ? o->samples : C2C_SAMPLES;
	m->round_trips = o->round_trips > 0 ? o->round_trips : C2C_ROUND_TRIPS;
	m->pu = malloc(sizeof *m->pu * (size_t)n);
	m->min_ns = malloc(sizeof *m->min_ns * (size_t)n * (size_t)n);
	m->median_ns = malloc(sizeof *m->median_ns * (size_t)n * (size_t)n);
	if (!m->pu || !m->min_ns || !m->median_ns) {
		c2c_result_free(m);
		snprintf(err, errlen, "c2c: out of memory");
		return -1;
	}
	memcpy(m->pu, pus, sizeof *m->pu * (size_t)n);
	c2c_job j = {.t = t, .pus = pus, .o = o, .m = m, .err = err, .errlen = errlen};
	pthread_t th;
	int rc = pthread_create(&th, NULL, run_matrix, &j);
	if (rc != 0) {
		c2c_result_free(m);
		snprintf(err, errlen, "c2c: cannot start a thread: %s", strerror(rc));
		return -1;
	}
	pthread_join(th, NULL);
	if (j.rc != 0)
		c2c_result_free(m);
	return j.rc;
}

void c2c_result_free(c2c_result *m)
{
	free(m->pu);
	free(m->min_ns);
	free(m->median_ns);
	m->pu = NULL;
	m->min_ns = m->median_ns = NULL;
}
