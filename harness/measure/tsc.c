/* tsc.c — see tsc.h. */
#include "tsc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../workloads/workload.h"

#define TSC_WINDOW_NS 5000000ull /* 5 ms: 2e-5 relative error from clock jitter */
#define TSC_WINDOWS   3          /* median of 3 rejects one disturbed window    */

static double cached; /* 0 until calibrated */

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* One window: spin for TSC_WINDOW_NS and compare both clocks. */
static double window(void)
{
	uint64_t n0 = mono_ns(), t0 = wl_ticks(), n1, t1;
	do {
		n1 = mono_ns();
		t1 = wl_ticks();
	} while (n1 - n0 < TSC_WINDOW_NS);
	return t1 > t0 ? (double)(n1 - n0) / (double)(t1 - t0) : 1.0;
}

double tsc_ns_per_tick(void)
{
	if (cached > 0)
		return cached;
	double w[TSC_WINDOWS];
	for (int i = 0; i < TSC_WINDOWS; i++) {
		double v = window();
		int j = i;
		for (; j > 0 && w[j - 1] > v; j--) /* insertion sort */
			w[j] = w[j - 1];
		w[j] = v;
	}
	cached = w[TSC_WINDOWS / 2];
	return cached;
}

bool tsc_invariant(void)
{
#if defined(__x86_64__) || defined(__i386__)
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return false;
	char line[8192];
	bool constant = false, nonstop = false;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		constant = strstr(line, " constant_tsc") != NULL;
		nonstop = strstr(line, " nonstop_tsc") != NULL;
		break;
	}
	fclose(f);
	return constant && nonstop;
#else
	return true;
#endif
}
