/*
 * fuzz_json_read.c — fuzz target for the env.json reader
 * (harness/base/format/json_read.h): any byte string is rejected with a message or
 * flattened into pairs whose paths and values are strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/base/format/json_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jsonr_doc d;
	char err[300] = "";
	if (!jsonr_parse((const char *)data, size, &d, err, sizeof err)) {
		if (!err[0] || d.npairs)
			abort();
		return 0;
	}
	for (int i = 0; i < d.npairs; i++)
		if (!d.pairs[i].path || !d.pairs[i].value || jsonr_get(&d, d.pairs[i].path) == NULL)
			abort();
	jsonr_free(&d);
	return 0;
}
