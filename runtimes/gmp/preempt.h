/*
 * preempt.h — what sysmon, the Ms and the rt.h table call of gmp's asynchronous
 * preemption (preempt.c) and of its system-call hand-off (syscall.c). The design,
 * the safe-point rule and the numbers are in the essay at the top of preempt.c.
 */
#ifndef GMP_PREEMPT_H
#define GMP_PREEMPT_H

#include <stdbool.h>
#include <stdint.h>

#include "gmp.h"

/* Go's forcePreemptNS: the time slice a G (or a chain of Gs handing off through
 * runnext) may keep its P from work that waits there. */
#define GMP_SLICE_NS 10000000ull

/* Which clock a request was made on (gmp_p.preempt_req). */
enum {
	GMP_PREEMPT_NONE = 0,
	GMP_PREEMPT_TICK, /* schedtick frozen: one G ran a slice without a scheduling point */
	GMP_PREEMPT_HEAD, /* runqhead frozen: the ring waited a slice behind runnext hand-offs */
};

/* What sysmon remembers about a P between its looks (one per P, sysmon only). */
typedef struct gmp_pwatch {
	uint32_t tick;       /* schedtick last seen                                  */
	uint64_t tick_since; /* since when (or since the last request)               */
	uint32_t head;       /* runqhead last seen with Gs in the ring               */
	uint64_t head_since; /* since when (or since the last request)               */
	uint64_t asked;      /* when sysmon last asked this P's G to yield, 0: never */
	uint64_t signalled;  /* when it last sent the signal (re-sent while deferred) */
	uint32_t sctick;     /* syscalltick last seen in P_SYSCALL                   */
	uint64_t sc_since;   /* since when                                           */
} gmp_pwatch;

/* ---- preempt.c */
/* Tests only (test_gmp_preempt's stress): when > 0, the slice and the retry are
 * this many ns, and a G is stopped when it ran that long whether or not work
 * waits; sysmon sleeps no longer than that. Set before start. */
extern long gmp_preempt_stress_ns;

/* Installs the SIGURG handler when `on` (start(), before the Ms exist). */
int gmp_preempt_start(bool on);
void gmp_preempt_stop(void); /* the previous handler back (stop(), Ms joined) */
/* On an M's own thread, at its start and end: its signal stack. */
void gmp_preempt_mstart(gmp_m *m);
void gmp_preempt_mexit(gmp_m *m);
/* sysmon, on a P running a G: asks it to yield when it kept waiting work off the
 * P for a slice. Returns when sysmon should look at p again (0: no hurry). */
uint64_t gmp_preempt_check(gmp_p *p, gmp_pwatch *w, uint64_t now);
/* Work waits on p that its M would run if its G yielded (sysmon; also syscall.c). */
bool gmp_work_waiting(gmp_p *p, uint64_t now);
/* At a gmp call made by a G: yields when a request deferred by the handler still
 * stands (gmp_go; the safe points of the rule). */
void gmp_preempt_point(gmp_m *m);
/* On g0, as a G parks while sysmon's request stands: the request is served. A
 * HEAD request (a ring kept waiting by runnext hand-offs) moves runnext to the
 * ring's tail, so the ring's head runs next: the park ends the chain's slice. */
void gmp_preempt_parked(gmp_p *p);
/* Is `pc` code the handler may stop (the rt_preemptible section)? For tests. */
bool gmp_preemptible_pc(const void *pc);

/* ---- syscall.c */
void gmp_entersyscall(void);
void gmp_exitsyscall(void);
/* sysmon, on a P in P_SYSCALL: hands it to a spare M when work waits behind a
 * call that has lasted GMP_SYSCALL_GRACE_NS. Returns true when it did; *again
 * says when to look at p again (0: no hurry). */
bool gmp_retake(gmp_p *p, gmp_pwatch *w, uint64_t now, uint64_t *again);

#endif
