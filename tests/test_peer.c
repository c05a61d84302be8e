/* test_peer.c — the Go peer as the harness sees it (harness/run/peer/peer.h): the records
 * it writes parse with the harness's protocol parser, peer-shaped malformed lines
 * are rejected with a clear error, availability follows the binary, the argv is
 * what the configuration says, exec failures come back as kind=fail, and the Go
 * peer's catalog (--list) agrees with the C workloads' names and sizes.
 *
 * Tests that run the peer need $BUILD/corobench-go (built by make when go exists);
 * without it they are skipped, and say so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../harness/measure/counters/counter_spec.h"
#include "../harness/measure/hist_io.h"
#include "../harness/measure/latency.h"
#include "../harness/run/matrix.h"
#include "../harness/run/peer/peer.h"
#include "../harness/results/protocol.h"
#include "../workloads/workload.h"
#include "support/tsan_build.h"

/* A stand-in for a C workload: the peer uses only its name and parameter list. */
static const wl_param fake_params[] = {
    {"n", "messages", 10000000, 100000, 1, 3000000000},
};
static const workload fake_spsc = {
    .name = "spsc", .description = "test stand-in", .params = fake_params, .nparams = 1};
static const wl_param fake_pp_params[] = {
    {"n", "round trips", 1000000, 2000, 1, 100000000000},
};
static const workload fake_pingpong = {.name = "pingpong",
                                       .description = "test stand-in",
                                       .params = fake_pp_params,
                                       .nparams = 1,
                                       .records_latency = true};

static char build_dir[4096];

static bool have_go_peer(void)
{
	const char *b = getenv("BUILD");
	snprintf(build_dir, sizeof build_dir, "%s", b && *b ? b : "build");
	char bin[4200];
	snprintf(bin, sizeof bin, "%s/corobench-go", build_dir);
	return access(bin, X_OK) == 0;
}

static cb_config make_cfg(const workload *w, int threads, int64_t n)
{
	cb_config c = {.wl = w,
	               .runtime = "go",
	               .chan_name = "go-native",
	               .threads = threads,
	               .placement = "none"};
	c.params[0] = n;
	matrix_key(&c);
	return c;
}

/* Forks, runs peer_exec(job) in the child, and returns everything it wrote on the
 * protocol pipe (malloc'd, NUL-terminated) and its exit status. */
static char *run_peer(child_job *job, int *status)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		job->fd = p[1];
		peer_exec(job);
		_exit(99); /* not reached */
	}
	close(p[1]);
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	ssize_t k;
	while ((k = read(p[0], out + len, cap - 1 - len)) > 0) {
		len += (size_t)k;
		if (len + 1 == cap)
			out = realloc(out, cap *= 2);
	}
	out[len] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
	return out;
}

/* Parses every line; returns the number of records, kinds in order into kinds. */
static int parse_all(char *out, char kinds[][16], int max, proto_record *recs)
{
	int n = 0;
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char err[256] = "";
		assert_true(n < max);
		if (!proto_parse(line, strlen(line), &recs[n], err, sizeof err))
			fail_msg("harness rejected the peer's line '%s': %s", line, err);
		snprintf(kinds[n], sizeof kinds[0], "%s", recs[n].vals[0]);
		n++;
	}
	return n;
}

/* Runs job on the peer, which must exit 0 with `want` records; parses them. Returns
 * the raw output (free it after the records). */
static char *run_ok(child_job *job, char kinds[][16], proto_record *recs, int want)
{
	int status;
	char *out = run_peer(job, &status);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(parse_all(out, kinds, want, recs), want);
	return out;
}

