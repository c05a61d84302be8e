/*
 * netpoll.c — gmp's netpoller: Gs waiting on file descriptors, integrated with
 * the scheduler the way Go's runtime/netpoll.go is with proc.go.
 *
 * Design
 *
 * A G that reads a socket with nothing in it must not hold its M: it parks, and
 * the M runs other Gs. Something must then notice that the socket became
 * readable and ready the G. That something is the netpoller: one kernel readiness
 * queue (epoll, or io_uring: netpoll_epoll.c, netpoll_uring.c, chosen by
 * GMP_POLLER when the first fd is opened; nothing is set up before) for the
 * whole runtime, polled by the scheduler itself -- there is no I/O thread.
 *
 *   descriptor (rt_fd, Go's pollDesc): one per open fd, holding under a spin lock
 *     the waiting reader and writer (a G and where its result goes), a "ready"
 *     latch per mode, the closing flag, and a generation for deadlines. The fd
 *     is registered once, at fd_open, edge-triggered for both directions (Go
 *     does the same): no epoll_ctl per wait, and an event for a direction nobody
 *     waits on only sets the latch, which the next wait consumes without parking.
 *     Descriptors are pooled and never freed while the runtime runs, so an event
 *     or a deadline that arrives late for a closed fd finds memory that is still
 *     a descriptor; it can only cause a spurious wake-up, which rt.h allows
 *     (callers loop on EAGAIN), never a wake-up of a G that is not waiting.
 *
 *   waiting (fd_wait): under the descriptor's lock: closing -> -ECANCELED; the
 *     latch set -> consume it, 0; else park. The park callback (on g0, the G's
 *     registers saved) publishes the G in the descriptor, adds the deadline
 *     timer and drops the lock, so an event can never ready a G still running.
 *
 *   who polls, and when (proc.go's findrunnable and sysmon):
 *     1. an M that finds no local work polls without blocking before it steals,
 *        and again at every round of its spin (gmp_netpoll_check): Gs whose I/O
 *        finished go to its own P's queue, in event order, the surplus visible
 *        to thieves. The spin's polls are gmp's addition: its spin lasts up to
 *        50 us (sched.c), and a request landing in it waited for its end (c10k
 *        wakes at -t 1: 72 us each before, 16 us after);
 *     2. the last M to go idle blocks in the backend until its P's next timer
 *        instead of on its note (gmp_netpoll_sleep). Only one M at a time does
 *        (the lastpoll token: 0 while somebody blocks); the others sleep on
 *        their notes as before. Work that appears elsewhere reaches it through
 *        gmp_mwake: the note, then the backend's wake (an eventfd write, Go's
 *        netpollBreak), coalesced so a burst of wakes costs one write;
 *     3. sysmon polls when nobody has for 10 ms (every M busy in long Gs) and
 *        puts what it finds on the global queue.
 *   Polls happen only while some G waits (gmp_np_waiters): a runtime that never
 *   opened an fd pays one relaxed load per findrunnable.
 *
 *   deadlines go through the P's timer heap as callback timers (timer.c). The
 *   timer fires only if the same wait (generation) is still pending; a wait that
 *   ends otherwise deletes its timer on the way out.
 *
 *   closing (fd_close): marks the descriptor closing, takes both waiters out and
 *   readies them with -ECANCELED, unregisters and closes the fd, then returns the
 *   descriptor to the pool.
 *
 * Where gmp differs from Go, and why
 *   - An M is bound to its P (sched.c), so the M blocked in the poller keeps its
 *     P on the idle list while it blocks; when the poll returns Gs it takes its
 *     own P back (or takes the wake-up a waker already sent) and readies them
 *     there. Go's poller M has no P and must acquire one.
 *   - Readied Gs go to the tail of the poller's local ring, not the global queue
 *     (Go's injectglist puts them on the global queue when the M has no P): the
 *     ring is lock-free, and a batch longer than one G wakes another P to steal
 *     (gmp_ready_fast), which is how a burst fans out.
 *
 * Rejected
 *   - An I/O thread that blocks in epoll_wait and readies Gs: a thread hand-off
 *     (a futex wake, ~30 us across vCPUs here) per event batch, on the critical
 *     path of every request.
 *   - One-shot registration (EPOLLONESHOT, re-armed per wait): an epoll_ctl per
 *     wait, ~0.5 us, where edge triggering costs nothing per wait.
 *   - A blocking read on the G's M with a hand-off of the P (Go's syscall path):
 *     gmp's Ms are bound to Ps; and a thread per blocked connection is what the
 *     pthread runtime measures.
 */
#include "netpoll.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sched.h"
#include "tsan.h"

