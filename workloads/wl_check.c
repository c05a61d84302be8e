/* wl_check.c — see wl_check.h. */
#include "wl_check.h"

#include <inttypes.h>
#include <stdio.h>

bool wl_check_received(const char *who, int64_t n, int64_t received, int64_t sum, char *why,
                       size_t whylen)
{
	int64_t want = n * (n - 1) / 2;
	if (sum == want && received == n)
		return true;
	snprintf(why, whylen,
	         "%s received %" PRId64 " values summing to %" PRId64 ", want %" PRId64
	         " summing to %" PRId64,
	         who, received, sum, n, want);
	return false;
}