static void peer_records_parse(void **state)
{
	(void)state;
	if (!have_go_peer())
		skip();
	peer_set_search_dir(build_dir);
	cb_config cfg = make_cfg(&fake_spsc, 2, 20000);
	child_job job = {.cfg = &cfg, .round = 2, .warmup = 1, .reps = 2, .outdir = NULL};
	char kinds[5][16];
	proto_record recs[5];
	int n = 5;
	char *out = run_ok(&job, kinds, recs, n);
	assert_string_equal(kinds[0], "info");
	assert_string_equal(proto_get(&recs[0], "param.n"), "20000");
	assert_string_equal(proto_get(&recs[0], "gomaxprocs"), "2");
	assert_string_equal(proto_get(&recs[0], "reduced"), "0");
	for (int i = 1; i <= 3; i++) {
		uint64_t e, o, round, rep;
		assert_string_equal(kinds[i], "rep");
		assert_true(proto_get_u64(&recs[i], "elapsed_ns", &e) && e > 0);
		assert_true(proto_get_u64(&recs[i], "ops", &o) && o == 20000);
		assert_true(proto_get_u64(&recs[i], "round", &round) && round == 2);
		assert_true(proto_get_u64(&recs[i], "rep", &rep) && rep == (uint64_t)(i - 1));
		assert_string_equal(proto_get(&recs[i], "warmup"), i == 1 ? "1" : "0");
	}
	assert_string_equal(kinds[4], "done");
	for (int i = 0; i < n; i++)
		proto_free(&recs[i]);
	free(out);
	peer_set_search_dir(NULL);
}

/* Counters opened before exec reach the peer: the info record carries the same
 * statuses a C child reports, and every measured rep a count for each counted
 * event, within what the process's threads can physically spend in the region. */
static void peer_counts_with_inherited_counters(void **state)
{
	(void)state;
	if (!have_go_peer())
		skip();
	static ctr_spec spec;
	char err[256];
	assert_true(ctr_spec_parse("sw", "--counters", &spec, err, sizeof err));
	peer_set_search_dir(build_dir);
	cb_config cfg = make_cfg(&fake_spsc, 2, 200000);
	child_job job = {.cfg = &cfg, .warmup = 1, .reps = 2, .counters = &spec};
	char kinds[5][16];
	proto_record recs[5];
	int n = 5;
	char *out = run_ok(&job, kinds, recs, n);
	const char *scope = proto_get(&recs[0], "counter_scope");
	if (!(TSAN_BUILD && strcmp(scope, "threads-partial") == 0)) /* TSan's own thread */
		assert_string_equal(scope, "threads"); /* may predate the counters (tsan_build.h) */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	for (int e = 0; e < spec.n; e++) {
		char key[96];
		snprintf(key, sizeof key, "counter.%s", spec.ev[e].name);
		const char *st = proto_get(&recs[0], key);
		assert_non_null(st);
		snprintf(key, sizeof key, "ctr.%s", spec.ev[e].name);
		for (int r = 1; r <= 3; r++) {
			const char *v = proto_get(&recs[r], key);
			assert_non_null(v); /* asked for: present, empty when not counted */
			if (strcmp(st, "counted") != 0) {
				assert_string_equal(v, "");
				continue;
			}
			uint64_t count, elapsed;
			assert_true(proto_get_u64(&recs[r], key, &count));
			assert_true(proto_get_u64(&recs[r], "elapsed_ns", &elapsed));
			if (strcmp(spec.ev[e].name, "task-clock") == 0) {
				assert_true(count > 0);
				/* CPU time inside the region cannot exceed all CPUs for its length
				 * (plus the enable/disable edges): counting outside it would. */
				assert_true(count <= (uint64_t)cpus * elapsed * 3 / 2 + 1000000);
			}
		}
	}
	for (int i = 0; i < n; i++)
		proto_free(&recs[i]);
	free(out);
	peer_set_search_dir(NULL);
}

/* A latency workload's files are the C child's: a round of a C-written .histo
 * (lat_save, the C child's own path) plus the peer's round merge into one .histo,
 * and the peer's .hgrm is byte for byte what histo_write_hgrm makes of it. */
