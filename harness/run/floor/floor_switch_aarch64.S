/*
 * floor_switch_aarch64.S — the floor's register switch for AArch64 (AAPCS64).
 * Contract: floor_switch.h. Callee-saved per AAPCS64: x19-x28, x29 (fp), x30
 * (lr), sp and the low 64 bits of v8-v15 (d8-d15); nothing else is saved.
 * Frame (160 bytes, sp stays 16-byte aligned):
 *
 *      0: x19 x20   16: x21 x22   32: x23 x24   48: x25 x26   64: x27 x28
 *     80: x29 x30   96: d8 d9    112: d10 d11  128: d12 d13  144: d14 d15
 */
	.text

/* void floor_swap(floor_ctx *save=x0, const floor_ctx *to=x1) */
	.globl	floor_swap
	.type	floor_swap, %function
	.p2align 4
floor_swap:
	.cfi_startproc
	sub	sp, sp, #160
	.cfi_adjust_cfa_offset 160
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mov	x9, sp
	str	x9, [x0]		/* save->sp: this side is completely saved */
	ldr	x9, [x1]
	mov	sp, x9			/* onto the other side's stack             */
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #160
	.cfi_adjust_cfa_offset -160
	br	x30			/* a branch, not `ret` (floor_switch.h)    */
	.cfi_endproc
	.size	floor_swap, .-floor_swap

/* The first code a context made by floor_ctx_make runs: fn(arg), with fn in x20
 * and arg in x19 (restored by floor_swap). */
	.globl	floor_start
	.type	floor_start, %function
	.p2align 4
floor_start:
	.cfi_startproc
	.cfi_undefined x30		/* unwinders stop here: no caller         */
	mov	x0, x19
	blr	x20
	brk	#0			/* fn returned: a bug in the floor         */
	.cfi_endproc
	.size	floor_start, .-floor_start

	.section .note.GNU-stack,"",%progbits
