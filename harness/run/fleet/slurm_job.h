/*
 * slurm_job.h — what Slurm says about a job, read from its own commands'
 * text: `scontrol show job -o ID` (one line of Key=Value pairs, while
 * slurmctld remembers the job: MinJobAge after its end, 300 s by default) and
 * `sacct -X -n -P -o JobID,State,Reason,NodeList,ExitCode,Elapsed,Partition -j ID`
 * (where accounting is on; it remembers for good). The Slurm backend of
 * `corobench fleet` (fleet_slurm.h) waits on these states and lists a node
 * that did not deliver with Slurm's own words.
 *
 * What it promises
 *   - Parsing never fails on unknown keys or on values with spaces after the
 *     keys it reads (Command=, WorkDir=, StdOut= hold paths); a key is matched
 *     only at the start of the line or after a space ("NodeList=" is never
 *     read from "ReqNodeList=").
 *   - sj_terminal: the job will not change any more (Slurm's base states
 *     COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, BOOT_FAIL,
 *     DEADLINE, OUT_OF_MEMORY, SPECIAL_EXIT and REVOKED); sj_meaning says in a
 *     few words what a state means for the measurement.
 *   - Pure functions of their text: tests/test_slurm_job.c feeds them the lines
 *     Debian's Slurm 22.05 printed on the test cluster.
 */
#ifndef COROBENCH_SLURM_JOB_H
#define COROBENCH_SLURM_JOB_H

#include <stdbool.h>
#include <stddef.h>

/* One job as Slurm reports it. */
typedef struct sj_state {
	char state[32];      /* JobState: PENDING, RUNNING, COMPLETED, ... ("" unknown)   */
	char reason[160];    /* Reason (None, Resources, PartitionDown, TimeLimit, ...)  */
	char nodes[1024];    /* NodeList in Slurm's compressed form, "" when none        */
	char partition[128]; /* Partition                                               */
	char exit_code[32];  /* ExitCode "status:signal", e.g. "0:0", "1:0", "0:15"      */
	long run_s;          /* RunTime (or sacct's Elapsed) in seconds, -1 unknown      */
} sj_state;

/* Parses `scontrol show job -o` output (its first line). False when the line
 * holds no JobState (slurmctld forgot the job: "Invalid job id specified"). */
bool sj_parse_scontrol(const char *text, sj_state *s);

/* Parses `sacct -X -n -P -o JobID,State,Reason,NodeList,ExitCode,Elapsed,Partition`
 * output: the first line whose JobID is id. States such as "CANCELLED by 0"
 * keep their first word. False when no line is the job's. */
bool sj_parse_sacct(const char *text, const char *id, sj_state *s);

/* Slurm's [D-][HH:]MM:SS (or "UNLIMITED", "INVALID") in seconds; -1 when not a
 * duration. */
long sj_duration(const char *text);

/* The job will not change state any more. */
bool sj_terminal(const char *state);

/* A few words on what state means here ("ran to its end", "reached its time
 * limit: raise --time", ...); "" for a state it does not know. */
const char *sj_meaning(const char *state);

/* Is name safe as a file name part (a node name from Slurm): 1-63 of
 * [A-Za-z0-9._-], not starting with '.' or '-'. */
bool sj_safe_name(const char *name);

#endif
