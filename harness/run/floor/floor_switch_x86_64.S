/*
 * floor_switch_x86_64.S — the floor's register switch for x86-64 (System V ABI).
 * Contract and frame layout: floor_switch.h. Callee-saved per the ABI: rbx, rbp,
 * r12-r15 and rsp; nothing else is saved.
 */
	.text

/* void floor_swap(floor_ctx *save=rdi, const floor_ctx *to=rsi) */
	.globl	floor_swap
	.type	floor_swap, @function
	.p2align 4
floor_swap:
	.cfi_startproc
	pushq	%rbp
	.cfi_adjust_cfa_offset 8
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	pushq	%r12
	.cfi_adjust_cfa_offset 8
	pushq	%r13
	.cfi_adjust_cfa_offset 8
	pushq	%r14
	.cfi_adjust_cfa_offset 8
	pushq	%r15
	.cfi_adjust_cfa_offset 8
	movq	%rsp, (%rdi)		/* save->sp: this side is completely saved */
	movq	(%rsi), %rsp		/* onto the other side's stack             */
	popq	%r15
	.cfi_adjust_cfa_offset -8
	popq	%r14
	.cfi_adjust_cfa_offset -8
	popq	%r13
	.cfi_adjust_cfa_offset -8
	popq	%r12
	.cfi_adjust_cfa_offset -8
	popq	%rbx
	.cfi_adjust_cfa_offset -8
	popq	%rbp
	.cfi_adjust_cfa_offset -8
	popq	%rcx			/* its return address ...                  */
	.cfi_adjust_cfa_offset -8
	jmpq	*%rcx			/* ... reached by a jump, not `ret`        */
	.cfi_endproc
	.size	floor_swap, .-floor_swap

/* The first code a context made by floor_ctx_make runs: fn(arg), with fn in r12
 * and arg in rbx (restored by floor_swap), rsp 16-byte aligned before the call. */
	.globl	floor_start
	.type	floor_start, @function
	.p2align 4
floor_start:
	.cfi_startproc
	.cfi_undefined rip		/* unwinders stop here: no caller         */
	movq	%rbx, %rdi
	callq	*%r12
	ud2				/* fn returned: a bug in the floor         */
	.cfi_endproc
	.size	floor_start, .-floor_start

	.section .note.GNU-stack,"",@progbits
