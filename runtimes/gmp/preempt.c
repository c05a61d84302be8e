/*
 * preempt.c — asynchronous preemption: a G that keeps its P from waiting work for
 * a time slice is stopped by a signal where that is safe, and queued behind that
 * work; where it is not safe, it stops at its next call into gmp.
 *
 * When (sysmon: gmp_preempt_check, at each look at a P that runs a G)
 *   A slice is 10 ms (GMP_SLICE_NS, Go's forcePreemptNS). sysmon asks the running
 *   G to yield when either
 *     - the same G has run a slice without a scheduling point (the P's schedtick
 *       has not moved) while work waits that the P could run: its runnext, its
 *       ring, a timer due, or -- when no P is idle to take it -- the global queue
 *       or another P's ring (the hog); or
 *     - Gs have waited a slice in the P's ring without its head moving while the
 *       P runs Gs that hand off through runnext (a ping-pong pair never reaches
 *       the ring). Go's inheritTime is the same rule: a G taken from runnext
 *       inherits its predecessor's slice, so the pair shares one.
 *   Unlike Go, a G with nothing waiting behind it is left alone: the signal would
 *   buy nothing. The request is stored in the P (preempt_req says which clock,
 *   preempt_at its value then) and SIGURG (Go's choice: ignored by default, used
 *   by nobody else here) goes to the P's M with tgkill. A request is stale once
 *   its clock has moved: the G gave the P up by itself, or the ring was served.
 *
 * Where: the safe-point rule (the handler, on the M's signal stack)
 *   The interrupted G is stopped right there only if all of these hold:
 *     1. the interrupted PC lies in the rt_preemptible section (rt.h): the code
 *        compiled from workloads/ (the Makefile renames its .text) and test loops
 *        marked RT_PREEMPTIBLE. That code takes no gmp lock and holds no channel or
 *        rt_sync spin lock when it runs (those are taken and released inside
 *        runtimes/), and keeps no thread-local address in a register:
 *        scripts/check-tls.sh fails any workload function that reads the thread
 *        pointer, and errno is read only inside a system call's window, where no
 *        preemption happens (rt.h) -- but for wl_net.c's setup and teardown,
 *        which read it for an error message and a waitpid EINTR retry (a G moved
 *        between the call and the read would report another thread's errno: a
 *        wrong message, or one more waitpid; SA_RESTART keeps SIGURG from
 *        interrupting the call itself). So a PC in libc (malloc's arena lock, stdio's
 *        lock, errno), the vDSO, a sanitizer runtime, gmp itself (a run queue, a
 *        switch half done, a park callback), a channel, rt_sync or the harness is
 *        never stopped there;
 *     2. the M runs a G (curg set: not g0), its P is running and is this M's (not
 *        in a system call, not handed off), and the M is not restoring a context;
 *     3. the interrupted SP lies inside that G's stack with room below it for the
 *        saved context and the switch (PREEMPT_ROOM + the context's size): the save
 *        never overruns a stack, guarded or not (stack.c);
 *     4. sysmon's request still stands.
 *   Otherwise nothing is touched: the request stays set (counted as deferred) and
 *   is honoured at the G's next call into gmp that is a safe point: a spawn
 *   (gmp_go, before it spawns), a yield, or a park, where a HEAD request sends
 *   runnext to the ring's tail so the ring's head runs next (gmp_preempt_parked:
 *   a ping-pong pair spends most of its time in channel code the rule refuses,
 *   and parks twice a round trip). sysmon signals again every GMP_RETRY_NS while
 *   the request stands, so a G that spends 90% of its time in malloc is still
 *   stopped in its own code after ~10 tries. What is unsafe is deferred, never
 *   risked: a wrong "no" costs a millisecond, a wrong "yes" a deadlock or a
 *   corrupted heap.
 *
 * Where the stopped G goes (preempt_m)
 *   To its P's ring tail, behind the work that waited, as a yield does. With
 *   nothing else on its P it was stopped for work elsewhere: global work it then
 *   queues behind (else the P would run it again at once and reach the global
 *   queue once in 61 slices), or Gs on another P's ring, half of which this P
 *   takes first, as a spinning P would (fairshare at 2 Ps: 4 tasks, 2 on each).
 *   Go puts every preempted G on the global queue; gmp cannot, because it takes
 *   the global queue once in 61 switches, not 61 slices: a G waiting there
 *   while a pair hands off locally would cut the pair's slice to 61 switches.
 *
 * How: save, switch, exact restore
 *   The kernel's signal frame holds the complete interrupted state: every general
 *   register, the flags, the whole FP/vector state (the XSAVE area on x86-64, the
 *   FPSIMD and SVE records on aarch64), PC and SP. The handler copies it onto the
 *   G's own stack below the interrupted SP (past x86-64's 128-byte red zone) and
 *   edits the frame so that returning from the handler "calls"
 *   preempt_entry(saved) there, with the interrupted PC as a fake return address
 *   (backtraces stay readable). preempt_entry is an ordinary C function on an
 *   ordinary G: it switches to g0 as a yield does (preempt_m, above) and returns
 *   when some M resumes it. Going back to the interrupted
 *   instruction with every register intact cannot be done from user code on
 *   aarch64 (a branch needs a free register, and C keeps none: Go reserves R27
 *   for it), so preempt_entry hands the saved context to its M and signals
 *   itself: the handler sees m->resume, copies the context into that frame, and
 *   the kernel's sigreturn loads all of it. Two signal deliveries per preemption,
 *   at most one preemption per P per slice.
 *   No handler ever runs on a G's stack (SA_ONSTACK; each M has a signal stack,
 *   ASan's when it installed one), so the kernel's 1-5 KiB frame cannot overrun
 *   one (3).
 *
 * Sanitizers
 *   ASan: the save area is unpoisoned before the handler writes it, and the G's
 *   stack below the interrupted SP before the restore (preempt_entry's frames
 *   stay there, as a longjmp's would).
 *   TSan delivers an asynchronous signal only at the thread's next intercepted
 *   call, and hands the handler a copy of the context taken when the signal
 *   arrived: the handler can neither see where the G is now nor redirect it. In
 *   a TSan build the handler therefore never stops a G; every request is
 *   deferred to the G's next gmp call (test_gmp_preempt runs that path under
 *   TSan with a hog that calls libc and spawns; the signal path runs in the plain
 *   and ASan builds and on aarch64 under qemu).
 *
 * What was rejected
 *   - Switching Gs inside the handler, on the G's stack (as ucontext thread
 *     libraries do): the kernel would write its frame onto a G stack that may be
 *     nearly full and unguarded, and the signal mask and alternate stack that
 *     frame restores belong to the thread the G left.
 *   - An assembly entry that pushes every register and returns with `ret $128`
 *     (Go's asyncPreempt on amd64): x86-64 only (see aarch64 above), and the
 *     XSAVE layout would be ours to get right; the kernel already saves and
 *     restores exactly what the CPU has.
 *   - Lending a spare P and M beside a yield-free G (gmp before issue 20): it adds
 *     a thread beside the hog instead of stopping it, so -t 1 ran two.
 */
