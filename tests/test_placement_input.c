/*
 * test_placement_input.c — bad input to the placement layer gets one clear line
 * naming the value (and the right status: CB_EINVAL for bad input, CB_EUNAVAIL for
 * what this machine cannot do); a loaded topology is never bound to; the `-p`
 * list splitter keeps cpus: lists whole; the migration check flags a thread seen
 * outside its plan. Binding checks use this machine and skip what needs more
 * CPUs than it has; nothing here is timed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include "../harness/base/parse.h"
#include "../harness/machine/migrate.h"
#include "../harness/machine/placement.h"

static topo *open_ok(const char *xml, const char *synthetic)
{
	char err[PL_ERR_LEN];
	topo *t = NULL;
	if (topo_open(&t, xml, synthetic, err, sizeof err) != 0)
		fail_msg("%s", err);
	return t;
}

static void expect(const topo *t, const char *policy, int workers, const char *kind, unsigned flags,
                   int rc, const char *needle)
{
	pl_plan p;
	char err[PL_ERR_LEN] = "";
	int got = pl_plan_make(t, policy, workers, kind, flags, &p, err, sizeof err);
	if (got != rc)
		fail_msg("%s x%d: rc %d, expected %d (%s)", policy, workers, got, rc, err);
	if (got == CB_OK) {
		pl_plan_free(&p);
		return;
	}
	assert_null(strchr(err, '\n'));
	if (!strstr(err, needle))
		fail_msg("%s x%d: message '%s' lacks '%s'", policy, workers, err, needle);
}

static void bad_policies(void **state)
{
	(void)state;
	topo *t = open_ok(NULL, "pack:2 core:2 pu:2");
	expect(t, "nosuch", 1, NULL, 0, CB_EINVAL, "'nosuch'");
	expect(t, "", 1, NULL, 0, CB_EINVAL, "empty");
	expect(t, "Compact", 1, NULL, 0, CB_EINVAL, "known: none, compact");
	expect(t, "cpus:", 1, NULL, 0, CB_EINVAL, "empty cpus: list");
	expect(t, "cpus:a", 1, NULL, 0, CB_EINVAL, "'cpus:a'");
	expect(t, "cpus:3-1", 1, NULL, 0, CB_EINVAL, "A <= B");
	expect(t, "cpus:1,1", 1, NULL, 0, CB_EINVAL, "PU 1 is listed twice");
	expect(t, "cpus:0-2,2", 1, NULL, 0, CB_EINVAL, "PU 2 is listed twice");
	expect(t, "cpus:0,", 1, NULL, 0, CB_EINVAL, "empty item");
	expect(t, "cpus:0,,1", 1, NULL, 0, CB_EINVAL, "'cpus:0,,1'");
	expect(t, "cpus:-1", 1, NULL, 0, CB_EINVAL, "'cpus:-1'");
	expect(t, "cpus:99999999", 1, NULL, 0, CB_EINVAL, "'cpus:99999999'");
	/* the machine lacks PU 8 (it has 0-7) */
	expect(t, "cpus:0,8", 1, NULL, 0, CB_EINVAL, "PU 8 does not exist");
	/* more workers than places: refused (documented), never wrapped */
	expect(t, "compact", 9, NULL, 0, CB_EUNAVAIL, "9 workers but");
	expect(t, "cores", 5, NULL, 0, CB_EUNAVAIL, "4 usable cores");
	expect(t, "cpus:0-2", 4, NULL, 0, CB_EUNAVAIL, "3 usable listed PUs");
	expect(t, "scatter", 0, NULL, 0, CB_EINVAL, "at least one worker");
	expect(t, "l3", 3, NULL, 0, CB_EUNAVAIL, "exactly 2 workers");
	expect(t, "cross-numa", 2, NULL, 0, CB_EUNAVAIL,
	       "pair classes there: smt, cross-l3, cross-package");
	expect(t, "compact", 1, "P", 0, CB_EINVAL, "reports no CPU kinds");
	expect(t, "none", 100, NULL, 0, CB_OK, ""); /* unpinned: oversubscription allowed */
	topo_close(t);

	char err[PL_ERR_LEN];
	const char *bad[] = {"nosuch", "cpus:x", "", "cpus:5-", "l4"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(pl_policy_check(bad[i], err, sizeof err));
		assert_true(err[0] != '\0');
	}
	assert_true(pl_policy_check("cpus:0,2,4-7", err, sizeof err));
	assert_true(pl_policy_check("cross-package", err, sizeof err));
}