/* Go's sysmon: poll when nobody has for 10 ms. */
#define NETPOLL_SYSMON_NS 10000000ull
/* Descriptors allocated at once: 64 x 64 bytes, one 4-KiB page. */
#define PD_CHUNK 64

/* One direction of a descriptor. */
typedef struct pd_wait {
	gmp_g *g;     /* the waiting G, NULL if none                 */
	int *res;     /* where its result goes (its own stack)        */
	uint64_t gen; /* generation of the current wait (deadlines)   */
	bool ready;   /* an event came while nobody waited (latch)    */
} pd_wait;

/* A descriptor (Go's pollDesc); pooled, see the top. */
struct rt_fd {
	rt_spinlock lock; /* guards everything below                       */
	int fd;           /* the descriptor number                          */
	bool closing;     /* fd_close began                                 */
	uint64_t gen;     /* wait generations, never reset (deadlines)      */
	pd_wait rw[2];    /* [0] reader, [1] writer                         */
	uint32_t be;      /* the backend's (netpoll_uring.c: its tag)       */
	rt_fd *next;      /* free-list link                                 */
};

atomic_int gmp_np_waiters;
_Atomic uint64_t gmp_np_lastpoll;

static struct {
	gmp_lock lock;            /* guards init, the pool and the chunks     */
	atomic_bool inited;       /* the backend is up                        */
	const gmp_poller *be;     /* the backend in use                       */
	rt_fd *free;              /* free descriptors                         */
	void **chunks;            /* every allocation, freed at fini          */
	int nchunks, capchunks;   /* their number and the array's capacity    */
	_Atomic(gmp_m *) blocker; /* the M blocked in the backend, or NULL    */
	atomic_bool wakesig;      /* a wake is pending in the backend          */
} np;

/* ---- setup */

static int np_init(void)
{
	int rc = 0;
	gmp_lock_acquire(&np.lock);
	if (!atomic_load(&np.inited)) {
		const char *want = getenv("GMP_POLLER");
		np.be =
		    want && strcmp(want, "io_uring") == 0 ? &gmp_poller_uring : &gmp_poller_epoll;
		if (want && strcmp(want, "io_uring") != 0 && strcmp(want, "epoll") != 0) {
			fprintf(stderr, "corobench: gmp: GMP_POLLER=%s: not epoll or io_uring\n",
			        want);
			rc = -EINVAL;
		} else {
			rc = np.be->init();
			if (rc != 0) /* once: every fd_open of this runtime fails with it */
				fprintf(
				    stderr,
				    "corobench: gmp: the %s netpoller cannot start here: %s%s\n",
				    np.be->name, strerror(-rc),
				    rc == -ENOSYS && np.be == &gmp_poller_uring
				        ? " (built without liburing, or the kernel lacks it)"
				        : "");
		}
		if (rc == 0) {
			atomic_store(&gmp_np_lastpoll, rt_nanotime());
			atomic_store(&np.inited, true);
		}
	}
	gmp_lock_release(&np.lock);
	return rc;
}

const char *gmp_netpoll_backend(void)
{
	return atomic_load(&np.inited) ? np.be->name : "";
}

void gmp_netpoll_fini(void)
{
	if (atomic_load(&np.inited))
		np.be->fini();
	for (int i = 0; i < np.nchunks; i++)
		free(np.chunks[i]);
	free(np.chunks);
	memset(&np, 0, sizeof np);
	atomic_store(&gmp_np_waiters, 0);
	atomic_store(&gmp_np_lastpoll, 0);
}

static rt_fd *pd_alloc(void)
{
	gmp_lock_acquire(&np.lock);
	if (!np.free) {
		rt_fd *c = NULL;
		void **cs = np.chunks;
		if (np.nchunks == np.capchunks) {
			int cap = np.capchunks ? 2 * np.capchunks : 16;
			cs = realloc(np.chunks, (size_t)cap * sizeof *cs);
			if (cs) {
				np.chunks = cs;
				np.capchunks = cap;
			}
		}
		if (cs && (c = aligned_alloc(GMP_CACHELINE, PD_CHUNK * sizeof *c))) {
			memset(c, 0, PD_CHUNK * sizeof *c);
			np.chunks[np.nchunks++] = c;
			for (int i = 0; i < PD_CHUNK; i++) {
				c[i].next = np.free;
				np.free = &c[i];
			}
		}
	}
	rt_fd *pd = np.free;
	if (pd)
		np.free = pd->next;
	gmp_lock_release(&np.lock);
	return pd;
}

static void pd_free(rt_fd *pd)
{
	gmp_lock_acquire(&np.lock);
	pd->next = np.free;
	np.free = pd;
	gmp_lock_release(&np.lock);
}

/* ---- the rt.h operations */

