/*
 * c_correct.c — the claims that are not about speed: C3 (channels make
 * correct programs easier), C9 (a channel is a FIFO that blocks when full or
 * empty) and C12 (channels isolate data: tasks do not interfere). What a run
 * can show about them is that every answer was checked: a repetition reaches
 * runs.csv only when its workload's verify() passed, and a wrong answer is a
 * `verify` row of failures.csv. docs/CLAIMS.md has the rules in full.
 *
 *   C3: not measured (ease is about programmers); shown: the answers checked
 *       and the price of channels against a mutex-protected queue (pipeline,
 *       mpmc), tested but outside the verdict.
 *   C9: not measured in a results directory (make test's semantics and
 *       history tests check FIFO order and blocking); shown: the answers
 *       checked, per capacity where the run has several.
 *   C12: per runtime and variant over the channel workloads (main run and
 *       every part): holds when answers were checked and none was wrong, does
 *       not hold on a wrong answer, cannot tell when every round failed
 *       otherwise (a timeout or crash checks nothing).
 */
#include <stdio.h>
#include <string.h>

#include "claim.h"

#define N_OF(a)    ((int)(sizeof(a) / sizeof(a)[0]))
#define MAX_SERIES 32

/* A runtime/variant's answers over the channel workloads. */
typedef struct tally {
	char series[RM_NAME]; /* runtime/variant ("gmp/go", "go")          */
	int ok;               /* repetitions whose answer was right        */
	int bad;              /* rounds with a wrong answer (verify)       */
	int other;            /* rounds that failed otherwise              */
	char workloads[200];  /* the workloads, ", "-separated             */
} tally;

/* The host's results directories: its main run and every loaded part. */
static int host_dirs(const cl_ctx *x, const rr_dir **out, int max)
{
	const rm_host *h = &x->m->hosts[x->h];
	int n = 0;
	out[n++] = &h->dir;
	for (int p = 0; p < h->nparts && n < max; p++)
		if (h->parts[p].ok)
			out[n++] = &h->parts[p].dir;
	return n;
}

/* Whether workload w moves data through channels here: some row of it in the
 * main run uses a variant of runtimes/chan (the Go peer's rows say
 * go-native even where no channel is used). */
static bool channel_workload(const cl_ctx *x, const char *w)
{
	const rr_dir *d = &x->m->hosts[x->h].dir;
	for (int i = 0; i < d->nruns; i++)
		if (!strcmp(d->runs[i].workload, w) && strcmp(d->runs[i].chan, "-") &&
		    strcmp(d->runs[i].chan, "go-native"))
			return true;
	return false;
}

static tally *tally_of(tally *t, int *n, const char *rt, const char *chan)
{
	char s[RM_NAME];
	rm_rt_chan(rt, chan, s, sizeof s);
	for (int i = 0; i < *n; i++)
		if (!strcmp(t[i].series, s))
			return &t[i];
	if (*n == MAX_SERIES)
		return NULL;
	memset(&t[*n], 0, sizeof t[*n]);
	snprintf(t[*n].series, sizeof t[*n].series, "%s", s);
	return &t[(*n)++];
}

static void add_workload(tally *t, const char *w)
{
	if (strstr(t->workloads, w))
		return;
	size_t l = strlen(t->workloads);
	snprintf(t->workloads + l, sizeof t->workloads - l, "%s%s", l ? ", " : "", w);
}

/* The answers of every channel workload of the host, per runtime/variant;
 * *configs counts the configurations seen. Returns the number of series. */
static int answers(cl_ctx *x, tally *t, int *configs)
{
	const rr_dir *dirs[RM_MAX_PARTS + 1];
	int nd = host_dirs(x, dirs, RM_MAX_PARTS + 1), n = 0;
	*configs = 0;
	for (int k = 0; k < nd; k++) {
		const rr_dir *d = dirs[k];
		for (int i = 0; i < d->nruns; i++) {
			const rr_run *r = &d->runs[i];
			if (!channel_workload(x, r->workload))
				continue;
			tally *s = tally_of(t, &n, r->runtime, r->chan);
			if (s) {
				s->ok++;
				add_workload(s, r->workload);
			}
		}
		const csvr_table *f = &d->failures;
		int ck = csvr_col(f, "key"), kk = csvr_col(f, "kind");
		for (int i = 0; ck >= 0 && i < f->nrows; i++) {
			const char *key = csvr_cell(f, i, ck);
			char w[RM_NAME], rt[RM_NAME], ch[RM_NAME];
			if (!key_component(key, "workload", w, sizeof w) ||
			    !key_component(key, "runtime", rt, sizeof rt) ||
			    !key_component(key, "chan", ch, sizeof ch) || !channel_workload(x, w))
				continue;
			tally *s = tally_of(t, &n, rt, ch);
			if (!s)
				continue;
			if (kk >= 0 && !strcmp(csvr_cell(f, i, kk), "verify"))
				s->bad++;
			else
				s->other++;
			add_workload(s, w);
		}
	}
	const report_model *m = x->m;
	for (int i = 0; i < m->ncfg + m->nxcfg; i++) {
		const rm_config *c = i < m->ncfg ? &m->cfg[i] : &m->xcfg[i - m->ncfg];
		if (c->host == x->h && channel_workload(x, c->row->workload)) {
			cl_used(x, c);
			(*configs)++;
		}
	}
	return n;
}