static void peer_merges_latency_files_with_c(void **state)
{
	(void)state;
	if (!have_go_peer())
		skip();
	peer_set_search_dir(build_dir);
	char dir[] = "/tmp/corobench-peer-XXXXXX";
	assert_non_null(mkdtemp(dir));
	cb_config cfg = make_cfg(&fake_pingpong, 1, 3200);
	/* round 0, as a C child leaves it: 1000 samples of 1..1000 us */
	lat_rec c_round;
	assert_true(lat_init(&c_round));
	for (uint64_t i = 1; i <= 1000; i++)
		lat_record(&c_round, i * 1000 + i % 7);
	lat_end_rep(&c_round, true);
	char err[256];
	assert_true(lat_save(&c_round, dir, cfg.key, err, sizeof err));
	lat_free(&c_round);

	child_job job = {.cfg = &cfg, .round = 1, .warmup = 0, .reps = 1, .outdir = dir};
	char kinds[3][16];
	proto_record recs[3];
	char *out = run_ok(&job, kinds, recs, 3);
	for (int i = 0; i < 3; i++)
		proto_free(&recs[i]);
	free(out);

	char hgrm[4096], raw[4200];
	assert_true(peer_hgrm_path(&job, hgrm, sizeof hgrm));
	snprintf(raw, sizeof raw, "%.*s.histo", (int)(strlen(hgrm) - 5), hgrm);
	histo *h = histo_new_latency();
	FILE *f = fopen(raw, "r");
	assert_non_null(f);
	if (!histo_read_raw(h, f, err, sizeof err))
		fail_msg("the peer's %s does not read back: %s", raw, err);
	fclose(f);
	assert_int_equal(histo_count(h), 1000 + 3200 / 16); /* both rounds */

	char *want = NULL, got[1 << 16];
	size_t wantlen = 0;
	FILE *mem = open_memstream(&want, &wantlen);
	assert_int_equal(histo_write_hgrm(h, mem, LAT_UNIT_NS, 5), 0);
	fclose(mem);
	f = fopen(hgrm, "r");
	assert_non_null(f);
	size_t gotlen = fread(got, 1, sizeof got, f);
	fclose(f);
	if (gotlen != wantlen || memcmp(got, want, wantlen) != 0)
		fail_msg("the peer's .hgrm differs from histo_write_hgrm's (%zu vs %zu bytes)",
		         gotlen, wantlen);
	free(want);
	histo_free(h);
	unlink(hgrm);
	unlink(raw);
	char lat[4200];
	snprintf(lat, sizeof lat, "%s/latency", dir);
	rmdir(lat);
	rmdir(dir);
	peer_set_search_dir(NULL);
}

/* A pinned placement becomes the process affinity (the union of the plan's sets),
 * which the Go runtime's threads inherit; a placement this machine cannot do is a
 * skip with the placement module's reason, as for a C child. */
static void placement_is_the_process_affinity(void **state)
{
	(void)state;
	if (!have_go_peer())
		skip();
	peer_set_search_dir(build_dir);
	cb_config cfg = make_cfg(&fake_spsc, 1, 2000);
	cfg.placement = "cpus:0";
	matrix_key(&cfg);
	child_job job = {.cfg = &cfg, .warmup = 0, .reps = 1};
	char kinds[3][16];
	proto_record recs[3];
	char *out = run_ok(&job, kinds, recs, 3);
	assert_string_equal(proto_get(&recs[0], "affinity"), "0"); /* what the peer saw */
	assert_string_equal(proto_get(&recs[0], "pus"), "0");
	assert_string_equal(proto_get(&recs[0], "placement_scope"), "process");
	for (int i = 0; i < 3; i++)
		proto_free(&recs[i]);
	free(out);

	cfg.placement = "cross-package"; /* one package here: no such pair */
	cfg.threads = 2;
	matrix_key(&cfg);
	out = run_ok(&job, kinds, recs, 2);
	assert_string_equal(kinds[0], "skip");
	assert_non_null(proto_get(&recs[0], "reason"));
	assert_string_equal(kinds[1], "done");
	for (int i = 0; i < 2; i++)
		proto_free(&recs[i]);
	free(out);
	peer_set_search_dir(NULL);
}

/* Lines shaped like the peer's, but broken: each must be refused with a reason. */
static void malformed_peer_lines_rejected(void **state)
{
	(void)state;
	const char *bad[] = {
	    /* a reason not percent-encoded: the space splits it into a field without '=' */
	    "kind=fail reason=verify of spsc failed",
	    /* a bad escape in a counter value */
	    "kind=rep round=0 rep=1 warmup=0 elapsed_ns=5 ops=5 ctr.cycles=1%G0",
	    /* the same key twice (a --info echo colliding with the peer's own key) */
	    "kind=info runtime=go gomaxprocs=2 gomaxprocs=1",
	    /* the record kind not first */
	    "round=0 kind=rep rep=0 warmup=0 elapsed_ns=5 ops=5",
	    /* truncated by a crash mid-escape */
	    "kind=info go_version=go1.19%2",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		proto_record r;
		char err[256] = "";
		if (proto_parse(bad[i], strlen(bad[i]), &r, err, sizeof err))
			fail_msg("accepted malformed line '%s'", bad[i]);
		assert_non_null(strstr(err, "malformed child record"));
	}
	/* Well-formed but unusable rep values: the runner needs both as u64 and ops > 0. */
	const char *unusable[] = {
	    "kind=rep round=0 rep=1 warmup=0 elapsed_ns=-5 ops=5",
	    "kind=rep round=0 rep=1 warmup=0 elapsed_ns=1.5e9 ops=5",
	    "kind=rep round=0 rep=1 warmup=0 elapsed_ns=99999999999999999999999 ops=5",
	};
	for (size_t i = 0; i < sizeof unusable / sizeof unusable[0]; i++) {
		proto_record r;
		char err[256];
		uint64_t e;
		assert_true(proto_parse(unusable[i], strlen(unusable[i]), &r, err, sizeof err));
		assert_false(proto_get_u64(&r, "elapsed_ns", &e));
		proto_free(&r);
	}
}

