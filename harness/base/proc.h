/*
 * proc.h — running another program without a shell: fork, then execvp with an
 * argv array, so no value (a path, a host name, a results key) is ever read by
 * a shell. Used by `corobench fleet` (ssh, tar), the Go builds of `--go`, and
 * whatever else must start a tool.
 *
 * What it promises
 *   - proc_spawn: the child gets in/out/err on 0/1/2 (-1: /dev/null), optionally
 *     a working directory and extra environment entries ("NAME=value"), and the
 *     parent's other descriptors only where they lack close-on-exec (callers
 *     make their pipes with pipe2(O_CLOEXEC), so one host's pipe never keeps
 *     another's open). A program that cannot be started exits 127 after writing
 *     why on err (execvp's errno).
 *   - proc_wait: the exit status, or 128 + the signal that killed it (the
 *     shell's convention), retrying on EINTR.
 *   - Nothing here prints on the parent's terminal.
 */
#ifndef COROBENCH_PROC_H
#define COROBENCH_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct proc_opts {
	int in, out, err;       /* descriptors for 0, 1, 2 of the child; -1: /dev/null */
	const char *cwd;        /* working directory, or NULL                         */
	const char *const *env; /* NULL-terminated "NAME=value" set in the child, or NULL */
} proc_opts;

/* Starts argv[0] (looked up on PATH when it has no '/'). Returns the pid, or -1
 * with err naming the program and the cause (fork failed). */
pid_t proc_spawn(const char *const *argv, const proc_opts *o, char *err, size_t errlen);

/* Waits for pid: its exit status, or 128 + signal. -1 when waitpid fails. */
int proc_wait(pid_t pid);

/* proc_spawn + proc_wait: the exit status, or -1 (err filled) when it did not start. */
int proc_run(const char *const *argv, const proc_opts *o, char *err, size_t errlen);

/* Runs argv (stdin /dev/null) and keeps what it printed: the first outlen-1
 * bytes of its standard output in out and the last errlen-1 bytes of its
 * standard error in errout (both NUL-terminated; either may be NULL), reading
 * both to the end so it never blocks on a full pipe. Returns its exit status
 * (128 + signal when killed), or -1 with errout saying why it did not start.
 * For the batch system's commands (`sbatch --parsable`, `scontrol show job`). */
int proc_capture(const char *const *argv, char *out, size_t outlen, char *errout, size_t errlen);

/* Is program an executable file in a directory of $PATH (as execvp would find
 * it)? */
bool proc_on_path(const char *program);

/* The first line of argv's standard output (stderr to /dev/null), exit status 0
 * required: false otherwise. For `go version`, `corobench-go --version`. */
bool proc_first_line(const char *const *argv, const char *const *env, char *out, size_t len);

#endif
