/* compare.c — see compare.h. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/format/csv.h"
#include "../base/units.h"
#include "pairing.h"
#include "safe_text.h"

void compare_row(const smp_group *a, const smp_group *b, double alpha, cmp_row *row)
{
	stats_summarize(a->x, a->n, &row->a);
	stats_summarize(b->x, b->n, &row->b);
	row->have_ratio = ratio_ci_medians(a->x, a->n, b->x, b->n, 0.95, &row->ratio);
	mw_test(a->x, a->n, b->x, b->n, MW_TWO_SIDED, &row->mw);
	row->significant = row->mw.p < alpha;
	row->can_detect = mw_min_p(a->n, b->n) < alpha;
	row->reduced = a->reduced || b->reduced;
}

/* key with the component `field` set to value (the partner under --by). */
static void key_with(const char *key, const char *field, const char *value, char *out, size_t len)
{
	size_t fl = strlen(field), w = 0;
	const char *p = key;
	bool first = true;
	out[0] = '\0';
	while (*p && w < len) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int k;
		if (first && strcmp(field, "workload") == 0)
			k = snprintf(out + w, len - w, "%s", value);
		else if (!first && n > fl && strncmp(p, field, fl) == 0 && p[fl] == '=')
			k = snprintf(out + w, len - w, "/%s=%s", field, value);
		else
			k = snprintf(out + w, len - w, "%s%.*s", first ? "" : "/", (int)n, p);
		w += k > 0 ? (size_t)k : 0;
		first = false;
		if (!end)
			break;
		p = end + 1;
	}
}

static bool push_row(cmp_table *t, int *cap)
{
	if (t->nrows < *cap)
		return true;
	*cap = *cap ? *cap * 2 : 64;
	cmp_row *r = realloc(t->rows, sizeof *r * (size_t)*cap);
	if (!r)
		return false;
	t->rows = r;
	return true;
}

static void dir_label(const rr_dir *d, char *out, size_t len)
{
	const char *started = jsonr_get(&d->env, "started");
	snprintf(out, len, "%.160s (host %.60s%s%.40s)", d->path, d->host, started ? ", " : "",
	         started ? started : "");
}

/* Which side a group belongs to under --by: 'a', 'b' or 0. */
static char by_side(const smp_group *g, const cmp_spec *spec)
{
	char v[128];
	if (!key_component(g->key, spec->by_field, v, sizeof v))
		return 0;
	return strcmp(v, spec->by_a) == 0 ? 'a' : strcmp(v, spec->by_b) == 0 ? 'b' : 0;
}

/* The partner of ga under --by FIELD=A,B: ga's key with FIELD set to B; when
 * FIELD is runtime, its channel paired like for like (pairing.h: gmp/chan=go
 * with go/chan=go-native). *native counts the pairs made across that rule. */
static const smp_group *by_partner(const smp_set *s, const smp_group *ga, const cmp_spec *spec,
                                   int *native)
{
	char partner[CMP_KEY_LEN], chan[128], paired[CMP_KEY_LEN];
	key_with(ga->key, spec->by_field, spec->by_b, partner, sizeof partner);
	const smp_group *gb = samples_find(s, partner);
	if (gb || strcmp(spec->by_field, "runtime") ||
	    !key_component(ga->key, "chan", chan, sizeof chan))
		return gb;
	const char *cands[PAIR_MAX_CHANS];
	int n = pair_chans(chan, spec->by_a, spec->by_b, cands);
	for (int i = 0; i < n && !gb; i++) {
		if (!strcmp(cands[i], chan))
			continue;
		key_with(partner, "chan", cands[i], paired, sizeof paired);
		gb = samples_find(s, paired);
	}
	*native += gb != NULL;
	return gb;
}

/* Whether some key of s has the component `field` (the workload, runtime,
 * chan, threads, placement, or a parameter of the key); else err names it and
 * the fields the keys have. */
