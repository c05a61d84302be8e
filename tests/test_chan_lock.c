/*
 * test_chan_lock.c — the go variant's biased channel lock (runtimes/chan/chan_lock.h):
 * a lock one thread keeps taking biases itself to that thread, which then takes it
 * marking only its own record (inside); another thread revokes the bias and the
 * lock counts the strike; after three strikes it is never biased again; and
 * mutual exclusion holds while threads take, bias, revoke and take again the same
 * locks at once (a plain counter under each lock loses no increment), also with
 * runs shortened to a few acquisitions and more threads than CPUs, so that biases
 * move between threads while others are preempted in the middle of a fast-path
 * attempt (the race that lost values when the mark was in the lock).
 *
 * The lock is tested between OS threads directly (no runtime): that is what it
 * sees on both runtimes, a task's thread being the only identity it knows.
 */
#include "support/rt_scenarios.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../runtimes/chan/chan_lock.h"

static uint32_t word(chan_lock *l)
{
	return atomic_load(&l->word);
}

static unsigned strikes(chan_lock *l)
{
	return (word(l) & CHAN_LOCK_STRIKES) / CHAN_LOCK_STRIKE1;
}

static bool biased_to_me(chan_lock *l)
{
	const chan_guard_rec *me = chan_lock_me();
	return (word(l) & ~CHAN_LOCK_STRIKES) == me->bword;
}

/* n acquisitions in a row on this thread */
static void take(chan_lock *l, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		chan_lock_acquire(l);
		chan_lock_release(l);
	}
}

typedef struct job {
	chan_lock *l;
	unsigned n;
	bool biased_after; /* out: the lock was biased to this thread at the end */
	bool inside_held;  /* out: one more acquisition went through the bias */
} job;

static void *take_thread(void *arg)
{
	job *j = arg;
	take(j->l, j->n);
	j->biased_after = biased_to_me(j->l);
	chan_lock_acquire(j->l);
	const chan_guard_rec *me = chan_lock_me();
	j->inside_held = atomic_load(&me->inside) == j->l;
	chan_lock_release(j->l);
	return NULL;
}

/* Runs take_thread(l, n) on a new thread and waits for it. */
static job take_on_thread(chan_lock *l, unsigned n)
{
	job j = {.l = l, .n = n};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, take_thread, &j), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	return j;
}

static void test_bias_and_strikes(void **state)
{
	(void)state;
	if (!chan_barrier_asym) {
		printf("# no membarrier here: locks are never biased\n");
		skip();
	}
	chan_lock l;
	chan_lock_init(&l);
	take(&l, CHAN_LOCK_BIAS_AFTER - 1);
	assert_false(biased_to_me(&l)); /* one short */
	take(&l, 1);
	assert_true(biased_to_me(&l));
	chan_lock_acquire(&l); /* through the bias: our record says we are inside */
	assert_ptr_equal(atomic_load(&chan_lock_me()->inside), &l);
	assert_true(word(&l) & CHAN_LOCK_BIASED);
	chan_lock l2; /* a second lock biased to us is taken through its word meanwhile */
	chan_lock_init(&l2);
	take(&l2, CHAN_LOCK_BIAS_AFTER);
	chan_lock_acquire(&l2);
	assert_true(word(&l2) & CHAN_LOCK_TAKEN);
	assert_ptr_equal(atomic_load(&chan_lock_me()->inside), &l);
	chan_lock_release(&l2);
	assert_int_equal(word(&l2) & ~CHAN_LOCK_STRIKES, chan_lock_me()->bword);
	chan_lock_release(&l);
	assert_null(atomic_load(&chan_lock_me()->inside));

	/* Another thread revokes (strike 1); 16x the run biases it there. */
	job j = take_on_thread(&l, 1);
	assert_int_equal(strikes(&l), 1);
	assert_false(word(&l) & CHAN_LOCK_BIASED);
	j = take_on_thread(&l, 16 * CHAN_LOCK_BIAS_AFTER - 1);
	assert_true(j.biased_after);
	assert_true(j.inside_held);
	/* (Both threads had the same id: a record passes to the next thread once its
	 * thread exits; this one keeps its own.) Back here: strike 2. */
	take(&l, 1);
	assert_int_equal(strikes(&l), 2);
	take(&l, 256 * CHAN_LOCK_BIAS_AFTER - 1);
	assert_true(biased_to_me(&l));
	j = take_on_thread(&l, 1); /* strike 3: never biased again */
	assert_int_equal(strikes(&l), 3);
	j = take_on_thread(&l, 300 * CHAN_LOCK_BIAS_AFTER);
	assert_false(j.biased_after);
	assert_false(word(&l) & CHAN_LOCK_BIASED);
	assert_int_equal(strikes(&l), 3);
}

