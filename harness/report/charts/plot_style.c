/* plot_style.c — see plot_style.h. */
#include "plot_style.h"

#include <string.h>

#include "gnuplot.h"
#include "../model/report_model.h" /* rm_find_or_add */

/* Okabe & Ito's palette (as scripts/common.gp): gmp, pthread, go, then others. */
static const unsigned hues[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                0xE69F00, 0x56B4E9, 0x000000, 0xF0E442};
#define NHUES (int)(sizeof hues / sizeof hues[0])

bool ps_floor_style(const char *name, char color[8], int *dash)
{
	/* a grey and a dash per floor, the same on every chart; runtimes' lines
	 * are solid first, so a floor never looks like one */
	static const struct {
		const char *floor, *color;
		int dash;
	} st[] = {{"floor-switch", "#000000", 1},
	          {"floor-futex-handoff", "#000000", 2},
	          {"floor-futex", "#707070", 4},
	          {"floor-c2c", "#404040", 5}};
	size_t skip = strspn(name, "0123456789.x "); /* "0.5 x floor-..." */
	for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
		size_t n = strlen(st[i].floor);
		if (!strncmp(name + skip, st[i].floor, n) && strchr(" ,", name[skip + n])) {
			snprintf(color, 8, "%s", st[i].color);
			*dash = st[i].dash;
			return true;
		}
	}
	return false;
}

/* Shade k of a hue: > 0 mixes that share of white in, < 0 that share of
 * black. Alternating, so neighbours differ most (0.25 apart at least in
 * lightness). */
static const double shades[PS_SHADES] = {0, -0.45, 0.45, 0.75, -0.7, 0.22, 0.88, -0.22};

/* The fixed rank of a channel variant (plot_style.h); -1 when unknown. */
static int variant_rank(const char *v, size_t n)
{
	static const char *const known[] = {"",    "go",   "mutex",  "lockfree",
	                                    "faa", "spsc", "barrier"};
	for (int i = 0; i < (int)(sizeof known / sizeof *known); i++)
		if (strlen(known[i]) == n && !strncmp(known[i], v, n))
			return i;
	return -1;
}

/* The parts of a label "host: rt/variant, rest": the key without the host,
 * the runtime and the variant. */
typedef struct parts {
	const char *key;          /* without "host: "                */
	char rt[64], variant[64]; /* "gmp", "mutex" ("" for none)    */
} parts;

static void split(const char *label, bool multihost, parts *p)
{
	const char *sep = multihost ? strstr(label, ": ") : NULL;
	p->key = sep ? sep + 2 : label;
	size_t r = strcspn(p->key, "/, ");
	/* every floor ("floor-c2c (l3)") is one group of greys */
	snprintf(p->rt, sizeof p->rt, "%.*s", strncmp(p->key, "floor", 5) ? (int)r : 5, p->key);
	p->variant[0] = '\0';
	if (p->key[r] == '/')
		snprintf(p->variant, sizeof p->variant, "%.*s", (int)strcspn(p->key + r + 1, ", "),
		         p->key + r + 1);
}

static int hue_of(const char *rt, const char **others, int *nothers)
{
	static const char *const known[] = {"gmp", "pthread", "go"};
	for (int i = 0; i < 3; i++)
		if (!strcmp(rt, known[i]))
			return i;
	for (int i = 0; i < *nothers; i++)
		if (!strcmp(others[i], rt))
			return (3 + i) % NHUES;
	if (*nothers < RP_MAX_SERIES)
		others[(*nothers)++] = rt;
	return (3 + *nothers - 1) % NHUES;
}

static void shade(unsigned rgb, double s, char out[8])
{
	unsigned c[3] = {rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255};
	for (int i = 0; i < 3; i++)
		c[i] = (unsigned)(s >= 0 ? c[i] + (255 - c[i]) * s : c[i] * (1 + s) + 0.5);
	snprintf(out, 8, "#%02X%02X%02X", c[0] & 255, c[1] & 255, c[2] & 255);
}

/* The label up to its first ", " (the series without threads or loop):
 * series that differ only after it share a shade and differ by dash. */
static size_t stem_len(const char *label)
{
	const char *c = strstr(label, ", ");
	return c ? (size_t)(c - label) : strlen(label);
}

static bool same_stem(const char *a, const char *b)
{
	size_t n = stem_len(a);
	return n == stem_len(b) && !strncmp(a, b, n);
}

void ps_assign(const char *const *labels, const int *present, int np, bool multihost, ps_style *out)
{
	parts p[RP_MAX_SERIES];
	int rank[RP_MAX_SERIES];
	const char *rts[RP_MAX_SERIES], *others[RP_MAX_SERIES];
	int nrt = 0, nothers = 0, n = 0;
	for (int k = 0; k < np; k++) {
		split(labels[present[k]], multihost, &p[k]);
		rm_find_or_add(rts, &nrt, RP_MAX_SERIES, p[k].rt);
	}
	for (int r = 0; r < nrt; r++) {
		int hue = strcmp(rts[r], "floor") ? hue_of(rts[r], others, &nothers) : 6, first = n;
		/* this runtime's series: known variants by rank, unknown ones after
		 * them; within a variant in label order (threads, loop, hosts) */
		for (int rk = 0; rk < PS_SHADES; rk++)
			for (int k = 0; k < np; k++) {
				int vr = variant_rank(p[k].variant, strlen(p[k].variant));
				if (strcmp(p[k].rt, rts[r]) || (vr < 0 ? PS_SHADES - 1 : vr) != rk)
					continue;
				out[n].order = present[k];
				rank[n++] = vr;
			}
		/* by rank, unless two different stems would share a shade */
		bool sequential = false;
		for (int i = first; i < n; i++)
			for (int j = first; j < i; j++)
				sequential = sequential || (rank[i] == rank[j] &&
				                            !same_stem(labels[out[i].order],
				                                       labels[out[j].order]));
		int seq = -1;
		for (int i = first; i < n; i++) {
			const char *li = labels[out[i].order];
			int dash = 1;
			for (int j = first; j < i; j++)
				dash += same_stem(li, labels[out[j].order]);
			seq += dash == 1;
			int idx = sequential ? seq : rank[i] < 0 ? PS_SHADES - 1 : rank[i];
			out[i].dash = dash;
			shade(hues[hue], shades[idx % PS_SHADES], out[i].color);
			if (!strcmp(rts[r], "floor")) /* references: greys, not a hue */
				ps_floor_style(multihost && strstr(li, ": ") ? strstr(li, ": ") + 2
				                                             : li,
				               out[i].color, &out[i].dash);
		}
	}
}

void ps_arrays(FILE *f, const char *const *labels, const ps_style *st, int n)
{
	int m = n > 0 ? n : 1;
	fprintf(f, "nseries = %d\narray titles[%d]\narray colors[%d]\narray dashes[%d]\n", n, m, m,
	        m);
	for (int k = 0; k < n; k++) {
		char q[400];
		gp_str(q, sizeof q, labels[st[k].order]);
		fprintf(f, "titles[%d] = %s; colors[%d] = '%s'; dashes[%d] = %d\n", k + 1, q, k + 1,
		        st[k].color, k + 1, st[k].dash);
	}
}
