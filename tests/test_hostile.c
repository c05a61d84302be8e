/*
 * test_hostile.c — results directories written by an attacker (issue 14):
 * every string field of runs.csv (key, workload, runtime, chan, placement,
 * pair_class, params), env.json (host, started, cpu_model, command),
 * skipped.csv and failures.csv holds one of the texts below, and the host
 * name also "../x" and "/tmp/x". `corobench report` (one host and two),
 * `corobench compare A B` and `compare --by` run on them, as the binary, and
 * must run no command (no marker file appears), keep every directory they
 * make inside the one it belongs to, write no control byte, ANSI escape or
 * invalid UTF-8 to the terminal, and show the text escaped in report.html
 * (no live <script>). The texts:
 *   a backquote pair, $(...), system("..."), ", ', \, a newline, ;,
 *   <script>, an ANSI escape (ESC [ 31 m), and a byte that is not UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../harness/base/format/csv.h"
#include "../harness/base/file_read.h"
#include "../harness/base/format/json.h"
#include "support/resfix.h"

extern char **environ;

#define NHOSTILE 11
static char marker[600];            /* a command that ran would create it */
static char hostile[NHOSTILE][700]; /* the texts, each naming marker      */

static void make_texts(const char *tmp)
{
	snprintf(marker, sizeof marker, "%s/PWNED", tmp);
	const char *fmt[NHOSTILE] = {
	    "gm`touch %s`p",
	    "x$(touch %s)y",
	    "system(\"touch %s\")",
	    "q\"uo\"te %s",
	    "ap'os'%s",
	    "back\\slash\\%s\\",
	    "new\nline %s",
	    "semi;touch %s",
	    "<script>alert('%s')</script>",
	    "\x1b[31mred\x1b[0m %s",
	    "bad\xff\xfe utf8 %s",
	};
	for (int i = 0; i < NHOSTILE; i++)
		snprintf(hostile[i], sizeof hostile[i], fmt[i], marker);
}

/* One runs.csv row (schema 1). */
static void row(FILE *f, const char *wl, const char *rt, const char *chan, const char *pl,
                const char *pair, const char *params, int threads, int rep, double ns)
{
	char key[4000];
	snprintf(key, sizeof key, "%s/runtime=%s/chan=%s/threads=%d/placement=%s", wl, rt, chan,
	         threads, pl);
	csv_field(f, "1", true);
	const char *s[] = {key, wl, rt, chan};
	for (int i = 0; i < 4; i++)
		csv_field(f, s[i], false);
	fprintf(f, ",%d", threads);
	csv_field(f, pl, false);
	csv_field(f, pair, false);
	csv_field(f, "", false);
	csv_field(f, params, false);
	fprintf(f, ",1000,1000,0,%d,%d,%.0f,%.6g,%.6g,\n", rep / 5, 1 + rep % 5, ns * 1000, ns,
	        1e9 / ns);
}

/* A results directory: for each hostile text a gmp configuration whose every
 * string field is that text, at threads 1 and 2, beside a pthread one; and
 * env.json, skipped.csv and failures.csv carrying them too. */