static void bad_topologies(void **state)
{
	(void)state;
	char err[PL_ERR_LEN];
	topo *t;
	assert_int_equal(topo_open(&t, NULL, "pack:2 bogus:3", err, sizeof err), -1);
	assert_non_null(strstr(err, "'pack:2 bogus:3'"));
	assert_int_equal(topo_open(&t, NULL, "", err, sizeof err), -1);
	assert_int_equal(topo_open(&t, "/nonexistent/x.xml", NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "'/nonexistent/x.xml'"));
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(topo_open(&t, "tests", NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(topo_open(&t, "", NULL, err, sizeof err), -1);
	char junk[] = "/tmp/corobench-junk-XXXXXX";
	int fd = mkstemp(junk);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "<topology>nope", 14), 14);
	close(fd);
	assert_int_equal(topo_open(&t, junk, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "not an hwloc XML"));
	unlink(junk);
	assert_int_equal(topo_open(&t, "a.xml", "pack:1", err, sizeof err), -1);
	assert_non_null(strstr(err, "exclusive"));
}

/* A loaded topology is not this system: plans yes, binding no. */
static void loaded_topology_is_not_bound(void **state)
{
	(void)state;
	char err[PL_ERR_LEN];
	topo *t = open_ok("tests/topologies/16em64t-4s2c2t.xml", NULL);
	assert_false(t->this_system);
	assert_false(topo_can_bind(t, err, sizeof err));
	assert_non_null(strstr(err, "not this system"));
	expect(t, "compact", 2, NULL, 0, CB_OK, "");
	expect(t, "compact", 2, NULL, PL_BIND, CB_EINVAL, "binding threads to it is refused");
	expect(t, "none", 2, NULL, PL_BIND, CB_OK, ""); /* nothing to bind */
	topo_close(t);
	t = open_ok(NULL, "pack:1 core:2 pu:1");
	expect(t, "cores", 1, NULL, PL_BIND, CB_EINVAL, "not this system");
	topo_close(t);
}

static void this_system(void **state)
{
	(void)state;
	char err[PL_ERR_LEN];
	topo *t = open_ok(NULL, NULL);
	assert_true(t->this_system);
	assert_true(t->npus >= 1);
	assert_true(topo_can_bind(t, err, sizeof err));
	pl_plan p;
	assert_int_equal(pl_plan_make(t, "compact", t->npus, NULL, PL_BIND, &p, err, sizeof err),
	                 CB_OK);
	assert_non_null(p.pin_sets);
	pl_plan_free(&p);
	expect(t, "compact", t->npus + 1, NULL, PL_BIND, CB_EUNAVAIL, "-p none");
	expect(t, "cpus:4000", 1, NULL, PL_BIND, CB_EINVAL, "PU 4000");
	char dir[] = "/tmp/corobench-topo-XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(topo_export_xml(t, dir, err, sizeof err), 0);
	char path[256];
	snprintf(path, sizeof path, "%s/topology.xml", dir);
	topo *back = open_ok(path, NULL); /* what we export, hwloc loads */
	assert_int_equal(back->npus >= t->npus, 1);
	assert_false(back->this_system);
	topo_close(back);
	unlink(path);
	rmdir(dir);
	topo_close(t);
}

