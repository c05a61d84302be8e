/*
 * asan.h — AddressSanitizer fiber annotations for gmp's stack switches.
 *
 * What it is for
 *   ASan tracks one stack per thread; a G switching stacks under it looks like a
 *   wild stack-pointer jump, and frames abandoned on a reused stack keep stale
 *   poison. Every gmp stack switch is therefore bracketed by
 *   __sanitizer_start_switch_fiber (before, naming the destination stack) and
 *   __sanitizer_finish_switch_fiber (first thing after, on the destination), and a
 *   reused stack is unpoisoned before a new G starts on it.
 *
 * What it promises: in a build without ASan (neither __SANITIZE_ADDRESS__ from gcc
 * nor the Makefile's COROBENCH_SANITIZE_ADDRESS) every helper is an empty inline.
 */
#ifndef GMP_ASAN_H
#define GMP_ASAN_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__) || defined(COROBENCH_SANITIZE_ADDRESS)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define GMP_ASAN 1
static inline void gmp_asan_start(void **fake, const void *lo, size_t size)
{
	__sanitizer_start_switch_fiber(fake, lo, size);
}
static inline void gmp_asan_finish(void *fake)
{
	__sanitizer_finish_switch_fiber(fake, NULL, NULL);
}
static inline void gmp_asan_unpoison(void *p, size_t n)
{
	__asan_unpoison_memory_region(p, n);
}
#else
#define GMP_ASAN 0
static inline void gmp_asan_start(void **fake, const void *lo, size_t size)
{
	(void)fake;
	(void)lo;
	(void)size;
}
static inline void gmp_asan_finish(void *fake)
{
	(void)fake;
}
static inline void gmp_asan_unpoison(void *p, size_t n)
{
	(void)p;
	(void)n;
}
#endif

#endif
