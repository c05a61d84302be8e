/*
 * fuzz_protocol.c — fuzz target for the child protocol parser
 * (harness/run/protocol.h): any byte string is either rejected with a reason or
 * parsed into fields that re-encode and re-parse to the same fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../harness/results/protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	proto_record r;
	char err[256] = "";
	if (!proto_parse((const char *)data, size, &r, err, sizeof err)) {
		if (!err[0])
			abort();
		return 0;
	}
	/* re-encode and parse again: same fields, same order */
	proto_writer w;
	proto_begin(&w, r.vals[0]);
	for (int i = 1; i < r.n; i++)
		proto_add(&w, r.keys[i], r.vals[i]);
	if (!w.overflow) {
		proto_record again;
		if (!proto_parse(w.buf, w.len, &again, err, sizeof err))
			abort();
		if (again.n != r.n)
			abort();
		for (int i = 0; i < r.n; i++)
			if (strcmp(again.keys[i], r.keys[i]) || strcmp(again.vals[i], r.vals[i]))
				abort();
		proto_free(&again);
	}
	proto_free(&r);
	return 0;
}
