/*
 * switch_x86_64.S — gmp's context switch for x86-64 (System V ABI). See switch.h
 * for the contract and the frame layout.
 *
 * Callee-saved state per the ABI: rbx, rbp, r12-r15, rsp, the MXCSR control bits
 * and the x87 control word. A G that changes its rounding mode must find it
 * unchanged after a park on another M, so mcall saves both; storing them is
 * cheap (stmxcsr + fnstcw ~1 ns back to back on the dev machine's Xeon), loading
 * them is not (ldmxcsr + fldcw 7-14 ns back to back; inside a switch most of it
 * overlaps: skipping them saved 0.4 ns of an 11.7-ns yield and ~1 ns of a
 * 66-ns ping-pong round trip, docs/GMP-FLOOR.md). gogo therefore reads the M's
 * current state (what the last G left) and loads a saved word only when it
 * differs, as the aarch64 switch does with FPCR: nearly always nobody changed
 * anything. MXCSR is compared on its
 * control bits only (DAZ, the exception masks, RC, FZ: bits 6-15): its status
 * flags (bits 0-5) are caller-saved by the ABI, and comparing them would reload
 * on every switch after any G did an inexact division. So a G may find, after a
 * park, the status flags another G raised, as after any call; the control bits
 * are its own.
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
	stmxcsr	-8(%rsp)		/* the state the last G left (below the frame: */
	fnstcw	-4(%rsp)		/* free stack of the G we are resuming)        */
	movl	-8(%rsp), %eax
	xorl	(%rsp), %eax
	testl	$0xffc0, %eax		/* MXCSR control bits differ?                  */
	jnz	2f
1:	movzwl	-4(%rsp), %eax
	cmpw	4(%rsp), %ax		/* x87 control word differs?                   */
	jne	4f
3:	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	popq	%rcx			/* the saved return address ...                */
	jmpq	*%rcx			/* ... reached by an indirect jump, not `ret` */
2:	ldmxcsr	(%rsp)			/* out of line: rarely taken                   */
	jmp	1b
4:	fldcw	4(%rsp)
	jmp	3b
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
