/*
 * test_http_parse.c — the http workload's request parser (workloads/
 * http_parse.h) against the table runtimes/go/net_test.go checks the Go peer's
 * port with (keep the two in step: the C and Go conn servers must answer every
 * request alike), plus the limits: a head that does not end within 4 KiB is
 * refused, a body is waited for, pipelined requests are taken one at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../workloads/http_parse.h"

static const struct {
	const char *req;
	int status;
	size_t len;
	bool keep;
} cases[] = {
    {"GET / HTTP/1.1\r\nHost: x\r\n\r\n", HTTP_OK, 27, true},
    {"GET / HTTP/1.1\r\n\r\n", HTTP_OK, 18, true},
    {"GET / HTTP/1.0\r\n\r\n", HTTP_OK, 18, false},
    {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", HTTP_OK, 42, true},
    {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", HTTP_OK, 37, false},
    {"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", HTTP_OK, 42, true},
    {"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nab", HTTP_MORE, 0, false},
    {"GET / HTTP/1.1\r\nHost: x\r\n", HTTP_MORE, 0, false},
    {"GET / HTTP/1.1\r", HTTP_MORE, 0, false},
    {"", HTTP_MORE, 0, false},
    {"GET / HTTP/2.0\r\n\r\n", HTTP_BAD, 0, false},
    {"GET  / HTTP/1.1\r\n\r\n", HTTP_BAD, 0, false},
    {"GET / HTTP/1.1\n\r\n", HTTP_BAD, 0, false},
    {"GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", HTTP_BAD, 0, false},
    {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", HTTP_BAD, 0, false},
    {"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", HTTP_BAD, 0, false},
    {"GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", HTTP_BAD, 0, false},
    {"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", HTTP_BAD, 0, false},
    {"GET / HTTP/1.1\r\nContent-Length: 99999\r\n\r\n", HTTP_BAD, 0, false},
};

static void test_cases(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		http_req r = {0};
		int st = http_parse(cases[i].req, strlen(cases[i].req), &r);
		if (st != cases[i].status ||
		    (st == HTTP_OK && (r.len != cases[i].len || r.keep_alive != cases[i].keep)))
			fail_msg("case %zu: got %d len %zu keep %d", i, st, r.len, r.keep_alive);
	}
	http_req r;
	assert_int_equal(http_parse("\0ET / HTTP/1.1\r\n\r\n", 18, &r), HTTP_BAD);
}

static void test_endless_head(void **unused)
{
	(void)unused;
	static char big[HTTP_MAX_HEAD + 10];
	memset(big, 'a', sizeof big);
	memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
	http_req r;
	assert_int_equal(http_parse(big, HTTP_MAX_HEAD - 1, &r), HTTP_MORE);
	assert_int_equal(http_parse(big, sizeof big, &r), HTTP_BAD);
}

static void test_pipelined(void **unused)
{
	(void)unused;
	const char two[] = "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nConnection: close\r\n\r\n";
	http_req r;
	assert_int_equal(http_parse(two, sizeof two - 1, &r), HTTP_OK);
	assert_int_equal(r.len, 19);
	assert_true(r.keep_alive);
	assert_int_equal(http_parse(two + r.len, sizeof two - 1 - r.len, &r), HTTP_OK);
	assert_false(r.keep_alive);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_endless_head),
	    cmocka_unit_test(test_pipelined),
	};
	return cmocka_run_group_tests_name("http_parse", tests, NULL, NULL);
}
