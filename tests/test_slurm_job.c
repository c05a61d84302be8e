/* test_slurm_job.c — what the Slurm backend of `corobench fleet` reads
 * (harness/run/fleet/slurm_job.h): `scontrol show job -o` lines as Debian's Slurm
 * 22.05 printed them on the test cluster (tests/e2e_slurm.sh), sacct's
 * parsable lines, durations, states, node names; the cgroup memory limit
 * (harness/machine/memlimit.h) on a fake /proc and /sys/fs/cgroup; and
 * proc_capture (harness/base/proc.h), which runs Slurm's commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../harness/base/proc.h"
#include "../harness/machine/memlimit.h"
#include "../harness/run/fleet/slurm_job.h"
#include "support/resfix.h"

/* Slurm 22.05's lines, as printed on the test cluster (a path with a space in
 * Command= and WorkDir= added: values after the keys read may hold spaces). */
static const char completed[] =
    "JobId=5 JobName=corobench-fleet-20261207-175337 UserId=root(0) GroupId=root(0) "
    "MCS_label=N/A Priority=4294901756 Nice=0 Account=(null) QOS=(null) JobState=COMPLETED "
    "Reason=None Dependency=(null) Requeue=0 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 "
    "RunTime=00:00:07 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-12-07T17:53:37 "
    "Partition=debug AllocNode:Sid=localhost:29746 ReqNodeList=(null) ExcNodeList=(null) "
    "NodeList=vm BatchHost=vm NumNodes=1 NumCPUs=2 NumTasks=1 CPUs/Task=1 "
    "Command=/tmp/my fleet/corobench-slurm.sh WorkDir=/tmp/my fleet StdErr=/dev/null\n";
static const char pending[] =
    "JobId=7 JobName=corobench UserId=root(0) JobState=PENDING Reason=PartitionDown "
    "Dependency=(null) ExitCode=0:0 RunTime=00:00:00 Partition=held ReqNodeList=n01 "
    "ExcNodeList=(null) NodeList=(null) BatchHost=(null)\n";
static const char timeout[] = "JobId=1 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15 "
                              "RunTime=1-02:03:04 Partition=debug NodeList=n[01-04]";

static void scontrol_lines(void **state)
{
	(void)state;
	sj_state s;
	assert_true(sj_parse_scontrol(completed, &s));
	assert_string_equal(s.state, "COMPLETED");
	assert_string_equal(s.reason, "None");
	assert_string_equal(s.nodes, "vm");
	assert_string_equal(s.partition, "debug");
	assert_string_equal(s.exit_code, "0:0");
	assert_int_equal(s.run_s, 7);
	assert_true(sj_parse_scontrol(pending, &s));
	assert_string_equal(s.state, "PENDING");
	assert_string_equal(s.reason, "PartitionDown");
	assert_string_equal(s.nodes, ""); /* NodeList=(null), never ReqNodeList's n01 */
	assert_string_equal(s.partition, "held");
	assert_true(sj_parse_scontrol(timeout, &s));
	assert_string_equal(s.nodes, "n[01-04]");
	assert_int_equal(s.run_s, 86400 + 2 * 3600 + 3 * 60 + 4);
	/* slurmctld forgot the job: scontrol prints only an error */
	assert_false(sj_parse_scontrol("slurm_load_jobs error: Invalid job id specified\n", &s));
	assert_false(sj_parse_scontrol("", &s));
	assert_false(sj_parse_scontrol("ReqJobState=RUNNING\n", &s));
}

static void sacct_lines(void **state)
{
	(void)state;
	sj_state s;
	const char text[] = "12|COMPLETED|None|n01|0:0|00:01:02|debug\n"
	                    "13|CANCELLED by 0|None|None assigned|0:0|00:00:00|gpu\n"
	                    "14|PREEMPTED|None|n[02-03]|0:15|00:10:00|debug\n";
	assert_true(sj_parse_sacct(text, "13", &s));
	assert_string_equal(s.state, "CANCELLED");
	assert_string_equal(s.nodes, "");
	assert_string_equal(s.partition, "gpu");
	assert_true(sj_parse_sacct(text, "14", &s));
	assert_string_equal(s.state, "PREEMPTED");
	assert_string_equal(s.nodes, "n[02-03]");
	assert_string_equal(s.exit_code, "0:15");
	assert_int_equal(s.run_s, 600);
	assert_false(sj_parse_sacct(text, "1", &s)); /* "1" is no prefix match of 12-14 */
	assert_false(sj_parse_sacct("", "12", &s));
}

static void durations(void **state)
{
	(void)state;
	assert_int_equal(sj_duration("00:00:00"), 0);
	assert_int_equal(sj_duration("05:06"), 306);
	assert_int_equal(sj_duration("01:00:00"), 3600);
	assert_int_equal(sj_duration("2-00:00:01"), 2 * 86400 + 1);
	assert_int_equal(sj_duration("UNLIMITED"), -1);
	assert_int_equal(sj_duration("INVALID"), -1);
	assert_int_equal(sj_duration("5"), -1);
	assert_int_equal(sj_duration("1:2:3:4"), -1);
	assert_int_equal(sj_duration(""), -1);
}

