/* wl_fault.c — see wl_fault.h. */
#include "wl_fault.h"

#include <stdarg.h>
#include <stdio.h>

void wl_fault_set(wl_fault *f, const char *fmt, ...)
{
	if (atomic_flag_test_and_set(&f->claimed))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
	if (!f->msg[0])
		snprintf(f->msg, sizeof f->msg, "(fault without a message)");
}

bool wl_fault_report(const wl_fault *f, const char *wl, char *why, size_t whylen)
{
	if (!f->msg[0])
		return false;
	snprintf(why, whylen, "%s: %s", wl, f->msg);
	return true;
}
