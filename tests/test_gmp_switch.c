/*
 * test_gmp_switch.c — gmp's context switch (runtimes/gmp/switch_*.S) preserves what
 * the ABI says a call preserves: every callee-saved register and the FP control
 * state (x86-64: rbx rbp r12-r15, the MXCSR control bits, x87 control word;
 * aarch64: x19-x28, fp, d8-d15, FPCR), and a fresh context starts with an
 * ABI-aligned stack.
 *
 * The register check is written in assembly on both sides (support/callee_saved.h,
 * which test_floor shares): a C compiler is free to keep nothing in callee-saved
 * registers across a call, so only assembly can put known values there, switch
 * away, let the other side clobber them all, switch back and read them. Then the same through the
 * runtime: two Gs with different rounding modes park and ready each other on one P and on two.
 */
#include "support/rt_scenarios.h"

#include <fenv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../runtimes/gmp/switch.h"
#include "support/callee_saved.h"

/* ---- the registers: support/callee_saved.h's harness loads known values,
 * calls gmp_mcall away and reads them back once the other side, having
 * clobbered every callee-saved register, gmp_gogo's back */

/* Saves the caller's callee-saved registers, loads cs_expected(i) into each,
 * calls gmp_mcall(save, NULL, fn, sp), and after being resumed stores the
 * registers into out[] and restores the caller's. */
static void regs_roundtrip(gmp_ctx *save, void (*fn)(void *), void *sp, uint64_t *out)
{
	cs_call((cs_fn)gmp_mcall, save, NULL, (void *)fn, sp, out);
}

/* Loads garbage into every callee-saved register, then gmp_gogo(ctx). */
static void clobber_and_gogo(gmp_ctx *ctx)
{
	cs_clobber_jump((cs_fn)gmp_gogo, ctx, NULL);
}

/* FP control state, read and written directly. */
static uint64_t fpctl_get(void)
{
#if defined(__x86_64__)
	uint32_t mxcsr;
	uint16_t cw;
	__asm__ __volatile__("stmxcsr %0; fnstcw %1" : "=m"(mxcsr), "=m"(cw));
	return (uint64_t)cw << 32 | mxcsr;
#else
	uint64_t v;
	__asm__ __volatile__("mrs %0, fpcr" : "=r"(v));
	return v;
#endif
}

static void fpctl_set(uint64_t v)
{
#if defined(__x86_64__)
	uint32_t mxcsr = (uint32_t)v;
	uint16_t cw = (uint16_t)(v >> 32);
	__asm__ __volatile__("ldmxcsr %0; fldcw %1" ::"m"(mxcsr), "m"(cw));
#else
	__asm__ __volatile__("msr fpcr, %0" ::"r"(v));
#endif
}

#if defined(__x86_64__)
#define FP_CALLER 0x0c7f00007f80ull /* x87 round-to-zero, MXCSR round-to-zero    */
#define FP_OTHER  0x047f00003f80ull /* x87 round-down,    MXCSR round-down       */
#else
#define FP_CALLER (3ull << 22) /* FPCR RMode = round towards zero */
#define FP_OTHER  (2ull << 22) /* FPCR RMode = round towards minus infinity */
#endif

/* (caller, other) FP states: gogo loads a saved word only where it differs from
 * what the M holds, so each part is tested differing alone. */
static const uint64_t fp_pairs[][2] = {
    {FP_CALLER, FP_OTHER},
#if defined(__x86_64__)
    {0x037f00001f80ull, 0x0c7f00001f80ull}, /* x87 control word alone            */
    {0x037f00001f80ull, 0x037f00001fc0ull}, /* MXCSR DAZ (bit 6) alone           */
    {0x037f00001f80ull, 0x037f00009f80ull}, /* MXCSR FZ (bit 15) alone           */
    {0x037f00001f80ull, 0x037f00001f00ull}, /* MXCSR one exception mask alone     */
    /* only status flags differ (inexact, bit 5: caller-saved, switch.S): the
     * caller's control bits come back, and gogo need not reload for flags */
    {0x037f00001f80ull, 0x037f00001fa0ull},
#endif
};

static gmp_ctx caller_ctx;     /* where regs_roundtrip is saved  */
static uint64_t other_fp_seen; /* FP state the other side started with */
static uint64_t other_fp;      /* what the other side sets */

static void other_side(void *arg)
{
	(void)arg;
	other_fp_seen = fpctl_get(); /* inherited from the caller by mcall: not restored */
	fpctl_set(other_fp);
	clobber_and_gogo(&caller_ctx);
}

/* The parts of the FP state a switch must bring back: everything but the MXCSR
 * status flags (bits 0-5), which the ABI makes caller-saved. */
static uint64_t fp_kept(uint64_t v)
{
#if defined(__x86_64__)
	return v & ~0x3full;
#else
	return v;
#endif
}

