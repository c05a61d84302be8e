/*
 * floor_switch.h — the floor's register switch: the least a switch between two
 * stacks on one thread can do and still be a function call as far as the
 * compiler knows (floor_switch_$(ARCH).S). Independent of gmp's switch
 * (runtimes/gmp/switch.h), which it bounds and which is tuned on its own.
 *
 * What it saves: exactly the registers the ABI makes callee-saved, which the
 * compiler may keep values in across the call, and the stack pointer:
 *   x86-64 (System V):  rbx rbp r12 r13 r14 r15, rsp (and the return address)
 *   aarch64 (AAPCS64):  x19-x28, x29 (fp), x30 (lr), sp, d8-d15 (low 64 bits of v8-v15)
 * What it does not: the FP control state (MXCSR and the x87 control word; FPCR),
 * which the ABIs also keep across calls but which code changes only through
 * fesetround() and the like. A runtime may choose to carry it per task (gmp does)
 * or not (Go does not): a floor must not contain what a runtime may legitimately
 * skip. What it would add, measured with this floor saving and restoring it:
 * 3.7 against 3.4 ns a switch on the 2-vCPU Intel Xeon KVM guest it was written on; gmp's note
 * gives ~4 ns on a Zen core, where stmxcsr is microcoded.
 *
 * How it returns: by an indirect jump to the saved return address (`jmp *%rcx`,
 * `br x30`), never `ret`: a `ret` on a different stack than the matching `call`
 * misses the return-stack predictor every time. Measured with this floor: 13.5-
 * 15.3 ns a switch with `ret` against 3.4 ns with the jump (gmp's note: 9.5
 * against 2.7 ns on its machine).
 *
 * Frame floor_swap leaves (x86-64; ctx->sp points at the lowest word):
 *
 *      | return address |   <- pushed by `call floor_swap`
 *      | rbp            |
 *      | rbx            |
 *      | r12            |
 *      | r13            |
 *      | r14            |
 *      | r15            |   <- ctx->sp
 *
 * aarch64: 160 bytes, x19..x28 at 0..72, x29 x30 at 80, d8..d15 at 96..152.
 */
#ifndef COROBENCH_FLOOR_SWITCH_H
#define COROBENCH_FLOOR_SWITCH_H

#include <stddef.h>

/* A suspended context: the stack pointer of the frame drawn above. */
typedef struct floor_ctx {
	void *sp; /* where floor_swap left the saved registers */
} floor_ctx;

/* Saves the callee-saved registers on the current stack and the stack pointer in
 * save->sp, then continues the context `to` (saved by floor_swap or made by
 * floor_ctx_make). Returns when some floor_swap continues `save`. */
void floor_swap(floor_ctx *save, const floor_ctx *to);

/* Lays out a first frame at the top `hi` of a fresh stack (rounded down to 16
 * bytes) so that the first floor_swap to ctx calls fn(arg) there with an
 * ABI-aligned stack and a zero frame pointer. fn must never return (the
 * trampoline traps if it does). */
void floor_ctx_make(floor_ctx *ctx, void *hi, void (*fn)(void *), void *arg);

#endif