static void policy_lists(void **state)
{
	(void)state;
	char err[PL_ERR_LEN], **items;
	int n;
	assert_true(pl_policy_split("compact,cpus:0,2,4-7,scatter", &items, &n, err, sizeof err));
	assert_int_equal(n, 3);
	assert_string_equal(items[0], "compact");
	assert_string_equal(items[1], "cpus:0,2,4-7");
	assert_string_equal(items[2], "scatter");
	parse_list_free(items, n);
	assert_true(pl_policy_split("cpus:0,1,cpus:1,0", &items, &n, err, sizeof err));
	assert_int_equal(n, 2);
	parse_list_free(items, n);
	struct {
		const char *list, *needle;
	} bad[] = {
	    {"compact,compact", "appears twice"},
	    {"compact,,scatter", "empty"},
	    {"compact,nosuch", "'nosuch'"},
	    {"", "empty"},
	    {"cpus:0,,1", "empty"},
	    {"scatter,", "empty"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_false(pl_policy_split(bad[i].list, &items, &n, err, sizeof err));
		if (!strstr(err, bad[i].needle))
			fail_msg("'%s': message '%s' lacks '%s'", bad[i].list, err, bad[i].needle);
	}
}

typedef struct probe {
	pl_check *chk; /* the check under test    */
	cpu_set_t on;  /* where the thread is pinned */
	bool result;   /* pl_check_self's answer  */
} probe;

static void *probe_thread(void *arg)
{
	probe *p = arg;
	if (pthread_setaffinity_np(pthread_self(), sizeof p->on, &p->on) == 0)
		p->result = pl_check_self(p->chk);
	return NULL;
}

static bool run_probe(pl_check *c, int cpu)
{
	probe p = {.chk = c, .result = true};
	CPU_ZERO(&p.on);
	CPU_SET(cpu, &p.on);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, probe_thread, &p), 0);
	pthread_join(th, NULL);
	return p.result;
}

static void migration_check(void **state)
{
	(void)state;
	char err[PL_ERR_LEN], msg[256];
	topo *t = open_ok(NULL, NULL);
	pl_plan p;
	pl_check c;

	assert_int_equal(pl_plan_make(t, "none", 2, NULL, PL_BIND, &p, err, sizeof err), CB_OK);
	pl_check_init(&c, &p);
	assert_true(pl_check_self(&c));
	assert_int_equal(pl_check_migrated(&c), -1); /* unpinned: column empty */
	pl_plan_free(&p);

	assert_int_equal(pl_plan_make(t, "compact", 1, NULL, PL_BIND, &p, err, sizeof err), CB_OK);
	unsigned home = t->pus[p.pu[0]].os;
	pl_check_init(&c, &p);
	assert_true(run_probe(&c, (int)home));
	assert_int_equal(pl_check_migrated(&c), 0);
	pl_check_migrations(&c, 0);
	assert_int_equal(pl_check_migrated(&c), 0);
	pl_check_migrations(&c, 1); /* one PU per worker: any counted move is a move */
	assert_int_equal(pl_check_migrated(&c), 1);
	pl_check_describe(&c, &p, msg, sizeof msg);
	assert_non_null(strstr(msg, "cpu-migrations"));
	if (t->npus >= 2) { /* a worker on a CPU outside its plan */
		pl_check_init(&c, &p);
		assert_false(run_probe(&c, (int)t->pus[1].os));
		assert_int_equal(pl_check_migrated(&c), 1);
		pl_check_describe(&c, &p, msg, sizeof msg);
		assert_non_null(strstr(msg, "outside PUs"));
	}
	pl_plan_free(&p);
	topo_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bad_policies),
	    cmocka_unit_test(bad_topologies),
	    cmocka_unit_test(loaded_topology_is_not_bound),
	    cmocka_unit_test(this_system),
	    cmocka_unit_test(policy_lists),
	    cmocka_unit_test(migration_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
