/* switch.c — the first frame of a fresh G (see switch.h for the layout). */
#include "switch.h"

#include <stdint.h>
#include <string.h>

/* FP control state fresh Gs start with (gmp_ctx_init_fp). */
#if defined(__x86_64__)
static uint64_t fp_default = 0x037f00001f80ull; /* x87 CW 0x37f << 32 | MXCSR 0x1f80 */
#elif defined(__aarch64__)
static uint64_t fp_default; /* FPCR 0: round to nearest, no flush-to-zero */
#endif

void gmp_ctx_init_fp(void)
{
#if defined(__x86_64__)
	uint32_t mxcsr;
	uint16_t cw;
	__asm__ __volatile__("stmxcsr %0" : "=m"(mxcsr));
	__asm__ __volatile__("fnstcw %0" : "=m"(cw));
	fp_default = (uint64_t)cw << 32 | mxcsr;
#elif defined(__aarch64__)
	uint64_t fpcr;
	__asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
	fp_default = fpcr;
#endif
}

void gmp_ctx_make(gmp_ctx *ctx, void *hi, void (*entry)(void))
{
	uintptr_t top = (uintptr_t)hi & ~(uintptr_t)15;
#if defined(__x86_64__)
	/* entry starts as if called: rsp = top - 8 (8 mod 16) holding a zero return
	 * address; below it the 8 words gogo pops (FP control, r15..r12, rbx, rbp, rip).
	 * r12-r15 and rbx may hold anything: entry is a C function entered afresh. */
	uint64_t *f = (uint64_t *)(top - 8) - 8;
	f[0] = fp_default;
	f[6] = 0; /* rbp: the frame-pointer chain ends here */
	f[7] = (uint64_t)(uintptr_t)entry;
	f[8] = 0; /* the fake return address */
	ctx->sp = f;
#elif defined(__aarch64__)
	/* entry starts with sp = top, x29 = 0, x30 = entry (then cleared by nobody:
	 * entry never returns). */
	uint64_t *f = (uint64_t *)(top - 176);
	memset(f, 0, 176);
	f[11] = (uint64_t)(uintptr_t)entry; /* x30 at offset 88 */
	f[20] = fp_default;                 /* FPCR at offset 160 */
	ctx->sp = f;
#else
#error "gmp: no context switch for this architecture"
#endif
}
