/*
 * switch_x86_64.S — gmp's context switch for x86-64 (System V ABI). See switch.h
 * for the contract and the frame layout.
 *
 * Callee-saved state per the ABI: rbx, rbp, r12-r15, rsp, the MXCSR control bits
 * and the x87 control word. Saving MXCSR (stmxcsr) is the expensive part (about
 * 4 ns on the dev machine's Zen core, microcoded); it is kept because a G that
 * changes its rounding mode must find it unchanged after a park on another M.
 */
	.text

/* void gmp_mcall(gmp_ctx *save=rdi, void *arg=rsi, void (*fn)(void *)=rdx, void *sp=rcx) */
	.globl	gmp_mcall
	.type	gmp_mcall, @function
	.p2align 4
gmp_mcall:
	.cfi_startproc
	pushq	%rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbp, 0
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbx, 0
	pushq	%r12
	.cfi_adjust_cfa_offset 8
	pushq	%r13
	.cfi_adjust_cfa_offset 8
	pushq	%r14
	.cfi_adjust_cfa_offset 8
	pushq	%r15
	.cfi_adjust_cfa_offset 8
	subq	$8, %rsp
	.cfi_adjust_cfa_offset 8
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)		/* save->sp: the G is now completely saved     */
	movq	%rcx, %rsp		/* onto g0's stack (16-byte aligned)          */
	.cfi_undefined rip		/* unwinders stop here: g0 has no caller      */
	xorl	%ebp, %ebp		/* and so does the frame-pointer chain        */
	movq	%rsi, %rdi
	callq	*%rdx			/* fn(arg); never returns                     */
	ud2
	.cfi_endproc
	.size	gmp_mcall, .-gmp_mcall

/* void gmp_gogo(const gmp_ctx *ctx=rdi) — noreturn */
	.globl	gmp_gogo
	.type	gmp_gogo, @function
	.p2align 4
gmp_gogo:
	.cfi_startproc
	movq	(%rdi), %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	popq	%rcx			/* the saved return address ...                */
	jmpq	*%rcx			/* ... reached by an indirect jump, not `ret` */
	.cfi_endproc
	.size	gmp_gogo, .-gmp_gogo

/* void gmp_jumpcall(void *arg=rdi, void (*fn)(void *)=rsi, void *sp=rdx) — noreturn */
	.globl	gmp_jumpcall
	.type	gmp_jumpcall, @function
	.p2align 4
gmp_jumpcall:
	.cfi_startproc
	movq	%rdx, %rsp
	.cfi_undefined rip
	xorl	%ebp, %ebp
	callq	*%rsi
	ud2
	.cfi_endproc
	.size	gmp_jumpcall, .-gmp_jumpcall

	.section .note.GNU-stack,"",@progbits