static bool by_field_known(const smp_set *s, const char *field, const char *path, char *err,
                           size_t errlen)
{
	char v[128];
	for (int i = 0; i < s->n; i++)
		if (key_component(s->g[i].key, field, v, sizeof v))
			return true;
	/* the fields of the first key, for the message */
	char fields[400] = "workload";
	const char *p = s->n ? strchr(s->g[0].key, '/') : NULL;
	while (p) {
		const char *eq = strchr(p + 1, '='), *next = strchr(p + 1, '/');
		size_t w = strlen(fields);
		if (eq && (!next || eq < next) && w + 2 < sizeof fields)
			snprintf(fields + w, sizeof fields - w, ", %.*s", (int)(eq - p - 1), p + 1);
		p = next;
	}
	snprintf(err, errlen, "--by %.80s: no such field in the keys of %.300s (its fields: %s)",
	         field, path, fields);
	return false;
}

static void geomeans(cmp_table *t)
{
	double la = 0, lb = 0;
	int n = 0;
	for (int i = 0; i < t->nrows; i++)
		if (t->rows[i].a.median > 0 && t->rows[i].b.median > 0) {
			la += log(t->rows[i].a.median);
			lb += log(t->rows[i].b.median);
			n++;
		}
	t->geo_a = n ? exp(la / n) : 0;
	t->geo_b = n ? exp(lb / n) : 0;
}

bool compare_build(const rr_dir *a, const rr_dir *b, const cmp_spec *spec, cmp_table *t, char *err,
                   size_t errlen)
{
	memset(t, 0, sizeof *t);
	const char *metric = spec->metric ? spec->metric : "ns_per_op";
	t->alpha = spec->alpha > 0 ? spec->alpha : 0.05;
	snprintf(t->metric, sizeof t->metric, "%s", metric);
	t->metric_is_time = strcmp(metric, "ns_per_op") == 0;
	smp_set sa, sb;
	if (!samples_group(a, metric, &sa, err, errlen))
		return false;
	if (b && !samples_group(b, metric, &sb, err, errlen)) {
		samples_free(&sa);
		return false;
	}
	const smp_set *other = b ? &sb : &sa;
	if (b) {
		dir_label(a, t->label_a, sizeof t->label_a);
		dir_label(b, t->label_b, sizeof t->label_b);
	} else {
		char where[300];
		dir_label(a, where, sizeof where);
		snprintf(t->label_a, sizeof t->label_a, "%.40s=%.40s in %.200s", spec->by_field,
		         spec->by_a, where);
		snprintf(t->label_b, sizeof t->label_b, "%.40s=%.40s in %.200s", spec->by_field,
		         spec->by_b, where);
	}
	int cap = 0;
	bool ok = true;
	if (!b && !by_field_known(&sa, spec->by_field, a->path, err, errlen)) {
		samples_free(&sa);
		return false;
	}
	bool *matched = calloc((size_t)other->n + 1, sizeof *matched);
	if (!matched) {
		snprintf(err, errlen, "out of memory");
		ok = false;
	}
	for (int i = 0; ok && i < sa.n; i++) {
		const smp_group *ga = &sa.g[i], *gb;
		if (!b && by_side(ga, spec) != 'a')
			continue;
		if (b)
			gb = samples_find(&sb, ga->key);
		else
			gb = by_partner(&sa, ga, spec, &t->paired_native);
		if (!gb) {
			if (!t->only_a++)
				snprintf(t->example_only_a, sizeof t->example_only_a, "%s",
				         ga->key);
			continue;
		}
		matched[gb - other->g] = true;
		if (!push_row(t, &cap)) {
			snprintf(err, errlen, "out of memory");
			ok = false;
			break;
		}
		cmp_row *row = &t->rows[t->nrows++];
		memset(row, 0, sizeof *row);
		if (b)
			snprintf(row->key, sizeof row->key, "%s", ga->key);
		else
			key_without(ga->key, spec->by_field, row->key, sizeof row->key);
		compare_row(ga, gb, t->alpha, row);
	}
	for (int j = 0; ok && j < other->n; j++) {
		if (matched[j] || (!b && by_side(&other->g[j], spec) != 'b'))
			continue;
		if (!t->only_b++)
			snprintf(t->example_only_b, sizeof t->example_only_b, "%s",
			         other->g[j].key);
	}
	free(matched);
	if (ok && t->nrows == 0) {
		if (b)
			snprintf(err, errlen,
			         "no configuration in common between %s (%d configurations, e.g. "
			         "'%.120s') and %s (%d, e.g. '%.120s')",
			         a->path, sa.n, sa.n ? sa.g[0].key : "", b->path, sb.n,
			         sb.n ? sb.g[0].key : "");
		else
			snprintf(
			    err, errlen,
			    "%s: no configuration with %s=%s has a partner with %s=%s (%d with "
			    "%s=%s, %d with %s=%s)",
			    a->path, spec->by_field, spec->by_a, spec->by_field, spec->by_b,
			    t->only_a, spec->by_field, spec->by_a, t->only_b, spec->by_field,
			    spec->by_b);
		ok = false;
	}
	samples_free(&sa);
	if (b)
		samples_free(&sb);
	if (!ok) {
		compare_free(t);
		return false;
	}
	geomeans(t);
	return true;
}