static void test_callee_saved_and_fp(void **state)
{
	(void)state;
	size_t size = 64 << 10;
	char *stack = malloc(size);
	assert_non_null(stack);
	uint64_t out[CS_NREGS] = {0};
	uint64_t before = fpctl_get();
	for (size_t k = 0; k < sizeof fp_pairs / sizeof fp_pairs[0]; k++) {
		uint64_t caller = fp_pairs[k][0];
		other_fp = fp_pairs[k][1];
		for (int round = 0; round < 3; round++) {
			memset(out, 0, sizeof out);
			fpctl_set(caller);
			regs_roundtrip(&caller_ctx, other_side, stack + size, out);
			uint64_t after = fpctl_get();
			fpctl_set(before);
			for (int i = 0; i < CS_NUSED; i++)
				assert_int_equal(out[i], cs_expected(i));
			/* the caller's control state came back */
			assert_int_equal(fp_kept(after), fp_kept(caller));
			assert_int_equal(other_fp_seen, caller);
		}
	}
	free(stack);
}

/* ---- a fresh context: ABI stack alignment and the captured FP state */

static gmp_ctx main_ctx, fresh_ctx;
static uintptr_t fresh_frame;
static uint64_t fresh_fp;

static void fresh_entry(void)
{
	fresh_frame = (uintptr_t)__builtin_frame_address(0);
	fresh_fp = fpctl_get();
	gmp_gogo(&main_ctx);
}

static void jump_fresh(void *arg)
{
	(void)arg;
	gmp_gogo(&fresh_ctx);
}

static void test_fresh_context(void **state)
{
	(void)state;
	size_t size = 64 << 10;
	char *stack = malloc(size);
	char *g0 = malloc(size);
	assert_non_null(stack);
	assert_non_null(g0);
	uint64_t before = fpctl_get();
	fpctl_set(FP_OTHER);
	gmp_ctx_init_fp(); /* fresh contexts start with FP_OTHER */
	fpctl_set(before);
	gmp_ctx_make(&fresh_ctx, stack + size - 8, fresh_entry); /* misaligned top: rounded */
	gmp_mcall(&main_ctx, NULL, jump_fresh, (void *)(((uintptr_t)g0 + size) & ~(uintptr_t)15));
	assert_int_equal(fresh_frame % 16, 0); /* frame pointer of an ABI-aligned frame */
	assert_true(fresh_frame < (uintptr_t)(stack + size) && fresh_frame > (uintptr_t)stack);
	assert_int_equal(fresh_fp, FP_OTHER);
	assert_int_equal(fpctl_get(), before);
	fpctl_set(before);
	gmp_ctx_init_fp();
	free(stack);
	free(g0);
}

/* ---- through the runtime: Gs with different rounding modes hand off */

typedef struct fp_pair {
	rt_spinlock lock; /* guards waiting/ready flags */
	rt_task *waiting; /* the G parked               */
	int turn;         /* whose turn: 0 or 1         */
	rt_waitgroup wg;  /* both Gs finished           */
	double q[2];      /* 1/3 as each G computed it, under its own MXCSR */
	bool q_stable[2]; /* each G got the same quotient every time        */
} fp_pair;

static const int modes[2] = {FE_DOWNWARD, FE_UPWARD};

static void fp_g(void *arg)
{
	fp_pair *p = arg;
	rt_spin_lock(&p->lock);
	int me = p->turn++; /* first G is 0, second is 1 */
	rt_spin_unlock(&p->lock);
	RTS_EXPECT(fegetround() == FE_TONEAREST); /* a fresh G: the starter's mode */
	fesetround(modes[me]);
	p->q_stable[me] = true;
	for (int i = 0; i < 200; i++) {
		rt_spin_lock(&p->lock);
		rt_task *other = p->waiting;
		if (other) {
			p->waiting = NULL;
			rt_spin_unlock(&p->lock);
			rt_ready(other);
			rt_yield();
		} else {
			p->waiting = rt_self();
			rt_park(rt_unlock_spinlock, &p->lock);
		}
		RTS_EXPECT(fegetround() == modes[me]); /* x87 control word (glibc reads it) */
		volatile double x = 1.0, y = 3.0;
		double q = x / y; /* SSE/FP unit: rounds as MXCSR/FPCR says */
		if (i > 0 && q != p->q[me])
			p->q_stable[me] = false;
		p->q[me] = q;
	}
	rt_spin_lock(&p->lock);
	rt_task *other = p->waiting;
	p->waiting = NULL;
	rt_spin_unlock(&p->lock);
	if (other)
		rt_ready(other);
	fesetround(FE_TONEAREST);
	rt_wg_done(&p->wg);
}

static void fp_main(void *arg)
{
	fp_pair *p = arg;
	rt_wg_init(&p->wg);
	rt_wg_add(&p->wg, 2);
	RTS_EXPECT(rt_go(fp_g, p) == 0);
	RTS_EXPECT(rt_go(fp_g, p) == 0);
	rt_wg_wait(&p->wg);
}

static void test_fp_state_per_g(void **state)
{
	(void)state;
	for (int w = 1; w <= 2; w++) {
		fp_pair p = {0};
		rts_run(rt_find("gmp"), w, fp_main, &p);
		assert_true(p.q_stable[0] && p.q_stable[1]);
		assert_true(p.q[0] < p.q[1]); /* rounded down < rounded up: modes kept apart */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_callee_saved_and_fp),
	    cmocka_unit_test(test_fresh_context),
	    cmocka_unit_test(test_fp_state_per_g),
	};
	rts_watchdog(60);
	return cmocka_run_group_tests_name("gmp_switch", tests, NULL, NULL);
}
