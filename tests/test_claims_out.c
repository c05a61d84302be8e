/*
 * test_claims_out.c — the claims table as it leaves corobench: one verdict
 * column per host on the terminal and in JSON (`corobench claims`), the same
 * rows in report.html with every evidence item's chart anchor present on the
 * page, text from the results escaped everywhere, and the command's exit
 * status (0; 1 for an --expect not met; 2 naming bad input). Synthetic
 * results (support/resfix.h), nothing timed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/base/file_read.h"
#include "../harness/cli/claims_print.h"
#include "../harness/cli/command.h"
#include "../harness/report/report.h"
#include "support/resfix.h"

static rp_findings F; /* ~2.5 MB: static */
static report_model M;
static double S[64][10];
static int NS;

static const double *at(double center)
{
	assert_true(NS < 64);
	resfix_samples(S[NS], 10, center, 0.01, 2000 + (unsigned)NS);
	return S[NS++];
}

#define C10(w, rt, ch, t, ns) ((resfix_cfg){w, rt, ch, t, "none", at(ns), 10, false})

static void claims_of(char **dirs, int n)
{
	char err[800];
	rm_free(&M); /* the previous test's model, if any (a zeroed one is a no-op) */
	if (!rm_load(&M, dirs, n, err, sizeof err))
		fail_msg("%s", err);
	rp_findings_make(&M, &F);
}

/* What f prints into a string (the caller frees it). */
static char *printed(void (*print)(FILE *, const report_model *, const rp_findings *, bool),
                     bool brief)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	print(f, &M, &F, brief);
	fclose(f);
	return buf;
}

static void json_print(FILE *f, const report_model *m, const rp_findings *r, bool brief)
{
	(void)brief;
	claims_print_json(f, m, r);
}

static void has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("output lacks '%s':\n%s", needle, s);
}

/* No byte below 0x20 but newlines, no DEL. */
static void clean(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("control byte 0x%02x at offset %td", *p, (const char *)p - s);
}

/* Two hosts side by side: C7 holds on one and does not on the other; the
 * terminal table has a verdict column per host, JSON a row per host. A host
 * label with an ANSI escape and a newline arrives escaped. */
static void hosts_side_by_side(void **state)
{
	(void)state;
	char *root = resfix_tmpdir(), a[600], b[600];
	snprintf(a, sizeof a, "%s/a", root);
	snprintf(b, sizeof b, "%s/b", root);
	resfix_cfg ca[] = {C10("pingpong", "gmp", "go", 1, 100),
	                   C10("pingpong", "pthread", "go", 1, 10000)};
	resfix_cfg cb[] = {C10("pingpong", "gmp", "go", 1, 1000),
	                   C10("pingpong", "pthread", "go", 1, 2000)};
	assert_true(resfix_write(a, "laptop", ca, 2));
	assert_true(resfix_write(b, "box\\u001b[31m\\nx", cb, 2));
	char *dirs[] = {a, b};
	claims_of(dirs, 2);
	char *text = printed(claims_print_text, false);
	printf("%s", text);
	clean(text);
	has(text, "laptop");
	has(text, "box\\e[31m\\nx");
	/* the table: a verdict column per host, in the order of the directories */
	char line[300];
	const char *c7 = strstr(text, "\nC7 ");
	assert_non_null(c7);
	snprintf(line, sizeof line, "%.*s", (int)strcspn(c7 + 1, "\n"), c7 + 1);
	has(line, "a goroutine switch is cheap");
	assert_non_null(
	    strstr(strstr(line, " holds ") ? strstr(line, " holds ") : "", "does not hold"));
	has(text, "[#nsop-t1]");
	char *brief = printed(claims_print_text, true);
	assert_null(strstr(brief, "evidence:"));
	char *json = printed(json_print, false);
	clean(json);
	has(json, "\"schema\": 1");
	has(json, "{\"id\": \"C7\"");
	has(json, "{\"host\": \"laptop\", \"verdict\": \"holds\"");
	has(json, "\"verdict\": \"does not hold\"");
	has(json, "\"chart\": \"nsop-t1\"");
	has(json, "\"bound\": 10, \"at_least\": true");
	free(text);
	free(brief);
	free(json);
	rm_free(&M);
	resfix_rmrf(root);
	free(root);
	NS = 0;
}

/* Every chart anchor an evidence item names is an id on the report's page,
 * and the page has the section, a column per claim and its verdict. */
