/*
 * find_net.c — the network servers' findings (find.h, topic "network"),
 * read from the summary's network table (net_sum.c: its cells and their U
 * tests), one sentence per question a reader of make bench's network passes
 * asks:
 *   - requests per second against connections, per workload: each runtime's
 *     rate at each connection count, and at the most connections each one
 *     against Go's (a factor only where the test supports it);
 *   - CPU time per request there (the server process, every thread);
 *   - latency against offered load: p99 at each rate, where a server served
 *     under 95% of the offered rate (saturated), and where the client ran
 *     late (its tail then holds the client's own lateness);
 *   - memory per connection (c10k), and why a runtime has none (a skip).
 * Each sentence names the points where the load generator set the pace.
 */
#include "../find.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../../base/units.h"

/* Appends fmt's text to out. */
static void cat(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *out, size_t len, const char *fmt, ...)
{
	size_t w = strlen(out);
	if (w + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out + w, len - w, fmt, ap);
	va_end(ap);
}

/* Rows i..j-1 of the table are one group: same host, kind, workload,
 * threads and placement (the x varies). Returns j. */
static int group_end(const rp_net_sum *t, int i)
{
	const rp_net_row *a = &t->row[i];
	int j = i + 1;
	while (j < t->nrows && t->row[j].host == a->host && t->row[j].kind == a->kind &&
	       !strcmp(t->row[j].workload, a->workload) && t->row[j].threads == a->threads &&
	       !strcmp(t->row[j].placement, a->placement))
		j++;
	return j;
}

/* "echo (net-conns/, 1 worker, placement compact)". */
static void group_name(const rp_net_row *r, char *out, size_t len)
{
	snprintf(out, len, "%s (%.40s, %d worker%s, placement %.40s)", r->workload,
	         r->source ? r->source : "", r->threads, r->threads > 1 ? "s" : "", r->placement);
}

/* The x values of a group: "at 1, 64 and 1,024 connections". */
static void xs(const rp_net_sum *t, int i, int j, char *out, size_t len)
{
	bool rate = t->row[i].kind == RP_NET_P99;
	snprintf(out, len, "at ");
	for (int r = i; r < j; r++) {
		char v[32];
		rm_fmt_grouped(v, sizeof v, rate ? t->row[r].rate : t->row[r].conns);
		cat(out, len, "%s%s", r == i ? "" : r + 1 == j ? " and " : ", ", v);
	}
	cat(out, len, rate ? " requests/s offered" : " connection%s",
	    j - i > 1 || t->row[i].conns != 1 ? "s" : "");
}

/* What a ratio of a cell lets a sentence say against `who`. */
static void against(const rp_net_cell *x, const char *name, const char *who, bool rate, char *out,
                    size_t len)
{
	char v[32], q[48];
	/* requests/s: the time ratio inverted; memory: bytes over bytes */
	fmt_times(v, sizeof v, rate ? 1 / x->vs.x : x->vs.x);
	snprintf(q, sizeof q, x->vs.q < 0.001 ? "q=%.1g" : "q=%.3f", x->vs.q);
	switch (x->vs.state) {
	case RP_RATIO_FACTOR:
		snprintf(out, len, "%s %s %s's %s (%s)", name, v, who,
		         rate ? "rate" : "bytes per connection", q);
		break;
	case RP_RATIO_SAME:
		snprintf(out, len, "%s and %s do not differ significantly (%s)", name, who, q);
		break;
	case RP_RATIO_BLIND:
		snprintf(out, len, "%s against %s: too few repetitions for a test to tell", name,
		         who);
		break;
	case RP_RATIO_REDUCED:
		snprintf(out, len, "%s ran a reduced size (not compared)", name);
		break;
	default:
		out[0] = '\0';
	}
}

/* Requests per second of a group of rows, and at its most connections each
 * runtime against Go's and the CPU time per request. */
static void rps(const report_model *m, rp_findings *f, const rp_net_sum *t, int i, int j)
{
	char name[200], at[200], text[1100] = "", cmp[600] = "", cpu[400] = "", paced[300] = "";
	group_name(&t->row[i], name, sizeof name);
	xs(t, i, j, at, sizeof at);
	const rp_net_row *top = &t->row[j - 1];
	for (int c = 0; c < t->ncols; c++) {
		bool any = false;
		for (int r = i; r < j; r++)
			any = any || t->row[r].cell[c].have;
		if (!any)
			continue;
		cat(text, sizeof text, "%s%s ", text[0] ? "; " : "", t->col[c]);
		for (int r = i; r < j; r++) {
			const rp_net_cell *x = &t->row[r].cell[c];
			char v[32];
			rm_fmt_rate(v, sizeof v, x->have ? x->x.rps.median : NAN);
			cat(text, sizeof text, "%s%s", r > i ? ", " : "", x->have ? v : "-");
			char cs[32];
			rm_fmt_grouped(cs, sizeof cs, t->row[r].conns);
			if (x->have && rm_net_paced(&x->x))
				cat(paced, sizeof paced, "%s%s at %s", paced[0] ? ", " : "",
				    t->col[c], cs);
		}
		const rp_net_cell *x = &top->cell[c];
		char a[300], v[32];
		against(x, t->col[c], "Go", true, a, sizeof a);
		if (a[0])
			cat(cmp, sizeof cmp, "%s%s", cmp[0] ? "; " : "", a);
		fmt_time_ns(v, sizeof v, x->have && x->x.cpu.n ? x->x.cpu.median : NAN);
		if (x->have && x->x.cpu.n)
			cat(cpu, sizeof cpu, "%s%s %s", cpu[0] ? ", " : "", t->col[c], v);
	}
	char most[32];
	rm_fmt_grouped(most, sizeof most, top->conns);
	rf_add_host(f, m, top->host, "network", "%s, requests per second %s: %s.%s%s%s%s%s%s%s%s",
	            name, at, text, cmp[0] ? " At " : "", cmp[0] ? most : "",
	            cmp[0] ? " connections: " : "", cmp, cmp[0] ? "." : "",
	            cpu[0] ? " CPU time per request there (the server process): " : "", cpu,
	            cpu[0] ? "." : "");
	if (paced[0])
		rf_add_host(
		    f, m, top->host, "network",
		    "%s: the load generator saturated or shared a PU with the server in some "
		    "repetition of %s connections: there it may have set the pace, and the "
		    "rate is the client's as much as the server's.",
		    name, paced);
}