static void availability_follows_the_binary(void **state)
{
	(void)state;
	char dir[] = "/tmp/corobench-peer-XXXXXX";
	assert_non_null(mkdtemp(dir));
	peer_set_search_dir(dir);
	bool ok = true;
	const char *why = NULL;
	assert_true(peer_lookup("go", &ok, &why));
	assert_false(ok);
	assert_non_null(why);
	assert_true(strstr(why, "not installed") || strstr(why, "not built"));
	assert_false(peer_lookup("pthread", &ok, &why)); /* not a peer */

	char bin[4200];
	assert_true(peer_binary_path("go", bin, sizeof bin));
	FILE *f = fopen(bin, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	assert_int_equal(chmod(bin, 0755), 0);
	assert_true(peer_lookup("go", &ok, &why));
	assert_true(ok);
	assert_null(why);
	unlink(bin);
	rmdir(dir);
	peer_set_search_dir(NULL);
}

static void argv_is_the_configuration(void **state)
{
	(void)state;
	static const wl_param p3[] = {
	    {"n", "messages", 10000000, 100000, 1, 3000000000},
	    {"producers", "P", 4, 4, 1, 4096},
	    {"consumers", "C", 4, 4, 1, 4096},
	};
	static const workload mpmc = {.name = "mpmc", .params = p3, .nparams = 3};
	cb_config cfg = make_cfg(&mpmc, 2, 5000);
	cfg.params[1] = 3;
	cfg.params[2] = 1;
	child_job job = {.cfg = &cfg, .round = 1, .warmup = 2, .reps = 4};
	char buf[1024];
	char *argv[PEER_MAX_ARGS];
	int n = peer_build_argv(&job, "/x/corobench-go", "/r/h.hgrm", NULL, buf, sizeof buf, argv,
	                        PEER_MAX_ARGS);
	const char *want[] = {"/x/corobench-go",
	                      "--workload",
	                      "mpmc",
	                      "--threads",
	                      "2",
	                      "--warmup",
	                      "2",
	                      "--reps",
	                      "4",
	                      "--round",
	                      "1",
	                      "--param",
	                      "n=5000",
	                      "--param",
	                      "producers=3",
	                      "--param",
	                      "consumers=1"};
	/* no --hgrm: mpmc records no latency */
	assert_int_equal(n, (int)(sizeof want / sizeof want[0]));
	for (int i = 0; i < n; i++)
		assert_string_equal(argv[i], want[i]);
	assert_null(argv[n]);
	/* too small a buffer or argv is refused, never overrun */
	assert_int_equal(
	    peer_build_argv(&job, "/x/corobench-go", NULL, NULL, buf, 40, argv, PEER_MAX_ARGS), -1);
	assert_int_equal(
	    peer_build_argv(&job, "/x/corobench-go", NULL, NULL, buf, sizeof buf, argv, 5), -1);
	char *extra[] = {"--info", "pus=0;1", NULL};
	n = peer_build_argv(&job, "/x/corobench-go", NULL, extra, buf, sizeof buf, argv,
	                    PEER_MAX_ARGS);
	assert_string_equal(argv[n - 2], "--info");
	assert_string_equal(argv[n - 1], "pus=0;1");
}

/* A binary that cannot be exec'd comes back as one kind=fail record naming it. */
static void exec_failure_is_reported(void **state)
{
	(void)state;
	char dir[] = "/tmp/corobench-peer-XXXXXX";
	assert_non_null(mkdtemp(dir));
	peer_set_search_dir(dir);
	cb_config cfg = make_cfg(&fake_spsc, 1, 100);
	child_job job = {.cfg = &cfg, .warmup = 0, .reps = 1};
	int status;
	char *out = run_peer(&job, &status);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 127);
	proto_record r;
	char err[256];
	assert_true(proto_parse(out, strlen(out), &r, err, sizeof err));
	assert_string_equal(proto_get(&r, "kind"), "fail");
	assert_non_null(strstr(proto_get(&r, "reason"), "corobench-go"));
	proto_free(&r);
	free(out);
	rmdir(dir);
	peer_set_search_dir(NULL);
}

