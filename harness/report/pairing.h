/*
 * pairing.h — like for like: which configuration of one runtime is held
 * against which of another. Defined once here and used by `corobench compare
 * --by runtime=A,B` and by the report's summary table and findings, so both say
 * the same thing about "gmp against Go".
 *
 * The rule
 *   - The Go peer always runs on Go's own channels, keyed chan=go-native. The C
 *     runtimes' `go` variant (runtimes/chan/chan_go.c) is the C port of Go's
 *     runtime/chan.go. So chan=go-native on go pairs with chan=go on pthread and
 *     gmp: the same channel algorithm on each runtime.
 *   - A workload that uses no channel runs chan=- on the C runtimes and still
 *     reports chan=go-native on go (the peer has no other), so there go-native
 *     pairs with `-`.
 *   - Every other variant pairs only with itself (gmp/mutex with pthread/mutex);
 *     Go has no partner for it.
 * The like-for-like configuration of a runtime is therefore the one on the
 * `go` variant (C runtimes), on go-native (Go), or without a channel.
 *
 * What it promises: pure functions of their arguments; nothing allocated.
 */
#ifndef COROBENCH_PAIRING_H
#define COROBENCH_PAIRING_H

#include <stdbool.h>

#define PAIR_GO_RUNTIME "go"        /* the Go peer's runtime name              */
#define PAIR_GO_NATIVE  "go-native" /* its channels                            */
#define PAIR_C_VARIANT  "go"        /* the C runtimes' port of Go's channel    */
#define PAIR_MAX_CHANS  2           /* candidates pair_chans returns at most   */

/* Whether chan is "no channel": "-" or "". */
bool pair_no_chan(const char *chan);

/* Whether (runtime, chan) is that runtime's like-for-like configuration:
 * go-native on go; the `go` variant or no channel elsewhere. */
bool pair_is_like(const char *runtime, const char *chan);

/* Whether Go's own channels pair with a C runtime's `chan`: the `go` variant,
 * or no channel. */
bool pair_with_go(const char *chan);

/* The channels a partner on runtime `to` may have for a configuration with
 * `chan` on runtime `from`, in the order to try; returns their count (>= 1).
 * gmp/go -> go: go-native; go/go-native -> gmp: go, then -;
 * gmp/mutex -> pthread: mutex. */
int pair_chans(const char *chan, const char *from, const char *to, const char *out[PAIR_MAX_CHANS]);

#endif
