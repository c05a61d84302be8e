/*
 * counter_name.h — canonical labels for counter events (see counter_spec.h,
 * "Names"): perf's short names for the perf generic events, a sanitized copy of
 * the string for anything else.
 *
 * What it promises: a label is non-empty, at most outlen - 1 bytes, and made only
 * of [A-Za-z0-9_.:+-], so it is safe as a key=value key, a CSV header and a
 * benchstat unit.
 */
#ifndef COROBENCH_COUNTER_NAME_H
#define COROBENCH_COUNTER_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/perf_event.h>

/* Canonical label of an encoded attr: `cycles`, `ctx-switches`, `LLC-load-misses`,
 * with `:u` (user space only) or `:k` (kernel only) appended. False when the attr
 * is not a perf generic event (hardware, software or hardware-cache). */
bool ctr_generic_name(const struct perf_event_attr *a, char *out, size_t outlen);

/* Copies s into out with characters outside [A-Za-z0-9_.:+-] replaced by '_';
 * an empty s gives "_". */
void ctr_sanitize(const char *s, char *out, size_t outlen);

#endif
