/* run_select.c — see run_select.h. */
#include "run_select.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../runtimes/rt.h"
#include "../../base/names.h"
#include "../../base/parse.h"
#include "../../base/xalloc.h"
#include "../../machine/placement.h"
#include "../../run/peer/peer.h"

/* The message for an item that selected nothing. */
static void no_match(const char *item, const char *flag, const char *noun, const char *const *known,
                     int n, char *err, size_t errlen)
{
	char q[72], near[200], all[400] = "";
	parse_quote(item, q, sizeof q);
	names_suggest(item, known, n, near, sizeof near);
	for (int i = 0; i < n && strlen(all) + 40 < sizeof all; i++)
		snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", i ? ", " : "",
		         known[i]);
	if (strncasecmp(item, "go@", 3) == 0)
		snprintf(err, errlen,
		         "%s: unknown %s '%s' (a go@VERSION runtime is added by --go PATH or "
		         "COROBENCH_GO)",
		         flag, noun, q);
	else if (near[0])
		snprintf(err, errlen, "%s: unknown %s '%s' (did you mean %s? see corobench list)",
		         flag, noun, q, near);
	else
		snprintf(err, errlen, "%s: unknown %s '%s' (known: %s; see corobench list)", flag,
		         noun, q, all);
}

/* Indexes into known[] that list selects, in the order of its items; malloc'd. */
static bool select_names(const char *list, const char *flag, const char *noun,
                         const char *const *known, int n, int **idx, int *count, char *err,
                         size_t errlen)
{
	char **items;
	int nitems;
	*idx = NULL;
	*count = 0;
	if (!parse_list(list, flag, &items, &nitems, err, errlen))
		return false;
	bool *sel = xcalloc((size_t)n + 1, sizeof *sel);
	int *out = xmalloc(sizeof *out * ((size_t)n + 1));
	bool ok = true;
	for (int i = 0; i < nitems && ok; i++) {
		bool *now = xcalloc((size_t)n + 1, sizeof *now);
		/* -NAME: leaves out what NAME (a name or a glob) matches */
		bool drop = items[i][0] == '-' && items[i][1];
		const char *item = items[i] + drop;
		int hits = strcasecmp(item, "all") == 0 ? names_match("*", known, n, now)
		                                        : names_match(item, known, n, now);
		if (hits == 0) {
			no_match(item, flag, noun, known, n, err, errlen);
			ok = false;
		}
		for (int k = 0; ok && k < n; k++)
			if (now[k] && !sel[k] && !drop) {
				sel[k] = true;
				out[(*count)++] = k;
			}
		int kept = 0;
		for (int j = 0; ok && drop && j < *count; j++)
			if (now[out[j]])
				sel[out[j]] = false;
			else
				out[kept++] = out[j];
		if (ok && drop)
			*count = kept;
		free(now);
	}
	if (ok && *count == 0) {
		char q[72];
		parse_quote(list, q, sizeof q);
		snprintf(err, errlen, "%s: '%s' leaves no %s", flag, q, noun);
		ok = false;
	}
	parse_list_free(items, nitems);
	free(sel);
	if (!ok) {
		free(out);
		*count = 0;
		return false;
	}
	*idx = out;
	return true;
}

bool sel_workloads(const char *list, const workload ***out, int *n, char *err, size_t errlen)
{
	int nk = wl_count();
	const char **known = xmalloc(sizeof *known * ((size_t)nk + 1));
	for (int i = 0; i < nk; i++)
		known[i] = wl_at(i)->name;
	int *idx;
	bool ok = select_names(list, "-w", "workload", known, nk, &idx, n, err, errlen);
	free(known);
	if (!ok)
		return false;
	*out = xmalloc(sizeof **out * ((size_t)*n + 1));
	for (int i = 0; i < *n; i++)
		(*out)[i] = wl_at(idx[i]);
	free(idx);
	return true;
}

