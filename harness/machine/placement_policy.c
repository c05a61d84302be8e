/*
 * placement_policy.c — the `-p` policy strings (placement.h lists them): parsing
 * one policy, checking it, and splitting a `-p` list whose cpus: items contain
 * commas. Bad input is CB_EINVAL with one line naming the value.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/parse.h"
#include "placement_internal.h"

const char *const pl_policy_names[] = {
    "none", "compact",  "cores",      "scatter",       "smt",       "l2",
    "l3",   "cross-l3", "cross-numa", "cross-package", "cpus:LIST", NULL,
};

#define CPUS_MAX_INDEX 1048575 /* hwloc bitmaps reach 2^20 PUs comfortably; beyond is a typo */
#define CPUS_MAX_COUNT 65536   /* far above the largest machines (a few thousand PUs) */

int pl_fail(char *err, size_t errlen, int rc, const char *fmt, const char *value, const char *why)
{
	char q[72];
	parse_quote(value, q, sizeof q);
	snprintf(err, errlen, fmt, q, why);
	return rc;
}

/* One item of a cpus: list, "7" or "4-7", into [*lo, *hi]. */
static bool parse_range(const char *s, size_t len, unsigned *lo, unsigned *hi)
{
	unsigned long v[2] = {0, 0};
	int k = 0;
	size_t i = 0;
	for (; k < 2; k++) {
		if (i >= len || !isdigit((unsigned char)s[i]))
			return false;
		for (; i < len && isdigit((unsigned char)s[i]); i++) {
			v[k] = v[k] * 10 + (unsigned long)(s[i] - '0');
			if (v[k] > CPUS_MAX_INDEX)
				return false;
		}
		if (i == len || s[i] != '-')
			break;
		i++;
	}
	if (i != len)
		return false;
	*lo = (unsigned)v[0];
	*hi = k == 0 ? *lo : (unsigned)v[1];
	return *lo <= *hi;
}

/* Appends c to p->cpus, growing it geometrically. */
static bool cpus_append(policy *p, unsigned c, int *cap)
{
	if (p->ncpus == *cap) {
		int ncap = *cap ? 2 * *cap : 16;
		unsigned *n = realloc(p->cpus, (size_t)ncap * sizeof *n);
		if (!n)
			return false;
		p->cpus = n;
		*cap = ncap;
	}
	p->cpus[p->ncpus++] = c;
	return true;
}

/* A cpus: list, each PU once. Duplicates are found in a bitmap of every possible
 * index (128 KiB), so a long range costs linear time: a fuzzer's
 * `cpus:0-222259,401` took 1.4 s with a scan of the list per PU (120 s under TSan). */
static int parse_cpus_list(const char *s, const char *list, policy *p, uint64_t *seen, char *err,
                           size_t errlen)
{
	int cap = 0;
	for (const char *item = list; *item;) {
		size_t len = strcspn(item, ",");
		unsigned lo, hi;
		if (!parse_range(item, len, &lo, &hi))
			return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", s,
			               "a cpus: item is not an OS index or a range A-B with A <= B "
			               "(example: cpus:0,2,4-7)");
		for (unsigned c = lo; c <= hi; c++) {
			if (seen[c / 64] >> (c % 64) & 1) {
				char why[64];
				snprintf(why, sizeof why, "PU %u is listed twice", c);
				return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", s,
				               why);
			}
			seen[c / 64] |= (uint64_t)1 << (c % 64);
			if (p->ncpus == CPUS_MAX_COUNT)
				return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", s,
				               "too many PUs listed");
			if (!cpus_append(p, c, &cap))
				return pl_fail(err, errlen, CB_EINVAL, "placement '%s': %s", s,
				               "out of memory");
		}
		item += len;
		if (*item == ',' && !*++item)
			return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", s,
			               "empty item at the end of the cpus: list");
	}
	return CB_OK;
}

