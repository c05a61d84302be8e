/*
 * wl_pair.h — the ping-pong of hog and syscall (pingpong's definition, run beside
 * other tasks): main and a partner bounce a value over two unbuffered channels N
 * times; the partner loops `v = recv(a); send(b, v + 1)` until a is closed.
 *
 * What it promises
 *   - wl_pair_run spawns the partner, does the N round trips (recording every
 *     WL_PAIR_SAMPLE_EVERY-th round trip's latency when asked), advances `spin`'s
 *     progress once per round trip, closes a and joins the partner.
 *   - wl_pair_verify checks v == N and that the partner answered N times, or the
 *     first fault, with the workload's name first.
 */
#ifndef COROBENCH_WL_PAIR_H
#define COROBENCH_WL_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#include "wl_fault.h"
#include "wl_spin.h"
#include "workload.h"

#define WL_PAIR_SAMPLE_EVERY 16 /* as pingpong: one round trip in 16 is timed */

typedef struct wl_pair {
	chan *a, *b;         /* main -> partner, partner -> main; unbuffered */
	int64_t n;           /* round trips                                  */
	int64_t v;           /* main's value after the loop (== N)           */
	int64_t partner_n;   /* values the partner answered (== N)           */
	rt_waitgroup exited; /* the partner is done with both channels       */
	wl_fault fault;      /* a runtime/channel error seen during run      */
} wl_pair;

/* Makes the two channels; false with "<wl>: ..." in err. */
bool wl_pair_make(wl_pair *p, const wl_ctx *ctx, const char *wl, int64_t n, char *err,
                  size_t errlen);
void wl_pair_free(wl_pair *p);
/* sample: record round-trip latencies through m; spin: whose progress to advance. */
void wl_pair_run(wl_pair *p, wl_measure *m, bool sample, wl_spin *spin);
bool wl_pair_verify(wl_pair *p, const char *wl, char *why, size_t whylen);

#endif