#include "preempt.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "asan.h"
#include "sched.h"
#include "tsan.h"

/* Go's sigPreempt: ignored by default, and nothing else in corobench uses it. */
#define GMP_PREEMPT_SIG SIGURG

/* While a request the handler deferred still stands, sysmon signals again this
 * often: 1 ms, a tenth of a slice, ~1,000 signals a second to one G at most (each
 * a few microseconds: under 1% of that G's CPU, and only while it hides in code
 * the rule refuses). */
#define GMP_RETRY_NS 1000000ull

/* Stack a preemption needs below the saved context: preempt_entry, the switch
 * (gmp_mcall pushes 64 bytes) and, after the resume, the tgkill call: a few
 * hundred bytes, doubled and rounded up; ASan's redzones and its unpoisoning
 * call need more. */
#if GMP_ASAN
#define PREEMPT_ROOM (16u << 10)
#else
#define PREEMPT_ROOM (4u << 10)
#endif

/* Each M's signal stack, when it has none (ASan installs one per thread: that one
 * is used). The kernel's frame is 1-5 KiB (x86-64 with AVX-512: ~3.5 KiB; aarch64
 * with SVE records: ~4.6 KiB), the handler's own a few hundred bytes. */
#define ALTSTACK_SIZE (64u << 10)
#define ALTSTACK_MIN  (16u << 10)

