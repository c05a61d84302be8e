/*
 * wl_setup.h — what workloads' setup() and run() share: the state allocation and
 * channel creation that say what failed, the runtime's task budget, spawning a
 * task joined through a wait group, cache-line aligned slots. (Range checks are
 * declared as data in wl_define.h.)
 *
 * What it promises
 *   - Failures are written "<workload>: ..." into err, one line, so every workload
 *     words the same failure the same way.
 *   - wl_task_budget() is how many tasks a workload may keep alive at once besides
 *     the main task: rt->max_live_tasks - 1, or INT64_MAX when the runtime states
 *     no limit (0). Workloads whose size sets their live task count (skynet, spawn,
 *     fib, sieve) lower the size to fit and write it back into ctx->params; the
 *     harness marks the row reduced. Workloads whose task count is fixed by their
 *     definition (ring's 503) fail setup with a clear message instead.
 */
#ifndef COROBENCH_WL_SETUP_H
#define COROBENCH_WL_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workload.h"

/* calloc(1, size) for a workload's state; on failure writes "<workload>: out of
 * memory" and returns NULL. */
void *wl_calloc(const char *wl, size_t size, char *err, size_t errlen);

int64_t wl_task_budget(const rt_runtime *rt);

/* True when the runtime holds `tasks` live tasks besides the main task. Otherwise
 * writes fmt's text (which opens with "<workload>:" and says what the tasks are)
 * followed by " exceed the <max> live tasks of <runtime>", for a workload whose
 * parameters set its task count and which cannot run with fewer. */
bool wl_tasks_fit(const wl_ctx *ctx, int64_t tasks, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* chan_make on ctx->chan; on failure writes "<workload>: cannot make a <variant>
 * channel of capacity <cap>" and returns NULL. */
chan *wl_chan_make(const wl_ctx *ctx, const char *wl, size_t elem_size, size_t capacity, char *err,
                   size_t errlen);

/* Destroys c if not NULL (teardown paths with partially built state). */
void wl_chan_free(chan *c);

/* rt_go for a task that run() (or teardown) joins through wg: adds 1 to wg,
 * spawns, and takes the 1 back when the spawn failed, so wait() cannot hang on a
 * task that never started. Returns rt_go's result (0 or a negative errno). */
int wl_go(rt_waitgroup *wg, rt_fn fn, void *arg);

/* Zeroed memory aligned to WL_CACHE_LINE, for per-task slots; free() it. */
void *wl_alloc_lines(size_t size);

/* Cache line size for padding per-task slots that different CPUs write (x86 and
 * most arm64 parts: 64 bytes; Apple/Neoverse N2 pair prefetch makes 128 safer, but
 * the machines we measure are 64). */
#define WL_CACHE_LINE 64

#endif
