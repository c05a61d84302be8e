/* child_placement.c — see child_placement.h. */
#include "child_placement.h"

#include <stdio.h>
#include <string.h>

#include "../machine/cpukind.h"

/* --cpukind of this run (NULL: none); set in the parent, inherited by children. */
static const char *run_cpukind;

/* The parent's topology, opened once for all the checks of a run. */
static topo *parent_topo(char *err, size_t errlen)
{
	static topo *t;
	if (!t && topo_open(&t, NULL, NULL, err, errlen) != 0)
		return NULL;
	return t;
}

bool child_placement_check(const char *policy, int threads, char *err, size_t errlen)
{
	topo *t = parent_topo(err, errlen);
	if (!t)
		return false;
	pl_plan plan;
	int rc = pl_plan_make(t, policy, threads, run_cpukind, PL_BIND, &plan, err, errlen);
	if (rc == CB_OK)
		pl_plan_free(&plan);
	return rc != CB_EINVAL;
}

bool child_placement_configure(const char *cpukind, char *err, size_t errlen)
{
	run_cpukind = cpukind;
	if (!cpukind)
		return true;
	topo *t = parent_topo(err, errlen);
	int kind;
	return t && ck_resolve(t, cpukind, &kind, err, errlen) == 0;
}

const char *child_placement_cpukind(void)
{
	return run_cpukind;
}

bool child_placement_export(const char *outdir, char *err, size_t errlen)
{
	topo *t = parent_topo(err, errlen);
	return t && topo_export_xml(t, outdir, err, errlen) == 0;
}

static void on_thread_exit(void *arg)
{
	pl_check_self(arg);
}

int child_placement_open(child_placement *p, const char *policy, int workers, char *err,
                         size_t errlen)
{
	memset(p, 0, sizeof *p);
	p->plan.pair_class = "";
	if (strcmp(policy, "none") != 0 && topo_open(&p->t, NULL, NULL, err, errlen) != 0)
		return CB_EFAIL;
	if (p->t) {
		int rc = pl_plan_make(p->t, policy, workers, run_cpukind, PL_BIND, &p->plan, err,
		                      errlen);
		if (rc != CB_OK) {
			topo_close(p->t);
			p->t = NULL;
			return rc == CB_EUNAVAIL ? CB_EUNAVAIL : CB_EFAIL;
		}
	}
	pl_check_init(&p->check, &p->plan);
	p->hooks = (rt_thread_hooks){.on_thread_exit = on_thread_exit, .arg = &p->check};
	return CB_OK;
}

void child_placement_after_run(child_placement *p)
{
	pl_check_self(&p->check);
}

void child_placement_info(const child_placement *p, proto_writer *w)
{
	proto_add(w, "pus", p->plan.pus ? p->plan.pus : "");
	if (p->plan.pair_class[0])
		proto_add(w, "pair_class", p->plan.pair_class);
	if (p->plan.note[0])
		proto_add(w, "placement_note", p->plan.note);
}

void child_placement_rep(child_placement *p, double migrations, proto_writer *w)
{
	if (migrations > 0)
		pl_check_migrations(&p->check, (uint64_t)migrations);
	int m = pl_check_migrated(&p->check);
	if (m >= 0)
		proto_addf(w, "migrated", "%d", m);
}

void child_placement_close(child_placement *p)
{
	pl_plan_free(&p->plan);
	topo_close(p->t);
	p->t = NULL;
}
