/* html.c — see html.h: the page's head and table of contents, the method, the
 * look (one style sheet), and the order of the sections. */
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../base/atomic_file.h"
#include "../../base/version.h"
#include "html_charts.h"
#include "html_claims.h"
#include "html_findings.h"
#include "html_floors.h"
#include "html_machine.h"
#include "html_net.h"
#include "html_results.h"
#include "html_summary.h"
#include "html_text.h"

static const char css[] =
    "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1280px;"
    "margin:1.2em auto;padding:0 1em;color:#222;line-height:1.4}"
    "h1{margin:0 0 .2em;font-size:1.6em}h2{border-bottom:1px solid #ccc;"
    "padding-bottom:.15em;margin:1.4em 0 .5em;font-size:1.35em}h3{font-size:1.1em;"
    "margin:1.1em 0 .4em}h4{margin:.9em 0 .3em}"
    ".meta{color:#666;font-size:.92em;margin:.3em 0}"
    "nav.toc{font-size:.92em;margin:.4em 0}"
    "figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}"
    "figure h3{margin-top:.6em}figcaption{color:#444;font-size:.88em;max-width:1100px}"
    ".row{display:flex;gap:24px}.row figure{flex:1 1 0;min-width:0}"
    "table{border-collapse:collapse;font-size:.88em;margin:.5em 0}"
    "th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr:nth-child(even){background:#f8f8f8}.warn{color:#a33}.flag{color:#a33}"
    ".holds{color:#185}.nothold{color:#a33}.unknown{color:#777}"
    "code{background:#f3f3f3;padding:0 .2em}"
    "div.wide{max-width:100%;overflow-x:auto}"
    "div.envwarn{font-size:.88em;color:#444;margin:.3em 0}div.envwarn ul{margin:.2em 0}"
    "table.sum{font-size:.84em}table.sum td,table.sum th{padding:.15em .45em}"
    "table.sum td.c{white-space:nowrap;font-variant-numeric:tabular-nums}"
    "table.sum th.op{white-space:nowrap}table.sum th.t{text-align:center}"
    "table.sum td.nm{color:#888;font-style:italic}table.sum td.red{background:#f4f0e6}"
    "table.sum tr.geo{border-top:2px solid #999}table.sum tr.fair{border-top:1px solid #bbb}"
    ".iv,.wl,.unit{color:#777;font-size:.9em;font-weight:normal}.r{color:#135}"
    ".fx{color:#333;font-size:.9em}"
    ".r.same{color:#777}details{margin:.25em 0}summary{cursor:pointer}"
    "summary h3{display:inline;font-size:1.05em}details.f summary{font-size:.92em}"
    "details.f ul{margin:.2em 0 .5em;font-size:.92em}"
    "details.fold{border-top:1px solid #ddd;padding:.3em 0}";

static void run_state_html(FILE *out, const report_model *m);

static void header(FILE *out, const rp_ctx *c)
{
	const report_model *m = c->m;
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	             "<title>corobench report: ");
	for (int h = 0; h < m->nhosts; h++) {
		fputs(h ? ", " : "", out);
		html_text(out, m->hosts[h].label);
	}
	fprintf(out,
	        "</title>\n<style>%s</style></head><body>\n<h1 id=\"top\">corobench report</h1>\n",
	        css);
	time_t now = time(NULL);
	char when[64];
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", localtime(&now));
	fprintf(out, "<p class=\"meta\">");
	for (int h = 0; h < m->nhosts; h++) {
		const rr_dir *d = &m->hosts[h].dir;
		const char *started = jsonr_get(&d->env, "started");
		fprintf(out, "%shost <b>", h ? "<br>" : "");
		html_text(out, m->hosts[h].label);
		fprintf(out, "</b>: <code>");
		html_text(out, d->path);
		fprintf(out, "</code>, %d repetitions of %d configurations", d->nruns,
		        m->hosts[h].ns.n);
		if (started) {
			fprintf(out, ", started ");
			html_text(out, started);
		}
		for (int p = 0; p < m->hosts[h].nparts; p++) {
			fprintf(out, "%s<code>", p ? ", " : "; with ");
			html_text(out, m->hosts[h].parts[p].name);
			fprintf(out, "/</code>%s", m->hosts[h].parts[p].ok ? "" : " (left out)");
		}
	}
	fprintf(out, "<br>written by corobench %s on %s.</p>\n", COROBENCH_VERSION, when);
	run_state_html(out, m);
	fprintf(out,
	        "<nav class=\"toc\">Contents: <a href=\"#summary\">Summary</a> &middot; "
	        "<a href=\"#claims\">Claims checked</a> &middot; <a href=\"#charts\">Charts</a> "
	        "&middot; <a href=\"#findings\">Findings</a> &middot; <a "
	        "href=\"#details\">Details</a> (<a href=\"#results\">every configuration</a>, "
	        "<a href=\"#skipped\">skipped and failed</a>, <a href=\"#machine\">machine</a>, "
	        "<a href=\"#method\">method</a>)</nav>\n");
}