/* p99 against offered load of a group of rows; saturation and lateness. */
static void p99(const report_model *m, rp_findings *f, const rp_net_sum *t, int i, int j)
{
	char name[200], at[200], text[1100] = "", sat[500] = "";
	int late = 0, cells = 0;
	group_name(&t->row[i], name, sizeof name);
	xs(t, i, j, at, sizeof at);
	for (int c = 0; c < t->ncols; c++) {
		bool first = true;
		for (int r = i; r < j; r++) {
			const rp_net_cell *x = &t->row[r].cell[c];
			if (!x->have)
				continue;
			char v[32], s[32], rt[32];
			fmt_time_ns(v, sizeof v, x->p99 * 1000); /* µs in the file */
			cat(text, sizeof text, "%s%s%s", first ? (text[0] ? "; " : "") : ", ",
			    first ? t->col[c] : "", first ? " " : "");
			cat(text, sizeof text, "%s", v);
			first = false;
			cells++;
			late += x->x.late_share > RM_NET_LATE || rm_net_paced(&x->x);
			if (x->x.rps.median < 0.95 * (double)t->row[r].rate) {
				rm_fmt_rate(s, sizeof s, x->x.rps.median);
				rm_fmt_grouped(rt, sizeof rt, t->row[r].rate);
				cat(sat, sizeof sat, "%s%s at %s/s (served %s)", sat[0] ? ", " : "",
				    t->col[c], rt, s);
			}
		}
	}
	if (!cells)
		return;
	rf_add_host(f, m, t->row[i].host, "network",
	            "%s, open loop, p99 from each request's due time %s: %s.%s%s%s", name, at, text,
	            sat[0] ? " Under 95% of the offered rate served (saturated: requests queue, "
	                     "the tail grows with the run): "
	                   : "",
	            sat, sat[0] ? "." : "");
	if (late)
		rf_add_host(f, m, t->row[i].host, "network",
		            "%s, open loop: in %d of %d configurations the client sent over 1%% of "
		            "its requests more than one period late (metric:source_late_events) or "
		            "the load generator saturated or shared a PU: their tails hold the "
		            "client's own lateness, not only the server's.",
		            name, late, cells);
}

/* Memory per connection of a group of rows. */
static void memory(const report_model *m, rp_findings *f, const rp_net_sum *t, int i, int j)
{
	for (int r = i; r < j; r++) {
		const rp_net_row *w = &t->row[r];
		char name[200], text[900] = "", cmp[500] = "", conns[32];
		group_name(w, name, sizeof name);
		rm_fmt_grouped(conns, sizeof conns, w->conns);
		for (int c = 0; c < t->ncols; c++) {
			const rp_net_cell *x = &w->cell[c];
			char b[32], rss[32], a[300];
			if (!x->have) {
				if (x->skip)
					cat(text, sizeof text, "%s%s skipped (%.200s)",
					    text[0] ? "; " : "", t->col[c], x->skip);
				continue;
			}
			fmt_bytes(b, sizeof b, x->x.mem.median);
			fmt_bytes(rss, sizeof rss, x->x.rss.n ? x->x.rss.median : NAN);
			cat(text, sizeof text, "%s%s %s", text[0] ? "; " : "", t->col[c], b);
			if (x->x.rss.n)
				cat(text, sizeof text, " (peak RSS %s)", rss);
			against(x, t->col[c], "pthread", false, a, sizeof a);
			if (a[0])
				cat(cmp, sizeof cmp, "%s%s", cmp[0] ? "; " : "", a);
		}
		rf_add_host(f, m, w->host, "network",
		            "%s, memory per connection at %s connections: %s.%s%s%s", name, conns,
		            text, cmp[0] ? " " : "", cmp, cmp[0] ? "." : "");
	}
}

void find_net(const report_model *m, rp_findings *f)
{
	const rp_net_sum *t = &f->sum.net;
	for (int i = 0; i < t->nrows;) {
		int j = group_end(t, i);
		switch (t->row[i].kind) {
		case RP_NET_RPS:
			rps(m, f, t, i, j);
			break;
		case RP_NET_P99:
			p99(m, f, t, i, j);
			break;
		default:
			memory(m, f, t, i, j);
		}
		i = j;
	}
}
