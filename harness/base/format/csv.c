/* csv.c — see csv.h. */
#include "csv.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void csv_field(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	size_t len = strlen(s);
	bool quote =
	    strpbrk(s, ",\"\r\n") != NULL || (len > 0 && (s[0] == ' ' || s[len - 1] == ' '));
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_fieldf(FILE *f, bool first, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	csv_field(f, buf, first);
}

void csv_double(FILE *f, double v)
{
	fputc(',', f);
	if (isnan(v))
		return;
	/* the shortest of %.6g .. %.17g that reads back exactly */
	char buf[40];
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	fputs(buf, f);
}
