/* claim.c — see claim.h: the rows, the comparisons, the coverage and the
 * verdict every claim's rule shares. */
#include "claim.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../base/units.h"
#include "../../../measure/ratio_ci.h"
#include "../../../../workloads/workload.h"

const char *const cl_coroutines[2] = {"gmp", "go"};

/* Where-lists for the verdict's sentence: the first CL_WHERE names of each
 * outcome, the rest counted. */
#define CL_WHERE 6

/* The where-lists live with the row being filled (one row at a time). */
static struct {
	char list[3][420]; /* holds, does not, cannot tell */
	int n[3];          /* items in each (all, listed or not) */
} wh;

static rp_claim scratch; /* the row filled when the table is full (never shown) */

/* vsnprintf that cuts at a UTF-8 character boundary when s does not fit. */
static void vput(char *out, size_t len, const char *fmt, va_list ap)
{
	int w = vsnprintf(out, len, fmt, ap);
	if (w < 0 || (size_t)w < len || len < 4)
		return;
	size_t k = len - 1; /* out[k] is the terminator */
	while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
		k--; /* inside a sequence: back to its lead byte */
	if (k > 0 && ((unsigned char)out[k - 1] & 0x80))
		k--; /* the lead byte of a cut sequence */
	out[k] = '\0';
}

static void put(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vput(out, len, fmt, ap);
	va_end(ap);
}

