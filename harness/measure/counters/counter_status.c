/* counter_status.c — see counter_status.h. */
#include "counter_status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
    [CTR_COUNTED] = "counted",
    [CTR_MULTIPLEXED] = "multiplexed",
    [CTR_UNSUPPORTED] = "unsupported",
    [CTR_DENIED] = "denied",
    [CTR_NOT_ENCODABLE] = "not-encodable",
    [CTR_ERROR] = "error",
};

const char *ctr_status_name(ctr_status s)
{
	if ((unsigned)s < sizeof names / sizeof names[0])
		return names[s];
	return "error";
}

bool ctr_status_parse(const char *word, ctr_status *out)
{
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(word, names[i]) == 0) {
			*out = (ctr_status)i;
			return true;
		}
	}
	return false;
}

int ctr_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	if (!f)
		return CTR_PARANOID_UNKNOWN;
	int v;
	int ok = fscanf(f, "%d", &v);
	fclose(f);
	return ok == 1 ? v : CTR_PARANOID_UNKNOWN;
}

/* The denied reason. Paranoid levels (Documentation/admin-guide/perf-security.rst):
 * -1 everything, 0 no raw tracepoints, 1 no CPU-wide events, 2 user space only,
 * 3+ (Debian, Android patches) no perf_event_open for unprivileged users at all.
 * We count user+kernel by default (a context switch happens in the kernel), which
 * an unprivileged user gets up to level 1: so the fix is always "set it to 1",
 * and for PMU events counting user space only (`:u`) is the alternative at 2. */
static void denied_why(int err, int paranoid, bool hw, const char *event, char *why, size_t whylen)
{
	const char *e = err == EPERM ? "EPERM" : "EACCES";
	if (paranoid == CTR_PARANOID_UNKNOWN) {
		snprintf(why, whylen,
		         "%s; kernel.perf_event_paranoid unreadable; fix: sudo sysctl -w "
		         "kernel.perf_event_paranoid=1",
		         e);
	} else if (paranoid <= 1) {
		snprintf(why, whylen,
		         "%s although kernel.perf_event_paranoid=%d allows it: a security policy "
		         "(container seccomp, LSM) blocks perf_event_open; fix: run with "
		         "CAP_PERFMON or without that filter",
		         e, paranoid);
	} else if (hw && paranoid == 2) {
		snprintf(why, whylen,
		         "%s: kernel.perf_event_paranoid=2 forbids kernel-side counts; fix: sudo "
		         "sysctl -w kernel.perf_event_paranoid=1 (or count user space only: %s:u)",
		         e, event);
	} else {
		snprintf(why, whylen,
		         "%s: kernel.perf_event_paranoid=%d; fix: sudo sysctl -w "
		         "kernel.perf_event_paranoid=1",
		         e, paranoid);
	}
}

ctr_status ctr_classify(int err, int paranoid, bool hw, const char *event, char *why, size_t whylen)
{
	switch (err) {
	case ENOENT:
		snprintf(why, whylen,
		         "ENOENT: no PMU here counts this event (a VM without a virtual PMU "
		         "reports this)");
		return CTR_UNSUPPORTED;
	case EOPNOTSUPP:
		snprintf(why, whylen, "EOPNOTSUPP: the PMU cannot count this event in this mode");
		return CTR_UNSUPPORTED;
	case ENODEV:
		snprintf(why, whylen, "ENODEV: the PMU this event belongs to is not present");
		return CTR_UNSUPPORTED;
	case ENOSYS:
		snprintf(why, whylen, "ENOSYS: this kernel has no perf_event_open");
		return CTR_UNSUPPORTED;
	case EACCES:
	case EPERM:
		denied_why(err, paranoid, hw, event, why, whylen);
		return CTR_DENIED;
	default:
		snprintf(why, whylen, "perf_event_open failed: %s (errno %d)", strerror(err), err);
		return CTR_ERROR;
	}
}