/* The section the Makefile puts workload code in (rt.h): weak, so a binary
 * without any such code links (both NULL: nothing is preemptible). */
extern const char __start_rt_preemptible[] __attribute__((weak));
extern const char __stop_rt_preemptible[] __attribute__((weak));

/* The interrupted state, on the G's stack while the G is switched out. */
typedef struct saved {
	uintptr_t sp; /* the interrupted SP (ASan unpoisons below it)       */
	uint32_t len; /* bytes in fp[]                                       */
#if defined(__x86_64__)
	greg_t gregs[NGREG]; /* every general register, RIP, RSP, RFLAGS    */
#elif defined(__aarch64__)
	uint64_t regs[31]; /* x0-x30                                        */
	uint64_t pc;       /* the interrupted instruction                   */
	uint64_t pstate;   /* NZCV and the rest the kernel restores         */
#endif
	/* x86-64: the XSAVE area (fxsave image + extended state + magic2);
	 * aarch64: the records (FPSIMD, SVE, ...) up to the terminator */
	unsigned char fp[] __attribute__((aligned(64)));
} saved;

long gmp_preempt_stress_ns; /* preempt.h: tests only */

static struct sigaction old_action; /* what gmp_preempt_stop puts back */
static bool installed;              /* the handler is ours              */

/* ---- the architecture: where the frame keeps what (unused under TSan, whose
 * handler never redirects a G) */
#define ARCH_FN __attribute__((unused))

#if defined(__x86_64__)
#define FP_XSTATE_MAGIC1_ 0x46505853u /* "FPXS": an XSAVE area follows the fxsave image */

/* Bytes of the frame's FP state: the extended size when the kernel wrote an
 * XSAVE area (its software-reserved bytes 464.. say so), else the 512-byte
 * fxsave image. */
static ARCH_FN uint32_t fp_len(const ucontext_t *uc)
{
	const unsigned char *fp = (const unsigned char *)uc->uc_mcontext.fpregs;
	if (!fp)
		return 0;
	uint32_t magic, size;
	memcpy(&magic, fp + 464, 4);
	memcpy(&size, fp + 468, 4);
	return magic == FP_XSTATE_MAGIC1_ ? size : 512;
}
static ARCH_FN uintptr_t ctx_pc(const ucontext_t *uc)
{
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
}
static ARCH_FN uintptr_t ctx_sp(const ucontext_t *uc)
{
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
}
#define RED_ZONE 128 /* SysV x86-64: leaf code may use 128 bytes below RSP */

#elif defined(__aarch64__)
#define EXTRA_MAGIC_ 0x45585401u /* a record that points outside the frame */

/* Bytes of the records up to and including the terminator; 0 when they cannot
 * be copied as bytes (an extra_context record points outside the frame). */
static ARCH_FN uint32_t fp_len(const ucontext_t *uc)
{
	const unsigned char *r = (const unsigned char *)uc->uc_mcontext.__reserved;
	size_t cap = sizeof uc->uc_mcontext.__reserved, off = 0;
	while (off + 8 <= cap) {
		uint32_t magic, size;
		memcpy(&magic, r + off, 4);
		memcpy(&size, r + off + 4, 4);
		if (magic == 0)
			return (uint32_t)(off + 8);
		if (magic == EXTRA_MAGIC_ || size < 8 || size > cap - off)
			return 0;
		off += size;
	}
	return 0;
}
static ARCH_FN uintptr_t ctx_pc(const ucontext_t *uc)
{
	return (uintptr_t)uc->uc_mcontext.pc;
}
static ARCH_FN uintptr_t ctx_sp(const ucontext_t *uc)
{
	return (uintptr_t)uc->uc_mcontext.sp;
}
#define RED_ZONE     0           /* AAPCS64 has none */
#else
#error "gmp: no preemption for this architecture"
#endif

