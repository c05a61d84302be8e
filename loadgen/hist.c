/* hist.c — the load generator's latency histogram (lg.h). */
#include "lg.h"

#include <stdio.h>

static int bucket(uint64_t ns)
{
	if (ns < LG_SUB)
		return (int)ns;                            /* octave 0 is exact */
	int msb = 63 - __builtin_clzll(ns);                /* >= 6 */
	int oct = msb - 5;                                 /* 1 ... */
	int sub = (int)((ns >> (msb - 6)) & (LG_SUB - 1)); /* 6 bits below the top one */
	if (oct >= LG_OCTAVES)
		return LG_OCTAVES * LG_SUB - 1;
	return oct * LG_SUB + sub;
}

static uint64_t midpoint(int b)
{
	int oct = b / LG_SUB, sub = b % LG_SUB;
	if (oct == 0)
		return (uint64_t)sub;
	int shift = oct - 1;
	uint64_t lo = ((uint64_t)(LG_SUB + sub)) << shift;
	return lo + ((1ull << shift) >> 1);
}

void lg_hist_add(lg_hist *h, uint64_t ns)
{
	h->count[bucket(ns)]++;
	h->total++;
}

void lg_hist_print(const lg_hist *h, void *file)
{
	FILE *f = file;
	bool first = true;
	for (int b = 0; b < LG_OCTAVES * LG_SUB; b++)
		if (h->count[b]) {
			fprintf(f, "%s%llu:%llu", first ? "" : ",", (unsigned long long)midpoint(b),
			        (unsigned long long)h->count[b]);
			first = false;
		}
	if (first)
		fputc('-', f);
}
