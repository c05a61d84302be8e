/* names.c — see names.h. */
#include "names.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#define NAMES_MAX_LEN 256 /* compared prefix: names are short; typos longer than this are noise */

bool names_is_glob(const char *pattern)
{
	return strpbrk(pattern, "*?[") != NULL;
}

int names_match(const char *pattern, const char *const *known, int n, bool *selected)
{
	int hits = 0;
	for (int i = 0; i < n; i++)
		if (fnmatch(pattern, known[i], FNM_CASEFOLD) == 0) {
			selected[i] = true;
			hits++;
		}
	return hits;
}

int names_distance(const char *a, const char *b)
{
	/* three rows of the dynamic-programming table: the transposition looks two back */
	int la = (int)strnlen(a, NAMES_MAX_LEN), lb = (int)strnlen(b, NAMES_MAX_LEN);
	int rows[3][NAMES_MAX_LEN + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (int j = 0; j <= lb; j++)
		prev[j] = j;
	for (int i = 1; i <= la; i++) {
		cur[0] = i;
		for (int j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]),
			    cb = tolower((unsigned char)b[j - 1]);
			int cost = ca != cb;
			int best = prev[j] + 1;                               /* deletion     */
			best = cur[j - 1] + 1 < best ? cur[j - 1] + 1 : best; /* insertion    */
			best = prev[j - 1] + cost < best ? prev[j - 1] + cost
			                                 : best; /* substitution */
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1; /* transposition */
			cur[j] = best;
		}
		int *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

void names_suggest(const char *typed, const char *const *known, int n, char *out, size_t len)
{
	char plain[NAMES_MAX_LEN + 1];
	size_t k = 0;
	for (const char *p = typed; *p && k < NAMES_MAX_LEN; p++)
		if (!strchr("*?[]", *p))
			plain[k++] = *p;
	plain[k] = '\0';
	int limit = (int)k / 3 > 2 ? (int)k / 3 : 2;
	int best[3] = {-1, -1, -1}, dist[3] = {0, 0, 0};
	for (int i = 0; i < n; i++) {
		int d = names_distance(plain, known[i]);
		if (d > limit)
			continue;
		for (int s = 0; s < 3; s++) { /* insertion into the three closest, stable */
			if (best[s] >= 0 && dist[s] <= d)
				continue;
			for (int t = 2; t > s; t--) {
				best[t] = best[t - 1];
				dist[t] = dist[t - 1];
			}
			best[s] = i;
			dist[s] = d;
			break;
		}
	}
	size_t used = 0;
	if (len)
		out[0] = '\0';
	for (int s = 0; s < 3 && best[s] >= 0 && used < len; s++) {
		int w = snprintf(out + used, len - used, "%s%s", s ? ", " : "", known[best[s]]);
		used += w > 0 ? (size_t)w : 0;
	}
}