/* Appends fmt's text to out (already holding text), cut at a boundary. */
static void append(char *out, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *out, size_t len, const char *fmt, ...)
{
	size_t w = strlen(out);
	if (w + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vput(out + w, len - w, fmt, ap);
	va_end(ap);
}

void cl_begin(cl_ctx *x, const report_model *m, rp_findings *f, int h, int idx)
{
	memset(x, 0, sizeof *x);
	x->rt_at = -1;
	x->m = m;
	x->f = f;
	x->h = h;
	x->c = f->nclaims < RP_MAX_CLAIMS ? &f->claims[f->nclaims++] : &scratch;
	memset(x->c, 0, sizeof *x->c);
	x->c->idx = idx;
	x->c->def = rp_claim_def_at(idx);
	x->c->host = h;
	snprintf(x->c->host_label, sizeof x->c->host_label, "%s", m->hosts[h].label);
	memset(&wh, 0, sizeof wh);
}

void cl_note(cl_ctx *x, const char *fmt, ...)
{
	char note[400];
	va_list ap;
	va_start(ap, fmt);
	vput(note, sizeof note, fmt, ap);
	va_end(ap);
	char *nm = x->c->not_measured;
	if (strstr(nm, note))
		return; /* said once */
	append(nm, sizeof x->c->not_measured, "%s%s", nm[0] ? "; " : "", note);
}

bool cl_need(cl_ctx *x, const char *workload, const char *why_absent)
{
	for (int i = 0; i < x->m->ncfg; i++)
		if (x->m->cfg[i].host == x->h && !strcmp(x->m->cfg[i].row->workload, workload))
			return true;
	if (wl_find(workload))
		cl_note(x, "%s: not in this run (corobench run -w %s)", workload, workload);
	else
		cl_note(x, "%s: no such workload in this build (%s)", workload, why_absent);
	return false;
}

const rm_config *cl_cfg(cl_ctx *x, int part, const char *wcase, const char *rt, const char *chan,
                        int threads)
{
	static const char *const prefs[] = {"go", "-", "go-native"};
	const rm_config *list = part < 0 ? x->m->cfg : x->m->xcfg, *reduced = NULL;
	int n = part < 0 ? x->m->ncfg : x->m->nxcfg;
	for (int p = 0; p < (chan ? 1 : 3); p++) {
		const char *want = chan ? chan : prefs[p];
		for (int i = 0; i < n; i++) {
			const rm_config *c = &list[i];
			if (c->host != x->h || c->part != part || c->row->threads != threads ||
			    strcmp(c->wcase, wcase) || strcmp(c->row->runtime, rt) ||
			    strcmp(c->row->chan, want) ||
			    strcmp(c->row->placement, x->m->placement))
				continue;
			if (!c->reduced)
				return c;
			reduced = reduced ? reduced : c;
		}
	}
	if (reduced)
		cl_note(x, "%s %s t=%d ran a reduced size (never compared with full size)", wcase,
		        reduced->rt_chan, threads);
	return NULL;
}

void cl_used(cl_ctx *x, const rm_config *c)
{
	if (floor_is_row(c->row->runtime)) { /* a floor: not a workload or runtime */
		rm_find_or_add(x->fl, &x->nfl, CL_MAX_LIST, c->row->workload);
		return;
	}
	rm_find_or_add(x->wl, &x->nwl, CL_MAX_LIST, c->row->workload);
	rm_find_or_add(x->rt, &x->nrt, CL_MAX_LIST, c->row->runtime);
	for (int t = 0; t < x->m->nthreads; t++)
		if (x->m->threads[t] == c->row->threads)
			x->thr[t] = true;
	if (c->part >= 0) {
		char p[72];
		snprintf(p, sizeof p, "%.64s/", x->m->hosts[x->h].parts[c->part].name);
		char *slash = strchr(p, '/'); /* mpmc-sweep/2x2 -> mpmc-sweep/ */
		slash[1] = '\0';
		if (!strstr(x->parts, p))
			append(x->parts, sizeof x->parts, "%s%s", x->parts[0] ? ", " : "", p);
	}
	if (c->failed_rounds)
		x->failed = true;
}

const smp_group *cl_samples(cl_ctx *x, const rm_config *c, const char *col)
{
	if (!col)
		return c->g;
	int k = 0;
	while (k < x->ncol && !(x->col[k].part == c->part && !strcmp(x->col[k].name, col)))
		k++;
	if (k == x->ncol) {
		if (x->ncol == CL_MAX_COLS)
			return NULL;
		cl_col *n = &x->col[x->ncol++];
		n->part = c->part;
		n->name = col;
		n->ok = samples_group_if_present(rm_dir(x->m, x->h, c->part), col, &n->s);
	}
	return x->col[k].ok ? samples_find(&x->col[k].s, c->g->key) : NULL;
}

rp_evidence *cl_item(cl_ctx *x, rp_outcome o, const char *where)
{
	rp_claim *c = x->c;
	if (o != RP_EV_INFO) {
		int *cnt[] = {&c->nholds, &c->ndoes, &c->ncannot};
		(*cnt[o])++;
		if (wh.n[o]++ < CL_WHERE)
			append(wh.list[o], sizeof wh.list[o], "%s%s", wh.n[o] > 1 ? ", " : "",
			       where);
	} else {
		c->ninfo++;
	}
	rp_evidence *e = NULL;
	if (c->nev < RP_EVID_MAX) {
		e = &c->ev[c->nev++];
	} else {
		/* full: an item that counts takes the place of the last information item */
		for (int i = c->nev - 1; i >= 0 && !e && o != RP_EV_INFO; i--)
			if (c->ev[i].outcome == RP_EV_INFO)
				e = &c->ev[i];
		c->nleft++;
		if (!e)
			return NULL;
	}
	memset(e, 0, sizeof *e);
	e->outcome = o;
	e->value = e->lo = e->hi = e->bound = e->q = NAN;
	snprintf(e->where, sizeof e->where, "%s", where);
	return e;
}

static void vfact(cl_ctx *x, rp_outcome o, const char *where, const char *anchor, const char *fmt,
                  va_list ap)
{
	rp_evidence *e = cl_item(x, o, where);
	if (!e)
		return;
	snprintf(e->anchor, sizeof e->anchor, "%s", anchor ? anchor : "");
	vput(e->text, sizeof e->text, fmt, ap);
}

void cl_fact(cl_ctx *x, rp_outcome o, const char *where, const char *anchor, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfact(x, o, where, anchor, fmt, ap);
	va_end(ap);
}

void cl_info(cl_ctx *x, const char *where, const char *anchor, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfact(x, RP_EV_INFO, where, anchor, fmt, ap);
	va_end(ap);
}

/* A value of column col for a sentence. */
static void fmt_value(char *out, size_t len, const char *col, double v)
{
	if (!col)
		fmt_time_ns(out, len, v);
	else if (strstr(col, "bytes"))
		fmt_bytes(out, len, v);
	else
		snprintf(out, len, "%.3g", v);
}

/* A configuration's name in a row (the host is the row's): `label`, or its
 * runtime/variant, and its failed rounds. */
static void cfg_name(const rm_config *c, const char *label, char *out, size_t len)
{
	char note[100];
	rm_failed_note(c, note, sizeof note);
	snprintf(out, len, "%.40s%s", label ? label : c->rt_chan, note);
}

int cl_compare(cl_ctx *x, const cl_cmp *c)
{
	const smp_group *ga = cl_samples(x, c->a, c->col), *gb = cl_samples(x, c->b, c->col);
	if (!ga || !gb)
		return -1;
	cl_used(x, c->a);
	cl_used(x, c->b);
	double ma = stats_median(ga->x, ga->n), mb = stats_median(gb->x, gb->n);
	char va[32], vb[32], na[140], nb[140], unit[64] = "";
	fmt_value(va, sizeof va, c->col, ma);
	fmt_value(vb, sizeof vb, c->col, mb);
	cfg_name(c->a, c->la, na, sizeof na);
	cfg_name(c->b, c->lb, nb, sizeof nb);
	if (c->col)
		snprintf(unit, sizeof unit, "%.60s ", c->col);
	const char *anchor = c->anchor ? c->anchor : "";
	if (ma == 0 && mb == 0) {
		x->nzero++;
		if (c->col && !strstr(x->zero_cols, c->col))
			append(x->zero_cols, sizeof x->zero_cols, "%s%s",
			       x->zero_cols[0] ? ", " : "", c->col);
		return RP_EV_INFO;
	}
	rf_test_res r = rf_test_k(x->f, c->a, c->b, c->col, c->k, ga->x, ga->n, gb->x, gb->n);
	rp_outcome o = c->info                           ? RP_EV_INFO
	               : !r.can_detect || !r.significant ? RP_EV_CANNOT_TELL
	               : ma < c->k * mb                  ? RP_EV_HOLDS
	                                                 : RP_EV_DOES_NOT;
	rp_evidence *e = cl_item(x, o, c->where);
	if (!e)
		return o;
	ratio_ci rci;
	double num = c->inverse ? mb : ma, den = c->inverse ? ma : mb;
	e->value = den > 0 ? num / den : NAN;
	bool have_ci = c->inverse ? ratio_ci_medians(ga->x, ga->n, gb->x, gb->n, 0.95, &rci)
	                          : ratio_ci_medians(gb->x, gb->n, ga->x, ga->n, 0.95, &rci);
	if (have_ci) {
		e->lo = rci.lo;
		e->hi = rci.hi;
	}
	e->bound = c->inverse ? 1 / c->k : c->k;
	e->at_least = c->inverse;
	e->q = r.q;
	e->failed_rounds = c->a->failed_rounds || c->b->failed_rounds;
	snprintf(e->anchor, sizeof e->anchor, "%s", anchor);
	char v[32], lo[32], hi[32], ci[80] = "", bound[32], q[120], noun[80] = "", ratio[200];
	fmt_times(v, sizeof v, e->value);
	fmt_times(lo, sizeof lo, e->lo);
	fmt_times(hi, sizeof hi, e->hi);
	if (have_ci)
		snprintf(ci, sizeof ci, " (95%% CI %s to %s)", lo, hi);
	fmt_times(bound, sizeof bound, e->bound);
	rf_fmt_q(q, sizeof q, &r);
	if (!c->col)
		snprintf(noun, sizeof noun, " per %s", rm_op_noun(c->a->row->workload));
	/* a factor only where the test supports it (findings.h); else the rule and
	 * why the test cannot decide */
	if (r.significant)
		snprintf(ratio, sizeof ratio, "%s %s%s, rule %s %s; %s", c->what, v, ci,
		         c->inverse ? ">=" : "<=", bound, q);
	else
		snprintf(ratio, sizeof ratio, "rule: %s %s %s; %s%s", c->what,
		         c->inverse ? ">=" : "<=", bound, r.can_detect ? "not significant, " : "",
		         q);
	put(e->text, sizeof e->text, "%s: %s%s %s vs %s %s%s; %s", c->where, unit, na, va, nb, vb,
	    noun, ratio);
	return o;
}

void cl_anchor(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, len, fmt, ap);
	va_end(ap);
	for (char *q = out; *q; q++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
		            *q))
			*q = '_';
}

