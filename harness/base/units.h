/*
 * units.h — numbers for people: durations with their unit, ratios, sizes.
 * Three significant digits everywhere: the run-to-run noise on this kind of
 * machine is 5-25% (docs/WORKLOADS.md), so a fourth digit would be noise.
 */
#ifndef COROBENCH_UNITS_H
#define COROBENCH_UNITS_H

#include <stddef.h>

/* "12.3 ns", "4.56 µs", "7.89 ms", "1.23 s"; "-" for NaN. One spelling of micro
 * everywhere a person reads (terminal, page, charts): UTF-8 µ. */
void fmt_time_ns(char *buf, size_t len, double ns);
/* "0.123", "12.3", "1.23k", "4.56M", "7.89G"; "-" for NaN. */
void fmt_number(char *buf, size_t len, double v);
/* A ratio for prose: "130x" (>= 10), "2.5x", "1.07x". */
void fmt_times(char *buf, size_t len, double r);
/* Bytes: "512 B", "2.0 KiB", "3.4 MiB", "1.2 GiB". */
void fmt_bytes(char *buf, size_t len, double b);

#endif