void compare_free(cmp_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

static void fmt_value(const cmp_table *t, char *buf, size_t len, double v)
{
	if (t->metric_is_time)
		fmt_time_ns(buf, len, v);
	else
		fmt_number(buf, len, v);
}

/* "±3%" — the half-width of the CI relative to the median, as benchstat shows. */
static void fmt_pm(char *buf, size_t len, const stats_summary *s)
{
	if (s->median == 0)
		snprintf(buf, len, "   ");
	else
		snprintf(buf, len, "±%.0f%%%s", s->rel_err * 100, s->ci_exact ? "" : "*");
}

/* Display width of a UTF-8 string (µ and ± are 2 bytes, 1 column). */
static int width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void pad(FILE *f, const char *s, int w, bool right)
{
	int n = w - width(s);
	if (right)
		for (; n > 0; n--)
			fputc(' ', f);
	fputs(s, f);
	if (!right)
		for (; n > 0; n--)
			fputc(' ', f);
}

void compare_print(FILE *f, const cmp_table *t)
{
	/* every text from the results is escaped (safe_text.h): keys, paths, hosts */
	safe_line(f, "A: ", t->label_a);
	safe_line(f, "B: ", t->label_b);
	char metric[400];
	safe_text(metric, sizeof metric, t->metric);
	fprintf(
	    f,
	    "metric %s (lower is better for time and counts). median ±: half-width of its 95%% "
	    "CI (order statistics;\n* = fewer than 6 reps: min..max). B/A: ratio of medians, "
	    "95%% CI by percentile bootstrap.\np: Mann-Whitney U, two-sided; delta shows ~ when "
	    "p >= %.2g (no significant difference).\n\n",
	    metric, t->alpha);
	int kw = (int)strlen("configuration");
	for (int i = 0; i < t->nrows; i++) {
		char key[CMP_KEY_LEN * 4];
		safe_text(key, sizeof key, t->rows[i].key);
		kw = width(key) + 1 > kw ? width(key) + 1 : kw;
	}
	fprintf(f, "%-*s %10s %6s %10s %6s %7s  %-20s %7s %7s %7s\n", kw, "configuration", "A", "",
	        "B", "", "B/A", "95% CI", "delta", "p", "n");
	bool any_reduced = false, any_blind = false;
	for (int i = 0; i < t->nrows; i++) {
		const cmp_row *r = &t->rows[i];
		char ma[32], mb[32], pa[16], pb[16], ratio[16], ci[40], delta[16], p[16], n[16];
		char key[CMP_KEY_LEN * 4 + 4];
		safe_text(key, sizeof key - 4, r->key);
		if (r->reduced)
			strcat(key, "†");
		any_reduced = any_reduced || r->reduced;
		any_blind = any_blind || !r->can_detect;
		fmt_value(t, ma, sizeof ma, r->a.median);
		fmt_value(t, mb, sizeof mb, r->b.median);
		fmt_pm(pa, sizeof pa, &r->a);
		fmt_pm(pb, sizeof pb, &r->b);
		if (r->have_ratio) {
			snprintf(ratio, sizeof ratio, "%.3g", r->ratio.ratio);
			snprintf(ci, sizeof ci, "[%.3g, %.3g]", r->ratio.lo, r->ratio.hi);
		} else {
			snprintf(ratio, sizeof ratio, "-");
			snprintf(ci, sizeof ci, "-");
		}
		if (r->significant && r->have_ratio)
			snprintf(delta, sizeof delta, "%+.1f%%", (r->ratio.ratio - 1) * 100);
		else
			snprintf(delta, sizeof delta, "~");
		snprintf(p, sizeof p, r->mw.p < 0.001 ? "%.1e" : "%.3f", r->mw.p);
		snprintf(n, sizeof n, "%d+%d", r->a.n, r->b.n);
		pad(f, key, kw, false);
		fputc(' ', f);
		pad(f, ma, 10, true);
		fputc(' ', f);
		pad(f, pa, 6, false);
		fputc(' ', f);
		pad(f, mb, 10, true);
		fputc(' ', f);
		pad(f, pb, 6, false);
		fprintf(f, " %7s  %-20s %7s %7s %7s\n", ratio, ci, delta, p, n);
	}
	if (t->geo_a > 0) {
		char ga[32], gb[32], ratio[16], delta[16];
		fmt_value(t, ga, sizeof ga, t->geo_a);
		fmt_value(t, gb, sizeof gb, t->geo_b);
		snprintf(ratio, sizeof ratio, "%.3g", t->geo_b / t->geo_a);
		snprintf(delta, sizeof delta, "%+.1f%%", (t->geo_b / t->geo_a - 1) * 100);
		pad(f, "geomean", kw, false);
		fputc(' ', f);
		pad(f, ga, 10, true);
		fprintf(f, " %6s ", "");
		pad(f, gb, 10, true);
		fprintf(f, " %6s %7s  %-20s %7s\n", "", ratio, "", delta);
	}
	if (any_reduced)
		fprintf(f, "\n† a side ran a reduced size (size_reduced=1): not like for like.\n");
	if (t->paired_native)
		fprintf(f,
		        "\n%d row(s) pair Go's own channels (chan=go-native) with the C runtimes' "
		        "go variant,\nits C port (chan=go; chan=- where the workload uses no "
		        "channel): like for like.\n",
		        t->paired_native);
	if (any_blind)
		fprintf(f,
		        "\nSome rows have too few repetitions for any difference to reach p < %.2g "
		        "(need at least 4+4);\nrun more (--reps, --rounds) before reading ~ as "
		        "\"no difference\".\n",
		        t->alpha);
	char ex[CMP_KEY_LEN * 4];
	if (t->only_a) {
		safe_text(ex, sizeof ex, t->example_only_a);
		fprintf(
		    f,
		    "\nNot compared: %d configuration(s) of A without a partner in B (e.g. %s).\n",
		    t->only_a, ex);
	}
	if (t->only_b) {
		safe_text(ex, sizeof ex, t->example_only_b);
		fprintf(
		    f,
		    "%sNot compared: %d configuration(s) of B without a partner in A (e.g. %s).\n",
		    t->only_a ? "" : "\n", t->only_b, ex);
	}
}

void compare_print_csv(FILE *f, const cmp_table *t)
{
	fprintf(f, "key,metric,a_n,a_median,a_ci_low,a_ci_high,b_n,b_median,b_ci_low,b_ci_high,"
	           "ratio,ratio_ci_low,ratio_ci_high,p,significant,size_reduced\n");
	for (int i = 0; i < t->nrows; i++) {
		const cmp_row *r = &t->rows[i];
		char key[CMP_KEY_LEN * 4];
		safe_text(key, sizeof key, r->key); /* a terminal may show it */
		csv_field(f, key, true);
		csv_field(f, t->metric, false);
		const stats_summary *side[2] = {&r->a, &r->b};
		for (int k = 0; k < 2; k++) {
			fprintf(f, ",%d", side[k]->n);
			csv_double(f, side[k]->median);
			csv_double(f, side[k]->ci_low);
			csv_double(f, side[k]->ci_high);
		}
		csv_double(f, r->have_ratio ? r->ratio.ratio : NAN);
		csv_double(f, r->have_ratio ? r->ratio.lo : NAN);
		csv_double(f, r->have_ratio ? r->ratio.hi : NAN);
		csv_double(f, r->mw.p);
		fprintf(f, ",%d,%d\n", r->significant, r->reduced);
	}
	if (t->geo_a > 0) {
		csv_field(f, "geomean", true);
		csv_field(f, t->metric, false);
		fputc(',', f);
		csv_double(f, t->geo_a);
		fputs(",,,", f);
		csv_double(f, t->geo_b);
		fputs(",,", f);
		csv_double(f, t->geo_b / t->geo_a);
		fputs(",,,,,\n", f);
	}
}