int cl_threads_max(const cl_ctx *x)
{
	int t = 0;
	for (int i = 0; i < x->m->ncfg; i++)
		if (x->m->cfg[i].host == x->h && x->m->cfg[i].row->threads > t)
			t = x->m->cfg[i].row->threads;
	return t;
}

int cl_threads_min(const cl_ctx *x)
{
	int t = 0;
	for (int i = 0; i < x->m->ncfg; i++)
		if (x->m->cfg[i].host == x->h && (t == 0 || x->m->cfg[i].row->threads < t))
			t = x->m->cfg[i].row->threads;
	return t;
}

/* The coverage sentence: what the items used. */
static void coverage(cl_ctx *x)
{
	char *s = x->c->measured;
	size_t len = sizeof x->c->measured;
	if (x->nwl == 0) {
		snprintf(s, len, "nothing this rule compares");
		return;
	}
	put(s, len, "workloads ");
	for (int i = 0; i < x->nwl; i++)
		append(s, len, "%s%s", i ? ", " : "", x->wl[i]);
	append(s, len, "; runtimes ");
	for (int i = 0; i < x->nrt; i++)
		append(s, len, "%s%s", i ? ", " : "", x->rt[i]);
	append(s, len, "; workers ");
	for (int t = 0, k = 0; t < x->m->nthreads; t++)
		if (x->thr[t])
			append(s, len, "%s%d", k++ ? ", " : "", x->m->threads[t]);
	for (int i = 0; i < x->nfl; i++)
		append(s, len, "%s%s", i ? ", " : "; against the floors ", x->fl[i]);
	if (x->parts[0])
		append(s, len, "; from the main run and %s", x->parts);
}

