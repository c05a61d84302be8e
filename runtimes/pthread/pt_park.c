/*
 * pt_park.c — park/ready for the pthread runtime: a task is a thread, and parking
 * is waiting on a futex word in the thread's own (thread-local) task struct.
 *
 * The word has three states:
 *
 *      IDLE --park, nothing yet--> SLEEPING --ready: xchg WOKEN + FUTEX_WAKE--> WOKEN
 *        ^  \                                                                    |
 *        |   `--ready before the parker sleeps: xchg WOKEN, no syscall-----------'
 *        `----------------------- park returns, stores IDLE -------------------'
 *
 * park(unlock, arg): runs unlock (the task is "parked" from the moment park is
 * entered: its state lives in the word, not in a saved context), then spins up to
 * pt.spin_limit times watching for WOKEN, then CASes IDLE->SLEEPING and FUTEX_WAITs
 * while the word is SLEEPING. ready(t): exchanges WOKEN into the word and issues
 * FUTEX_WAKE only when it took SLEEPING out, i.e. only when the parker is (or is
 * about to be) inside FUTEX_WAIT. No wake-up is lost: a ready that comes before
 * the CAS (even before unlock returned) makes the CAS fail; one that comes after it
 * makes FUTEX_WAIT return at once (the word no longer equals SLEEPING) or wakes it.
 *
 * Why spin first: a futex sleep plus a wake from the other vCPU costs ~30 us on the
 * reference 2-vCPU KVM machine, while a partner running on the other CPU usually
 * readies us within ~1 us (a few ~100 ns cache-line hand-offs). The spin budget is
 * PARK_SPIN_NS = 5 us: enough for that hand-off with margin, and at most a sixth of
 * a wake-up's cost lost when nobody comes soon. It is turned into PAUSE iterations
 * by timing PAUSE at start (18-32 ns here; 10 to 140 cycles across x86 parts, so a
 * fixed count would be 1x-40x off). With one CPU (-t 1) we never spin: the task
 * that would ready us cannot run while we spin (Go's canSpin has the same ncpu > 1
 * rule).
 *
 * Why adaptive: spinning only pays when the partner is running. On a loaded
 * machine (measured here with other jobs at load 5 on 2 vCPUs) a fixed 5 us spin
 * made a mutex-channel ping-pong 1.5-3x slower than no spin at all, and a 100 us
 * spin 10x slower: the spinner eats the CPU time its partner needs, and in a VM a
 * PAUSE loop longer than the pause-loop-exit window (~4096 cycles) also costs a VM
 * exit. So each thread halves its budget after a spin in vain and doubles it
 * after a spin that was rewarded, between pt.spin_limit and pt.spin_limit >>
 * PARK_MAX_BACKOFF (~0.3 us: a probe that costs 1% of a wake-up and lets the
 * budget grow back when partners start answering again). glibc's adaptive mutex
 * (PTHREAD_MUTEX_ADAPTIVE_NP) adapts the same way, on a moving average. Measured
 * with the adaptive budget at load 16: ping-pong medians 9.0 us (adaptive) vs 8.9
 * us (no spin), where the fixed spin lost 1.5-3x.
 *
 * A ready that finds the parker still spinning (word IDLE) costs one exchange and
 * no syscall. A FUTEX_WAKE that lands after its parker left (it woke spuriously,
 * saw WOKEN and returned, then maybe parked again or exited) is harmless: at worst
 * a spurious wake-up, which the wait loop absorbs, or EFAULT on a freed stack,
 * which we ignore (the argument of glibc's mutex unlock; Drepper, "Futexes Are
 * Tricky").
 */
#include "pt.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum {
	PT_IDLE = 0,     /* no park in progress, or parked and not yet readied   */
	PT_WOKEN = 1,    /* ready() came; park returns                          */
	PT_SLEEPING = 2, /* the parker is in (or entering) FUTEX_WAIT           */
};

#define PARK_SPIN_NS     5000u  /* see above: ~1/6 of a 30 us cross-vCPU wake */
#define PARK_SPIN_MIN    16u    /* a floor if PAUSE is absurdly slow           */
#define PARK_SPIN_MAX    16384u /* a cap if PAUSE is a no-op (~0.3 ns)         */
#define CALIBRATE_SPINS  256u   /* ~8 us per trial here; best of 3 trials      */
#define PARK_MAX_BACKOFF 4u     /* budget floor: spin_limit / 16 (~0.3 us)     */

static __thread struct rt_task self_task;

rt_task *pt_self(void)
{
	return &self_task;
}

long pt_futex_wait(atomic_uint *word, unsigned expect)
{
	return syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, expect, NULL, NULL, 0);
}

long pt_futex_wake(atomic_uint *word, int n)
{
	return syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

void pt_park(rt_unlock_fn unlock, void *arg)
{
	rt_task *t = &self_task;
	if (unlock && !unlock(t, arg))
		return; /* park abandoned: nobody was told about us */
	unsigned spins = pt.spin_limit >> t->backoff;
	for (unsigned i = 0; i < spins; i++) {
		if (atomic_load_explicit(&t->word, memory_order_acquire) == PT_WOKEN) {
			if (t->backoff > 0)
				t->backoff--; /* spinning paid: spin longer next time */
			goto woken;
		}
		rt_cpu_relax();
	}
	if (spins && t->backoff < PARK_MAX_BACKOFF)
		t->backoff++; /* in vain: spin half as long next time */
	unsigned expect = PT_IDLE;
	if (atomic_compare_exchange_strong(&t->word, &expect, PT_SLEEPING)) {
		while (atomic_load_explicit(&t->word, memory_order_acquire) == PT_SLEEPING)
			pt_futex_wait(&t->word, PT_SLEEPING); /* EINTR, EAGAIN: re-check */
	}
woken:
	atomic_store_explicit(&t->word, PT_IDLE, memory_order_relaxed);
}

void pt_ready(rt_task *t)
{
	if (atomic_exchange_explicit(&t->word, PT_WOKEN, memory_order_acq_rel) == PT_SLEEPING)
		pt_futex_wake(&t->word, 1);
}

unsigned pt_spin_calibrate(int ncpus)
{
	if (ncpus <= 1)
		return 0;
	uint64_t best = UINT64_MAX;
	for (int trial = 0; trial < 3; trial++) { /* best of 3: a preemption only inflates */
		uint64_t t0 = rt_nanotime();
		for (unsigned i = 0; i < CALIBRATE_SPINS; i++)
			rt_cpu_relax();
		uint64_t d = rt_nanotime() - t0;
		if (d < best)
			best = d;
	}
	if (best == 0)
		return PARK_SPIN_MAX;
	uint64_t n = (uint64_t)PARK_SPIN_NS * CALIBRATE_SPINS / best;
	return n < PARK_SPIN_MIN ? PARK_SPIN_MIN : n > PARK_SPIN_MAX ? PARK_SPIN_MAX : (unsigned)n;
}
