/*
 * counters.h — a set of perf_event counters over the threads that do a workload's
 * work, switched on only around run().
 *
 * Mechanism (and why)
 *   The child process opens the set on its own (still only) thread BEFORE it starts
 *   the runtime, with attr.inherit = 1 and every group disabled. The kernel then
 *   clones each event into every thread created afterwards, transitively (gmp's Ms,
 *   the pthread runtime's thread-per-task, threads those threads create); an
 *   ioctl(PERF_EVENT_IOC_ENABLE / DISABLE, PERF_IOC_FLAG_GROUP) on a group leader
 *   reaches the leader's clones in every thread (perf_event_for_each_child), so
 *   before_run/after_run switch the whole tree with one ioctl per group, from the
 *   thread running the main task, just outside the clock pair (execute.h: the
 *   ioctls never add to the elapsed time). A read of the leader
 *   returns the sum over all threads, including threads that exited in between
 *   (their counts are folded into the parent event when they exit).
 *
 *   Rejected: per-thread groups opened in rt_thread_hooks.on_thread_start. The
 *   pthread runtime creates an OS thread per task, so for a spawn-heavy workload
 *   the opens would happen inside the timed region: an open + close costs 4.5 us
 *   on this 2-vCPU KVM guest, so `default` would bill ~36 us per task to the
 *   runtime; a thread created inside the region would miss the counts of its own
 *   creation, and a thread exiting mid-run would need its fds harvested under a
 *   lock in on_thread_exit. With inherit the kernel clones the events in
 *   copy_process (what `perf stat` does), nothing is opened inside the region,
 *   and no thread can be missed. The price: thread creation itself gets slower
 *   (pthread_create + join went from ~80-100 us to ~105 us with the 4 software
 *   events inherited, on the same loaded guest), which `perf stat` users pay too;
 *   compare spawn-heavy times with counters off (`--counters none`, the default).
 *
 *   Counts are cumulative and never reset (PERF_EVENT_IOC_RESET does not clear
 *   what exited clones folded into the parent); a repetition's value is the delta
 *   between the reading after it and the one before (ctr_sample), and the set is
 *   disabled between repetitions, so setup/verify/teardown and the harness's own
 *   work count nothing.
 *
 * Groups and multiplexing
 *   Events open with read_format GROUP | ID | TOTAL_TIME_ENABLED |
 *   TOTAL_TIME_RUNNING: the PMU events in groups of at most CTR_GROUP_HW_MAX, in
 *   the order given (so cycles and instructions, first in `default`, share a group
 *   and an IPC comes from one time window); each software event alone (it never
 *   competes for a counter, and a group led by task-clock loses its siblings'
 *   counts of exiting inherited threads on Linux 6.18: see family() in counters.c). A group the PMU
 * cannot hold at all is split (EINVAL on adding a member: the member opens as its own group). When
 *   the kernel time-shares the groups, values are scaled by enabled/running and
 *   running/enabled is recorded (counter_scale.h). Kernels before 4.13 reject
 *   inherit with PERF_FORMAT_GROUP (EINVAL); the set then opens every event as its
 *   own leader and reads them one by one (same numbers, no shared window).
 *
 * Scope
 *   - ctr_open: the calling thread and every thread it creates afterwards. Threads
 *     that already existed are NOT covered: ctr_threads_before() says how many
 *     other threads there were (the child opens the set before rt start, so 0).
 *   - A program this process execs (the Go peer) gets the same scope: the forked
 *     child opens the set with ctr_open on its only thread, clears close-on-exec on
 *     the fds (members too: closing a member's last fd destroys it), tells the peer
 *     how to read each event (ctr_handle_of; harness/run/peer/peer.c), and the peer
 *     switches the groups around its own run() (runtimes/go/counters.go). Every
 *     thread it creates after exec inherits the events.
 *
 * What it promises
 *   - Every event of the spec gets a status (counter_status.h); an event that did
 *     not open has no value (taken = false), never a 0.
 *   - Known limit: a thread cloned at the very instant of a disable may keep its
 *     inherited copy enabled (the kernel copies the parent's state before adding
 *     the clone to the list the ioctl walks); the harness disables after run() has
 *     returned, when the workload creates no more threads.
 */
#ifndef COROBENCH_COUNTERS_H
#define COROBENCH_COUNTERS_H

#include <stdbool.h>

#include "counter_scale.h"
#include "counter_spec.h"
#include "counter_status.h"

#define CTR_GROUP_HW_MAX                                                                           \
	4 /* general-purpose counters per hardware thread: 4 on Intel                              \
	   * with SMT on (8 off), 6 on AMD Zen; groups larger than the                             \
	   * smallest of these could never be scheduled whole */

typedef struct ctr_set ctr_set;

/* Opens the spec's events on the calling thread with inherit, disabled. Returns
 * NULL only when out of memory; events that cannot open carry their status. */
ctr_set *ctr_open(const ctr_spec *spec);

void ctr_close(ctr_set *s); /* NULL is fine */

int ctr_count(const ctr_set *s); /* events in the spec          */
const ctr_event *ctr_event_at(const ctr_set *s, int i);

/* Status of event i so far: counted or multiplexed (once a sample showed a ratio
 * below 1) for an open event, else why it is not counted. *why, when not NULL,
 * gets the one-line reason ("" for counted; "counted 50.0% of the time" for
 * multiplexed, with the smallest ratio seen). */
ctr_status ctr_status_of(const ctr_set *s, int i, const char **why);

bool ctr_any_open(const ctr_set *s); /* at least one event opened: worth enabling */

/* Other threads that existed when ctr_open ran (not covered); -1 if unknown. */
int ctr_threads_before(const ctr_set *s);

/* Switch every open group on / off, in every thread (one ioctl per group). */
void ctr_enable(ctr_set *s);
void ctr_disable(ctr_set *s);

/* Reads every open event and writes, per event, the value since the previous
 * ctr_sample (or since open): vals has ctr_count(s) entries. */
void ctr_sample(ctr_set *s, ctr_value *vals);

/* Event i as a program that execs after ctr_open and switches and reads the set
 * itself needs it (the Go peer, harness/run/peer/peer.c; the fds are O_CLOEXEC, the
 * caller clears that on the ones it hands over). */
typedef struct ctr_handle {
	int fd;       /* -1 when the event is not open                             */
	int leader;   /* index of its group leader (itself when it leads)          */
	bool grouped; /* read through the leader's PERF_FORMAT_GROUP|ID read       */
	uint64_t id;  /* PERF_EVENT_IOC_ID: finds the event in a group read        */
} ctr_handle;
ctr_handle ctr_handle_of(const ctr_set *s, int i);

#endif
