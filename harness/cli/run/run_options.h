/*
 * run_options.h — the options of `corobench run`, parsed and range-checked
 * (lists are resolved against the registries later, in cmd_run.c with
 * run_select.h; a -p value's globs and case here, before its syntax check). Kept apart
 * from cmd_run.c so the parsing is unit-tested and fuzzed on its own.
 *
 * Repeated options: -w, -r, -c, -t and -p append (`-w pingpong -w ring` is
 * `-w pingpong,ring`; a value given again is dropped, `all` in any of them is
 * all); --param and --go are repeatable (one each); any other option given twice
 * is bad input naming it, never a silent "the last one wins".
 */
#ifndef COROBENCH_RUN_OPTIONS_H
#define COROBENCH_RUN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RUN_MAX_PARAMS 8 /* --param given at most this many times */
#define RUN_MAX_GO     8 /* --go given at most this many times (go_build.h's limit) */
/* Defaults: why these numbers, in cmd_run.c's header comment. */
#define RUN_DEFAULT_REPS   10
#define RUN_DEFAULT_ROUNDS 5

typedef struct run_options {
	const char *workloads;              /* -w merged, "all" by default                      */
	const char *runtimes;               /* -r merged, "all"                                  */
	const char *chans;                  /* -c merged, "all"                                  */
	char *lists[3];                     /* owned storage of the three above (or NULL)        */
	int64_t *threads;                   /* -t values (malloc'd)                              */
	int nthreads;                       /* their count                                       */
	char **placements;                  /* -p items (malloc'd)                               */
	int nplacements;                    /* their count                                       */
	bool have_n;                        /* -n given                                          */
	int64_t n;                          /* -n                                                */
	const char *params[RUN_MAX_PARAMS]; /* --param NAME=V,... as given           */
	int nparams;                        /* their count                                       */
	int64_t reps;                       /* --reps                                            */
	int64_t warmup;                     /* --warmup                                          */
	int64_t rounds;                     /* --rounds                                          */
	int64_t timeout_s;                  /* --timeout                                         */
	bool have_seed;                     /* --seed given                                      */
	uint64_t seed;                      /* --seed                                            */
	const char *counters;               /* --counters LIST ("none" by default)               */
	bool quick;                         /* --quick                                           */
	const char *out;                    /* --out, NULL for the default directory             */
	bool quiet;                         /* --quiet                                           */
	bool verbose;                       /* --verbose: every repetition on stdout            */
	const char *cpukind;                /* --cpukind K (hybrid CPUs), NULL when not given    */
	const char *soak;                   /* --soak DURATION, NULL for a normal run            */
	bool dry_run;                       /* --dry-run: the matrix and an estimate, nothing run */
	const char *go[RUN_MAX_GO];         /* --go PATH, repeatable (Go toolchains to measure)  */
	int ngo;                            /* their count                                       */
	bool floors;                        /* --floors: the floor family too (run/floor/floor.h) */
} run_options;

/* Returns 0 on success, 1 when --help was asked, 2 with a one-line message in
 * err naming the bad value. */
int run_options_parse(int argc, char **argv, run_options *o, char *err, size_t errlen);
void run_options_free(run_options *o);

#endif
