/*
 * placement_internal.h — what the three files of the placement module share
 * (placement.h is the public side): the parsed form of a policy string
 * (placement_policy.c), the order a policy puts a tier of PUs in
 * (placement_order.c), and the plan built from both (placement.c).
 * Nothing outside harness/machine/placement*.c includes it.
 */
#ifndef COROBENCH_PLACEMENT_INTERNAL_H
#define COROBENCH_PLACEMENT_INTERNAL_H

#include <stddef.h>

#include "placement.h"

typedef enum pl_kind { K_NONE, K_COMPACT, K_CORES, K_SCATTER, K_PAIR, K_CPUS } pl_kind;

/* A parsed policy string. */
typedef struct policy {
	pl_kind kind;   /* which policy                                  */
	int pair;       /* pc_class for K_PAIR                           */
	unsigned *cpus; /* K_CPUS: OS indexes in the order given (malloc) */
	int ncpus;      /* entries in cpus                               */
} policy;

/* Parses a policy string into *p (p->cpus malloc'd for cpus:, freed by the
 * caller). CB_OK, or CB_EINVAL with one line naming the value in err. */
int pl_policy_parse(const char *s, policy *p, char *err, size_t errlen);

/* Writes fmt with the quoted value (parse_quote) and why into err; returns rc. */
int pl_fail(char *err, size_t errlen, int rc, const char *fmt, const char *value, const char *why);

/* Appends the order `kind` puts one tier's candidates in (indexes into t->pus) to
 * out and returns its length: compact keeps logical order, cores keeps each
 * core's first PU, scatter spreads (placement_order.c); -1 when out of memory. */
int pl_order_tier(const topo *t, pl_kind kind, const int *cand, int n, int *out);

#endif
