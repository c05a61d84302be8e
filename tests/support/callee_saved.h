/*
 * callee_saved.h — an assembly harness that checks a context switch preserves
 * every register the ABI makes callee-saved (x86-64 System V: rbx rbp r12-r15;
 * AAPCS64: x19-x28, x29 and the low 64 bits of v8-v15).
 *
 * Why assembly: a C compiler is free to keep nothing in callee-saved registers
 * across a call, so only assembly can put known values there, call the switch,
 * let the other side clobber them all, come back and read them.
 *
 * What it promises
 *   - cs_call loads cs_expected(i) into callee-saved register i, calls
 *     fn(a0, a1, a2, a3), and once fn returns (on whatever stack it switched
 *     through) stores register i into out[i] for i < CS_NUSED, then restores the
 *     caller's registers. out has CS_NREGS entries.
 *   - cs_clobber_jump loads all ones into every callee-saved register and
 *     tail-jumps to fn(a0, a1): for the other side of a switch, which switches
 *     back and is never resumed.
 *   - aarch64: d8-d15 hold x19-x26 XOR 0xff00ff00ff00ff00, so a switch that swapped
 *     the two banks, or kept only 32 bits of either, fails; each x value differs
 *     in both halves.
 */
#ifndef COROBENCH_TEST_CALLEE_SAVED_H
#define COROBENCH_TEST_CALLEE_SAVED_H

#include <stdint.h>

#define CS_NREGS 19 /* the most any architecture checks */
#if defined(__x86_64__)
#define CS_NUSED 6 /* rbx rbp r12 r13 r14 r15 */
#else
#define CS_NUSED 19 /* x19-x28, x29, d8-d15 (x30 and sp: cs_call returns at all) */
#endif

/* fn: any function taking up to four pointer arguments, passed as a bare code
 * address (cast through void (*)(void)): the assembly puts a0..a3 in the
 * argument registers, whatever fn's declared type. */
typedef void (*cs_fn)(void);

void cs_call(cs_fn fn, void *a0, void *a1, void *a2, void *a3, uint64_t *out);
void cs_clobber_jump(cs_fn fn, void *a0, void *a1);

/* What out[i] must hold. */
uint64_t cs_expected(int i);

#endif
