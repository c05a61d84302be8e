/*
 * model_metrics.c — the figures other than ns/op that the summary shows
 * (report_model.h: rm_metric), keyed by their runs.csv column, each with a
 * label and a unit: memory per task or connection, CPU time per op, context
 * switches per op. (The fairness workloads' figures, Jain's index and the
 * wake-up lateness, are rows of their own under the ns/op table's
 * operations: findings/fair/fair_sum.c. The distance from a
 * floor is not a column: the report computes it from the floor rows of the
 * same run, model_floors.c, and gives it a table of its own, since each cell
 * is against another floor: page/html_floors.h.) A workload or a pass that
 * records one of these columns gets a row in
 * the page's second summary table; adding a figure is one line here (its
 * column, label, unit and how to print it), never a new section of the page.
 * A column not listed here stays in the tables of every configuration.
 * RM_CPU_NS is runs.csv's cpu_ns (schema 2: the process's CPU time over a
 * repetition), divided by the repetition's ops.
 */
#include "report_model.h"

#include <math.h>
#include <stdio.h>

#include "../../base/units.h"

static const rm_metric metrics[] = {
    {RM_CPU_NS, "CPU time per op", "ns", RM_UNIT_NS,
     "user + system CPU time of the whole process (every thread) per op, from runs.csv's "
     "cpu_ns: above the wall time per op where threads spin or run in parallel"},
    {"task-clock/op", "CPU time per op (task-clock)", "ns", RM_UNIT_NS,
     "task-clock of every thread per op (the counters pass)"},
    {"metric:bytes_per_task", "memory per task", "bytes", RM_UNIT_BYTES,
     "resident memory the run added, divided by the tasks alive at its peak"},
    {"metric:bytes_per_conn", "memory per connection", "bytes", RM_UNIT_BYTES,
     "resident memory the run added, divided by the connections open at its peak"},
    {"metric:peak_rss_bytes", "peak resident memory", "bytes", RM_UNIT_BYTES,
     "the child process's peak resident set (getrusage)"},
    {"metric:switched_yields", "yields that switched", "share", RM_UNIT_RATIO,
     "the share of yields that resumed another task (1: every one; a yield that finds no "
     "other task returns at once and measures nothing)"},
    {"ctx-switches/op", "context switches per op", "count", RM_UNIT_COUNT,
     "kernel context switches per op (the counters pass): a coroutine switch is none"},
};

int rm_metric_count(void)
{
	return (int)(sizeof metrics / sizeof metrics[0]);
}

const rm_metric *rm_metric_at(int i)
{
	return i >= 0 && i < rm_metric_count() ? &metrics[i] : NULL;
}

void rm_metric_fmt(const rm_metric *mt, double v, char *buf, size_t len)
{
	switch (mt->kind) {
	case RM_UNIT_NS:
		fmt_time_ns(buf, len, v);
		break;
	case RM_UNIT_BYTES:
		fmt_bytes(buf, len, v);
		break;
	case RM_UNIT_RATIO:
		snprintf(buf, len, isnan(v) ? "-" : "%.3g", v);
		break;
	default:
		fmt_number(buf, len, v);
	}
}