/* One information item: every answer of the channel workloads, in total. */
static void answers_info(cl_ctx *x, const tally *t, int n, int configs)
{
	int ok = 0, bad = 0, other = 0;
	for (int i = 0; i < n; i++) {
		ok += t[i].ok;
		bad += t[i].bad;
		other += t[i].other;
	}
	if (n == 0)
		return;
	cl_info(x, "answers checked", "results",
	        "channel workloads: %d repetitions of %d configurations, each answer checked; "
	        "%d wrong answer%s, %d round%s failed otherwise",
	        ok, configs, bad, bad == 1 ? "" : "s", other, other == 1 ? "" : "s");
}

void claim_c3(cl_ctx *x)
{
	tally t[MAX_SERIES];
	int configs, n = answers(x, t, &configs);
	answers_info(x, t, n, configs);
	cl_vs_mutex(x, "pipeline", 1, true);
	cl_vs_mutex(x, "mpmc", 1, true);
	cl_note(x, "ease: a study of the defects in programs written with channels and with "
	           "locks would measure it, not a benchmark");
	cl_end_as(x, RP_NOT_MEASURED,
	          "whether channels make correct programs easier is a question about "
	          "programmers, which no benchmark run answers; shown: every answer checked, "
	          "and what channels cost against a mutex-protected queue");
}

void claim_c9(cl_ctx *x)
{
	tally t[MAX_SERIES];
	int configs, n = answers(x, t, &configs);
	answers_info(x, t, n, configs);
	/* the capacities the run has, per channel workload */
	const report_model *m = x->m;
	const char *wls[16];
	int nw = 0;
	for (int i = 0; i < m->ncfg; i++)
		if (m->cfg[i].host == x->h && channel_workload(x, m->cfg[i].row->workload))
			rm_find_or_add(wls, &nw, 16, m->cfg[i].row->workload);
	for (int w = 0; w < nw; w++) {
		char caps[120] = "";
		int reps = 0;
		for (int i = 0; i < m->ncfg; i++) {
			long long v;
			const rm_config *c = &m->cfg[i];
			if (c->host != x->h || strcmp(c->row->workload, wls[w]) ||
			    !(rm_param(c->row, "cap", &v) || rm_param(c->row, "capacity", &v)))
				continue;
			reps += c->g->n;
			char one[32];
			snprintf(one, sizeof one, "%lld", v);
			size_t l = strlen(caps);
			if (!strstr(caps, one) && l + 24 < sizeof caps)
				snprintf(caps + l, sizeof caps - l, "%s%s", l ? ", " : "", one);
		}
		if (reps)
			cl_info(x, wls[w], "results",
			        "%s at capacities %s: %d repetitions, every answer right", wls[w],
			        caps, reps);
	}
	cl_note(x, "FIFO order and blocking when full or empty: make test's "
	           "tests/test_chan_semantics.c and tests/test_chan_history.c check them for "
	           "every variant on every runtime; a results directory does not record them");
	cl_end_as(x, RP_NOT_MEASURED,
	          "a results directory cannot show FIFO order or blocking (no workload's answer "
	          "depends on the order); make test's semantics and history tests check both");
}

void claim_c12(cl_ctx *x)
{
	tally t[MAX_SERIES];
	int configs, n = answers(x, t, &configs);
	x->noun = "runtime/variants";
	for (int i = 0; i < n; i++) {
		const tally *s = &t[i];
		if (s->bad)
			cl_fact(x, RP_EV_DOES_NOT, s->series, "results",
			        "%s: %d wrong answer%s (failures.csv: verify) on %s; %d "
			        "repetitions right",
			        s->series, s->bad, s->bad > 1 ? "s" : "", s->workloads, s->ok);
		else if (s->ok)
			cl_fact(x, RP_EV_HOLDS, s->series, "results",
			        "%s: %d repetitions of %s, every answer right%s", s->series, s->ok,
			        s->workloads, s->other ? "; some rounds failed otherwise" : "");
		else
			cl_fact(x, RP_EV_CANNOT_TELL, s->series, "results",
			        "%s: no answer to check on %s (%d round%s failed, not on a wrong "
			        "answer)",
			        s->series, s->workloads, s->other, s->other > 1 ? "s" : "");
	}
	if (n == 0)
		cl_note(x, "channel workloads (mpmc, pipeline, spsc, ...): corobench run -w all");
	cl_note(x, "interleavings beyond these runs: make test's history checker and litmus tests "
	           "(tests/test_chan_history.c, test_chan_litmus.c) look for torn, lost or "
	           "duplicated values in every variant; not part of a results directory");
	cl_end(x);
}
