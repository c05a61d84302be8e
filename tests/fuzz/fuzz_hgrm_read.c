/*
 * fuzz_hgrm_read.c — fuzz target for the .hgrm reader
 * (harness/results/read/hgrm_read.h): any byte string is rejected with a message or
 * parsed into rows with percentiles in [0, 1], never decreasing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/results/read/hgrm_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hgrm_file h;
	char err[300] = "";
	memset(&h, 0, sizeof h);
	if (!hgrm_parse((const char *)data, size, &h, err, sizeof err)) {
		if (!err[0])
			abort();
		return 0;
	}
	if (h.npts < 1)
		abort();
	for (int i = 0; i < h.npts; i++)
		if (h.pts[i].percentile < 0 || h.pts[i].percentile > 1 ||
		    (i && h.pts[i].percentile < h.pts[i - 1].percentile))
			abort();
	(void)hgrm_value_at(&h, 0.99);
	hgrm_free(&h);
	return 0;
}
