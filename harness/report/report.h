/*
 * report.h — `corobench report DIR...`: charts, data and scripts under
 * OUT/charts/, and OUT/report.html, one self-contained page (charts inlined as
 * base64 SVG, tables, the machine, generated findings).
 *
 * Pipeline (report.c): model/ loads the directories and computes the
 * statistics -> charts/ writes each chart's data file and script (one builder
 * per chart kind), then gnuplot renders them all -> findings/ turns the model
 * into the summary tables, sentences and the claims table -> page/ writes
 * report.html: summary, claims, charts, findings, details (page/html.h).
 *
 * Files, and which includes which (among the report's own files; each arrow
 * points down, so the graph has no cycle; compare.[ch], `corobench compare`,
 * includes only pairing.h and safe_text.h of them):
 *
 *   report.c            -> report.h, charts/charts.h, findings/findings.h, page/html.h,
 *                          safe_text.h
 *   report.h            -> model/report_model.h (RM_MAX_HOSTS)
 *   safe_text.[ch]         the one escaping rule for text from the results
 *                          (terminal, HTML, gnuplot); includes nothing; used by
 *                          report.c, compare.c, charts/, page/html_text.c,
 *                          model/model_load.c and the commands
 *   pairing.[ch]           like for like: which channel of one runtime is held
 *                          against which of another (Go's go-native with the C
 *                          runtimes' go variant); includes nothing; used by
 *                          compare.c, model/model_query.c and findings/
 *
 *   page/html.c         -> page/html.h, html_summary.h, html_floors.h, html_net.h,
 *                          html_claims.h, html_charts.h, html_findings.h, html_results.h,
 *                          html_machine.h, html_text.h
 *   page/html_claims.[ch]  the claims section: -> findings/findings.h, html_text.h
 *   page/html.h         -> charts/chart_ctx.h, findings/findings.h
 *   page/html_{summary,claims,findings}.[ch] -> findings/findings.h, html_text.h
 *   page/html_floors.[ch]  the summary's distance from the floor, between the
 *                          ns/op table and the other figures: -> findings/findings.h,
 *                          html_summary.h (its table's header and labels), html_text.h
 *   page/html_net.[ch]     the summary's network servers' table (after the
 *                          floors): -> charts/chart_ctx.h, findings/findings.h,
 *                          html_text.h
 *   page/html_charts.[ch]  -> charts/chart_ctx.h, html_text.h
 *   page/html_results.c -> page/html_results.h, html_text.h
 *   page/html_machine.c -> page/html_machine.h, html_text.h
 *   page/html_results.h, page/html_machine.h -> model/report_model.h
 *   page/html_text.[ch]    the HTML escaping every section uses; includes nothing
 *
 *   findings/find_all.c, find_claims.c, find.c, find_<kind>.c -> findings/find.h
 *   findings/net/find_net.c, net_sum.c (the network servers' findings and
 *                          summary table) -> findings/find.h
 *   findings/fair/find_fair.c, fair_sum.c (the fairness workloads' findings and
 *                          their figures in the ns/op table) -> findings/find.h
 *   findings/claims/c_*.c, claim.c, defs.c, per_rt.c, quantile.c,
 *                          findings/find_claims.c -> findings/claims/claim.h
 *   findings/claims/claim.h -> findings/find.h
 *   findings/find.h     -> findings/findings.h -> findings/summary.h, findings/claims.h,
 *                          model/report_model.h
 *   findings/claims.h      the claims table as data; includes only <stdbool.h>, <stddef.h>
 *
 *   charts/chart_{bars,scaling,lines,channels,net}.c -> charts/charts.h, charts/plot.h
 *   charts/plot.c, plot_lines.c, plot_style.c    -> charts/plot.h, plot_style.h
 *   charts/charts.h, charts/plot.h       -> charts/chart_ctx.h
 *   charts/chart_ctx.h  -> charts/gnuplot.h, model/report_model.h
 *   charts/gnuplot.h       gnuplot and the templates; includes nothing of the report
 *   charts/gp_templates.h  the templates built in ($(BUILD)/gen/gp_templates.c)
 *
 *   model/model_{load,query,names,metrics,floors,net}.c -> model/report_model.h
 *   model/report_model.h   includes only lower layers (measure/, results/: the
 *                          floors' table, results/floors.h, is read only there
 *                          and through model_floors.c)
 *
 * The headers by depth, bottom first (a header includes only from rows above):
 *   0  model/report_model.h, charts/gnuplot.h, page/html_text.h, pairing.h,
 *      charts/plot_style.h, findings/claims.h
 *   1  charts/chart_ctx.h, findings/summary.h, page/html_results.h,
 *      page/html_machine.h, report.h
 *   2  findings/findings.h, charts/plot.h, charts/charts.h, page/html_charts.h
 *   3  findings/find.h, page/html.h, page/html_summary.h, page/html_claims.h,
 *      page/html_findings.h, page/html_floors.h, page/html_net.h
 *   4  findings/claims/claim.h
 * The .c files call in the same direction: nothing calls up, and only report.c
 * knows every part.
 *
 * The floors (runtime=floor rows, harness/results/floors.h): the model keeps
 * them apart from every configuration (report_model.floor), so no chart,
 * table, finding or claim meets one as a runtime; model_floors.c holds a
 * configuration against the floors that bound it, and the charts (marks on
 * the bars, curves under the latency), the summary's distance table, the
 * findings (find_floors.c) and the claims (C6, C7) all read it there.
 *
 * What it promises
 *   - Bad input (a missing directory, a damaged CSV, no runs) is an error before
 *     anything is written: one line naming the file, exit 2.
 *   - A chart with nothing to show (no counters, no c2c matrix, one thread count,
 *     one placement) is omitted with a stated reason, in the output and the page.
 *   - Without gnuplot the data, scripts and the HTML tables and findings are
 *     still written, and the output says that charts were not rendered and
 *     why; the exit status stays 0. Charts an earlier report left are never
 *     deleted by one that cannot render them all (gnuplot.h: charts.incomplete/).
 *   - Nothing read from the results reaches an interpreter (gnuplot.h), and
 *     every text from them is escaped on the terminal and the page (safe_text.h);
 *     a two-host output directory is one [A-Za-z0-9._-] name in the first
 *     directory's parent.
 *   - Every number on the page is computed from runs.csv; none is written by hand.
 */
#ifndef COROBENCH_REPORT_H
#define COROBENCH_REPORT_H

#include <stddef.h>

#include "model/report_model.h" /* RM_MAX_HOSTS: how many DIRs report_run takes */

/* Options of the command. */
typedef struct report_opts {
	const char *out;     /* output directory; NULL: DIR, or a new dir beside the first */
	const char *scripts; /* template directory override, or NULL                      */
} report_opts;

/* Runs the whole report. Returns the exit status (0, or 2 after printing why). */
int report_run(char *const *dirs, int ndirs, const report_opts *o, char *html_path,
               size_t html_len);

#endif
