/*
 * store.h — everything a run produced, in memory: per configuration, the
 * repetition records its children sent, its failures, and what it was skipped for.
 * The runner fills it; the writers (harness/results/write/) read it. Records are kept as
 * parsed protocol records (protocol.h), so counters, metrics and placement facts
 * added by other modules flow to the writers without changing this struct.
 */
#ifndef COROBENCH_STORE_H
#define COROBENCH_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "protocol.h"

struct ctr_spec;

/* One repetition as reported by a child. */
typedef struct cb_rep {
	int round;           /* which child process (round) of the configuration */
	bool warmup;         /* a warm-up repetition (not in runs.csv or stats)  */
	uint64_t elapsed_ns; /* time of run()                                  */
	uint64_t ops;        /* the n that ns/op divides by                      */
	proto_record rec;    /* the whole record (ctr.*, metric.*, migrated, ...) */
} cb_rep;

/* Why a round of a configuration produced no (or not all) numbers. */
typedef struct cb_failure {
	int round;        /* the round                                   */
	char kind[16];    /* crash, timeout, verify, error, protocol     */
	char reason[400]; /* one line                                    */
} cb_failure;

/* Everything about one configuration. */
typedef struct cb_result {
	cb_rep *reps;          /* measured and warm-up repetitions, in arrival order */
	int nreps, capreps;    /* in use, allocated                                   */
	proto_record info;     /* the latest info record (actual params, pus, ...)    */
	bool have_info;        /* info is valid                                       */
	cb_failure *fails;     /* failures                                            */
	int nfails;            /* in use                                              */
	int rounds_planned;    /* child processes scheduled                           */
	int rounds_done;       /* child processes that finished (ok or not)           */
	char skip_reason[256]; /* set by the matrix or by a child's kind=skip         */
} cb_result;

/* A whole run. */
typedef struct cb_run {
	cb_config *configs;              /* the matrix                                    */
	cb_result *results;              /* parallel to configs                           */
	int nconfigs;                    /* both arrays' length                           */
	char outdir[4096];               /* the results directory                         */
	uint64_t seed;                   /* shuffle seed (recorded in env.json)           */
	char started[32];                /* ISO 8601 start time                           */
	char command[8192];              /* the command line that reproduces the run (shell
	                                  * words, the seed included), for env.json        */
	bool interrupted;                /* SIGINT/SIGTERM stopped the run early          */
	bool complete;                   /* the run reached its end: until then env.json
	                                  * says "complete": "no" (a SIGKILL leaves that) */
	char stop_reason[600];           /* why the run stopped early ("" while it runs or
	                                  * when complete): a signal, a write error        */
	int reps, warmup, rounds;        /* what ran (rounds <= reps)                     */
	int rounds_requested;            /* --rounds as given, when rounds was lowered    */
	char adjusted[256];              /* settings changed from what was asked, or ""   */
	double timeout_s;                /* per-round watchdog                            */
	const struct ctr_spec *counters; /* --counters (counter_spec.h); NULL: none */
	/* env.json fields from a layer above the results (the Go peer's version and
	 * availability, peer.c): called last by write_env_json; NULL: none. */
	void (*env_extra)(FILE *f, int *count, const struct cb_run *run);
} cb_run;

bool store_add_rep(cb_result *r, int round, proto_record *rec); /* takes ownership */
void store_add_failure(cb_result *r, int round, const char *kind, const char *reason);
void store_set_info(cb_result *r, proto_record *rec); /* takes ownership */
void store_free(cb_run *run);
/* Frees what one result holds (not the result itself) and zeroes it. */
void store_free_result(cb_result *r);

/* Sorted, de-duplicated names of all record keys starting with `prefix` over all
 * measured repetitions of the run (the prefix stripped): e.g. "ctr." gives the
 * counter names. *names is malloc'd (strings point into the records). */
int store_collect_keys(const cb_run *run, const char *prefix, const char ***names);

/* Measured (non-warm-up) repetitions of a configuration, in arrival order. */
int store_measured(const cb_result *r, const cb_rep ***reps); /* malloc'd array */

/* A value of the info record, or NULL. */
const char *store_info(const cb_result *r, const char *key);

#endif
