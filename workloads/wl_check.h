/*
 * wl_check.h — answer checks that several workloads' verify() share.
 *
 * What it promises
 *   - wl_check_received() is the answer of every workload whose producers send
 *     0..n-1 once each (spsc, mpmc, select): exactly n values received, summing to
 *     n(n-1)/2. A lost, duplicated or corrupted message changes the count or the
 *     sum; on failure the reason reads "<who> received R values summing to S, want
 *     n summing to n(n-1)/2", so every such workload words it the same way.
 */
#ifndef COROBENCH_WL_CHECK_H
#define COROBENCH_WL_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when received == n and sum == n(n-1)/2; else writes the reason into why.
 * `who` opens the reason, colon included: "spsc:", or "mpmc: consumers" when who
 * received is worth saying. */
bool wl_check_received(const char *who, int64_t n, int64_t received, int64_t sum, char *why,
                       size_t whylen);

#endif