bool gmp_preemptible_pc(const void *pc)
{
	return __start_rt_preemptible && (const char *)pc >= __start_rt_preemptible &&
	       (const char *)pc < __stop_rt_preemptible;
}

/* ---- requests */

/* Does p's request still stand? A stale one is cleared. */
static bool stands(gmp_p *p)
{
	unsigned kind = atomic_load_explicit(&p->preempt_req, memory_order_acquire);
	if (kind == GMP_PREEMPT_NONE)
		return false;
	uint32_t at = atomic_load_explicit(&p->preempt_at, memory_order_relaxed);
	bool live;
	if (kind == GMP_PREEMPT_TICK)
		live = atomic_load_explicit(&p->schedtick, memory_order_relaxed) == at;
	else
		live = atomic_load_explicit(&p->runqhead, memory_order_relaxed) == at &&
		       atomic_load_explicit(&p->runqtail, memory_order_relaxed) != at;
	if (!live) /* a new request sysmon made meanwhile survives the failed CAS */
		atomic_compare_exchange_strong(&p->preempt_req, &kind, GMP_PREEMPT_NONE);
	return live;
}

static void signal_m(gmp_p *p)
{
	gmp_m *m = __atomic_load_n(&p->m, __ATOMIC_ACQUIRE);
	syscall(SYS_tgkill, getpid(), m->tid, GMP_PREEMPT_SIG);
}

/* Gs wait in the ring of a P other than p (they could run on p). */
static bool waiting_elsewhere(const gmp_p *p)
{
	int n = atomic_load_explicit(&gmp_s.nallp, memory_order_acquire);
	for (int i = 0; i < n; i++) {
		gmp_p *v = gmp_s.allp[i];
		if (v != p && atomic_load_explicit(&v->runqhead, memory_order_relaxed) !=
		                  atomic_load_explicit(&v->runqtail, memory_order_relaxed))
			return true;
	}
	return false;
}

bool gmp_work_waiting(gmp_p *p, uint64_t now)
{
	if (atomic_load_explicit(&p->runqhead, memory_order_relaxed) !=
	        atomic_load_explicit(&p->runqtail, memory_order_relaxed) ||
	    atomic_load_explicit(&p->runnext, memory_order_relaxed))
		return true;
	uint64_t w = gmp_timers_next(p);
	if (w != 0 && w <= now)
		return true;
	if (atomic_load_explicit(&gmp_s.npidle, memory_order_relaxed) > 0)
		return false; /* an idle P takes what waits globally or elsewhere */
	return atomic_load_explicit(&gmp_s.runqsize, memory_order_relaxed) > 0 ||
	       waiting_elsewhere(p);
}

