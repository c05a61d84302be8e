/* store.c — see store.h. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

bool store_add_rep(cb_result *r, int round, proto_record *rec)
{
	if (r->nreps == r->capreps) {
		int cap = r->capreps ? r->capreps * 2 : 16;
		cb_rep *n = realloc(r->reps, sizeof *n * (size_t)cap);
		if (!n) {
			proto_free(rec);
			return false;
		}
		r->reps = n;
		r->capreps = cap;
	}
	cb_rep *rep = &r->reps[r->nreps++];
	memset(rep, 0, sizeof *rep);
	rep->round = round;
	const char *w = proto_get(rec, "warmup");
	rep->warmup = w && strcmp(w, "1") == 0;
	proto_get_u64(rec, "elapsed_ns", &rep->elapsed_ns);
	proto_get_u64(rec, "ops", &rep->ops);
	rep->rec = *rec;
	return true;
}

void store_add_failure(cb_result *r, int round, const char *kind, const char *reason)
{
	cb_failure *n = realloc(r->fails, sizeof *n * (size_t)(r->nfails + 1));
	if (!n)
		return;
	r->fails = n;
	cb_failure *f = &r->fails[r->nfails++];
	f->round = round;
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	snprintf(f->reason, sizeof f->reason, "%s", reason);
}

void store_set_info(cb_result *r, proto_record *rec)
{
	if (r->have_info)
		proto_free(&r->info);
	r->info = *rec;
	r->have_info = true;
}

void store_free_result(cb_result *r)
{
	for (int j = 0; j < r->nreps; j++)
		proto_free(&r->reps[j].rec);
	free(r->reps);
	free(r->fails);
	if (r->have_info)
		proto_free(&r->info);
	memset(r, 0, sizeof *r);
}

void store_free(cb_run *run)
{
	for (int i = 0; i < run->nconfigs; i++)
		store_free_result(&run->results[i]);
	free(run->results);
	free(run->configs);
	run->results = NULL;
	run->configs = NULL;
	run->nconfigs = 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int store_collect_keys(const cb_run *run, const char *prefix, const char ***names)
{
	size_t plen = strlen(prefix);
	int count = 0, cap = 0;
	const char **v = NULL;
	for (int i = 0; i < run->nconfigs; i++) {
		const cb_result *r = &run->results[i];
		for (int j = 0; j < r->nreps; j++) {
			if (r->reps[j].warmup)
				continue;
			const proto_record *rec = &r->reps[j].rec;
			for (int k = 0; k < rec->n; k++) {
				if (strncmp(rec->keys[k], prefix, plen) != 0)
					continue;
				const char *name = rec->keys[k] + plen;
				bool seen = false;
				for (int m = 0; m < count && !seen; m++)
					seen = strcmp(v[m], name) == 0;
				if (seen)
					continue;
				if (count == cap) {
					cap = cap ? cap * 2 : 8;
					const char **nv = xrealloc(v, sizeof *nv * (size_t)cap);
					v = nv;
				}
				v[count++] = name;
			}
		}
	}
	if (count > 1)
		qsort(v, (size_t)count, sizeof *v, cmp_str);
	*names = v;
	return count;
}

int store_measured(const cb_result *r, const cb_rep ***reps)
{
	const cb_rep **v = xmalloc(sizeof *v * (size_t)r->nreps);
	int n = 0;
	for (int i = 0; i < r->nreps; i++)
		if (!r->reps[i].warmup)
			v[n++] = &r->reps[i];
	*reps = v;
	return n;
}

const char *store_info(const cb_result *r, const char *key)
{
	return r->have_info ? proto_get(&r->info, key) : NULL;
}