/* Every C workload the Go peer implements has the same parameters, in the same
 * order, with the same defaults, quick sizes and ranges (runtimes/go/wl_*.go). */
static void go_catalog_matches_c_workloads(void **state)
{
	(void)state;
	if (!have_go_peer())
		skip();
	char cmd[4300];
	snprintf(cmd, sizeof cmd, "'%s/corobench-go' --list", build_dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	static char lines[64][2048];
	int n = 0;
	while (n < 64 && fgets(lines[n], sizeof lines[0], p))
		n++;
	assert_int_equal(pclose(p), 0);
	assert_true(n >= 15); /* the 15 runtime workloads of docs/WORKLOADS.md */
	static const char *const catalog[] = {"pingpong", "ring",   "spsc",  "mpmc", "skynet",
	                                      "sieve",    "spawn",  "yield", "fib",  "mutex",
	                                      "pipeline", "select", "echo",  "http", "c10k"};
	int matched = 0;
	for (int w = 0; w < wl_count(); w++) {
		const workload *cw = wl_at(w);
		proto_record rec = {0};
		bool found = false;
		for (int i = 0; i < n && !found; i++) {
			char err[256];
			assert_true(proto_parse(lines[i], strlen(lines[i]), &rec, err, sizeof err));
			found = strcmp(proto_get(&rec, "name"), cw->name) == 0;
			if (!found)
				proto_free(&rec);
		}
		bool in_catalog = false;
		for (size_t c = 0; c < sizeof catalog / sizeof catalog[0]; c++)
			in_catalog |= strcmp(catalog[c], cw->name) == 0;
		if (!found && in_catalog)
			fail_msg("runtimes/go lacks %s, a workload of docs/WORKLOADS.md", cw->name);
		if (!found) { /* a workload added later: the peer answers kind=skip */
			print_message("note: the Go peer has no workload '%s' (runs as skipped)\n",
			              cw->name);
			continue;
		}
		matched += in_catalog;
		int go_params = 0;
		for (int i = 0; i < rec.n; i++)
			go_params += strncmp(rec.keys[i], "param.", 6) == 0;
		if (go_params != cw->nparams)
			fail_msg("%s: C has %d parameters, runtimes/go has %d", cw->name,
			         cw->nparams, go_params);
		for (int i = 0; i < cw->nparams; i++) {
			const wl_param *cp = &cw->params[i];
			char key[80], want[128];
			snprintf(key, sizeof key, "param.%s", cp->name);
			snprintf(want, sizeof want, "%lld:%lld:%lld:%lld", (long long)cp->def,
			         (long long)cp->quick, (long long)cp->min, (long long)cp->max);
			const char *got = proto_get(&rec, key);
			if (!got || strcmp(got, want) != 0)
				fail_msg("%s: parameter %s is def:quick:min:max %s in C but %s in "
				         "runtimes/go",
				         cw->name, cp->name, want, got ? got : "(absent)");
		}
		proto_free(&rec);
	}
	/* Every catalog workload the C side registers was compared (all 11 once the
	 * workloads are built in; fewer only in a build without them). */
	int c_catalog = 0;
	for (size_t c = 0; c < sizeof catalog / sizeof catalog[0]; c++)
		c_catalog += wl_find(catalog[c]) != NULL;
	assert_int_equal(matched, c_catalog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(peer_records_parse),
	    cmocka_unit_test(peer_merges_latency_files_with_c),
	    cmocka_unit_test(peer_counts_with_inherited_counters),
	    cmocka_unit_test(placement_is_the_process_affinity),
	    cmocka_unit_test(malformed_peer_lines_rejected),
	    cmocka_unit_test(availability_follows_the_binary),
	    cmocka_unit_test(argv_is_the_configuration),
	    cmocka_unit_test(exec_failure_is_reported),
	    cmocka_unit_test(go_catalog_matches_c_workloads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
