/* slurm_job.c — see slurm_job.h. */
#include "slurm_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of key (without '=') in a line of space-separated Key=Value pairs,
 * up to the next space, into out; false when absent. */
static bool kv(const char *line, const char *key, char *out, size_t len)
{
	size_t k = strlen(key);
	for (const char *p = line; (p = strstr(p, key)) != NULL; p += k) {
		if ((p != line && p[-1] != ' ' && p[-1] != '\n') || p[k] != '=')
			continue;
		const char *v = p + k + 1;
		size_t n = strcspn(v, " \n");
		snprintf(out, len, "%.*s", (int)n, v);
		return true;
	}
	return false;
}

static void none_to_empty(char *s)
{
	if (!strcmp(s, "(null)") || !strcmp(s, "None assigned"))
		s[0] = '\0';
}

bool sj_parse_scontrol(const char *text, sj_state *s)
{
	memset(s, 0, sizeof *s);
	s->run_s = -1;
	char line[8192];
	snprintf(line, sizeof line, "%.*s", (int)strcspn(text, "\n"), text);
	if (!kv(line, "JobState", s->state, sizeof s->state) || !s->state[0])
		return false;
	kv(line, "Reason", s->reason, sizeof s->reason);
	kv(line, "NodeList", s->nodes, sizeof s->nodes);
	none_to_empty(s->nodes);
	kv(line, "Partition", s->partition, sizeof s->partition);
	kv(line, "ExitCode", s->exit_code, sizeof s->exit_code);
	char rt[64];
	if (kv(line, "RunTime", rt, sizeof rt))
		s->run_s = sj_duration(rt);
	return true;
}

bool sj_parse_sacct(const char *text, const char *id, sj_state *s)
{
	memset(s, 0, sizeof *s);
	s->run_s = -1;
	for (const char *p = text; p && *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char line[4096];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		p = end ? end + 1 : NULL;
		/* JobID|State|Reason|NodeList|ExitCode|Elapsed|Partition */
		char *f[7] = {0};
		int nf = 0;
		for (char *q = line; q && nf < 7; nf++) {
			f[nf] = q;
			q = strchr(q, '|');
			if (q)
				*q++ = '\0';
		}
		if (nf < 6 || strcmp(f[0], id) != 0)
			continue;
		snprintf(s->state, sizeof s->state, "%.*s", (int)strcspn(f[1], " "), f[1]);
		snprintf(s->reason, sizeof s->reason, "%s", f[2]);
		snprintf(s->nodes, sizeof s->nodes, "%s", f[3]);
		none_to_empty(s->nodes);
		snprintf(s->exit_code, sizeof s->exit_code, "%s", f[4]);
		s->run_s = sj_duration(f[5]);
		if (nf > 6)
			snprintf(s->partition, sizeof s->partition, "%s", f[6]);
		return s->state[0] != '\0';
	}
	return false;
}

long sj_duration(const char *t)
{
	long d = 0, part[3] = {0, 0, 0};
	int n = 0;
	const char *dash = strchr(t, '-');
	if (dash) {
		char *end;
		d = strtol(t, &end, 10);
		if (end != dash || d < 0)
			return -1;
		t = dash + 1;
	}
	while (*t) {
		if (n == 3 || *t < '0' || *t > '9')
			return -1;
		char *end;
		part[n++] = strtol(t, &end, 10);
		t = end;
		if (*t == ':')
			t++;
		else if (*t)
			return -1;
	}
	if (n < 2)
		return -1;
	long h = n == 3 ? part[0] : 0, m = part[n - 2], sec = part[n - 1];
	return d * 86400 + h * 3600 + m * 60 + sec;
}

static const struct {
	const char *state;   /* Slurm's base state */
	bool terminal;       /* it will not change */
	const char *meaning; /* for the measurement */
} states[] = {
    {"PENDING", false, "waiting for nodes"},
    {"CONFIGURING", false, "nodes being readied"},
    {"RUNNING", false, "running"},
    {"COMPLETING", false, "ending: its processes are being cleaned up"},
    {"SUSPENDED", false, "suspended by the scheduler: its timings would include the pause"},
    {"REQUEUED", false, "requeued"},
    {"RESIZING", false, "being resized"},
    {"STAGE_OUT", false, "staging out"},
    {"SIGNALING", false, "being signalled"},
    {"COMPLETED", true, "ran to its end"},
    {"FAILED", true, "a step exited non-zero or could not start"},
    {"CANCELLED", true, "cancelled (scancel, or an administrator)"},
    {"TIMEOUT", true, "reached its time limit: give a longer --time"},
    {"PREEMPTED", true, "preempted by a job of higher priority"},
    {"NODE_FAIL", true, "a node it ran on failed"},
    {"BOOT_FAIL", true, "a node could not boot"},
    {"DEADLINE", true, "reached its deadline"},
    {"OUT_OF_MEMORY", true, "ran out of memory: the cgroup's limit killed it"},
    {"SPECIAL_EXIT", true, "held after a special exit"},
    {"REVOKED", true, "revoked (federation)"},
};

static int find_state(const char *state)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(states[i].state, state) == 0)
			return (int)i;
	return -1;
}

bool sj_terminal(const char *state)
{
	int i = find_state(state);
	return i >= 0 && states[i].terminal;
}

const char *sj_meaning(const char *state)
{
	int i = find_state(state);
	return i >= 0 ? states[i].meaning : "";
}

bool sj_safe_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 63 || name[0] == '.' || name[0] == '-')
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
	       n;
}
