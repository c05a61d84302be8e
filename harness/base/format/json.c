/* json.c — see json.h. */
#include "json.h"

#include <math.h>

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void key(FILE *f, int *count, const char *k)
{
	fputs(*count ? ",\n  " : "  ", f);
	(*count)++;
	json_string(f, k);
	fputs(": ", f);
}

void json_kv_str(FILE *f, int *count, const char *k, const char *value)
{
	key(f, count, k);
	json_string(f, value ? value : "");
}

void json_kv_num(FILE *f, int *count, const char *k, double value)
{
	key(f, count, k);
	if (isfinite(value))
		fprintf(f, "%.6g", value);
	else
		fputs("null", f);
}

void json_kv_int(FILE *f, int *count, const char *k, long long value)
{
	key(f, count, k);
	fprintf(f, "%lld", value);
}

void json_kv_uint(FILE *f, int *count, const char *k, unsigned long long value)
{
	key(f, count, k);
	fprintf(f, "%llu", value);
}

void json_kv_raw(FILE *f, int *count, const char *k, const char *raw)
{
	key(f, count, k);
	fputs(raw, f);
}
