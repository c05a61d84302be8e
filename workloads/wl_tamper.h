/*
 * wl_tamper.h — a test hook per workload that corrupts a finished repetition's
 * answer, so tests can prove verify() rejects a wrong answer.
 *
 * What it is for
 *   A verify() that always says yes would let every broken runtime through. Each
 *   workload's definition names one function (wl_def.corrupt, wl_define.h) that
 *   changes what verify() checks in its state (the final value, a sum, a count,
 *   the top-10) as a bug in a runtime or channel would; tests run setup, run,
 *   tamper, verify and expect a failure with a reason. The harness never calls
 *   these.
 *
 * What it promises: wl_tamper_find(name) returns the hook of the workload called
 *   name, or NULL; tests assert every registered workload has one. Hooks are
 *   registered from the same constructor as their workload (WL_DEFINE), one of the
 *   registries that workload.h lists as the one place constructors are used.
 */
#ifndef COROBENCH_WL_TAMPER_H
#define COROBENCH_WL_TAMPER_H

typedef struct wl_tamper {
	const char *workload;         /* workload name, as in its struct workload */
	void (*corrupt)(void *state); /* changes the answer verify() checks       */
} wl_tamper;

void wl_tamper_register(const wl_tamper *t);
const wl_tamper *wl_tamper_find(const char *workload);

#endif
