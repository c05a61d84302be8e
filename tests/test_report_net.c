/*
 * test_report_net.c — the network servers in the report (issue 18): a
 * results directory shaped like make bench's, with net-conns/ (echo and http
 * at 1, 64 and 1,024 connections on every runtime, Go's net/http beside),
 * net-open/ (http at three offered rates, with latency files) and net-c10k/
 * (c10k at 10,000 connections, pthread skipped with a reason), written with
 * the columns the network workloads record (schema 2: cpu_ns,
 * metric:client_saturated, client_shared, source_late_events,
 * bytes_per_conn, peak_rss_bytes). Checked:
 *   - the model (model_net.c): a row's connections, rate, server, its
 *     client's pacing and lateness per repetition, requests/s, CPU per
 *     request, memory; which directories a pass's list reads;
 *   - the charts: throughput vs connections (a panel per workload, at most
 *     6 lines each, net/http a series, the point whose client saturated
 *     flagged), latency vs offered load (p50, p99, p99.9 panels, late points
 *     flagged), memory per connection; omitted with the reason without them;
 *   - the page: the summary's network table (its columns, ratios, flags and
 *     skip reasons, escaped), the network findings, the claims N1 and N2.
 * Samples are deterministic; nothing is timed. Charts only where gnuplot is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/base/file_read.h"
#include "../harness/report/charts/gnuplot.h"
#include "../harness/report/findings/findings.h"
#include "../harness/report/report.h"
#include "support/resfix.h"

#define REPS 6
#define OPS  3000

/* One configuration of a fixture directory, with its network columns. */
typedef struct netcfg {
	const char *workload, *runtime; /* "http", "gmp"                        */
	const char *params;             /* beyond n: "conns=64;rate=0;server=0" */
	const char *tail;               /* the key's tail: "/conns=1"           */
	double ns;                      /* ns per request (center)              */
	double cpu;                     /* CPU ns per request                   */
	int saturated;                  /* repetitions with client_saturated    */
	double late;                    /* source_late_events per repetition (-1: empty) */
	double bytes;                   /* bytes_per_conn (0: empty)            */
} netcfg;

static char *slurp(const char *path)
{
	char *buf, err[300];
	size_t len;
	if (!file_read_all(path, 64u << 20, &buf, &len, err, sizeof err))
		fail_msg("%s", err);
	return buf;
}

static void has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("lacks '%s'", needle);
}

/* root/sub/runs.csv and env.json from c[0..n) (placement compact, 1 worker). */
static void write_dir(const char *root, const char *sub, const netcfg *c, int n, unsigned seed)
{
	char name[200];
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	fprintf(f, "schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,"
	           "n_requested,n,size_reduced,round,rep,elapsed_ns,cpu_ns,ns_per_op,ops_per_sec,"
	           "migrated,metric:bytes_per_conn,metric:client_saturated,metric:client_shared,"
	           "metric:peak_rss_bytes,metric:source_late_events\n");
	for (int i = 0; i < n; i++) {
		double ns[REPS];
		const char *ch = strcmp(c[i].runtime, "go") ? "-" : "go-native";
		resfix_samples(ns, REPS, c[i].ns, 0.01, seed + (unsigned)i);
		for (int r = 0; r < REPS; r++) {
			fprintf(f,
			        "2,%s/runtime=%s/chan=%s/threads=1/placement=compact%s,%s,%s,%s,1,"
			        "compact,,0,n=%d;%s,%d,%d,0,%d,%d,%.0f,%.0f,%.6f,%.6f,0,",
			        c[i].workload, c[i].runtime, ch, c[i].tail, c[i].workload,
			        c[i].runtime, ch, OPS, c[i].params, OPS, OPS, r / 3, 1 + r % 3,
			        ns[r] * OPS, c[i].cpu * OPS, ns[r], 1e9 / ns[r]);
			if (c[i].bytes > 0)
				fprintf(f, "%.1f", c[i].bytes * (1 + 0.001 * r));
			fprintf(f, ",%d,0,", r < c[i].saturated);
			if (c[i].bytes > 0)
				fprintf(f, "%.0f", c[i].bytes * 10000 + 5e6);
			fputc(',', f);
			if (c[i].late >= 0)
				fprintf(f, "%.0f", c[i].late);
			fputc('\n', f);
		}
	}
	fclose(f);
	snprintf(name, sizeof name, "%s/runs.csv", sub);
	assert_true(resfix_file(root, name, text));
	free(text);
	snprintf(name, sizeof name, "%s/env.json", sub);
	assert_true(resfix_file(root, name,
	                        "{\"schema\": 1, \"host\": \"h\", \"started\": "
	                        "\"2026-01-01T00:00:00Z\"}\n"));
}

