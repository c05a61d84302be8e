/* wl_spin.c — see wl_spin.h. */
#include "wl_spin.h"

#include <stdio.h>

#include "wl_setup.h"

#define SPIN_CHECK_MASK ((1u << 20) - 1) /* clock read every 2^20 spins (~1 ms) */

static atomic_bool reported; /* one report per process */

static void report(const wl_spin *s)
{
	if (atomic_exchange(&reported, true))
		return;
	fprintf(stderr,
	        "%s: %s made no progress for %.0f s while a task spinning without a yield held "
	        "its worker: the runtime did not preempt it\n",
	        s->wl, s->what, WL_SPIN_STUCK_NS / 1e9);
	fflush(stderr);
}

static void spin_main(void *arg)
{
	wl_spin *s = arg;
	atomic_fetch_add(&s->spinning, 1);
	uint64_t spins = 0, seen = atomic_load_explicit(&s->progress, memory_order_relaxed);
	uint64_t since = rt_nanotime();
	while (!atomic_load_explicit(&s->stop, memory_order_relaxed)) {
		if ((++spins & SPIN_CHECK_MASK) != 0)
			continue;
		uint64_t p = atomic_load_explicit(&s->progress, memory_order_relaxed);
		uint64_t now = rt_nanotime();
		if (p != seen) {
			seen = p;
			since = now;
		} else if (now - since >= WL_SPIN_STUCK_NS) {
			report(s);
			since = now;
		}
	}
	atomic_fetch_add(&s->spins, spins);
	rt_wg_done(&s->exited);
}

int wl_spin_start(wl_spin *s, const char *wl, const char *what, int count)
{
	s->wl = wl;
	s->what = what;
	rt_wg_init(&s->exited);
	for (int i = 0; i < count; i++) {
		int rc = wl_go(&s->exited, spin_main, s);
		if (rc != 0)
			return rc;
		s->started++;
	}
	while (atomic_load(&s->spinning) < count)
		rt_yield();
	return 0;
}

void wl_spin_stop(wl_spin *s)
{
	if (!s->started)
		return;
	atomic_store(&s->stop, true);
	rt_wg_wait(&s->exited);
	s->started = 0;
}