uint64_t gmp_preempt_check(gmp_p *p, gmp_pwatch *w, uint64_t now)
{
	uint64_t slice = GMP_SLICE_NS, retry = GMP_RETRY_NS;
	bool stress = gmp_preempt_stress_ns > 0;
	if (stress)
		slice = retry = (uint64_t)gmp_preempt_stress_ns;
	uint32_t tick = atomic_load_explicit(&p->schedtick, memory_order_relaxed);
	uint32_t head = atomic_load_explicit(&p->runqhead, memory_order_relaxed);
	bool ring = head != atomic_load_explicit(&p->runqtail, memory_order_relaxed);
	/* The G that follows a preemption began about when sysmon asked, not when
	 * sysmon next saw it (a retry later): its slice counts from the request. */
	uint64_t began = w->asked && now - w->asked < slice + retry ? w->asked : now;
	if (tick != w->tick) {
		w->tick = tick;
		w->tick_since = began;
	}
	if (!ring || head != w->head) {
		w->head = head;
		w->head_since = began;
	}
	if (!gmp_s.preempt)
		return 0;
	if (atomic_load_explicit(&p->preempt_req, memory_order_relaxed) && stands(p)) {
		/* the handler deferred it (or has not run yet): ask again */
		if (now - w->signalled >= retry) {
			w->signalled = now;
			signal_m(p);
		}
		return w->signalled + retry;
	}
	unsigned kind = GMP_PREEMPT_NONE;
	uint32_t at = 0;
	if (now - w->tick_since >= slice && (stress || gmp_work_waiting(p, now))) {
		kind = GMP_PREEMPT_TICK;
		at = tick;
	} else if (ring && now - w->head_since >= slice) {
		kind = GMP_PREEMPT_HEAD;
		at = head;
	}
	if (kind != GMP_PREEMPT_NONE) {
		atomic_store_explicit(&p->preempt_at, at, memory_order_relaxed);
		atomic_store_explicit(&p->preempt_req, kind, memory_order_release);
		w->asked = w->signalled = w->tick_since = w->head_since = now;
		signal_m(p);
		return now + retry; /* served by then, or signalled again */
	}
	uint64_t next = w->tick_since + slice;
	if (ring && w->head_since + slice < next)
		next = w->head_since + slice;
	return next > now ? next : 0;
}

/* ---- stopping the G (on g0) */

/* Half of the Gs waiting in some other P's ring, one of them returned (NULL:
 * none waits). */
static gmp_g *steal_waiting(gmp_p *p)
{
	int n = atomic_load_explicit(&gmp_s.nallp, memory_order_acquire);
	for (int i = 0; i < n; i++) {
		gmp_p *v = gmp_s.allp[(p->id + 1 + i) % n];
		gmp_g *g;
		if (v != p && atomic_load_explicit(&v->status, memory_order_relaxed) != P_IDLE &&
		    (g = gmp_runqsteal(p, v, false)))
			return g;
	}
	return NULL;
}

/* g0 half of a preemption: the G goes to its P's ring tail, as a yield. A G
 * stopped with nothing waiting on its own P was stopped for work waiting
 * elsewhere (gmp_work_waiting): in the global queue, where it then queues
 * behind that work (else the P, finding only it in its ring, would run it
 * again and take the global queue once in 61 slices); else on another P, half
 * of which this P takes first, as a spinning P would. (Go always puts a
 * preempted G on the global queue; gmp takes the global queue once in 61
 * switches, not 61 slices, so a G that waits there while others are local
 * would cut a ping-pong's slice to 61 hand-offs.) */
static void preempt_m(void *arg)
{
	gmp_g *g = arg;
	gmp_m *m = gmp_getm();
	gmp_p *p = m->p;
	gmp_g0_enter(m);
	gmp_stack_check(g);
	atomic_store_explicit(&p->preempt_req, GMP_PREEMPT_NONE, memory_order_relaxed);
	atomic_fetch_add_explicit(&gmp_s.npreempt, 1, memory_order_relaxed);
	atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_relaxed);
	gmp_g *next = NULL;
	if (!atomic_load_explicit(&p->runnext, memory_order_relaxed) && gmp_runqempty(p)) {
		if (atomic_load_explicit(&gmp_s.runqsize, memory_order_relaxed) > 0) {
			gmp_globrunqput(g);
			gmp_schedule(m); /* local queues empty: the global queue's head */
		}
		next = steal_waiting(p);
	}
	gmp_runq_tail(p, g);
	if (next)
		gmp_run(m, next);
	gmp_schedule_fast(m);
}

void gmp_preempt_parked(gmp_p *p)
{
	unsigned kind = atomic_load_explicit(&p->preempt_req, memory_order_relaxed);
	if (!stands(p))
		return;
	atomic_store_explicit(&p->preempt_req, GMP_PREEMPT_NONE, memory_order_relaxed);
	if (kind != GMP_PREEMPT_HEAD)
		return; /* the G sysmon meant is giving the P up by itself */
	atomic_fetch_add_explicit(&gmp_s.npreempt, 1, memory_order_relaxed);
	gmp_g *g = gmp_runnext_swap(p, NULL);
	if (g)
		gmp_runq_tail(p, g);
}