static void write_dir(const char *dir, const char *host)
{
	char path[1200];
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/runs.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,"
	           "n_requested,n,size_reduced,round,rep,elapsed_ns,ns_per_op,ops_per_sec,"
	           "migrated\n");
	for (int t = 1; t <= 2; t++)
		for (int r = 0; r < 6; r++) {
			row(f, "pingpong", "pthread", "go", "none", "", "n=1000", t, r, 900 + r);
			for (int i = 0; i < NHOSTILE; i++) {
				char params[800];
				snprintf(params, sizeof params, "n=1000;%.700s", hostile[i]);
				row(f, hostile[i], hostile[i], hostile[i], "none", hostile[i],
				    params, t, r, 100 + 10 * i + r);
				row(f, "pingpong", hostile[i], "go", hostile[i], hostile[i],
				    "n=1000", t, r, 200 + 10 * i + r);
			}
		}
	assert_int_equal(fclose(f), 0);

	snprintf(path, sizeof path, "%s/env.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	int count = 0;
	fputs("{\n", f);
	json_kv_num(f, &count, "schema", 1);
	json_kv_str(f, &count, "host", host);
	json_kv_str(f, &count, "started", hostile[0]);
	json_kv_str(f, &count, "cpu_model", hostile[9]);
	json_kv_str(f, &count, "command", hostile[1]);
	fputs("\n}\n", f);
	assert_int_equal(fclose(f), 0);

	snprintf(path, sizeof path, "%s/skipped.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("key,reason\n", f);
	for (int i = 0; i < NHOSTILE; i++) {
		csv_field(f, hostile[i], true);
		csv_field(f, hostile[(i + 1) % NHOSTILE], false);
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
	snprintf(path, sizeof path, "%s/failures.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("key,round,kind,reason\n", f);
	for (int i = 0; i < NHOSTILE; i++) {
		csv_field(f, hostile[i], true);
		fputs(",0", f);
		csv_field(f, hostile[(i + 2) % NHOSTILE], false);
		csv_field(f, hostile[(i + 3) % NHOSTILE], false);
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
}

/* Runs build/corobench with args (NULL-terminated), stdout and stderr into
 * files under tmp; returns the exit status. */
static int run_cb(const char *tmp, const char *tag, char **args)
{
	const char *b = getenv("BUILD");
	char bin[600], out[900], err[900];
	snprintf(bin, sizeof bin, "%s/corobench", b && *b ? b : "build");
	snprintf(out, sizeof out, "%s/%s.out", tmp, tag);
	snprintf(err, sizeof err, "%s/%s.err", tmp, tag);
	char *argv[16] = {bin};
	int n = 1;
	for (; args[n - 1] && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pid_t pid;
	assert_int_equal(posix_spawn(&pid, bin, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot read %s", path);
	char *buf = malloc(64u << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (64u << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Text for a terminal: no control byte but newline, no DEL, well-formed UTF-8
 * without C1 controls. */
static void expect_terminal_safe(const char *path)
{
	size_t n;
	unsigned char *s = (unsigned char *)slurp(path, &n);
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			fail_msg("%s: control byte 0x%02x at %zu", path, c, i);
		if (c < 0x80)
			continue;
		int k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
		if (k < 0 || (c == 0xC2 && i + 1 < n && s[i + 1] < 0xA0))
			fail_msg("%s: byte 0x%02x at %zu is not printable UTF-8", path, c, i);
		for (int j = 1; j <= k; j++)
			if (i + (size_t)j >= n || (s[i + j] & 0xC0) != 0x80)
				fail_msg("%s: broken UTF-8 at %zu", path, i);
		i += (size_t)k;
	}
	free(s);
}

static void expect_no_marker(void)
{
	if (access(marker, F_OK) == 0)
		fail_msg("a command from the results ran: %s exists", marker);
}

/* report.html: the texts are there, escaped; no live script, no ESC. */
static void expect_page_escaped(const char *html)
{
	size_t n;
	char *s = slurp(html, &n);
	assert_null(strstr(s, "<script>"));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	assert_null(memchr(s, 0x1b, n));
	assert_non_null(strstr(s, "\\e[31mred\\e[0m")); /* the ANSI escape, shown */
	assert_non_null(strstr(s, "bad\\xff\\xfe utf8"));
	assert_non_null(strstr(s, "new\\nline"));
	free(s);
}

static void report_compare_hostile(void **state)
{
	(void)state;
	char *tmp = resfix_tmpdir(), a[900], b[900];
	make_texts(tmp);
	snprintf(a, sizeof a, "%s/a", tmp);
	snprintf(b, sizeof b, "%s/b", tmp);
	char host[2000] = "";
	for (int i = 0; i < NHOSTILE; i++)
		strcat(host, hostile[i]), strcat(host, " ");
	write_dir(a, host);
	write_dir(b, "../x");

	char *rep1[] = {"report", a, NULL};
	assert_int_equal(run_cb(tmp, "rep1", rep1), 0);
	expect_no_marker();
	char path[1200];
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof path, "%s/rep1.%s", tmp, k ? "err" : "out");
		expect_terminal_safe(path);
	}
	snprintf(path, sizeof path, "%s/report.html", a);
	expect_page_escaped(path);
	/* the charts render (the labels are data, not broken script) */
	snprintf(path, sizeof path, "%s/rep1.err", tmp);
	size_t n;
	char *err = slurp(path, &n);
	int done = -1, all = -2;
	assert_int_equal(sscanf(err, "corobench report: %d of %d charts", &done, &all), 2);
	if (!strstr(err, "gnuplot not found"))
		assert_int_equal(done, all);
	free(err);

	char *cmp[] = {"compare", a, b, NULL};
	assert_int_equal(run_cb(tmp, "cmp", cmp), 0);
	char by[900];
	snprintf(by, sizeof by, "runtime=pthread,%s", hostile[9]);
	char *cmpby[] = {"compare", a, "--by", by, NULL};
	int rc = run_cb(tmp, "cmpby", cmpby);
	assert_true(rc == 0 || rc == 2);
	char *cmpcsv[] = {"compare", a, b, "--csv", NULL};
	assert_int_equal(run_cb(tmp, "cmpcsv", cmpcsv), 0);
	const char *tags[] = {"cmp", "cmpby", "cmpcsv"};
	for (int t = 0; t < 3; t++)
		for (int k = 0; k < 2; k++) {
			snprintf(path, sizeof path, "%s/%s.%s", tmp, tags[t], k ? "err" : "out");
			expect_terminal_safe(path);
		}
	expect_no_marker();

	/* two hosts: the output directory is one new entry of tmp, whatever the
	 * hosts are called ("../x", "/tmp/x", the texts) */
	const char *second[] = {"../x", "/tmp/x", ".."};
	for (int k = 0; k < 3; k++) {
		write_dir(b, second[k]);
		char *rep2[] = {"report", a, b, NULL};
		char tag[16];
		snprintf(tag, sizeof tag, "rep2-%d", k);
		assert_int_equal(run_cb(tmp, tag, rep2), 0);
		expect_no_marker();
		snprintf(path, sizeof path, "%s/%s.out", tmp, tag);
		expect_terminal_safe(path);
		size_t n;
		char *out = slurp(path, &n), line[2000];
		const char *at = strstr(out, "\nreport: ");
		assert_non_null(at);
		snprintf(line, sizeof line, "%.*s", (int)strcspn(at + 9, "\n"), at + 9);
		free(out);
		/* tmp/report-<one component>/report.html */
		assert_int_equal(strncmp(line, tmp, strlen(tmp)), 0);
		const char *rest = line + strlen(tmp);
		assert_int_equal(strncmp(rest, "/report-", 8), 0);
		const char *slash = strchr(rest + 1, '/');
		assert_non_null(slash);
		assert_string_equal(slash, "/report.html");
		assert_true(file_exists(line));
		expect_page_escaped(line);
		snprintf(path, sizeof path, "%s/%s.err", tmp, tag);
		expect_terminal_safe(path);
	}
	if (!getenv("COROBENCH_TEST_KEEP"))
		resfix_rmrf(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(report_compare_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
