/*
 * netpoll_uring.c — the netpoller's io_uring backend (GMP_POLLER=io_uring), the
 * same readiness model as netpoll_epoll.c through a ring: each fd gets one
 * multishot IORING_OP_POLL_ADD (POLLIN | POLLOUT | POLLRDHUP) at fd_open, whose
 * completions carry the descriptor; closing submits IORING_OP_POLL_REMOVE; a
 * blocked wait is broken by a NOP. It is measured side by side with epoll
 * (README, "io_uring vs epoll"); what it can win is the system calls: a
 * non-blocking poll that finds nothing reads the completion queue in user
 * memory (no epoll_wait), and a blocking one is one io_uring_enter.
 *
 * Concurrency: submissions (add, del, wake, re-arm) take sq_lock; completions
 * are consumed by one thread at a time (cq_lock: a non-blocking poll that finds
 * it taken returns nothing -- whoever holds it delivers the events -- and the
 * blocking poll holds it while it waits, which netpoll.c's lastpoll token makes
 * the only blocking caller). The wait's timeout goes to the kernel as an
 * argument (IORING_FEAT_EXT_ARG, 5.11), never as an SQE, so a waiter never
 * touches the submission queue. Kernels without it, or without io_uring at all
 * (qemu-user, seccomp'd containers), fail init: fd_open then says so.
 *
 * A completion's user_data is the descriptor's address with a 16-bit
 * registration tag in the top bits (user-space addresses are below 2^48 on the
 * targets we build for): after a close, a late completion of the old poll that
 * finds the descriptor reused carries the old tag and is dropped. A multishot
 * poll the kernel ended (no IORING_CQE_F_MORE: CQ overflow) is re-armed.
 *
 * Built only with liburing (Debian's liburing-dev, GMP_HAVE_URING from the
 * Makefile); without it init says -ENOSYS.
 */
#include "netpoll.h"

#include <errno.h>

#if GMP_HAVE_URING
#include <liburing.h>
#include <poll.h>
#include <string.h>

/* Ring sizes: 256 submissions in flight is far more than the adds of one
 * accept burst; 16,384 completions hold a wake-up of every one of c10k's 10,000
 * connections at once (overflow is survived, see above, but costs a re-arm). */
#define UR_SQ        256
#define UR_CQ        16384
#define UR_TAG_SHIFT 48
#define UR_WAKE      0 /* user_data of a wake NOP */

static struct io_uring ring;
static bool up;          /* the ring exists */
static gmp_lock sq_lock; /* guards the submission queue */
static gmp_lock cq_lock; /* one consumer at a time */

/* The descriptor's tag: written by ur_add (under sq_lock), read by the consumer
 * (under cq_lock): atomic, relaxed -- the value only filters stale events. */
static uint32_t tag_of(rt_fd *pd)
{
	return __atomic_load_n(gmp_netpoll_be_word(pd), __ATOMIC_RELAXED);
}

static uint64_t ud(rt_fd *pd)
{
	return (uint64_t)(uintptr_t)pd | (uint64_t)tag_of(pd) << UR_TAG_SHIFT;
}

static int ur_init(void)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof p);
	/* Not COOP_TASKRUN: a poll completion runs as task work of the M that
	 * registered the fd, and only the default signal-style notification wakes
	 * that M when it sleeps on its note (with COOP_TASKRUN it would sit there
	 * until the M next entered the kernel: completions lost for as long). */
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = UR_CQ;
	int rc = io_uring_queue_init_params(UR_SQ, &ring, &p);
	if (rc < 0)
		return rc;
	if (!(p.features & IORING_FEAT_EXT_ARG) || !(p.features & IORING_FEAT_NODROP)) {
		io_uring_queue_exit(&ring);
		return -ENOSYS;
	}
	up = true;
	return 0;
}

static void ur_fini(void)
{
	if (up)
		io_uring_queue_exit(&ring);
	up = false;
}

/* An SQE under sq_lock, submitting what is queued when the ring is full. */
static struct io_uring_sqe *sqe_get(void)
{
	struct io_uring_sqe *s;
	while (!(s = io_uring_get_sqe(&ring)))
		io_uring_submit(&ring);
	return s;
}

static void arm(int fd, rt_fd *pd)
{
	struct io_uring_sqe *s = sqe_get();
	io_uring_prep_poll_multishot(s, fd, POLLIN | POLLOUT | POLLRDHUP);
	io_uring_sqe_set_data64(s, ud(pd));
}