/* The request rates of the runtimes (ns per request at 1, 64, 1,024
 * connections): pthread flat, gmp and go rising, gmp ahead of go. */
static const netcfg conns_cfgs[] = {
    {"echo", "pthread", "conns=1;rate=0", "/conns=1", 50000, 20000, 0, -1, 0},
    {"echo", "pthread", "conns=64;rate=0", "", 45000, 19000, 0, -1, 0},
    {"echo", "pthread", "conns=1024;rate=0", "/conns=1024", 44000, 19000, 0, -1, 0},
    {"echo", "gmp", "conns=1;rate=0", "/conns=1", 60000, 30000, 0, -1, 0},
    {"echo", "gmp", "conns=64;rate=0", "", 15000, 9000, 0, -1, 0},
    {"echo", "gmp", "conns=1024;rate=0", "/conns=1024", 16000, 9000, 2, -1, 0},
    {"echo", "go", "conns=1;rate=0", "/conns=1", 100000, 40000, 0, -1, 0},
    {"echo", "go", "conns=64;rate=0", "", 19000, 9500, 0, -1, 0},
    {"echo", "go", "conns=1024;rate=0", "/conns=1024", 18000, 11000, 0, -1, 0},
    {"http", "gmp", "conns=1;rate=0;server=0", "/conns=1", 57000, 29000, 0, -1, 0},
    {"http", "gmp", "conns=64;rate=0;server=0", "", 14000, 9000, 0, -1, 0},
    {"http", "go", "conns=1;rate=0;server=0", "/conns=1", 77000, 38000, 0, -1, 0},
    {"http", "go", "conns=64;rate=0;server=0", "", 17500, 9300, 0, -1, 0},
    {"http", "go", "conns=1;rate=0;server=1", "/conns=1/server=nethttp", 71000, 38000, 0, -1, 0},
    {"http", "go", "conns=64;rate=0;server=1", "/server=nethttp", 18000, 13000, 0, -1, 0},
};

/* http open loop at 25k, 50k, 100k/s: pthread saturates from 50k; every
 * gmp point's client was late (over 1% of 3,000 requests), no other. */
static const netcfg open_cfgs[] = {
    {"http", "gmp", "conns=64;rate=25000;server=0", "/rate=25000", 40000, 20000, 0, 100, 0},
    {"http", "gmp", "conns=64;rate=50000;server=0", "/rate=50000", 20000, 11000, 0, 100, 0},
    {"http", "pthread", "conns=64;rate=25000;server=0", "/rate=25000", 40000, 16000, 0, 3, 0},
    {"http", "pthread", "conns=64;rate=50000;server=0", "/rate=50000", 38000, 15000, 0, 3, 0},
};

static const netcfg c10k_cfgs[] = {
    {"c10k", "gmp", "conns=10000", "/conns=10000", 60000, 35000, 0, -1, 8500},
    {"c10k", "go", "conns=10000", "/conns=10000", 100000, 48000, 0, -1, 7700},
};

