/*
 * fuzz_csv_read.c — fuzz target for the results-directory CSV reader
 * (harness/base/format/csv_read.h) and the c2c matrix built on it (c2c_read.h): any
 * byte string is either rejected with a message or parsed into a table whose
 * every cell is readable; a parsed table either becomes a c2c matrix or is
 * rejected with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/results/read/c2c_read.h"
#include "../../harness/base/format/csv_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csvr_table t;
	char err[400] = "";
	if (!csvr_parse((const char *)data, size, &t, err, sizeof err)) {
		if (!err[0] || t.cells)
			abort();
		return 0;
	}
	size_t total = 0;
	for (int r = 0; r < t.nrows; r++)
		for (int c = 0; c < t.ncols; c++)
			total += strlen(csvr_cell(&t, r, c));
	if (total > size)
		abort(); /* decoding never grows a field */
	c2c_matrix m;
	err[0] = '\0';
	if (c2c_from_table(&t, &m, err, sizeof err)) {
		for (int i = 0; i < m.npu; i++)
			(void)c2c_at(&m, m.pu[i], m.pu[0]);
		c2c_free(&m);
	} else if (!err[0]) {
		abort();
	}
	csvr_free(&t);
	return 0;
}
