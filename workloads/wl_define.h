/*
 * wl_define.h — how a workload file states its definition: one table of data and
 * functions (wl_def) and one line (WL_DEFINE) that registers it.
 *
 * What it is for
 *   Each workload used to end with the same tail: an ops() that returned a field,
 *   a validate() that only passed its own table to the range check, the `workload`
 *   table, its registration, and a tamper hook registered apart. Those are facts
 *   about the workload, not code, so the file now states them as data and this
 *   layer writes the repeated part once.
 *
 * What a workload file states (in its wl_def)
 *   - name, description, uses_chan, chan_caps, records_latency: as in workload.h;
 *   - its parameters with their ranges: a wl_param array of the file, near its
 *     state so a reader meets the knobs first, named in WL_DEFINE, which counts
 *     it (at most WL_MAX_PARAMS, checked at compile time; params[0] is "n");
 *   - setup, run, verify, teardown: the workload's own functions;
 *   - ops: either ops_field = WL_FIELD(state type, member), when n is a field of
 *     the state (an int64_t or uint64_t, checked at compile time), or an ops
 *     function when it is computed (skynet's task count). Exactly one;
 *   - validation: nothing when the declared ranges are all there is to check;
 *     `check` for combination checks, called only once every range passed (its
 *     messages stay the workload's own); `validate` instead of both for a workload
 *     that words even an out-of-range value its own way (fib names the cutoff);
 *   - corrupt: the tamper hook of wl_tamper.h, which tests use to prove verify()
 *     rejects a wrong answer.
 *
 * What it promises
 *   - WL_DEFINE(def, params) registers, before main() runs, a `workload`
 *     (workload.h) and the tamper hook, both under def.name. The harness sees exactly the
 *     `workload` it always saw: validate is never NULL (the generated one checks
 *     the declared ranges, then `check`), and ops reads the declared field.
 *   - The range check's message is "<name>: <param>=<value> is out of range
 *     [min, max]" on the first parameter outside its range, in the order declared.
 *   - A definition that declares both or neither of ops and ops_field, or both
 *     check and validate, is a build mistake: the program stops at start-up with
 *     a message naming the workload, as the registries do for their mistakes.
 */
#ifndef COROBENCH_WL_DEFINE_H
#define COROBENCH_WL_DEFINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wl_tamper.h"
#include "workload.h"

/* Where ops() finds n in the state: set with WL_FIELD, never by hand. */
typedef struct wl_field {
	bool declared; /* false: the definition gives an ops function instead */
	size_t offset; /* offsetof(state type, member)                        */
} wl_field;

/* The field `member` of the state type `type` holds n. It must be an int64_t or a
 * uint64_t: _Generic has no other branch, so any other type fails to compile. */
#define WL_FIELD(type, member)                                                                     \
	{                                                                                          \
		true, offsetof(type, member) +                                                     \
		          0 * sizeof(_Generic(((type *)0)->member, int64_t : 1, uint64_t : 1))     \
	}

typedef struct wl_def {
	const char *name;        /* CLI name, as in workload.h                   */
	const char *description; /* one line for `corobench list`                */
	bool uses_chan;          /* false: the channel variant does not apply     */
	unsigned chan_caps;      /* CHAN_CAP_* the workload needs                */
	/* Value names per parameter (workload.h's param_names); NULL: none. */
	const char *const *const *param_names;
	/* The CHAN_CAP_* given parameter values need, where they depend on them
	 * (workload.h); NULL: chan_caps. */
	unsigned (*chan_caps_for)(const int64_t *params);
	bool records_latency; /* run() records samples via wl_measure         */
	/* Combination checks, called once every declared range passed; NULL: none. */
	bool (*check)(const int64_t *params, char *err, size_t errlen);
	/* The whole check instead of ranges + check (a workload whose range errors
	 * need their own words); NULL: the declared ranges, then check. */
	bool (*validate)(const int64_t *params, char *err, size_t errlen);
	void *(*setup)(wl_ctx *ctx, char *err, size_t errlen);
	void (*run)(void *state, wl_measure *m);
	bool (*verify)(void *state, char *why, size_t whylen);
	void (*teardown)(void *state);
	wl_field ops_field;           /* n is this field of the state (WL_FIELD)  */
	uint64_t (*ops)(void *state); /* or n is computed; exactly one of the two */
	void (*corrupt)(void *state); /* the tamper hook (wl_tamper.h)            */
} wl_def;

/* What the functions WL_DEFINE writes call; a workload file does not call them. */
bool wl_def_validate(const wl_def *d, const wl_param *defs, int ndefs, const int64_t *params,
                     char *err, size_t errlen);
uint64_t wl_def_ops(const wl_def *d, void *state);
void wl_def_register(const wl_def *d, const wl_param *defs, int ndefs, workload *w, wl_tamper *t,
                     bool (*validate)(const int64_t *, char *, size_t), uint64_t (*ops)(void *));

/* How many entries the parameter array `params` has (WL_DEFINE checks that it is
 * an array: for a pointer, sizeof would count the pointer, not the table). */
#define WL_NPARAMS(params) ((int)(sizeof(params) / sizeof((params)[0])))

/* Registers the definition `def` (a static const wl_def of this file) with its
 * parameter array `params`. The two functions exist because the harness calls
 * validate(params) and ops(state) without a workload pointer: each is this
 * definition's own entry point. */
#define WL_DEFINE(def, params)                                                                     \
	_Static_assert(                                                                            \
	    !__builtin_types_compatible_p(__typeof__(params), __typeof__(&(params)[0])),           \
	    #params ": the parameter table itself, not a pointer to it");                          \
	_Static_assert(WL_NPARAMS(params) >= 1 && WL_NPARAMS(params) <= WL_MAX_PARAMS,             \
	               #params ": 1 to WL_MAX_PARAMS parameters");                                 \
	static bool def##_validate(const int64_t *values, char *err, size_t errlen)                \
	{                                                                                          \
		return wl_def_validate(&def, params, WL_NPARAMS(params), values, err, errlen);     \
	}                                                                                          \
	static uint64_t def##_ops(void *state)                                                     \
	{                                                                                          \
		return wl_def_ops(&def, state);                                                    \
	}                                                                                          \
	__attribute__((constructor)) static void def##_register(void)                              \
	{                                                                                          \
		static workload wl;                                                                \
		static wl_tamper tamper;                                                           \
		wl_def_register(&def, params, WL_NPARAMS(params), &wl, &tamper, def##_validate,    \
		                def##_ops);                                                        \
	}

#endif
