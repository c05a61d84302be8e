/* proc.c — see proc.h. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child: fd onto target (or /dev/null for -1). */
static void put_fd(int fd, int target)
{
	if (fd < 0) {
		fd = open("/dev/null", target == 0 ? O_RDONLY : O_WRONLY);
		if (fd < 0)
			_exit(127);
	}
	if (fd != target && dup2(fd, target) < 0)
		_exit(127);
}

pid_t proc_spawn(const char *const *argv, const proc_opts *o, char *err, size_t errlen)
{
	proc_opts none = {.in = -1, .out = -1, .err = -1};
	if (!o)
		o = &none;
	/* The child's copies first: dup2 onto 0..2 may overwrite a source that sits
	 * there, so every source is duplicated above 2 before any is moved. */
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "cannot start %s: fork: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid > 0)
		return pid;
	int fds[3] = {o->in, o->out, o->err};
	for (int i = 0; i < 3; i++)
		if (fds[i] >= 0 && fds[i] <= 2) {
			fds[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
			if (fds[i] < 0)
				_exit(127);
		}
	for (int i = 0; i < 3; i++)
		put_fd(fds[i], i);
	if (o->cwd && chdir(o->cwd) != 0) {
		dprintf(2, "cannot change to %s: %s\n", o->cwd, strerror(errno));
		_exit(127);
	}
	for (int i = 0; o->env && o->env[i]; i++)
		putenv((char *)o->env[i]);
	execvp(argv[0], (char *const *)argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int proc_wait(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

int proc_run(const char *const *argv, const proc_opts *o, char *err, size_t errlen)
{
	pid_t pid = proc_spawn(argv, o, err, errlen);
	return pid < 0 ? -1 : proc_wait(pid);
}

bool proc_first_line(const char *const *argv, const char *const *env, char *out, size_t len)
{
	out[0] = '\0';
	int fd[2];
	if (pipe2(fd, O_CLOEXEC) != 0)
		return false;
	char err[256];
	proc_opts o = {.in = -1, .out = fd[1], .err = -1, .env = env};
	pid_t pid = proc_spawn(argv, &o, err, sizeof err);
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return false;
	}
	FILE *f = fdopen(fd[0], "r");
	bool got = f && fgets(out, (int)len, f);
	if (f) { /* read to the end: the program must not die of SIGPIPE */
		char sink[512];
		while (fgets(sink, sizeof sink, f))
			;
		fclose(f);
	} else {
		close(fd[0]);
	}
	out[strcspn(out, "\n")] = '\0';
	return proc_wait(pid) == 0 && got;
}

bool proc_on_path(const char *program)
{
	const char *path = getenv("PATH");
	char *copy = strdup(path ? path : "/usr/bin:/bin"), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char f[PATH_MAX];
		if ((size_t)snprintf(f, sizeof f, "%s/%s", *d ? d : ".", program) < sizeof f)
			found = access(f, X_OK) == 0;
	}
	free(copy);
	return found;
}

/* Keeps the first len-1 bytes (head) or the last len-1 bytes (!head) of a
 * stream in buf, *used bytes so far. */
static void keep(char *buf, size_t len, size_t *used, const char *data, size_t n, bool head)
{
	if (!buf || len < 2)
		return;
	size_t cap = len - 1;
	if (head) {
		size_t k = n < cap - *used ? n : cap - *used;
		memcpy(buf + *used, data, k);
		*used += k;
	} else if (n >= cap) {
		memcpy(buf, data + n - cap, cap);
		*used = cap;
	} else {
		size_t drop = *used + n > cap ? *used + n - cap : 0;
		memmove(buf, buf + drop, *used - drop);
		memcpy(buf + *used - drop, data, n);
		*used = *used - drop + n;
	}
	buf[*used] = '\0';
}

int proc_capture(const char *const *argv, char *out, size_t outlen, char *errout, size_t errlen)
{
	if (out && outlen)
		out[0] = '\0';
	if (errout && errlen)
		errout[0] = '\0';
	int o[2], e[2];
	if (pipe2(o, O_CLOEXEC) != 0)
		goto nopipe;
	if (pipe2(e, O_CLOEXEC) != 0) {
		close(o[0]);
		close(o[1]);
		goto nopipe;
	}
	char why[300];
	proc_opts po = {.in = -1, .out = o[1], .err = e[1]};
	pid_t pid = proc_spawn(argv, &po, why, sizeof why);
	close(o[1]);
	close(e[1]);
	if (pid < 0) {
		close(o[0]);
		close(e[0]);
		if (errout && errlen)
			snprintf(errout, errlen, "%s", why);
		return -1;
	}
	struct pollfd p[2] = {{.fd = o[0], .events = POLLIN}, {.fd = e[0], .events = POLLIN}};
	size_t used[2] = {0, 0};
	for (int open_fds = 2; open_fds > 0;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			char buf[4096];
			ssize_t k = read(p[i].fd, buf, sizeof buf);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0)
				keep(out, outlen, &used[0], buf, (size_t)k, true);
			else
				keep(errout, errlen, &used[1], buf, (size_t)k, false);
		}
	}
	for (int i = 0; i < 2; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	return proc_wait(pid);
nopipe:
	if (errout && errlen)
		snprintf(errout, errlen, "cannot start %s: pipe: %s", argv[0], strerror(errno));
	return -1;
}