void gmp_preempt_point(gmp_m *m)
{
	if (__builtin_expect(atomic_load_explicit(&m->p->preempt_req, memory_order_relaxed) == 0,
	                     1) ||
	    !stands(m->p))
		return;
	gmp_switch(m, m->curg, preempt_m);
}

#if !GMP_TSAN
/* Where returning from the handler sends a G it stops: on the G's stack, below
 * the saved context. Not in the preemptible section (a signal landing here is
 * deferred); never returns: the context it restores takes over. */
static void preempt_entry(saved *s) __attribute__((noinline, used));
static void preempt_entry(saved *s)
{
	gmp_m *m = gmp_getm();
	gmp_switch(m, m->curg, preempt_m);
	m = gmp_getm(); /* resumed, maybe on another M */
	if (GMP_ASAN) { /* this frame and the switch's stay below the interrupted SP */
		gmp_g *g = m->curg;
		char *lo = g->stack_hi - gmp_g_stack_size(g);
		gmp_asan_unpoison(lo, (size_t)((char *)s->sp - lo));
	}
	atomic_store_explicit(&m->resume, s, memory_order_release);
	syscall(SYS_tgkill, getpid(), m->tid, GMP_PREEMPT_SIG);
	fprintf(stderr, "corobench: gmp: a preempted G was not restored\n");
	abort();
}

/* The handler's safe-point rule (the essay's 1-3; 4 is checked by the caller).
 * Returns the context's size (0: not safe). */
static uint32_t safe_point(gmp_m *m, gmp_g *g, gmp_p *p, const ucontext_t *uc)
{
	if (atomic_load_explicit(&m->incall, memory_order_relaxed) ||
	    atomic_load_explicit(&p->status, memory_order_relaxed) != P_RUNNING ||
	    __atomic_load_n(&p->m, __ATOMIC_RELAXED) != m)
		return 0;
	if (!gmp_preemptible_pc((const void *)ctx_pc(uc)))
		return 0;
	uint32_t len = fp_len(uc);
	if (len == 0)
		return 0;
	uintptr_t sp = ctx_sp(uc), hi = (uintptr_t)g->stack_hi;
	uintptr_t lo = hi - gmp_g_stack_size(g);
	size_t need = RED_ZONE + sizeof(saved) + len + 64 + PREEMPT_ROOM;
	if (sp > hi || sp < lo || sp - lo < need)
		return 0;
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	if (here >= lo && here < hi) /* no signal stack: the frame is on the G's */
		return 0;
	return len;
}

/* Copies the interrupted context onto the G's stack and makes the handler's
 * return call preempt_entry(saved) there. */
static void redirect(ucontext_t *uc, uint32_t len)
{
	uintptr_t sp = ctx_sp(uc);
	uintptr_t top = (sp - RED_ZONE) & ~(uintptr_t)63;
	saved *s = (saved *)((top - sizeof(saved) - len) & ~(uintptr_t)63);
	gmp_asan_unpoison(s, sizeof(saved) + len);
	s->sp = sp;
	s->len = len;
#if defined(__x86_64__)
	greg_t *gr = uc->uc_mcontext.gregs;
	memcpy(s->gregs, gr, sizeof s->gregs);
	memcpy(s->fp, uc->uc_mcontext.fpregs, len);
	uintptr_t nsp = ((uintptr_t)s & ~(uintptr_t)15) - 8; /* as after a call */
	*(uint64_t *)nsp = (uint64_t)gr[REG_RIP];            /* its return address */
	gr[REG_RSP] = (greg_t)nsp;
	gr[REG_RIP] = (greg_t)(uintptr_t)preempt_entry;
	gr[REG_RDI] = (greg_t)(uintptr_t)s;
	gr[REG_EFL] &= ~(greg_t)0x400; /* DF clear, as the ABI wants at a call */
#elif defined(__aarch64__)
	mcontext_t *mc = &uc->uc_mcontext;
	memcpy(s->regs, mc->regs, sizeof s->regs);
	s->pc = mc->pc;
	s->pstate = mc->pstate;
	memcpy(s->fp, mc->__reserved, len);
	mc->regs[30] = mc->pc; /* its return address */
	mc->regs[0] = (uint64_t)(uintptr_t)s;
	mc->sp = (uintptr_t)s & ~(uintptr_t)15;
	mc->pc = (uint64_t)(uintptr_t)preempt_entry;
#endif
}

