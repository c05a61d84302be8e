/*
 * splitmix.h — SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014): the harness's one small seedable generator.
 *
 * What it promises: splitmix64(&state) advances state and returns the next 64
 * pseudorandom bits; the same seed gives the same sequence on every machine, so
 * a bootstrap interval (ratio_ci.c), the run's shuffled schedule (runner.c), a
 * soak run's drawn configurations (soak.c) and a fuzzer's mutations (tests)
 * reproduce. Not for anything that needs to be unpredictable. (workloads/pipeline.c keeps its own
 * copy: that stream is part of the workload's definition, docs/WORKLOADS.md, and workloads/ depends
 * on runtimes/ only.)
 */
#ifndef COROBENCH_SPLITMIX_H
#define COROBENCH_SPLITMIX_H

#include <stdint.h>

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

#endif