static int parse_cpus(const char *s, policy *p, char *err, size_t errlen)
{
	const char *list = s + strlen("cpus:");
	if (!*list)
		return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", s,
		               "empty cpus: list (example: cpus:0,2,4-7)");
	uint64_t *seen = calloc(CPUS_MAX_INDEX / 64 + 1, sizeof *seen);
	if (!seen)
		return pl_fail(err, errlen, CB_EINVAL, "placement '%s': %s", s, "out of memory");
	int rc = parse_cpus_list(s, list, p, seen, err, errlen);
	free(seen);
	return rc;
}

int pl_policy_parse(const char *s, policy *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	static const struct {
		const char *name;
		pl_kind kind;
	} simple[] = {
	    {"none", K_NONE}, {"compact", K_COMPACT}, {"cores", K_CORES}, {"scatter", K_SCATTER}};
	if (!s || !*s)
		return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", "", "empty name");
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(s, simple[i].name) == 0) {
			p->kind = simple[i].kind;
			return CB_OK;
		}
	if ((p->pair = pc_parse(s)) >= 0) {
		p->kind = K_PAIR;
		return CB_OK;
	}
	if (strncmp(s, "cpus:", 5) == 0) {
		p->kind = K_CPUS;
		int rc = parse_cpus(s, p, err, errlen);
		if (rc != CB_OK) {
			free(p->cpus);
			p->cpus = NULL;
		}
		return rc;
	}
	return pl_fail(err, errlen, CB_EINVAL, "unknown placement '%s' (known: %s)", s,
	               "none, compact, cores, scatter, smt, l2, l3, cross-l3, cross-numa, "
	               "cross-package, cpus:LIST");
}

bool pl_policy_check(const char *s, char *err, size_t errlen)
{
	policy p;
	int rc = pl_policy_parse(s, &p, err, errlen);
	free(p.cpus);
	return rc == CB_OK;
}

int pl_policy_count(const char *s)
{
	policy p;
	char err[PL_ERR_LEN];
	int n = pl_policy_parse(s, &p, err, sizeof err) == CB_OK ? p.ncpus : 0;
	free(p.cpus);
	return n;
}

/* Length of the -p item at s: up to the next comma that does not continue a
 * cpus: list (a comma followed by a digit continues it; no policy name starts
 * with a digit). */
static size_t item_len(const char *s)
{
	bool cpus = strncmp(s, "cpus:", 5) == 0;
	size_t i = 0;
	for (; s[i]; i++)
		if (s[i] == ',' && !(cpus && isdigit((unsigned char)s[i + 1])))
			break;
	return i;
}

bool pl_policy_split(const char *list, char ***items, int *count, char *err, size_t errlen)
{
	if (!list || !*list) {
		pl_fail(err, errlen, CB_EINVAL, "bad -p '%s': %s", "", "empty list");
		return false;
	}
	int n = 0, cap = 1;
	for (const char *p = list; *p; p++)
		cap += *p == ',';
	char **v = calloc((size_t)cap, sizeof *v);
	bool ok = v != NULL;
	err[0] = '\0';
	/* first the shape of the list (no empty item), then each policy */
	for (const char *p = list; ok; p++) {
		size_t len = item_len(p);
		if (len == 0) {
			pl_fail(err, errlen, CB_EINVAL, "bad -p '%s': %s", list,
			        "empty item in list");
			ok = false;
			break;
		}
		ok = (v[n++] = strndup(p, len)) != NULL;
		p += len;
		if (!*p)
			break;
	}
	if (!v || (!ok && !err[0]))
		snprintf(err, errlen, "placement list: out of memory");
	for (int i = 0; ok && i < n; i++) {
		ok = pl_policy_check(v[i], err, errlen);
		for (int j = 0; ok && j < i; j++)
			if (strcmp(v[j], v[i]) == 0)
				ok = pl_fail(err, errlen, CB_EINVAL, "bad -p: '%s' %s", v[i],
				             "appears twice") == CB_OK;
	}
	if (!ok) {
		parse_list_free(v, n);
		return false;
	}
	*items = v;
	*count = n;
	return true;
}