/* What can bias this run, from env.json, above everything else: a run that did
 * not complete (killed, a write failed: env.json's complete and stop_reason),
 * and the environment warnings `corobench run` gave at its start (warnings[]:
 * governor, turbo, SMT, a hypervisor, load, ...), each with its effect and fix. */
static void run_state_html(FILE *out, const report_model *m)
{
	for (int h = 0; h < m->nhosts; h++) {
		const jsonr_doc *env = &m->hosts[h].dir.env;
		const char *complete = jsonr_get(env, "complete");
		int nwarn = 0;
		while (nwarn < 64) {
			char key[64];
			snprintf(key, sizeof key, "warnings[%d].what", nwarn);
			if (!jsonr_get(env, key))
				break;
			nwarn++;
		}
		if (!(complete && strcmp(complete, "no") == 0) && nwarn == 0)
			continue;
		fprintf(out, "<div class=\"envwarn\"><b>");
		if (m->nhosts > 1) {
			html_text(out, m->hosts[h].label);
			fprintf(out, ": ");
		}
		fprintf(out, "What may bias these numbers</b><ul>\n");
		if (complete && strcmp(complete, "no") == 0) {
			const char *why = jsonr_get(env, "stop_reason");
			fprintf(out, "<li class=\"warn\">This run did not complete (env.json: "
			             "complete = no): ");
			html_text(out, why && *why ? why : "it was stopped before its end");
			fprintf(out,
			        ". Its numbers come from the repetitions that finished.</li>\n");
		}
		for (int i = 0; i < nwarn; i++) {
			static const char *const part[] = {"what", "effect", "fix"};
			fprintf(out, "<li>");
			for (int k = 0; k < 3; k++) {
				char key[64];
				snprintf(key, sizeof key, "warnings[%d].%s", i, part[k]);
				const char *v = jsonr_get(env, key);
				if (!v)
					continue;
				fprintf(out, "%s",
				        k == 0   ? "<b>"
				        : k == 2 ? ". <i>Fix:</i> "
				                 : ": ");
				html_text(out, v);
				fprintf(out, "%s", k == 0 ? "</b>" : "");
			}
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ul></div>\n");
	}
}

static void method_html(FILE *out)
{
	fprintf(
	    out,
	    "<ul>\n"
	    "<li>Like for like: each runtime is compared on the same channel algorithm. Go "
	    "always runs on its own channels (<code>chan=go-native</code>); the C runtimes' "
	    "<code>go</code> variant is the C port of Go's runtime/chan.go, so the summary, the "
	    "findings and <code>corobench compare DIR --by runtime=gmp,go</code> pair them (and "
	    "Go's with no channel where a workload uses none). Other variants pair only with "
	    "themselves.</li>\n"
	    "<li>Each configuration ran in several child processes (rounds), shuffled with all "
	    "others; warm-up repetitions were discarded; the clock (CLOCK_MONOTONIC) surrounds "
	    "only the workload's timed region, and a repetition counts only if its answer "
	    "check passed.</li>\n"
	    "<li>Median with a distribution-free 95%% confidence interval from order statistics "
	    "(binomial ranks; fewer than 6 repetitions: no interval exists, min..max is shown); "
	    "<i>unstable</i> when the interval's half-width exceeds 5%% of the median; outliers by "
	    "Tukey's fences, "
	    "counted and kept.</li>\n"
	    "<li>Comparisons: ratio of medians with a 95%% percentile-bootstrap interval (10,000 "
	    "resamples, fixed seed); significance by the two-sided Mann-Whitney U test (exact "
	    "below 50 repetitions a side without ties, else normal with tie correction).</li>\n"
	    "<li>Many comparisons at once: every U test behind this page's findings and claims "
	    "belongs to one family, whose p-values are adjusted by Benjamini and Hochberg's "
	    "step-up procedure (1995); a difference is called significant, and a factor "
	    "stated, only when its adjusted q is below 0.05, which bounds the expected share "
	    "of false statements among them at 5%%. A test that cannot reach p &lt; 0.05 with "
	    "its repetitions (3+3: the smallest exact p is 0.1) states no factor and says "
	    "so. A geometric mean over configurations carries a 95%% percentile-bootstrap "
	    "interval over those configurations (2,000 resamples, fixed seed), or is labelled "
	    "descriptive below 5 configurations.</li>\n"
	    "<li>Intervals: the 95%% CI of the median exists from 6 repetitions on; below that "
	    "the tables mark the interval <i>min..max</i> and the charts' whiskers span the "
	    "range. Such a configuration is never called stable.</li>\n"
	    "<li>A configuration with failed rounds (failures.csv: timeout, crash, wrong "
	    "answer) is flagged in the tables, and every finding or claim that uses it names "
	    "its failed rounds.</li>\n"
	    "<li>Warm-up check: the first quarter of the repetitions of each round against the "
	    "rest, one-sided U test, flagged when p &lt; 0.05 and more than 5%% slower.</li>\n"
	    "<li>Tail latency: pipeline in the main run is closed loop (the source emits the "
	    "next event as soon as it can), so a stall also holds back the events behind it and "
	    "they are never measured as late: coordinated omission hides the tail. make bench "
	    "also runs it open loop (<code>pipeline-open/</code>, --param rate=R): event i is due "
	    "at t0 + i/R and its latency counts from that due time, so a stall shows in every "
	    "event it delayed. Read the open-loop curve for tail latency; the closed-loop one "
	    "for cost at saturation.</li>\n"
	    "<li>Floors: the costs nothing can beat on this machine (a register switch "
	    "between two stacks, a futex round trip on one CPU and across two, the futex "
	    "hand-off a channel rendezvous needs, a cache-line round trip between two cores), "
	    "measured without any runtime in the same run, with the same counters, as rows "
	    "keyed <code>runtime=floor</code> (<code>corobench run --floors</code>; make bench "
	    "runs them in each of its directories). They are never compared as a runtime: "
	    "docs/RESULTS.md's table (<code>harness/results/floors.h</code>) says which floor "
	    "bounds which workload on which runtime, and how many floor ops one op pays (a "
	    "pingpong round trip on gmp or go: two register switches), and a configuration "
	    "is held against the floor rows of its own results directory (an unpinned one "
	    "against the lowest pair class of a two-CPU floor). A floor's value is the lower "
	    "of its least disturbed repetition (the min of its ns/op) and, for the floors "
	    "that sample their round trips, the median of the samples: a floor is a lower "
	    "bound and noise only adds to it, and on a loaded machine a spinning pair that "
	    "loses its CPU stalls for a time slice, which the elapsed time per op keeps and "
	    "the samples do not. The distance from the floor is the median over per op "
	    "&times; that value, a ratio without a test; the charts draw the floors as lines "
	    "across the bars and, where they sampled, as grey curves under the latency "
	    "spectra.</li>\n"
	    "<li>Counters come from a separate pass (<code>counters/</code>) when the suite ran "
	    "without them: inherited counters add work to every thread creation and context "
	    "switch, which would bias the timed suite.</li>\n"
	    "<li>Rows that ran a reduced size (a runtime could not reach the requested n) are "
	    "hatched in the charts and never compared with full-size rows.</li>\n"
	    "<li>Reproduce: <code>corobench compare DIR_A DIR_B</code> or "
	    "<code>corobench compare DIR --by runtime=pthread,gmp</code> prints the "
	    "significance-tested table; every chart's data and gnuplot script are in "
	    "<code>charts/</code>.</li>\n</ul>\n");
}

/* A folded section of the details: <details><summary><h3 id>. */
static void fold_open(FILE *out, const char *id, const char *title)
{
	fprintf(out, "<details class=\"fold\"><summary><h3 id=\"%s\">%s</h3></summary>\n", id,
	        title);
}

bool report_html_write(const rp_ctx *c, const rp_findings *f, const char *path, char *err,
                       size_t errlen)
{
	atomic_file a;
	if (!atomic_open(&a, path, err, errlen))
		return false;
	header(a.f, c);
	rp_summary_html(a.f, c->m, f);
	rp_floors_html(a.f, c->m, &f->sum);
	rp_net_html(a.f, c, &f->sum);
	rp_summary_other_html(a.f, c->m, f);
	html_claims(a.f, f);
	rp_charts_html(a.f, c);
	rp_findings_html(a.f, f);
	fprintf(a.f, "<h2 id=\"details\">Details</h2>\n");
	fold_open(a.f, "results", "Every configuration");
	rp_results_html(a.f, c->m);
	fprintf(a.f, "</details>\n");
	fold_open(a.f, "skipped", "Skipped and failed");
	rp_skipped_html(a.f, c->m);
	fprintf(a.f, "</details>\n");
	fold_open(a.f, "machine", "Machine");
	rp_machine_html(a.f, c->m);
	fprintf(a.f, "</details>\n");
	fold_open(a.f, "method", "Method");
	method_html(a.f);
	fprintf(a.f, "</details>\n</body></html>\n");
	return atomic_commit(&a, err, errlen);
}