bool sel_runtimes(const char *list, char ***out, int *n, char *err, size_t errlen)
{
	/* in-process runtimes, then the peers: go, or the --go builds instead */
	int added = peer_added_count(), peers = 0;
	while (peer_names[peers])
		peers++;
	int nk = rt_count() + (added ? added : peers);
	const char **known = xmalloc(sizeof *known * ((size_t)nk + 2));
	for (int i = 0; i < rt_count(); i++)
		known[i] = rt_at(i)->name;
	for (int i = 0; i < (added ? added : peers); i++)
		known[rt_count() + i] = added ? peer_added_name(i) : peer_names[i];
	/* `-r go` names the default build even when --go added others */
	int nsel = nk;
	if (added && peers)
		known[nsel++] = peer_names[0];
	int *idx;
	/* `all` must not take the default go beside the --go builds: match it
	 * against the first nk only */
	bool ok;
	if (strcasecmp(list, "all") == 0)
		ok = select_names(list, "-r", "runtime", known, nk, &idx, n, err, errlen);
	else
		ok = select_names(list, "-r", "runtime", known, nsel, &idx, n, err, errlen);
	if (ok) {
		*out = xcalloc((size_t)*n + 1, sizeof **out);
		for (int i = 0; i < *n; i++)
			(*out)[i] = strdup(known[idx[i]]);
		free(idx);
	}
	free(known);
	return ok;
}

bool sel_chans(const char *list, const chan_variant ***out, int *n, char *err, size_t errlen)
{
	int nk = chan_variant_count();
	const char **known = xmalloc(sizeof *known * ((size_t)nk + 1));
	for (int i = 0; i < nk; i++)
		known[i] = chan_variant_at(i)->name;
	int *idx;
	bool ok = select_names(list, "-c", "channel variant", known, nk, &idx, n, err, errlen);
	free(known);
	if (!ok)
		return false;
	*out = xmalloc(sizeof **out * ((size_t)*n + 1));
	for (int i = 0; i < *n; i++)
		(*out)[i] = chan_variant_at(idx[i]);
	free(idx);
	return true;
}

/* Is name an item of the comma list s? */
static bool has_item(const char *s, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = s; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && strncmp(p, name, n) == 0)
			return true;
		p += k + (p[k] == ',');
	}
	return false;
}

bool sel_placement_arg(const char *arg, char **out, char *err, size_t errlen)
{
	/* the policy names without the cpus:LIST placeholder */
	const char *known[32];
	int nk = 0;
	for (int i = 0; pl_policy_names[i] && nk < 31; i++)
		if (strchr(pl_policy_names[i], ':') == NULL)
			known[nk++] = pl_policy_names[i];
	size_t al = strlen(arg);
	if (!al || arg[0] == ',' || arg[al - 1] == ',' || strstr(arg, ",,")) {
		*out = strdup(arg); /* an empty item: pl_policy_split says so */
		return true;
	}
	size_t cap = al + 2;
	char *res = xmalloc(cap);
	size_t used = 0;
	res[0] = '\0';
	bool in_cpus = false;
	int items = 0;
	char *copy = strdup(arg);
	for (char *tok = copy, *next; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		for (char *p = tok; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		const char *add[32];
		int nadd = 0;
		bool from_glob = names_is_glob(tok);
		if (strncmp(tok, "cpus:", 5) == 0) {
			in_cpus = true;
			add[nadd++] = tok;
		} else if (in_cpus && isdigit((unsigned char)tok[0])) {
			add[nadd++] = tok; /* the rest of a cpus: list */
		} else {
			in_cpus = false;
			bool sel[32] = {false};
			if (!*tok || names_match(tok, known, nk, sel) == 0) {
				if (!*tok) /* pl_policy_split says what is wrong with an empty item
				            */
					add[nadd++] = tok;
				else if (!names_is_glob(tok) && strchr(tok, ':'))
					add[nadd++] =
					    tok; /* a malformed cpus list: its own message */
				else {
					no_match(tok, "-p", "placement", known, nk, err, errlen);
					free(copy);
					free(res);
					return false;
				}
			}
			for (int k = 0; k < nk; k++)
				if (sel[k])
					add[nadd++] = known[k];
		}
		for (int k = 0; k < nadd; k++) {
			if (from_glob && has_item(res, add[k]))
				continue; /* a glob adds what is not there yet */
			size_t need = used + strlen(add[k]) + 2;
			if (need > cap) {
				cap = need * 2;
				res = xrealloc(res, cap);
			}
			used += (size_t)snprintf(res + used, cap - used, "%s%s", items ? "," : "",
			                         add[k]);
			items++;
		}
	}
	free(copy);
	*out = res;
	return true;
}