static const char skip_csv[] =
    "key,reason\n"
    "c10k/runtime=pthread/chan=-/threads=1/placement=compact/conns=10000,\"pthread: 10,000 "
    "threads <b>exceed</b> RLIMIT_NPROC (4096)\"\n"
    "http/runtime=gmp/chan=-/threads=1/placement=compact/conns=1/server=nethttp,\"http: "
    "server=nethttp is Go's net/http\"\n";

static char *root;

/* make bench's shape: a main run (pingpong), net-conns/, net-open/, net-c10k/. */
static void make_fixture(bool with_net)
{
	root = resfix_tmpdir();
	double pp[10];
	resfix_samples(pp, 10, 100, 0.01, 7);
	resfix_cfg main = {"pingpong", "gmp", "go", 1, "none", pp, 10, false};
	assert_true(resfix_write(root, "h", &main, 1));
	if (!with_net)
		return;
	write_dir(root, "net-conns", conns_cfgs, sizeof conns_cfgs / sizeof *conns_cfgs, 100);
	assert_true(resfix_file(root, "net-conns/skipped.csv", skip_csv));
	write_dir(root, "net-open", open_cfgs, sizeof open_cfgs / sizeof *open_cfgs, 200);
	static const struct {
		const char *key;
		double p50, p99;
	} lat[] = {
	    {"http/runtime=gmp/chan=-/threads=1/placement=compact/rate=25000", 80, 400},
	    {"http/runtime=gmp/chan=-/threads=1/placement=compact/rate=50000", 130, 440},
	    {"http/runtime=pthread/chan=-/threads=1/placement=compact/rate=25000", 300, 7400},
	    {"http/runtime=pthread/chan=-/threads=1/placement=compact/rate=50000", 31000, 74000},
	};
	char sub[1200];
	snprintf(sub, sizeof sub, "%s/net-open", root);
	for (size_t i = 0; i < sizeof lat / sizeof *lat; i++)
		assert_true(resfix_hgrm(sub, lat[i].key, lat[i].p50, lat[i].p99, lat[i].p99 * 1.2));
	write_dir(root, "net-c10k", c10k_cfgs, sizeof c10k_cfgs / sizeof *c10k_cfgs, 300);
	assert_true(resfix_file(root, "net-c10k/skipped.csv", skip_csv));
}

static void drop_fixture(void)
{
	resfix_rmrf(root);
	free(root);
	root = NULL;
}

static const rm_config *cfg_of(const report_model *m, const char *key)
{
	for (int i = 0; i < m->nxcfg; i++)
		if (!strcmp(m->xcfg[i].g->key, key))
			return &m->xcfg[i];
	fail_msg("no configuration %s", key);
	return NULL;
}

