/* run_param.c — see run_param.h. */
#include "run_param.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../workloads/workload.h"
#include "../../base/parse.h"
#include "../../base/xalloc.h"

/* A copy of the value list with each name of a named parameter (workload.h's
 * param_names: server=conn,nethttp) replaced by its number, so the list parses
 * as numbers. An unknown name sets *bad and err (naming it and the known ones).
 * NULL when no workload names that parameter's values (or out of memory: the
 * parse then names the first non-number). */
static char *named_values(const char *param, const char *list, bool *bad, char *err, size_t errlen)
{
	const workload *nw = NULL;
	int ni = -1;
	for (int w = 0; w < wl_count() && !nw; w++)
		for (int i = 0; i < wl_at(w)->nparams && !nw; i++)
			if (wl_at(w)->param_names && wl_at(w)->param_names[i] &&
			    strcmp(wl_at(w)->params[i].name, param) == 0) {
				nw = wl_at(w);
				ni = i;
			}
	if (!nw)
		return NULL;
	size_t cap = strlen(list) * 24 + 1, used = 0;
	char *out = malloc(cap);
	for (const char *p = list; out && *p;) {
		size_t len = strcspn(p, ",");
		char num[24] = "";
		for (int64_t v = nw->params[ni].min; v <= nw->params[ni].max && !num[0]; v++) {
			const char *nm = wl_param_name(nw, ni, v);
			if (nm && strlen(nm) == len && strncmp(p, nm, len) == 0)
				snprintf(num, sizeof num, "%lld", (long long)v);
		}
		if (!num[0] && len && !isdigit((unsigned char)*p) && *p != '-') {
			char q[72], known[160] = "";
			snprintf(q, sizeof q, "%.*s", (int)(len < 60 ? len : 60), p);
			parse_quote(q, q, sizeof q);
			for (int64_t v = nw->params[ni].min; v <= nw->params[ni].max; v++) {
				const char *nm = wl_param_name(nw, ni, v);
				size_t k = strlen(known);
				if (nm)
					snprintf(known + k, sizeof known - k, "%s%s", k ? ", " : "",
					         nm);
			}
			snprintf(err, errlen, "bad --param %s '%s': one of %s (or its number)",
			         param, q, known);
			free(out);
			*bad = true;
			return NULL;
		}
		used += (size_t)snprintf(out + used, cap - used, "%s%.*s", used ? "," : "",
		                         num[0] ? (int)strlen(num) : (int)len, num[0] ? num : p);
		p += len + (p[len] == ',');
	}
	return out;
}

/* --param preempt=on|off[,...]: 1 for on, 0 for off (matrix.h) */
static bool parse_preempt(const char *list, matrix_param *p, char *err, size_t errlen)
{
	char **items;
	int n;
	if (!parse_list(list, "--param preempt", &items, &n, err, errlen))
		return false;
	p->values = xmalloc(sizeof *p->values * (size_t)(n ? n : 1));
	p->count = 0;
	bool ok = n > 0;
	for (int i = 0; ok && i < n; i++) {
		ok = strcmp(items[i], "on") == 0 || strcmp(items[i], "off") == 0;
		if (ok)
			p->values[p->count++] = strcmp(items[i], "on") == 0;
		else {
			char q[72];
			parse_quote(items[i], q, sizeof q);
			snprintf(err, errlen, "bad --param preempt: '%s' is neither on nor off", q);
		}
	}
	if (n == 0)
		snprintf(err, errlen, "bad --param preempt: expected on, off or on,off");
	parse_list_free(items, n);
	return ok;
}

/* --param NAME=V[,V...] */
bool run_param_parse(const char *arg, matrix_param *p, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		char q[72];
		parse_quote(arg, q, sizeof q);
		snprintf(err, errlen, "bad --param '%s': expected NAME=VALUE[,VALUE...]", q);
		return false;
	}
	p->name = strndup(arg, (size_t)(eq - arg));
	char what[96];
	snprintf(what, sizeof what, "--param %s", p->name);
	if (strcmp(p->name, MATRIX_PREEMPT) == 0)
		return parse_preempt(eq + 1, p, err, errlen);
	bool bad = false;
	char *numbers = named_values(p->name, eq + 1, &bad, err, errlen);
	if (bad)
		return false;
	bool ok = parse_int_list(numbers ? numbers : eq + 1, INT64_MIN + 1, INT64_MAX, what,
	                         &p->values, &p->count, err, errlen);
	free(numbers);
	return ok;
}
