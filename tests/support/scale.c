/* scale.c — COROBENCH_TEST_SCALE (see scale.h). */
#include "scale.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* Above this a "stress" loop is a single pass: a typo (a missing unit, 10000),
 * not a scale anyone means. */
#define TS_MAX 1000

static int scale = 1;                                /* N, once read */
static pthread_once_t read_once = PTHREAD_ONCE_INIT; /* tasks on several threads ask */

static void read_scale(void)
{
	const char *s = getenv("COROBENCH_TEST_SCALE");
	long v = 1;
	if (s && *s) {
		char *end;
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || *end || v < 1 || v > TS_MAX) {
			fprintf(stderr, "COROBENCH_TEST_SCALE=%s: not an integer from 1 to %d\n", s,
			        TS_MAX);
			exit(2);
		}
	}
	if (v > 1)
		printf("  COROBENCH_TEST_SCALE=%ld: stress loops run 1/%ld of their iterations "
		       "(every scenario still runs)\n",
		       v, v);
	scale = (int)v;
}

int ts_scale(void)
{
	pthread_once(&read_once, read_scale);
	return scale;
}

long ts_iters(long n, long floor)
{
	long k = n / ts_scale();
	long least = n < floor ? n : floor;
	return k < least ? least : k;
}