static void model_reads_the_rows(void **state)
{
	(void)state;
	make_fixture(true);
	report_model m;
	char err[800];
	assert_true(rm_load(&m, &root, 1, err, sizeof err));
	assert_int_equal(m.hosts[0].nparts, 3);
	rm_net x;
	const rm_config *c =
	    cfg_of(&m, "echo/runtime=gmp/chan=-/threads=1/placement=compact/conns=1024");
	assert_true(rm_net_of(&m, c, &x));
	assert_int_equal(x.conns, 1024);
	assert_int_equal(x.rate, 0);
	assert_int_equal(x.server, 0);
	assert_int_equal(x.reps, REPS);
	assert_int_equal(x.saturated, 2);
	assert_int_equal(x.shared, 0);
	assert_true(rm_net_paced(&x));
	/* the rates' median: of 6, the mean of the middle two rates */
	assert_true(fabs(x.rps.median - 1e9 / c->s.median) < 1e-3 * x.rps.median);
	assert_true(fabs(x.rps.ci_low - 1e9 / c->s.ci_high) < 1e-9 * x.rps.median);
	assert_true(fabs(x.cpu.median - 9000) < 1);
	assert_int_equal(x.mem.n, 0); /* an empty column is no value, never 0 */
	assert_string_equal(x.label, "gmp");

	c = cfg_of(&m, "http/runtime=go/chan=go-native/threads=1/placement=compact/server=nethttp");
	assert_true(rm_net_of(&m, c, &x));
	assert_int_equal(x.server, 1);
	assert_int_equal(x.conns, 64);
	assert_string_equal(x.label, "go/net/http");
	assert_false(rm_net_paced(&x));

	c = cfg_of(&m, "http/runtime=gmp/chan=-/threads=1/placement=compact/rate=25000");
	assert_true(rm_net_of(&m, c, &x));
	assert_int_equal(x.rate, 25000);
	assert_int_equal(x.late, REPS); /* 100 of 3,000: over 1% */
	assert_true(fabs(x.late_share - 100.0 / OPS) < 1e-9);
	c = cfg_of(&m, "http/runtime=pthread/chan=-/threads=1/placement=compact/rate=25000");
	assert_true(rm_net_of(&m, c, &x));
	assert_int_equal(x.late, 0); /* 3 of 3,000: on time */

	c = cfg_of(&m, "c10k/runtime=gmp/chan=-/threads=1/placement=compact/conns=10000");
	assert_true(rm_net_of(&m, c, &x));
	assert_true(x.mem.n == REPS && x.mem.median > 8500 && x.mem.median < 8530);
	assert_true(x.rss.n == REPS);
	assert_false(rm_net_of(&m, &m.cfg[0], &x)); /* pingpong */
	assert_true(rm_is_net("c10k") && !rm_is_net("pingpong"));

	int n;
	rm_net *l = rm_net_list(&m, RM_NET_C10K, false, NULL, &n);
	assert_int_equal(n, 2); /* the part only */
	free(l);
	l = rm_net_list(&m, RM_NET_CONNS, false, NULL, &n);
	assert_int_equal(n, (int)(sizeof conns_cfgs / sizeof *conns_cfgs));
	free(l);
	char r[32];
	rm_fmt_rate(r, sizeof r, 9734);
	assert_string_equal(r, "9.73k/s");
	rm_fmt_rate(r, sizeof r, 999.7e3);
	assert_string_equal(r, "1M/s");
	rm_fmt_grouped(r, sizeof r, 10000);
	assert_string_equal(r, "10,000");
	rm_free(&m);
	drop_fixture();
}

/* The lines of each panel of a chart's script: plast[p] - pfirst[p] + 1. */
static int most_lines(const char *gp, int *panels)
{
	int most = 0, first = 0, last = 0;
	*panels = 0;
	for (const char *p = gp; (p = strstr(p, "pfirst[")); p++)
		if (sscanf(p, "pfirst[%*d] = %d; plast[%*d] = %d", &first, &last) == 2) {
			(*panels)++;
			most = last - first + 1 > most ? last - first + 1 : most;
		}
	return most;
}

