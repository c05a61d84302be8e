/*
 * charts.h — the chart builders of `corobench report`, one per chart kind, in
 * the order of the page. Each reads c->m and adds its charts to c
 * (chart_ctx.h), or records with rp_omit why it drew none.
 *
 * Files: chart_bars.c (cost, counters, speed-up, placement), chart_scaling.c
 * (throughput against workers, all workloads in one chart), chart_lines.c
 * (latency, the core-to-core heatmap), chart_channels.c (channel scaling),
 * chart_net.c (the network servers: make bench's network passes);
 * the two chart shapes they are made of are in plot.h. A builder marks the
 * charts that carry the page's story (rp_chart.story: the cost per op, the
 * scaling, the channel scaling, the open-loop latency, the network servers'
 * throughput and latency, the core-to-core floor); the others go under "More
 * charts", folded.
 */
#ifndef COROBENCH_REPORT_CHARTS_H
#define COROBENCH_REPORT_CHARTS_H

#include "chart_ctx.h"

void rp_chart_cost(rp_ctx *c);      /* 1: ns/op per workload                 */
void rp_chart_scaling(rp_ctx *c);   /* 2: throughput vs workers, one chart   */
void rp_chart_channels(rp_ctx *c);  /* 2b: channel scaling, mpmc P x P       */
void rp_chart_latency(rp_ctx *c);   /* 3: latency percentile spectrum        */
void rp_chart_net(rp_ctx *c);       /* 3b: network servers: throughput vs
                                       connections, latency vs offered load,
                                       memory per connection              */
void rp_chart_c2c(rp_ctx *c);       /* 4: core-to-core heatmap               */
void rp_chart_counters(rp_ctx *c);  /* 5: counters per op                    */
void rp_chart_speedup(rp_ctx *c);   /* 6: speed-up over pthreads             */
void rp_chart_placement(rp_ctx *c); /* 7: placement sweep                    */

#endif