/* ---- mutual exclusion while biases come and go
 *
 * All threads hammer the same fresh lock at once, round after round: a thread that
 * wins 64 acquisitions in a row biases it, and the others revoke that bias while
 * its holder keeps taking it through the bias -- the race the handshake is for.
 * Then the same with runs of two (biases come and go three times per lock) and
 * twice as many threads as CPUs. */

#define ROUNDS      200
#define NLOCKS      16
#define STREAK      256
#define MAX_THREADS 8

typedef struct shared {
	chan_lock locks[NLOCKS];
	long count[NLOCKS]; /* plain: only ever touched under locks[i] */
	pthread_barrier_t round;
	int threads;     /* hammering                                           */
	long lost;       /* rounds whose counts came out wrong (thread 0 checks) */
	long revoked;    /* strikes seen at the end of each round                */
	long biased_now; /* locks found biased at the end of a round              */
} shared;

typedef struct worker {
	shared *s;
	int id;
} worker;

static void *hammer(void *arg)
{
	worker *w = arg;
	shared *s = w->s;
	for (int r = 0; r < ROUNDS; r++) {
		if (w->id == 0) {
			for (int i = 0; i < NLOCKS; i++) {
				chan_lock_init(&s->locks[i]);
				s->count[i] = 0;
			}
		}
		pthread_barrier_wait(&s->round); /* fresh locks, everyone starts */
		for (int i = 0; i < NLOCKS; i++) {
			for (int n = 0; n < STREAK; n++) {
				chan_lock_acquire(&s->locks[i]);
				long v = s->count[i]; /* a read-modify-write with room to race */
				rt_cpu_relax();
				s->count[i] = v + 1;
				chan_lock_release(&s->locks[i]);
			}
		}
		pthread_barrier_wait(&s->round); /* all done: thread 0 checks */
		if (w->id == 0) {
			for (int i = 0; i < NLOCKS; i++) {
				s->lost += s->count[i] != (long)s->threads * STREAK;
				s->revoked += strikes(&s->locks[i]);
				s->biased_now += (word(&s->locks[i]) & CHAN_LOCK_BIASED) != 0;
			}
		}
	}
	return NULL;
}

static void mutual_exclusion(int threads)
{
	shared *s = calloc(1, sizeof *s);
	assert_non_null(s);
	s->threads = threads;
	pthread_barrier_init(&s->round, NULL, (unsigned)threads);
	pthread_t t[MAX_THREADS];
	worker w[MAX_THREADS];
	for (int k = 0; k < threads; k++) {
		w[k] = (worker){.s = s, .id = k};
		assert_int_equal(pthread_create(&t[k], NULL, hammer, &w[k]), 0);
	}
	for (int k = 0; k < threads; k++)
		assert_int_equal(pthread_join(t[k], NULL), 0);
	printf("# %d rounds x %d locks x %d threads: %ld revocations, %ld locks biased at "
	       "the end of their round, %ld with a lost increment\n",
	       ROUNDS, NLOCKS, threads, s->revoked, s->biased_now, s->lost);
	assert_int_equal(s->lost, 0);
	if (chan_barrier_asym)
		assert_true(s->revoked > 0); /* the test did exercise revocation */
	pthread_barrier_destroy(&s->round);
	free(s);
}

static void test_mutual_exclusion(void **state)
{
	(void)state;
	mutual_exclusion(3);
}

static void test_mutual_exclusion_short_runs(void **state)
{
	(void)state;
	uint32_t saved[4];
	memcpy(saved, chan_lock_run0, sizeof saved);
	for (int i = 0; i < 3; i++) /* biased after 2 acquisitions in a row */
		chan_lock_run0[i] = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = ncpu * 2 > MAX_THREADS ? MAX_THREADS : ncpu < 2 ? 4 : (int)ncpu * 2;
	mutual_exclusion(threads);
	memcpy(chan_lock_run0, saved, sizeof saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bias_and_strikes),
	    cmocka_unit_test(test_mutual_exclusion),
	    cmocka_unit_test(test_mutual_exclusion_short_runs),
	};
	rts_watchdog(120);
	return cmocka_run_group_tests_name("chan_lock", tests, NULL, NULL);
}
