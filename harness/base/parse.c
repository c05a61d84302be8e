/* parse.c — see parse.h. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void parse_quote(const char *s, char *out, size_t outlen)
{
	size_t i = 0;
	for (; s[i] && i < 60 && i + 4 < outlen; i++)
		out[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	if (s[i] && i + 4 < outlen) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

static bool fail(char *err, size_t errlen, const char *what, const char *s, const char *why)
{
	char q[72];
	parse_quote(s, q, sizeof q);
	snprintf(err, errlen, "bad %s '%s': %s", what, q, why);
	return false;
}

bool parse_int(const char *s, int64_t min, int64_t max, const char *what, int64_t *out, char *err,
               size_t errlen)
{
	if (!s || !*s)
		return fail(err, errlen, what, s ? s : "", "empty value");
	char range[96];
	snprintf(range, sizeof range, "not an integer in [%lld, %lld]", (long long)min,
	         (long long)max);
	const char *p = s;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return fail(err, errlen, what, s, range);
	if (strpbrk(s, "eE.")) { /* scientific: must denote an exact integer */
		char *end;
		errno = 0;
		double d = strtod(s, &end);
		if (*end || errno || !isfinite(d) || d != floor(d) || d < (double)min ||
		    d > (double)max)
			return fail(err, errlen, what, s, range);
		*out = (int64_t)d;
		return true;
	}
	uint64_t v = 0;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return fail(err, errlen, what, s, range);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	uint64_t mult = 1;
	switch (*p) {
	case 'k':
	case 'K':
		mult = 1000;
		p++;
		break;
	case 'm':
	case 'M':
		mult = 1000000;
		p++;
		break;
	case 'g':
	case 'G':
		mult = 1000000000;
		p++;
		break;
	default:
		break;
	}
	if (*p)
		return fail(err, errlen, what, s, range);
	if (v > (uint64_t)INT64_MAX / mult)
		return fail(err, errlen, what, s, range);
	int64_t r = (int64_t)(v * mult);
	if (neg)
		r = -r;
	if (r < min || r > max)
		return fail(err, errlen, what, s, range);
	*out = r;
	return true;
}

void parse_list_free(char **items, int count)
{
	for (int i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

bool parse_list(const char *s, const char *what, char ***items, int *count, char *err,
                size_t errlen)
{
	if (!s || !*s)
		return fail(err, errlen, what, s ? s : "", "empty list");
	int n = 1;
	for (const char *p = s; *p; p++)
		n += *p == ',';
	char **v = calloc((size_t)n, sizeof *v);
	if (!v)
		return fail(err, errlen, what, s, "out of memory");
	int k = 0;
	const char *start = s;
	for (;;) {
		const char *comma = strchr(start, ',');
		size_t len = comma ? (size_t)(comma - start) : strlen(start);
		if (len == 0) {
			parse_list_free(v, k);
			return fail(err, errlen, what, s, "empty item in list");
		}
		v[k] = strndup(start, len);
		if (!v[k]) {
			parse_list_free(v, k);
			return fail(err, errlen, what, s, "out of memory");
		}
		for (int j = 0; j < k; j++) {
			if (strcmp(v[j], v[k]) == 0) {
				char why[96];
				char q[72];
				parse_quote(v[k], q, sizeof q);
				snprintf(why, sizeof why, "'%s' appears twice", q);
				parse_list_free(v, k + 1);
				return fail(err, errlen, what, s, why);
			}
		}
		k++;
		if (!comma)
			break;
		start = comma + 1;
	}
	*items = v;
	*count = k;
	return true;
}

bool parse_int_list(const char *s, int64_t min, int64_t max, const char *what, int64_t **vals,
                    int *count, char *err, size_t errlen)
{
	char **items;
	int n;
	if (!parse_list(s, what, &items, &n, err, errlen))
		return false;
	int64_t *v = calloc((size_t)n, sizeof *v);
	bool ok = v != NULL;
	for (int i = 0; ok && i < n; i++) {
		ok = parse_int(items[i], min, max, what, &v[i], err, errlen);
		for (int j = 0; ok && j < i; j++)
			if (v[j] == v[i])
				ok = fail(err, errlen, what, s, "a value appears twice");
	}
	parse_list_free(items, n);
	if (!ok) {
		free(v);
		return false;
	}
	*vals = v;
	*count = n;
	return true;
}