/* "a, b, c and 3 more" for the where-list of outcome o. */
static void where_list(char *out, size_t len, rp_outcome o)
{
	snprintf(out, len, "%s", wh.list[o]);
	if (wh.n[o] > CL_WHERE)
		append(out, len, " and %d more", wh.n[o] - CL_WHERE);
}

static void free_cols(cl_ctx *x)
{
	for (int k = 0; k < x->ncol; k++)
		if (x->col[k].ok)
			samples_free(&x->col[k].s);
	x->ncol = 0;
}

rp_verdict cl_verdict_of(int nholds, int ndoes, int ncannot)
{
	return nholds + ndoes + ncannot == 0 ? RP_NOT_MEASURED
	       : ndoes && nholds             ? RP_MIXED
	       : ndoes                       ? RP_DOES_NOT
	       : ncannot                     ? RP_CANNOT_TELL
	                                     : RP_HOLDS;
}

void cl_end(cl_ctx *x)
{
	rp_claim *c = x->c;
	cl_runtime_close(x);
	const char *noun = x->noun ? x->noun : "comparisons";
	if (x->nzero)
		cl_note(x, "%d comparison%s left out: %s 0 on both sides (says nothing)", x->nzero,
		        x->nzero > 1 ? "s" : "", x->zero_cols[0] ? x->zero_cols : "the column");
	coverage(x);
	free_cols(x);
	int n = c->nholds + c->ndoes + c->ncannot;
	char *t = c->verdict_text, h[520], d[520], u[520];
	size_t len = sizeof c->verdict_text;
	where_list(h, sizeof h, RP_EV_HOLDS);
	where_list(d, sizeof d, RP_EV_DOES_NOT);
	where_list(u, sizeof u, RP_EV_CANNOT_TELL);
	c->verdict = cl_verdict_of(c->nholds, c->ndoes, c->ncannot);
	if (c->verdict == RP_NOT_MEASURED) {
		put(t, len, "not measured: %s",
		    c->not_measured[0] ? c->not_measured : "nothing this rule compares was run");
		return;
	}
	if (c->verdict == RP_MIXED)
		put(t, len, "mixed: holds on %s; does not hold on %s", h, d);
	else if (c->verdict == RP_DOES_NOT)
		put(t, len, "does not hold on %d of %d %s (%s)", c->ndoes, n, noun, d);
	else if (c->verdict == RP_CANNOT_TELL)
		put(t, len, "cannot tell: holds on %d of %d %s, cannot tell on %s", c->nholds, n,
		    noun, u);
	else
		put(t, len, "holds on %d of %d %s", n, n, noun);
	if (c->ncannot && c->verdict != RP_CANNOT_TELL)
		append(t, len, "; cannot tell on %s", u);
	if (x->failed)
		append(t, len, "; rests in part on configurations with failed rounds");
}

void cl_end_as(cl_ctx *x, rp_verdict v, const char *why)
{
	coverage(x);
	free_cols(x);
	x->c->verdict = v;
	put(x->c->verdict_text, sizeof x->c->verdict_text, "%s: %s", rp_verdict_name(v), why);
}

int cl_failures(const cl_ctx *x, int part, const char *workload, const char *rt, const char *chan,
                const char *kind, char *kinds, size_t len)
{
	const csvr_table *t = &rm_dir(x->m, x->h, part)->failures;
	int ck = csvr_col(t, "key"), kk = csvr_col(t, "kind"), n = 0;
	if (kinds && len)
		kinds[0] = '\0';
	for (int r = 0; ck >= 0 && r < t->nrows; r++) {
		const char *key = csvr_cell(t, r, ck), *k = kk >= 0 ? csvr_cell(t, r, kk) : "";
		char w[RM_NAME], v[RM_NAME];
		if (workload &&
		    !(key_component(key, "workload", w, sizeof w) && !strcmp(w, workload)))
			continue;
		if (rt && !(key_component(key, "runtime", v, sizeof v) && !strcmp(v, rt)))
			continue;
		if (chan && !(key_component(key, "chan", v, sizeof v) && !strcmp(v, chan)))
			continue;
		if (kind && strcmp(k, kind))
			continue;
		n++;
		if (kinds && !strstr(kinds, k))
			append(kinds, len, "%s%.20s", kinds[0] ? ", " : "", k);
	}
	return n;
}
