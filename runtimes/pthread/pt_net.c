/*
 * pt_net.c — file descriptors on the pthread runtime (rt.h "File descriptors"):
 * a task is a thread, so waiting on an fd is poll() on that thread.
 *
 * The one hard part is fd_close: poll() does not return when another thread
 * closes the fd it watches (the kernel holds its own reference to the file for
 * the duration of the call), and the number could then be reused by the next
 * open while the poller still sleeps on it. So closing is two steps: wake the
 * pollers, wait until none is left inside poll(), and only then close().
 *   - a socket is woken by shutdown(SHUT_RDWR): every poll() on it returns
 *     POLLHUP at once, and so does every later one (the state persists, so a
 *     poller that got past its closing check a moment before cannot miss it);
 *   - anything else (a pipe, an eventfd) gets an eventfd of its own at fd_open,
 *     polled beside it; close writes 1 into it, which stays readable.
 * The shutdown is made only when a poller is inside (nwait > 0): the common
 * close of an idle connection is a plain close(), as on every other runtime.
 * closing and nwait are a Dekker pair (both seq_cst): either the waiter sees
 * closing and leaves, or the closer sees it counted and wakes it.
 *
 * Cost: one poll() per wait (~1 us with the wake-up on the dev VM), and a thread
 * per waiting task, which is the baseline being measured.
 */
#include "pt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct rt_fd {
	int fd;              /* the descriptor                                      */
	int wakefd;          /* eventfd polled beside a non-socket; -1 for sockets  */
	atomic_uint closing; /* fd_close began: waits end with -ECANCELED          */
	atomic_uint nwait;   /* threads inside fd_wait's poll; close waits for 0    */
	atomic_uint busy[2]; /* 1 while a thread waits for read [0] / write [1]     */
};

int pt_fd_open(int fd, rt_fd **out)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -errno;
	rt_fd *f = calloc(1, sizeof *f);
	if (!f)
		return -ENOMEM;
	f->fd = fd;
	f->wakefd = -1;
	if (!S_ISSOCK(st.st_mode) && (f->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0) {
		int e = errno;
		free(f);
		return -e;
	}
	*out = f;
	return 0;
}

int pt_fd_wait(rt_fd *f, int mode, uint64_t deadline_ns)
{
	if (mode != RT_FD_READ && mode != RT_FD_WRITE)
		return -EINVAL;
	if (atomic_load(&f->closing))
		return -ECANCELED;
	atomic_uint *busy = &f->busy[mode == RT_FD_WRITE];
	if (atomic_exchange(busy, 1))
		return -EBUSY;
	atomic_fetch_add(&f->nwait, 1);
	struct pollfd p[2] = {
	    {.fd = f->fd, .events = mode == RT_FD_READ ? POLLIN | POLLRDHUP : POLLOUT},
	    {.fd = f->wakefd, .events = POLLIN},
	};
	int rc = 0;
	while (!atomic_load(&f->closing)) {
		struct timespec ts, *tsp = NULL;
		if (deadline_ns) {
			uint64_t now = rt_nanotime();
			if (now >= deadline_ns) {
				rc = -ETIMEDOUT;
				break;
			}
			uint64_t d = deadline_ns - now;
			ts = (struct timespec){.tv_sec = (time_t)(d / 1000000000u),
			                       .tv_nsec = (long)(d % 1000000000u)};
			tsp = &ts;
		}
		int k = ppoll(p, f->wakefd >= 0 ? 2 : 1, tsp, NULL);
		if (k > 0 && p[0].revents) /* POLLHUP/POLLERR count: the next call says */
			break;
		if (k < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
	}
	bool closing = atomic_load(&f->closing);
	if (closing)
		rc = -ECANCELED;
	atomic_store(busy, 0);
	/* the last touch of f: once nwait is 0 the closer may free it (a wake on
	 * freed memory after that is harmless: pt_park.c's argument) */
	if (atomic_fetch_sub(&f->nwait, 1) == 1 && closing)
		pt_futex_wake(&f->nwait, INT_MAX);
	return rc;
}

int pt_fd_close(rt_fd *f)
{
	atomic_store(&f->closing, 1);
	if (atomic_load(&f->nwait) != 0) {
		if (f->wakefd >= 0)
			(void)eventfd_write(f->wakefd, 1);
		else
			(void)shutdown(f->fd, SHUT_RDWR);
		unsigned n;
		while ((n = atomic_load(&f->nwait)) != 0)
			pt_futex_wait(&f->nwait, n);
	}
	int rc = close(f->fd) == 0 ? 0 : -errno;
	if (f->wakefd >= 0)
		close(f->wakefd);
	free(f);
	return rc;
}

int pt_fd_num(const rt_fd *f)
{
	return f->fd;
}