static void states(void **state)
{
	(void)state;
	const char *terminal[] = {"COMPLETED", "FAILED",    "CANCELLED",
	                          "TIMEOUT",   "PREEMPTED", "NODE_FAIL",
	                          "BOOT_FAIL", "DEADLINE",  "OUT_OF_MEMORY"};
	for (size_t i = 0; i < sizeof terminal / sizeof terminal[0]; i++) {
		assert_true(sj_terminal(terminal[i]));
		assert_true(strlen(sj_meaning(terminal[i])) > 0);
	}
	assert_false(sj_terminal("PENDING"));
	assert_false(sj_terminal("RUNNING"));
	assert_false(sj_terminal("COMPLETING"));
	assert_false(sj_terminal("SUSPENDED"));
	assert_false(sj_terminal("NO_SUCH_STATE"));
	assert_string_equal(sj_meaning("NO_SUCH_STATE"), "");
	assert_non_null(strstr(sj_meaning("TIMEOUT"), "--time"));
}

static void node_names(void **state)
{
	(void)state;
	assert_true(sj_safe_name("vm"));
	assert_true(sj_safe_name("node-01.cluster_a"));
	assert_false(sj_safe_name(""));
	assert_false(sj_safe_name(".."));
	assert_false(sj_safe_name("-n"));
	assert_false(sj_safe_name("a/b"));
	assert_false(sj_safe_name("a b"));
	assert_false(sj_safe_name("$(x)"));
}

static char root[256];

/* Writes text to root/path (path without its leading '/'). */
static void put(const char *path, const char *text)
{
	assert_true(resfix_file(root, path + 1, text));
}

static void memory_limits(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/corobench-memlimit-XXXXXX");
	assert_non_null(mkdtemp(root));
	uint64_t b = 0;
	char where[600];
	/* none: no cgroup file */
	assert_false(memlimit_read(root, &b, where, sizeof where));
	/* cgroup v2: the job's limit below an unlimited parent */
	put("/proc/self/cgroup", "0::/system.slice/slurmstepd.scope/job_17/step_0\n");
	put("/sys/fs/cgroup/system.slice/memory.max", "max\n");
	put("/sys/fs/cgroup/system.slice/slurmstepd.scope/job_17/memory.max", "1073741824\n");
	put("/sys/fs/cgroup/system.slice/slurmstepd.scope/job_17/step_0/memory.max", "max\n");
	assert_true(memlimit_read(root, &b, where, sizeof where));
	assert_int_equal(b, 1073741824);
	assert_string_equal(where,
	                    "/sys/fs/cgroup/system.slice/slurmstepd.scope/job_17/memory.max");
	/* the tightest level wins */
	put("/sys/fs/cgroup/system.slice/memory.max", "536870912\n");
	assert_true(memlimit_read(root, &b, where, sizeof where));
	assert_int_equal(b, 536870912);
	/* cgroup v1: the memory controller's line; its "unlimited" is not a limit */
	put("/proc/self/cgroup", "5:cpuset:/slurm/uid_0/job_9\n4:memory:/slurm/uid_0/job_9\n");
	put("/sys/fs/cgroup/memory/slurm/uid_0/job_9/memory.limit_in_bytes",
	    "9223372036854771712\n");
	assert_false(memlimit_read(root, &b, where, sizeof where));
	put("/sys/fs/cgroup/memory/slurm/uid_0/job_9/memory.limit_in_bytes", "2147483648\n");
	assert_true(memlimit_read(root, &b, where, sizeof where));
	assert_int_equal(b, 2147483648ULL);
	assert_string_equal(where, "/sys/fs/cgroup/memory/slurm/uid_0/job_9/memory.limit_in_bytes");
	resfix_rmrf(root);
}

static void capture_keeps_both_streams(void **state)
{
	(void)state;
	char out[64], err[16];
	const char *both[] = {"sh", "-c", "echo 42; echo 'sbatch: error: bad' >&2; exit 3", NULL};
	assert_int_equal(proc_capture(both, out, sizeof out, err, sizeof err), 3);
	assert_string_equal(out, "42\n");
	assert_string_equal(err, "ch: error: bad\n"); /* the tail: 15 bytes */
	/* a lot on both streams never blocks, the head of stdout is kept */
	const char *lots[] = {
	    "sh", "-c",
	    "i=0; while [ $i -lt 3000 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done", NULL};
	assert_int_equal(proc_capture(lots, out, sizeof out, err, sizeof err), 0);
	assert_true(strncmp(out, "out0\nout1\n", 10) == 0);
	assert_string_equal(err, "rr2998\nerr2999\n");
	const char *missing[] = {"/nonexistent/sbatch", NULL};
	assert_int_equal(proc_capture(missing, out, sizeof out, err, sizeof err), 127);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(scontrol_lines),
	    cmocka_unit_test(sacct_lines),
	    cmocka_unit_test(durations),
	    cmocka_unit_test(states),
	    cmocka_unit_test(node_names),
	    cmocka_unit_test(memory_limits),
	    cmocka_unit_test(capture_keeps_both_streams),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
