/*
 * html_net.h — the summary's network servers' table (findings/summary.h:
 * rp_net_sum), after the distance from the floor: what make bench's network
 * passes (or a run's own echo, http and c10k) ask of a server, a row per
 * question and a column per runtime (Go's net/http apart):
 *   - requests per second at each connection count, closed loop: the
 *     median, its interval, the rate over Go's (a factor only where the U
 *     test supports it: "1.26x go", "~ go", "? go") and the CPU time per
 *     request;
 *   - p99 from each request's due time at each offered rate, open loop, and
 *     the rate served where it fell under 95% of the offered one;
 *   - memory per connection (c10k), and its bytes over pthread's.
 * A red "client" flag marks a cell where the load generator saturated or
 * shared a PU (it may have set the pace), or, open loop, sent over 1% of its
 * requests more than one period late; hover for the counts. A cell without a
 * configuration says "skipped" with skipped.csv's reason, else "-".
 *
 * What it promises: nothing when the run has no network rows; links only to
 * the network charts the report drew; the section's
 * anchor is #summary-net; every text from the results goes through
 * html_text.
 */
#ifndef COROBENCH_REPORT_HTML_NET_H
#define COROBENCH_REPORT_HTML_NET_H

#include <stdio.h>

#include "../charts/chart_ctx.h"
#include "../findings/findings.h"

/* The table of c->m's hosts, with links to the network charts c holds. */
void rp_net_html(FILE *out, const rp_ctx *c, const rp_summary *s);

#endif
