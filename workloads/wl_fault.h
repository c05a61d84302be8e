/*
 * wl_fault.h — the first unexpected failure inside a run (a spawn refused, a
 * channel that reported closed too early), kept for verify() to report.
 *
 * What it promises: any task may call wl_fault_set at any time; the first call
 * wins (later faults are usually its consequences) and no two tasks ever write
 * the message at once. wl_fault_report is called by verify(), after run() joined
 * every task, so the message is complete and visible then.
 */
#ifndef COROBENCH_WL_FAULT_H
#define COROBENCH_WL_FAULT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct wl_fault {
	atomic_flag claimed; /* set by the first wl_fault_set           */
	char msg[128];       /* its message; "" while there is no fault */
} wl_fault;

void wl_fault_set(wl_fault *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when a fault was recorded; then writes "<wl>: <message>" into why. */
bool wl_fault_report(const wl_fault *f, const char *wl, char *why, size_t whylen);

#endif
