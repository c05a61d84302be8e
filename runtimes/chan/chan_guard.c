/*
 * chan_guard.c — see chan_guard.h. Records live forever (a destroyer may be
 * reading one while its thread exits); a thread's exit (pthread key destructor)
 * marks its record free for the next thread to register.
 */
#include "chan_guard.h"

#include "chan_lock.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "../rt.h"

__thread chan_guard_rec *chan_guard_mine;

#if defined(__SANITIZE_THREAD__) || defined(COROBENCH_SANITIZE_THREAD) || !defined(__x86_64__)
/* noinline: an opaque call is what makes each read fresh (chan_guard.h). */
__attribute__((noinline)) chan_guard_rec *chan_guard_mine_get(void)
{
	return chan_guard_mine;
}
#endif

static _Atomic(chan_guard_rec *) all_recs;
static _Atomic(chan_guard_rec *) by_id[CHAN_GUARD_NOID]; /* records by id (never freed) */

chan_guard_rec *chan_guard_by_id(uint16_t id)
{
	return atomic_load_explicit(&by_id[id], memory_order_acquire);
}
static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void release_rec(void *arg)
{
	chan_guard_rec *r = arg;
	atomic_store_explicit(&r->cur, NULL, memory_order_relaxed);
	atomic_store_explicit(&r->in_use, false, memory_order_release);
}

static void make_key(void)
{
	if (pthread_key_create(&exit_key, release_rec) != 0) {
		fprintf(stderr, "corobench: chan_guard: pthread_key_create failed\n");
		abort();
	}
}

chan_guard_rec *chan_guard_register(void)
{
	pthread_once(&key_once, make_key);
	chan_guard_rec *r;
	for (r = atomic_load_explicit(&all_recs, memory_order_acquire); r; r = r->next) {
		bool free_rec = false;
		if (atomic_compare_exchange_strong(&r->in_use, &free_rec, true))
			break;
	}
	if (!r) {
		if (!(r = calloc(1, sizeof *r))) {
			fprintf(stderr, "corobench: chan_guard: out of memory\n");
			abort();
		}
		atomic_init(&r->in_use, true);
		static atomic_uint nrecs;
		unsigned id = atomic_fetch_add_explicit(&nrecs, 1, memory_order_relaxed) + 1;
		r->id = id < CHAN_GUARD_NOID ? (uint16_t)id : CHAN_GUARD_NOID;
		r->bword = chan_lock_biased_word(r->id);
		r->idword = (uint32_t)r->id << CHAN_LOCK_IDSHIFT;
		if (r->id != CHAN_GUARD_NOID) /* before any lock word can name it */
			atomic_store_explicit(&by_id[r->id], r, memory_order_release);
		chan_guard_rec *head = atomic_load_explicit(&all_recs, memory_order_relaxed);
		do
			r->next = head;
		while (!atomic_compare_exchange_weak_explicit(
		    &all_recs, &head, r, memory_order_release, memory_order_relaxed));
	}
	pthread_setspecific(exit_key, r);
	chan_guard_mine = r;
	return r;
}

void chan_guard_wait(const void *c)
{
	for (chan_guard_rec *r = atomic_load_explicit(&all_recs, memory_order_acquire); r;
	     r = r->next) {
		/* A guarded window is a few dozen instructions. */
		for (unsigned spins = 0; atomic_load_explicit(&r->cur, memory_order_acquire) == c;)
			rt_backoff(&spins);
	}
}
