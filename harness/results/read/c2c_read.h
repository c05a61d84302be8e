/*
 * c2c_read.h — reading the core-to-core latency matrix that `corobench c2c`
 * writes (c2c.csv in a results directory), for the heatmap and the findings.
 *
 * Two shapes are accepted, so the reader does not break if the writer changes
 * between them:
 *   - long:   one row per ordered pair, columns found by name: the two PUs
 *             (from_pu/to_pu as `corobench c2c` writes, or from/to, pu_a/pu_b,
 *             a/b, src/dst, cpu_a/cpu_b) and the latency (the first of
 *             median_ns, one_way_ns, rtt_half_ns, ns, min_ns), RTT/2;
 *   - matrix: header "pu,<pu0>,<pu1>,...", then one row per PU "<pu>,<ns>,...",
 *             empty cells for pairs not measured (the diagonal).
 * What it promises: a matrix of one-way latencies in ns, rows and columns in the
 * order the PUs first appear (c2c writes hwloc logical order, so topology shows
 * as blocks), NaN where not measured, or an error naming the row; at most
 * C2C_MAX_PU PUs with OS indexes up to C2C_MAX_OS.
 */
#ifndef COROBENCH_C2C_READ_H
#define COROBENCH_C2C_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "../../base/format/csv_read.h"

#define C2C_MAX_PU 1024      /* 1024^2 doubles = 8 MiB: the largest machines we expect */
#define C2C_MAX_OS (1 << 16) /* highest OS index accepted (the index map's size)      */

/* One-way latency between PUs (ns). */
typedef struct c2c_matrix {
	int npu;         /* matrix side (0: absent)                    */
	int *pu;         /* OS index of each row/column, in file order */
	int *index_of;   /* max_os + 1 entries: row of an OS index, -1 */
	int max_os;      /* highest OS index seen                      */
	double *ns;      /* npu * npu, row-major: from row to column   */
	char metric[64]; /* which column the values came from          */
} c2c_matrix;

bool c2c_from_table(const csvr_table *t, c2c_matrix *m, char *err, size_t errlen);
void c2c_free(c2c_matrix *m);
/* The latency from pu a to pu b (OS indexes), NaN when unknown. */
double c2c_at(const c2c_matrix *m, int a, int b);

#endif
