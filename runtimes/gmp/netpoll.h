/*
 * netpoll.h — gmp's netpoller: what the scheduler calls (sched.c, sysmon.c), and
 * the small interface between the generic part (netpoll.c: descriptors, waiting,
 * deadlines, closing, who polls when) and a backend that reports readiness
 * (netpoll_epoll.c, netpoll_uring.c). The design is at the top of netpoll.c.
 */
#ifndef GMP_NETPOLL_H
#define GMP_NETPOLL_H

#include <stdbool.h>
#include <stdint.h>

#include "gmp.h"

/* Events one backend wait returns at most (Go's netpoll: 128). Each readies at
 * most a reader and a writer, so a batch is at most 2 x this many Gs. */
#define GMP_NETPOLL_EVENTS 128

/* Gs readied by one poll, injected into a P once the poller owns one. */
typedef struct gmp_glist {
	int n;                            /* Gs in g                 */
	gmp_g *g[2 * GMP_NETPOLL_EVENTS]; /* the readied Gs          */
} gmp_glist;

/* A backend. Every function but wait may be called from any thread at once;
 * wait from several (non-blocking) or one (blocking: the lastpoll token). */
typedef struct gmp_poller {
	const char *name;               /* "epoll", "io_uring"                   */
	int (*init)(void);              /* 0 or -errno                           */
	void (*fini)(void);             /* after every M stopped                 */
	int (*add)(int fd, rt_fd *pd);  /* register once, edge-triggered; -errno */
	void (*del)(int fd, rt_fd *pd); /* before close(fd)                      */
	/* Waits up to timeout_ns (0: do not block; UINT64_MAX: until an event or
	 * wake) and hands each event to gmp_netpoll_ready. */
	void (*wait)(uint64_t timeout_ns, gmp_glist *out);
	void (*wake)(void); /* makes a blocked wait return (netpollBreak)             */
} gmp_poller;

extern const gmp_poller gmp_poller_epoll;
extern const gmp_poller gmp_poller_uring; /* .init says -ENOSYS without liburing */

/* Backend -> generic: pd became ready for modes (RT_FD_READ | RT_FD_WRITE). */
void gmp_netpoll_ready(rt_fd *pd, int modes, gmp_glist *out);
/* Backend -> generic: its wake-up was consumed (a later wake must signal again). */
void gmp_netpoll_woken(void);
/* A word of each descriptor that belongs to the backend (io_uring's tag). */
uint32_t *gmp_netpoll_be_word(rt_fd *pd);

/* ---- What the scheduler calls */

/* Waiting Gs exist and nobody blocks in the poller (one relaxed load each). */
extern atomic_int gmp_np_waiters;
extern _Atomic uint64_t gmp_np_lastpoll;

/* findrunnable, before stealing: a non-blocking poll, its Gs readied into p
 * (the caller's own). True when it readied any. */
bool gmp_netpoll_check_slow(gmp_p *p);
GMP_INLINE bool gmp_netpoll_check(gmp_p *p)
{
	if (__builtin_expect(atomic_load_explicit(&gmp_np_waiters, memory_order_relaxed) == 0, 1))
		return false;
	return gmp_netpoll_check_slow(p);
}
/* idle(): m sleeps until woken (true, as gmp_note_sleep), its deadline, or I/O
 * (false). Only one M at a time blocks in the backend (Go's lastpoll); the others
 * sleep on their note. Gs that I/O readied are left in out: the caller readies
 * them into its P once it owns it again. */
bool gmp_netpoll_sleep(gmp_m *m, uint64_t deadline_ns, gmp_glist *out);
/* Readies out's Gs into p (the caller's own). */
void gmp_netpoll_inject(gmp_p *p, gmp_glist *out);
/* sysmon, every tick: polls when nobody has for 10 ms; the Gs go to the global
 * queue. */
void gmp_netpoll_sysmon(uint64_t now);
/* Wakes m: its note, and the backend when m is the one blocked in it. */
void gmp_mwake(gmp_m *m);
/* stop(): closes the backend, frees the descriptors. */
void gmp_netpoll_fini(void);
/* The backend in use: "epoll", "io_uring", or "" before the first fd_open. */
const char *gmp_netpoll_backend(void);

/* ---- rt.h's fd operations (rt_gmp.c puts them in the table) */
int gmp_fd_open(int fd, rt_fd **out);
int gmp_fd_wait(rt_fd *f, int mode, uint64_t deadline_ns);
int gmp_fd_close(rt_fd *f);
int gmp_fd_num(const rt_fd *f);

#endif
