/*
 * plan_preview.h — the parent's look at placements before anything runs, for
 * `run --dry-run` (which configurations this machine will skip, and why) and
 * for the environment warnings (may two workers share a core?).
 *
 * What it promises: the same answer a child would get from its plan
 * (pl_plan_make with PL_BIND on this system: child_placement.c), made once per
 * (placement, workers) in the parent; nothing is bound or started. `none` is
 * never skipped; it "may share a core" when it has two or more workers on a
 * machine whose usable PUs include SMT siblings (the scheduler decides).
 */
#ifndef COROBENCH_PLAN_PREVIEW_H
#define COROBENCH_PLAN_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

/* CB_OK (it will run), CB_EUNAVAIL (skipped: why says the reason) or CB_EFAIL
 * (no topology: why says so; the child would fail the same way). shares_core:
 * two workers of the plan may run on one core. */
int plan_preview(const char *policy, int workers, bool *shares_core, char *why, size_t len);

#endif
