/* callee_saved.c — see callee_saved.h. */
#include "callee_saved.h"

#define CS_D_FLIP 0xff00ff00ff00ff00ull

#if defined(__x86_64__)
/* cs_call(fn=rdi, a0=rsi, a1=rdx, a2=rcx, a3=r8, out=r9) */
__asm__(".text\n"
        ".globl cs_call\n"
        "cs_call:\n"
        "  pushq %rbp\n  pushq %rbx\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
        "  pushq %r9\n" /* out; 7 pushes: rsp 16-byte aligned for the call */
        "  movq %rdi, %rax\n"
        "  movq %rsi, %rdi\n  movq %rdx, %rsi\n  movq %rcx, %rdx\n  movq %r8, %rcx\n"
        "  movabsq $0x1111111111111111, %rbx\n"
        "  movabsq $0x2222222222222222, %rbp\n"
        "  movabsq $0x3333333333333333, %r12\n"
        "  movabsq $0x4444444444444444, %r13\n"
        "  movabsq $0x5555555555555555, %r14\n"
        "  movabsq $0x6666666666666666, %r15\n"
        "  call *%rax\n"
        "  popq %rax\n" /* out */
        "  movq %rbx, 0(%rax)\n  movq %rbp, 8(%rax)\n  movq %r12, 16(%rax)\n"
        "  movq %r13, 24(%rax)\n  movq %r14, 32(%rax)\n  movq %r15, 40(%rax)\n"
        "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbx\n  popq %rbp\n"
        "  ret\n"
        ".globl cs_clobber_jump\n"
        "cs_clobber_jump:\n" /* fn=rdi, a0=rsi, a1=rdx */
        "  movq %rdi, %rax\n  movq %rsi, %rdi\n  movq %rdx, %rsi\n"
        "  movq $-1, %rbx\n  movq $-1, %rbp\n  movq $-1, %r12\n"
        "  movq $-1, %r13\n  movq $-1, %r14\n  movq $-1, %r15\n"
        "  jmp *%rax\n");
#elif defined(__aarch64__)
/* cs_call(fn=x0, a0=x1, a1=x2, a2=x3, a3=x4, out=x5) */
__asm__(".text\n"
        ".globl cs_call\n"
        "cs_call:\n"
        "  sub sp, sp, #176\n"
        "  stp x19, x20, [sp, #0]\n  stp x21, x22, [sp, #16]\n  stp x23, x24, [sp, #32]\n"
        "  stp x25, x26, [sp, #48]\n  stp x27, x28, [sp, #64]\n  stp x29, x30, [sp, #80]\n"
        "  stp d8, d9, [sp, #96]\n  stp d10, d11, [sp, #112]\n  stp d12, d13, [sp, #128]\n"
        "  stp d14, d15, [sp, #144]\n  str x5, [sp, #160]\n"
        "  mov x9, x0\n  mov x0, x1\n  mov x1, x2\n  mov x2, x3\n  mov x3, x4\n"
        "  movz x19, #0x1111\n  movk x19, #0x13, lsl #48\n"
        "  movz x20, #0x2222\n  movk x20, #0x14, lsl #48\n"
        "  movz x21, #0x3333\n  movk x21, #0x15, lsl #48\n"
        "  movz x22, #0x4444\n  movk x22, #0x16, lsl #48\n"
        "  movz x23, #0x5555\n  movk x23, #0x17, lsl #48\n"
        "  movz x24, #0x6666\n  movk x24, #0x18, lsl #48\n"
        "  movz x25, #0x7777\n  movk x25, #0x19, lsl #48\n"
        "  movz x26, #0x8888\n  movk x26, #0x1a, lsl #48\n"
        "  movz x27, #0x9999\n  movk x27, #0x1b, lsl #48\n"
        "  movz x28, #0xaaaa\n  movk x28, #0x1c, lsl #48\n"
        "  movz x29, #0xbbbb\n  movk x29, #0x1d, lsl #48\n"
        "  mov x10, #0xff00ff00ff00ff00\n"
        "  eor x11, x19, x10\n  fmov d8, x11\n"
        "  eor x11, x20, x10\n  fmov d9, x11\n"
        "  eor x11, x21, x10\n  fmov d10, x11\n"
        "  eor x11, x22, x10\n  fmov d11, x11\n"
        "  eor x11, x23, x10\n  fmov d12, x11\n"
        "  eor x11, x24, x10\n  fmov d13, x11\n"
        "  eor x11, x25, x10\n  fmov d14, x11\n"
        "  eor x11, x26, x10\n  fmov d15, x11\n"
        "  blr x9\n"
        "  ldr x9, [sp, #160]\n"
        "  stp x19, x20, [x9, #0]\n  stp x21, x22, [x9, #16]\n  stp x23, x24, [x9, #32]\n"
        "  stp x25, x26, [x9, #48]\n  stp x27, x28, [x9, #64]\n  str x29, [x9, #80]\n"
        "  fmov x11, d8\n  str x11, [x9, #88]\n"
        "  fmov x11, d9\n  str x11, [x9, #96]\n"
        "  fmov x11, d10\n  str x11, [x9, #104]\n"
        "  fmov x11, d11\n  str x11, [x9, #112]\n"
        "  fmov x11, d12\n  str x11, [x9, #120]\n"
        "  fmov x11, d13\n  str x11, [x9, #128]\n"
        "  fmov x11, d14\n  str x11, [x9, #136]\n"
        "  fmov x11, d15\n  str x11, [x9, #144]\n"
        "  ldp x19, x20, [sp, #0]\n  ldp x21, x22, [sp, #16]\n  ldp x23, x24, [sp, #32]\n"
        "  ldp x25, x26, [sp, #48]\n  ldp x27, x28, [sp, #64]\n  ldp x29, x30, [sp, #80]\n"
        "  ldp d8, d9, [sp, #96]\n  ldp d10, d11, [sp, #112]\n  ldp d12, d13, [sp, #128]\n"
        "  ldp d14, d15, [sp, #144]\n"
        "  add sp, sp, #176\n"
        "  ret\n"
        ".globl cs_clobber_jump\n"
        "cs_clobber_jump:\n" /* fn=x0, a0=x1, a1=x2 */
        "  mov x9, x0\n  mov x0, x1\n  mov x1, x2\n"
        "  mov x10, #-1\n"
        "  mov x19, x10\n  mov x20, x10\n  mov x21, x10\n  mov x22, x10\n  mov x23, x10\n"
        "  mov x24, x10\n  mov x25, x10\n  mov x26, x10\n  mov x27, x10\n  mov x28, x10\n"
        "  mov x29, x10\n  fmov d8, x10\n  fmov d9, x10\n  fmov d10, x10\n  fmov d11, x10\n"
        "  fmov d12, x10\n  fmov d13, x10\n  fmov d14, x10\n  fmov d15, x10\n"
        "  br x9\n");
#else
#error "callee_saved: unsupported architecture"
#endif

uint64_t cs_expected(int i)
{
#if defined(__x86_64__)
	return 0x1111111111111111ull * (uint64_t)(i + 1);
#else
	/* x19+i = 0x1111 * (i + 1) | (19 + i) << 48; d8+k = x19+k ^ CS_D_FLIP */
	if (i < 11)
		return 0x1111ull * (uint64_t)(i + 1) | (uint64_t)(19 + i) << 48;
	return cs_expected(i - 11) ^ CS_D_FLIP;
#endif
}