static void charts_page_and_findings(void **state)
{
	(void)state;
	char g[4096], path[1400], html[4200];
	bool gp = gp_find_gnuplot(g, sizeof g);
	make_fixture(true);
	report_opts o = {0};
	assert_int_equal(report_run(&root, 1, &o, html, sizeof html), 0);
	char *page = slurp(html);

	/* the summary's network table */
	has(page, "<h3 id=\"summary-net\">Network servers</h3>");
	has(page, "<tr><th class=\"op\">go/net/http</th>");
	has(page, "echo: requests per second<br><span class=\"wl\">net-conns/ t=1, compact");
	has(page, "<th class=\"op\">1,024 conns</th>");
	has(page, "<b>66.7k/s</b>");                    /* gmp, echo, 64 connections */
	has(page, "requests per second over go's, q="); /* a stated factor */
	has(page, ">1.3x go</span>");                   /* 19 µs / 15 µs */
	has(page, "saturated in 2 and shared a PU with the server in 0 of 6 repetitions");
	has(page, "sent 3% of its requests over one period late"); /* gmp open loop */
	has(page, "served 26.2k/s");                               /* pthread at 50k */
	has(page, "title=\"skipped: pthread: 10,000 threads &lt;b&gt;exceed&lt;/b&gt; "
	          "RLIMIT_NPROC (4096)\">skipped</td>");
	assert_null(strstr(page, "<b>exceed"));
	has(page, "CPU time of the server process (every thread) per request: 9 µs");

	/* the findings */
	has(page, "echo (net-conns/, 1 worker, placement compact), requests per second at 1, 64 "
	          "and 1,024 connections: pthread 20k/s, 22.1k/s, 22.7k/s; gmp 16.7k/s, 66.7k/s, "
	          "62.5k/s; go 9.97k/s, 52.9k/s, 55.7k/s. At 1,024 connections: pthread 0.41x "
	          "Go&#39;s rate (q=");
	has(page, "the load generator saturated or shared a PU with the server in some repetition "
	          "of gmp at 1,024 connections");
	has(page, "Under 95% of the offered rate served (saturated: requests queue, the tail "
	          "grows with the run): pthread at 50,000/s (served 26.2k/s).");
	has(page, "in 2 of 4 configurations the client sent over 1% of its requests more than one "
	          "period late");
	has(page, "memory per connection at 10,000 connections: pthread skipped (pthread: 10,000 "
	          "threads &lt;b&gt;exceed&lt;/b&gt;");

	/* the claims */
	has(page, "<a href=\"#claim-n1\">N1</a>");
	has(page, "<details class=\"claim\" id=\"claim-n2\"><summary><b>N2</b>: ");
	free(page);

	if (!gp) {
		printf("# gnuplot not on PATH: the charts were not rendered\n");
		drop_fixture();
		return;
	}
	/* throughput vs connections: a panel per workload, net/http a series, the
	 * saturated point flagged */
	snprintf(path, sizeof path, "%s/charts/net-conns.dat", root);
	char *dat = slurp(path);
	has(dat, "# x value ci_low ci_high reduced flagged");
	has(dat, "# series: go/net/http");
	has(dat, "\n1024 ");
	assert_non_null(strstr(dat, " 0 1\n")); /* gmp at 1,024: its client saturated */
	free(dat);
	snprintf(path, sizeof path, "%s/charts/net-conns.gp", root);
	char *script = slurp(path);
	int panels;
	assert_true(most_lines(script, &panels) <= 6);
	assert_int_equal(panels, 2);
	has(script, "ptitle[1] = 'echo'");
	has(script, "logx = 10");
	free(script);
	/* latency vs offered load: p50, p99, p99.9 panels; gmp's late points crossed */
	snprintf(path, sizeof path, "%s/charts/net-open.gp", root);
	script = slurp(path);
	assert_int_equal((most_lines(script, &panels), panels), 3);
	has(script, "ptitle[3] = 'http p99.9'");
	free(script);
	snprintf(path, sizeof path, "%s/charts/net-open.dat", root);
	dat = slurp(path);
	has(dat, "\n25000 ");
	assert_non_null(strstr(dat, " 0 1\n"));
	free(dat);
	for (int k = 0; k < 3; k++) {
		static const char *const names[] = {"net-conns", "net-open", "net-memory"};
		snprintf(path, sizeof path, "%s/charts/%s.svg", root, names[k]);
		free(slurp(path));
	}
	drop_fixture();
}

static void omitted_without_them(void **state)
{
	(void)state;
	char html[4200];
	make_fixture(false);
	report_opts o = {0};
	assert_int_equal(report_run(&root, 1, &o, html, sizeof html), 0);
	char *page = slurp(html);
	assert_null(strstr(page, "id=\"summary-net\""));
	char g[4096];
	if (gp_find_gnuplot(g, sizeof g)) {
		has(page, "Throughput vs connections: no echo or http at two connection counts "
		          "(make bench&#39;s net-conns/;");
		has(page, "Memory per connection: no c10k with metric:bytes_per_conn");
	}
	free(page);
	drop_fixture();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(model_reads_the_rows),
	    cmocka_unit_test(charts_page_and_findings),
	    cmocka_unit_test(omitted_without_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
