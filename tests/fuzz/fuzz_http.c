/*
 * fuzz_http.c — fuzz target for the http workload's request parser
 * (workloads/http_parse.h): any byte string is either incomplete (only while it
 * is shorter than HTTP_MAX_HEAD), malformed, or a request whose length lies
 * within the input; parsing the request alone gives the same answer; feeding
 * the input one byte at a time never finishes earlier than the whole does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../workloads/http_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req r = {0};
	int st = http_parse((const char *)data, size, &r);
	if (st != HTTP_OK && st != HTTP_MORE && st != HTTP_BAD)
		abort();
	if (st == HTTP_MORE && size >= HTTP_MAX_HEAD + HTTP_MAX_HEAD)
		abort(); /* a head and body of at most 4 KiB each: never more to wait for */
	if (st == HTTP_OK) {
		if (r.len == 0 || r.len > size)
			abort();
		http_req again;
		if (http_parse((const char *)data, r.len, &again) != HTTP_OK ||
		    again.len != r.len || again.keep_alive != r.keep_alive)
			abort();
	}
	/* a prefix is never a different complete request */
	for (size_t k = 0; k < size && k < 512; k++) {
		http_req p;
		int sp = http_parse((const char *)data, k, &p);
		if (sp == HTTP_OK && (st != HTTP_OK || p.len != r.len))
			abort();
		if (sp == HTTP_BAD && st != HTTP_BAD)
			abort();
	}
	return 0;
}
