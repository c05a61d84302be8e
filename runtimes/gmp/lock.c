/* lock.c — futex-backed lock and note (see lock.h). */
#include "lock.h"

#include "gmp.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../rt.h"

/* Spins before sleeping: 64 PAUSEs is ~2 us on the dev machine (~32 ns each),
 * twenty times the longest critical section plus a cache-line transfer, and far
 * below the ~30 us a futex wake-up costs across vCPUs there. */
#define LOCK_SPINS 64

static long futex(atomic_uint *addr, int op, unsigned val, const struct timespec *ts)
{
	return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

void gmp_lock_slow(gmp_lock *l)
{
	for (int i = 0; i < LOCK_SPINS; i++) {
		rt_cpu_relax();
		unsigned zero = 0;
		if (atomic_load_explicit(&l->state, memory_order_relaxed) == 0 &&
		    atomic_compare_exchange_weak_explicit(&l->state, &zero, 1, memory_order_acquire,
		                                          memory_order_relaxed))
			return;
	}
	/* Drepper's "mutex 2": mark contended, sleep while somebody holds it. An M
	 * sleeping here is waiting for another M, not stuck (sysmon.c). */
	gmp_m *m = gmp_getm();
	if (m)
		atomic_store_explicit(&m->lockwait, true, memory_order_relaxed);
	while (atomic_exchange_explicit(&l->state, 2, memory_order_acquire) != 0)
		futex(&l->state, FUTEX_WAIT_PRIVATE, 2, NULL);
	if (m)
		atomic_store_explicit(&m->lockwait, false, memory_order_relaxed);
}

void gmp_unlock_slow(gmp_lock *l)
{
	futex(&l->state, FUTEX_WAKE_PRIVATE, 1, NULL);
}

void gmp_note_wakeup(gmp_note *n)
{
	atomic_store_explicit(&n->key, 1, memory_order_seq_cst);
	futex(&n->key, FUTEX_WAKE_PRIVATE, 1, NULL);
}

bool gmp_note_sleep(gmp_note *n, uint64_t deadline_ns)
{
	while (atomic_load_explicit(&n->key, memory_order_acquire) == 0) {
		if (deadline_ns == 0) {
			futex(&n->key, FUTEX_WAIT_PRIVATE, 0, NULL);
			continue;
		}
		uint64_t now = rt_nanotime();
		if (now >= deadline_ns)
			return false;
		uint64_t d = deadline_ns - now;
		struct timespec ts = {.tv_sec = (time_t)(d / 1000000000u),
		                      .tv_nsec = (long)(d % 1000000000u)};
		futex(&n->key, FUTEX_WAIT_PRIVATE, 0, &ts);
	}
	atomic_store_explicit(&n->key, 0, memory_order_relaxed);
	return true;
}
