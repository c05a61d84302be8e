/*
 * chan_history.h — record a concurrent history of channel operations and check it
 * against a sequential model of a Go channel (linearizability, Wing & Gong's
 * search with Lowe's memoization).
 *
 * What it is for
 *   Small random stress runs record every send/recv/try_send/try_recv/close with
 *   its invocation and response times; hist_check() then searches for one order
 *   of the operations that (a) respects real time (an operation that returned
 *   before another was invoked comes first) and (b) gives every operation the
 *   result it actually returned when replayed on the model. If no order exists,
 *   the channel is wrong, and the message names the operations involved.
 *
 * The sequential model (a "dual" data structure: blocking operations have two
 * steps, Scherer & Scott 2004)
 *   State: a FIFO buffer of at most `capacity` values, a FIFO of waiting senders,
 *   a FIFO of waiting receivers, and a closed flag.
 *   - send(v): closed -> CLOSED. A waiting receiver -> it gets v, both done.
 *     Room in the buffer -> appended, done. Otherwise the sender waits
 *     (try_send: WOULDBLOCK instead).
 *   - recv: a buffered value -> taken; the oldest waiting sender (if any) moves
 *     its value into the freed slot and is done. No buffer but a waiting sender
 *     (capacity 0) -> its value, both done. Closed -> CLOSED. Otherwise the
 *     receiver waits (try_recv: WOULDBLOCK instead).
 *   - close: closed -> CLOSED. Otherwise closed; every waiting receiver and
 *     sender is done with CLOSED.
 *   A waiting operation is completed by another operation's step, which must
 *   happen before the waiting operation returned.
 *   A variant without CHAN_CAP_EXACT_TRY (faa) is checked against the same model
 *   with one relaxation: a try operation may report WOULDBLOCK spuriously.
 *
 * What it promises
 *   - hist_check() accepts exactly the histories that have such an order (the
 *     search is exhaustive; memoization only prunes states already explored).
 *   - Times are tickets from one atomic counter (hist_tick), so "before" is a
 *     real-time order that every thread agrees on.
 *   - Up to HIST_MAX_OPS operations per history (the search is exponential in the
 *     worst case; keep histories small: ~30 operations check in microseconds to
 *     milliseconds).
 */
#ifndef COROBENCH_TEST_CHAN_HISTORY_H
#define COROBENCH_TEST_CHAN_HISTORY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIST_MAX_OPS 64

typedef enum hist_kind {
	HIST_SEND,
	HIST_RECV,
	HIST_TRY_SEND,
	HIST_TRY_RECV,
	HIST_CLOSE,
} hist_kind;

/* One completed operation. */
typedef struct hist_op {
	hist_kind kind;  /* what                                               */
	int task;        /* who (for messages)                                 */
	int64_t value;   /* send: the value sent; recv: the value received (OK) */
	int status;      /* CHAN_OK, CHAN_CLOSED or CHAN_WOULDBLOCK            */
	uint64_t invoke; /* ticket taken just before the call                  */
	uint64_t ret;    /* ticket taken just after it returned                */
} hist_op;

/* A history being recorded by several tasks at once. */
typedef struct hist_log {
	atomic_uint_fast64_t clock; /* ticket source                         */
	atomic_int n;               /* operations recorded                   */
	hist_op ops[HIST_MAX_OPS];  /* the operations, in completion order   */
} hist_log;

void hist_init(hist_log *l);

/* A ticket: call before an operation (its invoke time). */
uint64_t hist_tick(hist_log *l);

/* Records a finished operation (takes its return ticket). Returns false if the
 * log is full (the caller stops issuing operations). */
bool hist_record(hist_log *l, hist_kind kind, int task, int64_t value, int status, uint64_t invoke);

/* Checks ops[0..n) against the model of a channel of `capacity`. Returns true if
 * linearizable; otherwise false with a one-paragraph explanation in why.
 * spurious_try: the variant lacks CHAN_CAP_EXACT_TRY, so a try op that returned
 * WOULDBLOCK on an open channel fits any state (and changes nothing); every other
 * result is checked exactly as without it. */
bool hist_check(const hist_op *ops, int n, size_t capacity, bool spurious_try, char *why,
                size_t whylen);

/* Writes the history, one operation per line, for failure reports. */
void hist_format(const hist_op *ops, int n, char *buf, size_t len);

#endif
