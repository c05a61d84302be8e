/*
 * status.h — the harness's error convention (docs/ARCHITECTURE.md, "Errors").
 *
 *   - A function that can fail returns bool (true: done) and writes one line into
 *     the caller's `char *err, size_t errlen`: what failed, naming the bad value or
 *     file and the cause ("bad -t '0': must be 1..1024"). It never prints.
 *   - Where the caller must tell failures apart (bad input is exit 2; what this
 *     machine cannot do is a skipped configuration; anything else is a failure),
 *     it returns a cb_status instead, and still fills err.
 *   - Running out of memory for the harness's own bookkeeping is fatal
 *     (xalloc.h); an allocation sized by input is a failure with a message.
 *   - Only the commands (harness/cli/) print, as "corobench <command>: <err>", and
 *     choose the exit status: 0 all good, 1 some configuration failed, 2 bad usage
 *     or bad input.
 */
#ifndef COROBENCH_STATUS_H
#define COROBENCH_STATUS_H

typedef enum cb_status {
	CB_OK = 0,        /* done                                                         */
	CB_EFAIL = -1,    /* an error: the configuration (or command) failed              */
	CB_EINVAL = -2,   /* bad input: an unknown name, a malformed list (exit 2)        */
	CB_EUNAVAIL = -3, /* valid, but this machine cannot do it: skipped, with why      */
} cb_status;

#endif