/* Loads a saved context into the frame of the signal preempt_entry sent. */
static void restore(ucontext_t *uc, const saved *s)
{
#if defined(__x86_64__)
	if (fp_len(uc) != s->len) {
		static const char msg[] = "corobench: gmp: FP state sizes differ between threads\n";
		(void)!write(2, msg, sizeof msg - 1);
		abort();
	}
	memcpy(uc->uc_mcontext.gregs, s->gregs, sizeof s->gregs);
	memcpy(uc->uc_mcontext.fpregs, s->fp, s->len);
#elif defined(__aarch64__)
	mcontext_t *mc = &uc->uc_mcontext;
	memcpy(mc->regs, s->regs, sizeof s->regs);
	mc->sp = s->sp;
	mc->pc = s->pc;
	mc->pstate = s->pstate;
	memcpy(mc->__reserved, s->fp, s->len); /* the records, verbatim (fp_len) */
#endif
}
#endif /* !GMP_TSAN */

static void handler(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	int saved_errno = errno;
	gmp_m *m = gmp_getm();
	if (!m)
		goto out; /* not an M: sysmon, the harness */
#if !GMP_TSAN
	saved *r = atomic_exchange_explicit(&m->resume, NULL, memory_order_acquire);
	if (r) {
		restore(ucv, r);
		goto out;
	}
#endif
	gmp_g *g = __atomic_load_n(&m->curg, __ATOMIC_RELAXED);
	gmp_p *p = m->p;
	if (!g || !p || !stands(p))
		goto out;
#if GMP_TSAN
	atomic_fetch_add_explicit(&gmp_s.ndeferred, 1, memory_order_relaxed);
	(void)ucv;
#else
	uint32_t len = safe_point(m, g, p, ucv);
	if (len)
		redirect(ucv, len);
	else
		atomic_fetch_add_explicit(&gmp_s.ndeferred, 1, memory_order_relaxed);
#endif
out:
	errno = saved_errno;
}

/* ---- set-up */

int gmp_preempt_start(bool on)
{
	gmp_s.preempt = on;
	if (!on)
		return 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(GMP_PREEMPT_SIG, &sa, &old_action) != 0)
		return -errno;
	installed = true;
	return 0;
}

void gmp_preempt_stop(void)
{
	if (installed)
		sigaction(GMP_PREEMPT_SIG, &old_action, NULL);
	installed = false;
	gmp_s.preempt = false;
}

void gmp_preempt_mstart(gmp_m *m)
{
	stack_t cur;
	if (!gmp_s.preempt || (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) &&
	                       cur.ss_size >= ALTSTACK_MIN))
		return;
	void *mem = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (mem == MAP_FAILED)
		return; /* the handler then runs on the G's stack and never stops it (3) */
	stack_t ss = {.ss_sp = mem, .ss_size = ALTSTACK_SIZE, .ss_flags = 0};
	if (sigaltstack(&ss, NULL) != 0) {
		munmap(mem, ALTSTACK_SIZE);
		return;
	}
	m->altstack = mem;
}

void gmp_preempt_mexit(gmp_m *m)
{
	if (!m->altstack)
		return;
	stack_t ss = {.ss_flags = SS_DISABLE};
	sigaltstack(&ss, NULL);
	munmap(m->altstack, ALTSTACK_SIZE);
	m->altstack = NULL;
}
