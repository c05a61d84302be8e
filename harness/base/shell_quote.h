/*
 * shell_quote.h — the one way corobench turns a value into a word of a POSIX
 * shell command: for the command line recorded in env.json (so it can be pasted
 * back) and for the few commands that must pass through a remote shell (ssh runs
 * its command through the remote account's login shell: `corobench fleet`).
 * Everything local runs through execv with an argv array and needs none of this.
 *
 * The rule: a word made only of characters no POSIX shell reads specially
 * (letters, digits, `_-+=.,:/@%`) and not empty stays as it is; any other word is
 * wrapped in single quotes, with each `'` written as `'\''` (close the quote, a
 * backslash-escaped quote, reopen). Inside single quotes a POSIX shell
 * substitutes nothing: `$`, backquotes, `\`, `*`, `;`, newlines are literal.
 *
 * What it promises
 *   - For every string w, `sh -c "printf %s <shq(w)>"` prints exactly w
 *     (tests/test_shell_quote.c checks it for hostile strings with the real sh).
 *   - shq_safe_remote: whether a value may be sent to a remote shell at all:
 *     no control characters (a newline inside quotes is literal in sh, but not
 *     in csh-family login shells, and a terminal shows a carriage return as
 *     something else); the caller refuses the value (exit 2) instead.
 *   - No allocation on failure; truncation is reported, never done silently.
 */
#ifndef COROBENCH_SHELL_QUOTE_H
#define COROBENCH_SHELL_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

/* Appends w as one word to buf (a space first unless *used is 0). False, with buf
 * unchanged, when it does not fit. */
bool shq_append(char *buf, size_t len, size_t *used, const char *w);

/* The quoted words of argv (NULL-terminated), space-separated, malloc'd (xalloc:
 * fatal when memory is out). */
char *shq_join(const char *const *argv);

/* True when w holds no control character (bytes below 0x20 and 0x7f). */
bool shq_safe_remote(const char *w);

#endif
