/* chan_matrix.c — see chan_matrix.h. */
#include "chan_matrix.h"

#include <stdio.h>
#include <stdlib.h>

/* Enough for ~40 scenarios x 6 variants x 3 runtimes x 2 worker counts. */
#define MAX_CASES 2048

typedef struct cm_case {
	const cm_scenario *sc; /* what to run   */
	cm_env env;            /* where to run  */
} cm_case;

static cm_case cases[MAX_CASES];
static char names[MAX_CASES][96];
static int ncases;

static void run_case(void **state)
{
	const cm_case *c = *state;
	if (!cm_has(c->env.v, c->sc->needs)) {
		char have[160], need[160];
		chan_caps_string(c->env.v->caps, have, sizeof have);
		chan_caps_string(c->sc->needs, need, sizeof need);
		printf("# skip: variant %s declares {%s}; scenario needs {%s}\n", c->env.v->name,
		       have, need);
		skip();
	}
	c->sc->body(&c->env);
}

int cm_add_tests(struct CMUnitTest *tests, int max, const cm_scenario *sc, int nsc,
                 const int *workers, int nworkers)
{
	int n = 0;
	for (int v = 0; v < chan_variant_count(); v++)
		for (int r = 0; r < rt_count(); r++)
			for (int w = 0; w < nworkers; w++)
				for (int s = 0; s < nsc; s++) {
					if (n == max || ncases == MAX_CASES)
						return n;
					cm_case *c = &cases[ncases];
					char *name = names[ncases++];
					*c = (cm_case){.sc = &sc[s],
					               .env = {.v = chan_variant_at(v),
					                       .rt = rt_at(r),
					                       .workers = workers[w]}};
					snprintf(name, sizeof names[0], "%s/%s/t=%d/%s",
					         c->env.v->name, c->env.rt->name, workers[w],
					         sc[s].name);
					tests[n++] = (struct CMUnitTest){.name = name,
					                                 .test_func = run_case,
					                                 .initial_state = c};
				}
	return n;
}

void cm_run(const cm_env *env, rt_fn fn, void *arg)
{
	rts_run(env->rt, env->workers, fn, arg);
}

void cm_spawn_n(rt_waitgroup *wg, int n, rt_fn fn, void *args, size_t stride)
{
	rt_wg_add(wg, n);
	for (int i = 0; i < n; i++) {
		int rc = rt_go(fn, (char *)args + (size_t)i * stride);
		RTS_EXPECT(rc == 0);
		if (rc != 0)
			rt_wg_done(wg);
	}
}

chan *cm_make(const chan_variant *v, size_t elem_size, size_t cap)
{
	chan *c = chan_make(v, elem_size, cap);
	RTS_EXPECT(c != NULL);
	return c;
}
