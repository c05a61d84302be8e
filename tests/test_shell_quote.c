/* test_shell_quote.c — the one quoting function for shell words
 * (harness/base/shell_quote.h), checked against the real /bin/sh with hostile
 * strings, and running programs without a shell (harness/base/proc.h). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../harness/base/proc.h"
#include "../harness/base/shell_quote.h"

static const char *const hostile[] = {
    "plain",
    "",
    "two words",
    "it's",
    "'",
    "''",
    "'\\''",
    "$(touch /tmp/corobench-pwned)",
    "`touch /tmp/corobench-pwned`",
    "; touch /tmp/corobench-pwned",
    "a && b || c | d",
    "$HOME ${HOME} $1 $@ $*",
    "*",
    "~root",
    "-n",
    "--help",
    "back\\slash\\",
    "double \" quote",
    "new\nline",
    "tab\there",
    "glob[ab]?",
    "!bang !! history",
    "#comment",
    "semi;colon&amp<lt>gt",
    "\xc3\xa9t\xc3\xa9 utf-8",
    "\xff\xfe not utf-8",
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

/* What `sh -c SCRIPT` prints on stdout (up to len-1 bytes). */
static void sh_output(const char *script, char *out, size_t len)
{
	int fd[2];
	assert_int_equal(pipe2(fd, O_CLOEXEC), 0);
	const char *argv[] = {"sh", "-c", script, NULL};
	char err[200];
	proc_opts o = {.in = -1, .out = fd[1], .err = -1};
	pid_t pid = proc_spawn(argv, &o, err, sizeof err);
	close(fd[1]);
	assert_true(pid > 0);
	size_t got = 0;
	ssize_t k;
	while ((k = read(fd[0], out + got, len - 1 - got)) > 0)
		got += (size_t)k;
	out[got] = '\0';
	close(fd[0]);
	assert_int_equal(proc_wait(pid), 0);
}

static void every_word_comes_back_exactly(void **state)
{
	(void)state;
	unlink("/tmp/corobench-pwned");
	for (size_t i = 0; i < NHOSTILE; i++) {
		char script[512], out[512];
		size_t used = 0;
		assert_true(shq_append(script, sizeof script, &used, "printf"));
		assert_true(shq_append(script, sizeof script, &used, "%s"));
		assert_true(shq_append(script, sizeof script, &used, hostile[i]));
		sh_output(script, out, sizeof out);
		if (strcmp(out, hostile[i]) != 0)
			fail_msg("word %zu came back as '%s' from: %s", i, out, script);
	}
	assert_int_equal(access("/tmp/corobench-pwned", F_OK), -1);
}

static void joined_words_stay_words(void **state)
{
	(void)state;
	/* sh -c 'printf "[%s]" "$@"' sh WORDS... : one bracket pair per word */
	const char *argv[NHOSTILE + 4] = {"printf", "[%s]"};
	char want[4096] = "";
	for (size_t i = 0; i < NHOSTILE; i++) {
		argv[2 + i] = hostile[i];
		snprintf(want + strlen(want), sizeof want - strlen(want), "[%s]", hostile[i]);
	}
	argv[2 + NHOSTILE] = NULL;
	char *script = shq_join(argv), out[4096];
	sh_output(script, out, sizeof out);
	assert_string_equal(out, want);
	free(script);
}

static void plain_words_stay_readable(void **state)
{
	(void)state;
	const char *argv[] = {"corobench", "run", "-w",  "pingpong,spsc",
	                      "--seed",    "42",  "a b", NULL};
	char *s = shq_join(argv);
	assert_string_equal(s, "corobench run -w pingpong,spsc --seed 42 'a b'");
	free(s);
	char small[8];
	size_t used = 0;
	assert_false(shq_append(small, sizeof small, &used, "too long a word"));
	assert_int_equal(used, 0);
}

static void control_characters_are_not_for_a_remote_shell(void **state)
{
	(void)state;
	assert_true(shq_safe_remote("/home/u/corobench fleet/$x'y"));
	assert_false(shq_safe_remote("a\nb"));
	assert_false(shq_safe_remote("a\rb"));
	assert_false(shq_safe_remote("a\x1b[31mb"));
	assert_false(shq_safe_remote("a\x7f"));
}

static void programs_run_without_a_shell(void **state)
{
	(void)state;
	char line[128];
	const char *echo[] = {"echo", "$(not expanded)", NULL};
	assert_true(proc_first_line(echo, NULL, line, sizeof line));
	assert_string_equal(line, "$(not expanded)");
	const char *env_argv[] = {"sh", "-c", "echo \"$COROBENCH_X\"", NULL};
	const char *env[] = {"COROBENCH_X=set in the child", NULL};
	assert_true(proc_first_line(env_argv, env, line, sizeof line));
	assert_string_equal(line, "set in the child");
	const char *missing[] = {"/nonexistent/corobench-tool", NULL};
	assert_false(proc_first_line(missing, NULL, line, sizeof line));
	char err[200];
	assert_int_equal(proc_run(missing, NULL, err, sizeof err), 127);
	const char *killed[] = {"sh", "-c", "kill -9 $$", NULL};
	assert_int_equal(proc_run(killed, NULL, err, sizeof err), 128 + 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_word_comes_back_exactly),
	    cmocka_unit_test(joined_words_stay_words),
	    cmocka_unit_test(plain_words_stay_readable),
	    cmocka_unit_test(control_characters_are_not_for_a_remote_shell),
	    cmocka_unit_test(programs_run_without_a_shell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
