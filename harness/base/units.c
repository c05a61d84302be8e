/* units.c — see units.h. */
#include "units.h"

#include <math.h>
#include <stdio.h>

static void time_ns(char *buf, size_t len, double ns, const char *micro)
{
	if (isnan(ns))
		snprintf(buf, len, "-");
	else if (fabs(ns) < 1e3)
		snprintf(buf, len, "%.3g ns", ns);
	else if (fabs(ns) < 1e6)
		snprintf(buf, len, "%.3g %s", ns / 1e3, micro);
	else if (fabs(ns) < 1e9)
		snprintf(buf, len, "%.3g ms", ns / 1e6);
	else
		snprintf(buf, len, "%.3g s", ns / 1e9);
}

void fmt_time_ns(char *buf, size_t len, double ns)
{
	time_ns(buf, len, ns, "\xc2\xb5s");
}

void fmt_number(char *buf, size_t len, double v)
{
	double a = fabs(v);
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (a >= 1e9)
		snprintf(buf, len, "%.3gG", v / 1e9);
	else if (a >= 1e6)
		snprintf(buf, len, "%.3gM", v / 1e6);
	else if (a >= 1e4)
		snprintf(buf, len, "%.3gk", v / 1e3);
	else
		snprintf(buf, len, "%.3g", v);
}

void fmt_times(char *buf, size_t len, double r)
{
	if (isnan(r))
		snprintf(buf, len, "-");
	else if (r >= 10)
		snprintf(buf, len, "%.0fx", r);
	else if (r >= 1.995)
		snprintf(buf, len, "%.1fx", r);
	else
		snprintf(buf, len, "%.2fx", r);
}

void fmt_bytes(char *buf, size_t len, double b)
{
	if (isnan(b))
		snprintf(buf, len, "-");
	else if (b < 1024)
		snprintf(buf, len, "%.0f B", b);
	else if (b < 1024.0 * 1024)
		snprintf(buf, len, "%.1f KiB", b / 1024);
	else if (b < 1024.0 * 1024 * 1024)
		snprintf(buf, len, "%.1f MiB", b / 1024 / 1024);
	else
		snprintf(buf, len, "%.2f GiB", b / 1024 / 1024 / 1024);
}
