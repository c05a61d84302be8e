/*
 * chan_order.c — the per-thread generator and the two orders a select needs
 * (chan_impl.h): a random poll order for fairness, an address lock order for
 * deadlock freedom.
 *
 * wyrand (Wang Yi, public domain): one multiply per draw, passes BigCrush and
 * PractRand; Go's runtime uses the same generator (cheaprand) since Go 1.22.
 * Each thread seeds from its own address and the cycle counter, so two threads
 * never walk the same sequence; a repeatable sequence is not needed (select's
 * fairness is a statistical property, and the tests check it as such).
 */
#include "chan_impl.h"

static __thread uint64_t rand_state;

uint64_t chan_rand(void)
{
	uint64_t s = rand_state;
	if (__builtin_expect(s == 0, 0)) {
		s = (uint64_t)(uintptr_t)&rand_state ^ 0x9e3779b97f4a7c15ull;
#if defined(__x86_64__)
		s ^= __builtin_ia32_rdtsc();
#endif
		s |= 1;
	}
	s += 0xa0761d6478bd642full;
	rand_state = s;
	unsigned __int128 m = (unsigned __int128)s * (s ^ 0xe7037ed1a0b428dbull);
	return (uint64_t)(m >> 64) ^ (uint64_t)m;
}

void chan_pollorder(uint16_t *order, int n)
{
	order[0] = 0;
	for (int i = 1; i < n; i++) { /* inside-out Fisher-Yates: one draw per extra case */
		uint32_t j = chan_randn((uint32_t)i + 1);
		order[i] = order[j];
		order[j] = (uint16_t)i;
	}
}

/* Insertion sort for the common handful of cases; heapsort (Go's choice, O(n log n)
 * with no extra memory) above that. */
static void sift_down(uint16_t *o, const uintptr_t *key, int root, int n)
{
	for (;;) {
		int child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && key[o[child + 1]] > key[o[child]])
			child++;
		if (key[o[root]] >= key[o[child]])
			return;
		uint16_t t = o[root];
		o[root] = o[child];
		o[child] = t;
		root = child;
	}
}

void chan_lockorder(uint16_t *order, const uintptr_t *key, const uint16_t *poll, int n)
{
	for (int i = 0; i < n; i++)
		order[i] = poll[i];
	if (n <= 32) {
		for (int i = 1; i < n; i++) {
			uint16_t v = order[i];
			int j = i;
			while (j > 0 && key[order[j - 1]] > key[v]) {
				order[j] = order[j - 1];
				j--;
			}
			order[j] = v;
		}
		return;
	}
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_down(order, key, i, n);
	for (int end = n - 1; end > 0; end--) {
		uint16_t t = order[0];
		order[0] = order[end];
		order[end] = t;
		sift_down(order, key, 0, end);
	}
}