static int ur_add(int fd, rt_fd *pd)
{
	gmp_lock_acquire(&sq_lock);
	uint32_t tag = (tag_of(pd) + 1) & 0xffff;
	__atomic_store_n(gmp_netpoll_be_word(pd), tag == UR_WAKE ? 1 : tag, __ATOMIC_RELAXED);
	arm(fd, pd);
	int rc = io_uring_submit(&ring);
	gmp_lock_release(&sq_lock);
	return rc < 0 ? rc : 0;
}

static void ur_del(int fd, rt_fd *pd)
{
	(void)fd;
	gmp_lock_acquire(&sq_lock);
	struct io_uring_sqe *s = sqe_get();
	io_uring_prep_poll_remove(s, ud(pd));
	io_uring_sqe_set_data64(s, UR_WAKE); /* its own completion says nothing */
	io_uring_submit(&ring);
	gmp_lock_release(&sq_lock);
}

static void ur_wake(void)
{
	gmp_lock_acquire(&sq_lock);
	struct io_uring_sqe *s = sqe_get();
	io_uring_prep_nop(s);
	io_uring_sqe_set_data64(s, UR_WAKE);
	io_uring_submit(&ring);
	gmp_lock_release(&sq_lock);
}

static void ur_wait(uint64_t timeout_ns, gmp_glist *out)
{
	if (timeout_ns == 0) {
		unsigned zero = 0; /* gmp_lock as a trylock: somebody consumes already */
		if (!atomic_compare_exchange_strong_explicit(
		        &cq_lock.state, &zero, 1, memory_order_acquire, memory_order_relaxed))
			return;
		unsigned flags = IO_URING_READ_ONCE(*ring.sq.kflags);
		if (!io_uring_cq_ready(&ring) && !(flags & IORING_SQ_CQ_OVERFLOW)) {
			gmp_lock_release(&cq_lock); /* nothing: no system call at all */
			return;
		}
		if (flags & IORING_SQ_CQ_OVERFLOW)
			io_uring_get_events(&ring); /* flush the kernel's overflow list */
	} else {
		gmp_lock_acquire(&cq_lock);
		struct io_uring_cqe *cqe;
		struct __kernel_timespec ts = {.tv_sec = (long long)(timeout_ns / 1000000000u),
		                               .tv_nsec = (long long)(timeout_ns % 1000000000u)};
		int rc =
		    io_uring_wait_cqes(&ring, &cqe, 1, timeout_ns == UINT64_MAX ? NULL : &ts, NULL);
		(void)rc; /* -ETIME, -EINTR: handle what is there, if anything */
	}
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;
	io_uring_for_each_cqe(&ring, head, cqe)
	{
		if (out->n + 4 > (int)(sizeof out->g / sizeof out->g[0]))
			break; /* the rest next time (a re-arm below may ready 2 more) */
		seen++;
		uint64_t d = io_uring_cqe_get_data64(cqe);
		if (d == UR_WAKE) {
			gmp_netpoll_woken();
			continue;
		}
		rt_fd *pd = (rt_fd *)(uintptr_t)(d & ((1ull << UR_TAG_SHIFT) - 1));
		if ((d >> UR_TAG_SHIFT) != tag_of(pd))
			continue; /* a poll of an fd closed since */
		if (cqe->res >= 0) {
			int modes = 0;
			if (cqe->res & (POLLIN | POLLRDHUP | POLLHUP | POLLERR))
				modes |= RT_FD_READ;
			if (cqe->res & (POLLOUT | POLLHUP | POLLERR))
				modes |= RT_FD_WRITE;
			gmp_netpoll_ready(pd, modes, out);
		}
		if (!(cqe->flags & IORING_CQE_F_MORE) && cqe->res != -ECANCELED) {
			/* the kernel ended this multishot poll (overflow): poll again, and
			 * count it ready, since an edge may have been lost meanwhile */
			gmp_netpoll_ready(pd, RT_FD_READ | RT_FD_WRITE, out);
			int fd = gmp_fd_num(pd);
			gmp_lock_acquire(&sq_lock);
			if ((d >> UR_TAG_SHIFT) == tag_of(pd)) {
				arm(fd, pd);
				io_uring_submit(&ring);
			}
			gmp_lock_release(&sq_lock);
		}
	}
	io_uring_cq_advance(&ring, seen);
	gmp_lock_release(&cq_lock);
}

const gmp_poller gmp_poller_uring = {
    .name = "io_uring",
    .init = ur_init,
    .fini = ur_fini,
    .add = ur_add,
    .del = ur_del,
    .wait = ur_wait,
    .wake = ur_wake,
};

#else /* no liburing at build time */

static int ur_init(void)
{
	return -ENOSYS;
}

const gmp_poller gmp_poller_uring = {.name = "io_uring", .init = ur_init};

#endif
