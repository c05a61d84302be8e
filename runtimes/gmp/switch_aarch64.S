/*
 * switch_aarch64.S — gmp's context switch for AArch64 (AAPCS64). See switch.h for
 * the contract.
 *
 * Callee-saved state per AAPCS64: x19-x28, x29 (fp), x30 (lr), sp, the low 64 bits
 * of v8-v15 (d8-d15), and FPCR (rounding mode, flush-to-zero). Frame (176 bytes,
 * sp stays 16-byte aligned):
 *
 *      0: x19 x20   16: x21 x22   32: x23 x24   48: x25 x26   64: x27 x28
 *     80: x29 x30   96: d8 d9    112: d10 d11  128: d12 d13  144: d14 d15
 *    160: FPCR     168: (pad)
 *
 * gogo writes FPCR only when it differs: msr fpcr may serialize on some cores and
 * the value is nearly always the same.
 */
	.text

/* void gmp_mcall(gmp_ctx *save=x0, void *arg=x1, void (*fn)(void *)=x2, void *sp=x3) */
	.globl	gmp_mcall
	.type	gmp_mcall, %function
	.p2align 4
gmp_mcall:
	.cfi_startproc
	sub	sp, sp, #176
	.cfi_adjust_cfa_offset 176
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
	mrs	x9, fpcr
	str	x9, [sp, #160]
	mov	x9, sp
	str	x9, [x0]		/* save->sp: the G is now completely saved */
	mov	sp, x3			/* onto g0's stack                         */
	.cfi_undefined x30
	mov	x29, #0
	mov	x30, #0
	mov	x0, x1
	blr	x2			/* fn(arg); never returns                  */
	brk	#0
	.cfi_endproc
	.size	gmp_mcall, .-gmp_mcall

/* void gmp_gogo(const gmp_ctx *ctx=x0) — noreturn */
	.globl	gmp_gogo
	.type	gmp_gogo, %function
	.p2align 4
gmp_gogo:
	.cfi_startproc
	ldr	x9, [x0]
	mov	sp, x9
	ldr	x10, [sp, #160]
	mrs	x11, fpcr
	cmp	x10, x11
	b.eq	1f
	msr	fpcr, x10
1:
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
	add	sp, sp, #176
	br	x30			/* indirect branch, not `ret` */
	.cfi_endproc
	.size	gmp_gogo, .-gmp_gogo

/* void gmp_jumpcall(void *arg=x0, void (*fn)(void *)=x1, void *sp=x2) — noreturn */
	.globl	gmp_jumpcall
	.type	gmp_jumpcall, %function
	.p2align 4
gmp_jumpcall:
	.cfi_startproc
	mov	sp, x2
	.cfi_undefined x30
	mov	x29, #0
	mov	x30, #0
	blr	x1
	brk	#0
	.cfi_endproc
	.size	gmp_jumpcall, .-gmp_jumpcall

	.section .note.GNU-stack,"",%progbits
