/*
 * netpoll_epoll.c — the netpoller's epoll backend (Go's netpoll_epoll.go): one
 * epoll instance, every fd added once with EPOLLIN | EPOLLOUT | EPOLLRDHUP |
 * EPOLLET and the descriptor as its data, and an eventfd (level-triggered, data
 * NULL) that a blocked epoll_wait is broken out of.
 *
 * Waits take a nanosecond timeout through epoll_pwait2 (Linux 5.11): a P's next
 * timer is often closer than a millisecond (an open-loop sender's next due time,
 * a short deadline), and epoll_wait's millisecond timeout would round it up to a
 * whole one. Where epoll_pwait2 is missing (ENOSYS: older kernels, qemu-user) it
 * falls back to epoll_wait, rounding up, so it never wakes early.
 */
#include "netpoll.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static int epfd = -1;  /* the epoll instance                         */
static int evfd = -1;  /* the wake-up eventfd, registered level-triggered */
static bool no_pwait2; /* epoll_pwait2 said ENOSYS once              */

static int ep_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		return -errno;
	evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
	if (evfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, evfd, &ev) != 0) {
		int e = errno;
		if (evfd >= 0)
			close(evfd);
		close(epfd);
		epfd = evfd = -1;
		return -e;
	}
	return 0;
}

static void ep_fini(void)
{
	if (evfd >= 0)
		close(evfd);
	if (epfd >= 0)
		close(epfd);
	epfd = evfd = -1;
	no_pwait2 = false;
}

static int ep_add(int fd, rt_fd *pd)
{
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
	                         .data.ptr = pd};
	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -errno;
}

static void ep_del(int fd, rt_fd *pd)
{
	(void)pd;
	struct epoll_event ev = {0}; /* ignored, but kernels before 2.6.9 wanted it */
	(void)epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev);
}

static void ep_wait(uint64_t timeout_ns, gmp_glist *out)
{
	struct epoll_event evs[GMP_NETPOLL_EVENTS];
	int n;
	for (;;) {
		if (!no_pwait2) {
			struct timespec ts = {.tv_sec = (time_t)(timeout_ns / 1000000000u),
			                      .tv_nsec = (long)(timeout_ns % 1000000000u)};
			n = epoll_pwait2(epfd, evs, GMP_NETPOLL_EVENTS,
			                 timeout_ns == UINT64_MAX ? NULL : &ts, NULL);
			if (n < 0 && errno == ENOSYS) {
				no_pwait2 = true;
				continue;
			}
		} else {
			int ms = timeout_ns == UINT64_MAX ? -1
			         : timeout_ns > 1000000000ull
			             ? 1000 /* the caller loops */
			             : (int)((timeout_ns + 999999) / 1000000);
			n = epoll_wait(epfd, evs, GMP_NETPOLL_EVENTS, ms);
		}
		if (n >= 0 || errno != EINTR)
			break;
		if (timeout_ns != UINT64_MAX) /* a signal: let the caller recompute */
			return;
	}
	for (int i = 0; i < n; i++) {
		rt_fd *pd = evs[i].data.ptr;
		uint32_t e = evs[i].events;
		if (!pd) {
			eventfd_t v;
			(void)eventfd_read(evfd, &v);
			gmp_netpoll_woken();
			continue;
		}
		int modes = 0;
		if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
			modes |= RT_FD_READ;
		if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))
			modes |= RT_FD_WRITE;
		gmp_netpoll_ready(pd, modes, out);
	}
}

static void ep_wake(void)
{
	(void)eventfd_write(evfd, 1);
}

const gmp_poller gmp_poller_epoll = {
    .name = "epoll",
    .init = ep_init,
    .fini = ep_fini,
    .add = ep_add,
    .del = ep_del,
    .wait = ep_wait,
    .wake = ep_wake,
};
