/* chart_ctx.c — see chart_ctx.h. */
#include "chart_ctx.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void rp_omit(rp_ctx *c, const char *fmt, ...)
{
	if (c->nomitted == (int)(sizeof c->omitted / sizeof c->omitted[0]))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->omitted[c->nomitted++], sizeof c->omitted[0], fmt, ap);
	va_end(ap);
}

bool rp_omit_unreadable(rp_ctx *c, rm_source src, const char *what)
{
	for (int h = 0; h < c->m->nhosts; h++) {
		const rm_part *p = rm_part_unreadable(c->m, h, src);
		if (p) {
			rp_omit(c, "%s: %s/ could not be read (%.300s)", what, p->name, p->err);
			return true;
		}
	}
	return false;
}

rp_chart *rp_add_chart(rp_ctx *c, const char *name, const char *kind, const char *preamble,
                       const char *title, const char *caption)
{
	if (c->ncharts == c->capcharts) {
		int cap = c->capcharts ? c->capcharts * 2 : 16;
		rp_chart *n = realloc(c->charts, sizeof *n * (size_t)cap);
		if (!n)
			return NULL;
		c->charts = n;
		c->capcharts = cap;
	}
	rp_chart *ch = &c->charts[c->ncharts++];
	memset(ch, 0, sizeof *ch);
	snprintf(ch->name, sizeof ch->name, "%s", name);
	snprintf(ch->title, sizeof ch->title, "%s", title);
	snprintf(ch->caption, sizeof ch->caption, "%s", caption);
	char err[600];
	if (gp_write_script(&c->gp, name, kind, preamble, err, sizeof err))
		ch->scripted = true;
	else
		snprintf(ch->why, sizeof ch->why, "%.299s", err);
	return ch;
}

void rp_render_charts(rp_ctx *c)
{
	const char **names = calloc((size_t)c->ncharts + 1, sizeof *names);
	int *which = calloc((size_t)c->ncharts + 1, sizeof *which);
	bool *ok = calloc((size_t)c->ncharts + 1, sizeof *ok);
	char(*why)[GP_WHY_LEN] = calloc((size_t)c->ncharts + 1, sizeof *why);
	int n = 0;
	for (int i = 0; names && which && ok && why && i < c->ncharts; i++)
		if (c->charts[i].scripted) {
			which[n] = i;
			names[n++] = c->charts[i].name;
		}
	if (n > 0)
		gp_render_all(&c->gp, names, n, ok, why);
	for (int k = 0; k < n; k++) {
		c->charts[which[k]].rendered = ok[k];
		snprintf(c->charts[which[k]].why, sizeof c->charts[0].why, "%s", why[k]);
	}
	free(names);
	free(which);
	free(ok);
	free(why);
}