int gmp_fd_open(int fd, rt_fd **out)
{
	if (!atomic_load_explicit(&np.inited, memory_order_acquire)) {
		int rc = np_init();
		if (rc != 0)
			return rc;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (!(fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0))
		return -errno;
	rt_fd *pd = pd_alloc();
	if (!pd)
		return -ENOMEM;
	rt_spin_lock(&pd->lock);
	pd->fd = fd;
	pd->closing = false;
	pd->rw[0] = (pd_wait){.gen = pd->rw[0].gen};
	pd->rw[1] = (pd_wait){.gen = pd->rw[1].gen};
	rt_spin_unlock(&pd->lock);
#if GMP_TSAN /* the kernel hands pd to the poller: an edge TSan cannot see */
	__tsan_release(pd);
#endif
	int rc = np.be->add(fd, pd);
	if (rc != 0) {
		pd_free(pd);
		return rc;
	}
	*out = pd;
	return 0;
}

int gmp_fd_num(const rt_fd *f)
{
	return f->fd;
}

uint32_t *gmp_netpoll_be_word(rt_fd *pd)
{
#if GMP_TSAN
	__tsan_acquire(pd); /* see gmp_fd_open */
#endif
	return &pd->be;
}

/* A wait in progress: on the waiting G's stack (the timer and the waker see it). */
typedef struct wait_ctx {
	rt_fd *pd;         /* what it waits on                       */
	int mode;          /* 0 read, 1 write                        */
	uint64_t deadline; /* absolute ns, 0: none                   */
	int res;           /* set by whoever readies it              */
	gmp_tref tref;     /* its deadline timer                     */
} wait_ctx;

/* The deadline of wait (arg, gen) passed: if that wait still pends, end it. */
static int deadline_fire(void *arg, uint64_t seq, gmp_p *into)
{
	rt_fd *pd = arg;
	pd_wait *w = &pd->rw[seq & 1];
	rt_spin_lock(&pd->lock);
	gmp_g *g = w->g;
	if (!g || w->gen != seq >> 1) { /* ready or closed first, or another wait now */
		rt_spin_unlock(&pd->lock);
		return 0;
	}
	w->g = NULL;
	*w->res = -ETIMEDOUT;
	rt_spin_unlock(&pd->lock);
	atomic_fetch_sub_explicit(&gmp_np_waiters, 1, memory_order_relaxed);
	gmp_ready_on(into, g, false);
	return 1;
}

/* Park callback, on g0 with the G saved: publish it, arm the deadline, unlock. */
static bool wait_unlock(rt_task *t, void *arg)
{
	wait_ctx *c = arg;
	pd_wait *w = &c->pd->rw[c->mode];
	w->g = (gmp_g *)t;
	w->res = &c->res;
	w->gen = ++c->pd->gen;
	if (c->deadline)
		gmp_timers_add_fn(gmp_getm()->p, c->deadline, deadline_fire, c->pd,
		                  w->gen << 1 | (uint64_t)c->mode, &c->tref);
	rt_spin_unlock(&c->pd->lock);
	return true;
}

int gmp_fd_wait(rt_fd *pd, int mode, uint64_t deadline_ns)
{
	if (mode != RT_FD_READ && mode != RT_FD_WRITE)
		return -EINVAL;
	wait_ctx c = {.pd = pd, .mode = mode == RT_FD_WRITE, .deadline = deadline_ns};
	pd_wait *w = &pd->rw[c.mode];
	rt_spin_lock(&pd->lock);
	int rc = pd->closing ? -ECANCELED : w->g ? -EBUSY : 1;
	if (rc == 1 && w->ready) {
		w->ready = false;
		rc = 0;
	}
	if (rc == 1 && deadline_ns && rt_nanotime() >= deadline_ns)
		rc = -ETIMEDOUT;
	if (rc != 1) {
		rt_spin_unlock(&pd->lock);
		return rc;
	}
	atomic_fetch_add_explicit(&gmp_np_waiters, 1, memory_order_relaxed);
	gmp_park(wait_unlock, &c); /* the lock is released by wait_unlock */
	if (deadline_ns)
		gmp_timers_del(&c.tref); /* I/O or close came first: the timer goes */
	return c.res;
}

int gmp_fd_close(rt_fd *pd)
{
	gmp_g *woken[2];
	int n = 0;
	rt_spin_lock(&pd->lock);
	pd->closing = true;
	for (int i = 0; i < 2; i++) {
		pd_wait *w = &pd->rw[i];
		if (w->g) {
			*w->res = -ECANCELED;
			woken[n++] = w->g;
			w->g = NULL;
		}
		w->ready = false;
	}
	int fd = pd->fd;
	rt_spin_unlock(&pd->lock);
	np.be->del(fd, pd);
	int rc = close(fd) == 0 ? 0 : -errno;
	if (n)
		atomic_fetch_sub_explicit(&gmp_np_waiters, n, memory_order_relaxed);
	for (int i = 0; i < n; i++)
		gmp_ready((rt_task *)woken[i]);
	pd_free(pd);
	return rc;
}

/* ---- readiness (backend -> Gs) */

void gmp_netpoll_ready(rt_fd *pd, int modes, gmp_glist *out)
{
#if GMP_TSAN
	__tsan_acquire(pd); /* see gmp_fd_open */
#endif
	rt_spin_lock(&pd->lock);
	for (int i = 0; i < 2; i++) {
		if (!(modes & (i ? RT_FD_WRITE : RT_FD_READ)))
			continue;
		pd_wait *w = &pd->rw[i];
		if (!w->g) {
			w->ready = true;
			continue;
		}
		*w->res = 0;
		out->g[out->n++] = w->g;
		w->g = NULL;
		atomic_fetch_sub_explicit(&gmp_np_waiters, 1, memory_order_relaxed);
	}
	rt_spin_unlock(&pd->lock);
}

void gmp_netpoll_woken(void)
{
	atomic_store(&np.wakesig, false);
}

void gmp_netpoll_inject(gmp_p *p, gmp_glist *out)
{
	for (int i = 0; i < out->n; i++)
		gmp_ready_on(p, out->g[i], false);
	out->n = 0;
}

/* ---- the scheduler's calls */

bool gmp_netpoll_check_slow(gmp_p *p)
{
	if (!atomic_load_explicit(&np.inited, memory_order_acquire)) /* np.be is set */
		return false;
	uint64_t lp = atomic_load_explicit(&gmp_np_lastpoll, memory_order_relaxed);
	if (lp == 0) /* an M blocks in the poller: it gets the events */
		return false;
	gmp_glist out;
	out.n = 0;
	np.be->wait(0, &out);
	/* a CAS, not a store: an M may have taken the token (0) meanwhile */
	atomic_compare_exchange_strong(&gmp_np_lastpoll, &lp, rt_nanotime());
	if (out.n == 0)
		return false;
	gmp_netpoll_inject(p, &out);
	return true;
}

bool gmp_netpoll_sleep(gmp_m *m, uint64_t deadline_ns, gmp_glist *out)
{
	out->n = 0;
	uint64_t lp = atomic_load(&gmp_np_lastpoll);
	if (atomic_load_explicit(&gmp_np_waiters, memory_order_relaxed) == 0 || lp == 0 ||
	    !atomic_load_explicit(&np.inited, memory_order_acquire) ||
	    !atomic_compare_exchange_strong(&gmp_np_lastpoll, &lp, 0))
		return gmp_note_sleep(&m->park, deadline_ns);
	/* Dekker with gmp_mwake: publish ourselves, then look at the note. */
	atomic_store(&np.blocker, m);
	bool woken = atomic_load(&m->park.key) != 0;
	if (!woken) {
		uint64_t timeout = UINT64_MAX;
		if (deadline_ns) {
			uint64_t now = rt_nanotime();
			timeout = deadline_ns > now ? deadline_ns - now : 0;
		}
		np.be->wait(timeout, out);
	}
	atomic_store(&np.blocker, NULL);
	atomic_store(&gmp_np_lastpoll, rt_nanotime());
	if (atomic_exchange(&m->park.key, 0) != 0) /* a waker handed us our P */
		return true;
	return false;
}

void gmp_mwake(gmp_m *m)
{
	gmp_note_wakeup(&m->park); /* seq_cst store of the key */
	if (atomic_load(&np.blocker) == m && !atomic_exchange(&np.wakesig, true))
		np.be->wake();
}

void gmp_netpoll_sysmon(uint64_t now)
{
	if (atomic_load_explicit(&gmp_np_waiters, memory_order_relaxed) == 0 ||
	    !atomic_load_explicit(&np.inited, memory_order_acquire))
		return;
	uint64_t lp = atomic_load(&gmp_np_lastpoll);
	if (lp == 0 || now - lp < NETPOLL_SYSMON_NS ||
	    !atomic_compare_exchange_strong(&gmp_np_lastpoll, &lp, now))
		return;
	gmp_glist out;
	out.n = 0;
	np.be->wait(0, &out);
	for (int i = 0; i < out.n; i++) { /* not on an M: the global queue */
		atomic_store_explicit(&out.g[i]->status, G_RUNNABLE, memory_order_relaxed);
		gmp_globrunqput(out.g[i]);
	}
	if (out.n)
		gmp_wakep();
}
