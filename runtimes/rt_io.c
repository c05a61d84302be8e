/*
 * rt_io.c — reading, writing and accepting on a runtime's file descriptors (rt.h
 * "File descriptors"), written once over fd_wait so that they run unchanged on
 * every runtime: try the system call, and only when it says EAGAIN wait for the
 * fd and try again. That is Go's internal/poll.FD.Read: the common case (data
 * already there) costs one system call and no wait at all, and a wake-up that
 * turns out spurious (edge-triggered readiness consumed by an earlier read) costs
 * one more EAGAIN, never a lost wake-up.
 */
#include "rt.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

long rt_fd_read(rt_fd *f, void *buf, size_t len, uint64_t deadline_ns)
{
	for (;;) {
		ssize_t k = read(rt_fd_num(f), buf, len);
		if (k >= 0)
			return (long)k;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		int rc = rt_fd_wait(f, RT_FD_READ, deadline_ns);
		if (rc != 0)
			return rc;
	}
}

int rt_fd_write_all(rt_fd *f, const void *buf, size_t len, uint64_t deadline_ns)
{
	const char *p = buf;
	while (len > 0) {
		/* send, not write: MSG_NOSIGNAL turns a write to a reset connection into
		 * EPIPE instead of a SIGPIPE that kills the process; write for non-sockets */
		ssize_t k = send(rt_fd_num(f), p, len, MSG_NOSIGNAL);
		if (k < 0 && errno == ENOTSOCK)
			k = write(rt_fd_num(f), p, len);
		if (k > 0) {
			p += k;
			len -= (size_t)k;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		int rc = rt_fd_wait(f, RT_FD_WRITE, deadline_ns);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int rt_fd_accept(rt_fd *f, rt_fd **out, uint64_t deadline_ns)
{
	for (;;) {
		int c = accept4(rt_fd_num(f), NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c >= 0) {
			int rc = rt_fd_open(c, out);
			if (rc != 0)
				close(c);
			return rc;
		}
		/* the connection died between its SYN and our accept: take the next one */
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		int rc = rt_fd_wait(f, RT_FD_READ, deadline_ns);
		if (rc != 0)
			return rc;
	}
}
