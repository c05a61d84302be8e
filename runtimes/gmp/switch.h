/*
 * switch.h — gmp's context switch: the two halves of Go's mcall/gogo, in assembly
 * (switch_$(ARCH).S), plus the builder of a fresh task's first frame (switch.c).
 *
 * What it is for
 *   A G (task) never switches to another G directly. It saves itself and jumps onto
 *   its M's scheduler stack, g0 (gmp_mcall); the scheduler then restores the next G
 *   (gmp_gogo). Each hand-off therefore costs one save plus one restore, the same as
 *   a single symmetric switch, but every scheduler decision -- and the after-park
 *   callback of rt.h -- runs on g0 after the G's context is completely saved, so
 *   another M may resume the G the instant it is published.
 *
 * What it promises
 *   - gmp_mcall(save, arg, fn, sp) saves the callee-saved registers and the FP
 *     control state (x86-64: rbx rbp r12-r15, MXCSR, x87 control word; aarch64:
 *     x19-x28, fp, lr, d8-d15, FPCR) on the current stack, stores the stack pointer
 *     in *save, switches to the stack whose (16-byte aligned) top is `sp` and calls
 *     fn(arg) there. fn must never return. gmp_mcall itself returns when someone
 *     calls gmp_gogo(save), on whatever thread that is.
 *   - gmp_gogo(ctx) restores a context saved by gmp_mcall or built by gmp_ctx_make
 *     and continues it. It writes the FP control state only where the saved word
 *     differs from the thread's current one (x86-64: the MXCSR control bits, 6-15,
 *     and the x87 control word; the MXCSR status flags are caller-saved by the ABI
 *     and are not brought back; aarch64: FPCR). It ends in an indirect jump
 *     (`jmp *reg` / `br x30`), never `ret` after switching stacks: a `ret` to a
 *     different stack than the matching `call` mispredicts every time (9.5 ns vs
 *     2.7 ns measured on the dev machine).
 *   - gmp_jumpcall(arg, fn, sp) switches to stack `sp` and calls fn(arg) without
 *     saving anything: for a G that is exiting and will never be resumed.
 *   - gmp_ctx_make(ctx, hi, entry) lays out a first frame at the top `hi` of a fresh
 *     stack so that gmp_gogo(ctx) starts entry() with a correctly aligned stack, a
 *     zero frame pointer and a zero return address (unwinders stop there), and the
 *     FP control state captured by gmp_ctx_init_fp(). entry must never return.
 *
 * Frame saved by gmp_mcall, x86-64 (ctx->sp points at the lowest word):
 *
 *      higher addresses
 *      +----------------------+
 *      | return address       |  <- pushed by `call gmp_mcall`; gogo pops it and jumps
 *      | rbp                  |
 *      | rbx                  |
 *      | r12                  |
 *      | r13                  |
 *      | r14                  |
 *      | r15                  |
 *      | x87 CW:16 | MXCSR:32 |  <- ctx->sp
 *      +----------------------+
 *
 * aarch64: a 176-byte frame: x19..x28 at 0..72, x29/x30 at 80, d8..d15 at 96..152,
 * FPCR at 160; gogo restores it, pops it and branches to x30 with `br`.
 */
#ifndef GMP_SWITCH_H
#define GMP_SWITCH_H

#include <stddef.h>

/* Functions that never return. Under ASan they are not declared so: ASan calls
 * __asan_handle_no_return (a sigaltstack system call) before every call to a
 * noreturn function, which would put a syscall into every switch; gmp clears the
 * poison of abandoned frames itself (asan.h). */
#if defined(__SANITIZE_ADDRESS__) || defined(COROBENCH_SANITIZE_ADDRESS)
#define GMP_NORETURN
#else
#define GMP_NORETURN __attribute__((noreturn))
#endif

/* A saved execution context: the stack pointer of the frame drawn above. */
typedef struct gmp_ctx {
	void *sp; /* where gmp_mcall left the saved registers; NULL when running */
} gmp_ctx;

void gmp_mcall(gmp_ctx *save, void *arg, void (*fn)(void *), void *sp);
GMP_NORETURN void gmp_gogo(const gmp_ctx *ctx);
GMP_NORETURN void gmp_jumpcall(void *arg, void (*fn)(void *), void *sp);

/* Captures the calling thread's FP control state as the one fresh Gs start with
 * (called once from start(), so Gs inherit the harness thread's settings, as a
 * pthread inherits its creator's). */
void gmp_ctx_init_fp(void);
void gmp_ctx_make(gmp_ctx *ctx, void *hi, void (*entry)(void));

#endif
