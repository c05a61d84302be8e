/* test_protocol.c — child protocol records (harness/run/protocol.h): round trips,
 * escaping, and malformed lines rejected with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../harness/results/protocol.h"

static void round_trip_with_escapes(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	proto_writer w;
	proto_begin(&w, "fail");
	proto_add(&w, "reason", "verify: v == 41, want 42 (100% = wrong)\nnext");
	proto_addf(&w, "rep", "%d", 3);
	assert_int_equal(proto_emit(&w, p[1]), 0);
	char line[PROTO_MAX_LINE + 2];
	ssize_t n = read(p[0], line, sizeof line);
	assert_true(n > 0);
	assert_int_equal(line[n - 1], '\n');
	assert_null(memchr(line, '\n', (size_t)n - 1)); /* one line */
	proto_record r;
	char err[256];
	assert_true(proto_parse(line, (size_t)n, &r, err, sizeof err));
	assert_string_equal(proto_get(&r, "kind"), "fail");
	assert_string_equal(proto_get(&r, "reason"),
	                    "verify: v == 41, want 42 (100% = wrong)\nnext");
	uint64_t rep;
	assert_true(proto_get_u64(&r, "rep", &rep));
	assert_int_equal(rep, 3);
	assert_null(proto_get(&r, "nosuch"));
	proto_free(&r);
	close(p[0]);
	close(p[1]);
}

static void malformed_lines_rejected(void **state)
{
	(void)state;
	const char *bad[] = {
	    "",                  /* empty                        */
	    "rep=1 kind=rep",    /* kind not first               */
	    "kind=rep noequals", /* field without '='            */
	    "kind=rep =5",       /* empty key                    */
	    "kind=rep a=%zz",    /* bad escape                   */
	    "kind=rep a=%4",     /* truncated escape             */
	    "kind=rep a=1 a=2",  /* duplicate key                */
	    "kind=",             /* empty kind                   */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		proto_record r;
		char err[256] = "";
		assert_false(proto_parse(bad[i], strlen(bad[i]), &r, err, sizeof err));
		assert_non_null(strstr(err, "malformed"));
	}
	char embedded[] = "kind=rep a=1\0b=2";
	proto_record r;
	char err[256];
	assert_false(proto_parse(embedded, sizeof embedded - 1, &r, err, sizeof err));
}

static void too_many_fields_and_long_lines(void **state)
{
	(void)state;
	char line[PROTO_MAX_LINE * 2];
	size_t len = (size_t)snprintf(line, sizeof line, "kind=rep");
	for (int i = 0; i < PROTO_MAX_FIELDS + 1; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, " k%d=1", i);
	proto_record r;
	char err[256];
	assert_false(proto_parse(line, len, &r, err, sizeof err));
	assert_non_null(strstr(err, "too many"));
	memset(line, 'a', sizeof line);
	memcpy(line, "kind=x ", 7);
	assert_false(proto_parse(line, sizeof line, &r, err, sizeof err));
	assert_non_null(strstr(err, "too long"));
}

static void writer_overflow_is_flagged(void **state)
{
	(void)state;
	proto_writer w;
	proto_begin(&w, "rep");
	char big[PROTO_MAX_LINE];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	proto_add(&w, "v", big);
	assert_true(w.overflow);
	assert_true(w.len <= PROTO_MAX_LINE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(round_trip_with_escapes),
	    cmocka_unit_test(malformed_lines_rejected),
	    cmocka_unit_test(too_many_fields_and_long_lines),
	    cmocka_unit_test(writer_overflow_is_flagged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
