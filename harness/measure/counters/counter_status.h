/*
 * counter_status.h — what became of one counter: counted, multiplexed, or why not.
 *
 * What it is for
 *   Every event a user asks for gets exactly one status, so a result never shows a
 *   blank (or worse, a 0) without saying why. The statuses are the words written in
 *   the child protocol (`counter.<event>=<status>`), env.json and `corobench list`:
 *
 *     counted        opened and on a hardware/software counter the whole time
 *     multiplexed    opened, but shared a counter with others: the value is scaled
 *                    by enabled/running and the running/enabled ratio recorded
 *     unsupported    no PMU here counts it (ENOENT, EOPNOTSUPP, ENODEV, ENOSYS):
 *                    a VM without a virtual PMU reports ENOENT for cycles
 *     denied         the kernel refused (EACCES, EPERM): the reason names
 *                    kernel.perf_event_paranoid and the one-line fix
 *     not-encodable  libpfm4 cannot turn the name into a perf_event_attr here
 *     error          any other failure (EINVAL, EMFILE, ...), with strerror
 *
 * What it promises
 *   - ctr_classify is a pure function of its arguments (errno and paranoid value),
 *     so the tests simulate every errno without a kernel that produces it.
 *   - A reason is one line, no newline, at most CTR_WHY_LEN - 1 bytes.
 */
#ifndef COROBENCH_COUNTER_STATUS_H
#define COROBENCH_COUNTER_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#define CTR_WHY_LEN 200 /* one line: the longest reason (denied + fix) is ~170 chars */

typedef enum ctr_status {
	CTR_COUNTED,       /* counted the whole time                                */
	CTR_MULTIPLEXED,   /* counted part of the time; value scaled                */
	CTR_UNSUPPORTED,   /* no PMU here counts it                                 */
	CTR_DENIED,        /* refused by the kernel's policy                        */
	CTR_NOT_ENCODABLE, /* libpfm4 could not encode the name                     */
	CTR_ERROR,         /* another open failure                                  */
} ctr_status;

/* The protocol word: "counted", "multiplexed", "unsupported", "denied",
 * "not-encodable", "error". */
const char *ctr_status_name(ctr_status s);

/* Parses a protocol word back (the parent reads child records); false if unknown. */
bool ctr_status_parse(const char *word, ctr_status *out);

/* Classifies a perf_event_open failure: err is the positive errno, paranoid the
 * value of kernel.perf_event_paranoid (or CTR_PARANOID_UNKNOWN), hw true when the
 * event needs a PMU counter (user-space-only counting then is a meaningful fix).
 * Writes a one-line reason into why. */
ctr_status ctr_classify(int err, int paranoid, bool hw, const char *event, char *why,
                        size_t whylen);

#define CTR_PARANOID_UNKNOWN (-100) /* /proc/sys/kernel/perf_event_paranoid unreadable */

/* Reads /proc/sys/kernel/perf_event_paranoid; CTR_PARANOID_UNKNOWN if it cannot. */
int ctr_paranoid(void);

#endif