static void anchors_resolve_on_the_page(void **state)
{
	(void)state;
	char *root = resfix_tmpdir(), out[700], counters[700], html[4200];
	static const char *const wl[] = {"pingpong", "ring", "fib", "mpmc"};
	static const char *const rt[] = {"gmp", "go", "pthread"};
	resfix_cfg c[24];
	int n = 0;
	for (int w = 0; w < 4; w++)
		for (int r = 0; r < 3; r++)
			for (int t = 1; t <= 2; t++)
				c[n++] = C10(wl[w], rt[r], r == 1 ? "go-native" : "go", t,
				             (r == 2 ? 5000 : 100) * (w + 1) / t);
	assert_true(resfix_write(root, "h", c, n));
	snprintf(counters, sizeof counters, "%s/counters", root);
	const double zero[10] = {0}, two[10] = {2, 2.01, 1.99, 2, 2.02, 1.98, 2, 2.01, 1.99, 2};
	resfix_cfg cc[] = {C10("pingpong", "gmp", "go", 1, 100),
	                   C10("pingpong", "pthread", "go", 1, 5000)};
	resfix_more cm[] = {{.extra = zero}, {.extra = two}};
	assert_true(resfix_write_more(counters, "h", "context-switches/op", cc, cm, 2));
	snprintf(out, sizeof out, "%s/out", root);
	report_opts o = {.out = out};
	assert_int_equal(report_run(&root, 1, &o, html, sizeof html), 0);
	char *page, err[200];
	size_t len;
	assert_true(file_read_all(html, 64u << 20, &page, &len, err, sizeof err));
	claims_of(&root, 1);
	int anchors = 0;
	for (int i = 0; i < F.nclaims; i++)
		for (int k = 0; k < F.claims[i].nev; k++) {
			const char *a = F.claims[i].ev[k].anchor;
			char id[100];
			if (!a[0])
				continue;
			snprintf(id, sizeof id, "id=\"%s\"", a);
			if (!strstr(page, id))
				fail_msg("%s: evidence links #%s, which the page lacks",
				         F.claims[i].def->id, a);
			anchors++;
		}
	printf("# %d anchors, all on the page\n", anchors);
	assert_true(anchors > 20);
	has(page, "<h2 id=\"claims\">Claims checked</h2>");
	has(page, "<details class=\"claim\" id=\"claim-c7\"><summary><b>C7</b>: ");
	has(page, "<a href=\"#counter-context-switches-t1\">chart</a>");
	has(page, "<td class=\"holds\">holds</td>");
	free(page);
	rm_free(&M);
	resfix_rmrf(root);
	free(root);
	NS = 0;
}

/* `corobench claims`: exit 0, 1 for an --expect not met, 2 naming bad input. */
static void command_exit_status(void **state)
{
	(void)state;
	const cb_command *cmd = cmd_find("claims");
	assert_non_null(cmd);
	char *root = resfix_tmpdir();
	resfix_cfg c[] = {C10("pingpong", "gmp", "go", 1, 100),
	                  C10("pingpong", "pthread", "go", 1, 10000)};
	assert_true(resfix_write(root, "h", c, 2));
	char missing[700];
	snprintf(missing, sizeof missing, "%s/none", root);
	struct {
		const char *args[6];
		int rc;
	} cases[] = {
	    {{"claims", root, "--brief"}, 0},
	    {{"claims", root, "--format", "json"}, 0},
	    {{"claims", root, "--brief", "--expect", "C7=holds"}, 0},
	    {{"claims", root, "--brief", "--expect", "c9=not-measured"}, 0},
	    {{"claims", root, "--brief", "--expect", "C8=holds"}, 1},
	    {{"claims", missing}, 2},
	    {{"claims"}, 2},
	    {{"claims", root, "--format", "xml"}, 2},
	    {{"claims", root, "--expect", "C13=holds"}, 2},
	    {{"claims", root, "--expect", "C7=fine"}, 2},
	    {{"claims", root, "--bogus"}, 2},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char *argv[7] = {0};
		int argc = 0;
		while (argc < 6 && cases[k].args[argc]) {
			argv[argc] = (char *)cases[k].args[argc];
			argc++;
		}
		fflush(stdout);
		int rc = cmd->main(argc, argv);
		fflush(stdout);
		if (rc != cases[k].rc)
			fail_msg("case %zu (%s %s): exit %d, want %d", k, argv[1] ? argv[1] : "",
			         argc > 2 ? argv[2] : "", rc, cases[k].rc);
	}
	resfix_rmrf(root);
	free(root);
	NS = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hosts_side_by_side),
	    cmocka_unit_test(anchors_resolve_on_the_page),
	    cmocka_unit_test(command_exit_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
