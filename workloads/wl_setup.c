/* wl_setup.c — see wl_setup.h. */
#include "wl_setup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *wl_calloc(const char *wl, size_t size, char *err, size_t errlen)
{
	void *p = calloc(1, size);
	if (!p)
		snprintf(err, errlen, "%s: out of memory", wl);
	return p;
}

int64_t wl_task_budget(const rt_runtime *rt)
{
	if (rt->max_live_tasks == 0 || rt->max_live_tasks > (size_t)INT64_MAX)
		return INT64_MAX;
	return (int64_t)rt->max_live_tasks - 1; /* the main task is live too */
}

bool wl_tasks_fit(const wl_ctx *ctx, int64_t tasks, char *err, size_t errlen, const char *fmt, ...)
{
	if (tasks <= wl_task_budget(ctx->rt))
		return true;
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (len >= 0 && (size_t)len < errlen)
		snprintf(err + len, errlen - (size_t)len, " exceed the %zu live tasks of %s",
		         ctx->rt->max_live_tasks, ctx->rt->name);
	return false;
}

chan *wl_chan_make(const wl_ctx *ctx, const char *wl, size_t elem_size, size_t capacity, char *err,
                   size_t errlen)
{
	chan *c = ctx->chan ? chan_make(ctx->chan, elem_size, capacity) : NULL;
	if (!c)
		snprintf(err, errlen, "%s: cannot make a %s channel of capacity %zu", wl,
		         ctx->chan ? ctx->chan->name : "(none)", capacity);
	return c;
}

void wl_chan_free(chan *c)
{
	if (c)
		chan_destroy(c);
}

int wl_go(rt_waitgroup *wg, rt_fn fn, void *arg)
{
	rt_wg_add(wg, 1);
	int rc = rt_go(fn, arg);
	if (rc != 0)
		rt_wg_done(wg);
	return rc;
}

void *wl_alloc_lines(size_t size)
{
	void *p = NULL;
	if (posix_memalign(&p, WL_CACHE_LINE, size ? size : 1) != 0)
		return NULL;
	memset(p, 0, size);
	return p;
}
