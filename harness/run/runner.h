/*
 * runner.h — the parent side of a run: schedules every (configuration, round) in
 * a shuffled order (interleaving spreads machine drift over all configurations),
 * runs each round in its own child process under a watchdog, collects the child's
 * records into the store, and calls back after every round so the writers can
 * replace the results files (an interrupted run keeps complete files).
 *
 * What it promises
 *   - A child that crashes (signal), hangs (past --timeout: killed with SIGKILL,
 *     its whole process group), exits without `kind=done`, or sends a malformed
 *     record yields a failure with its reason; the other rounds still run.
 *   - SIGINT/SIGTERM: the running child is killed, no further round starts,
 *     run->interrupted is set, and runner_run returns normally so the caller
 *     writes what finished.
 *   - Rounds of one configuration run sequentially, never two children at once
 *     (they would disturb each other's numbers).
 *   - No child outlives the harness: each is started with the parent-death
 *     signal (SIGKILL; it survives the Go peer's exec) and checks after setting
 *     it that its parent is still the harness, so a SIGKILLed harness leaves no
 *     child running.
 *   - A child's stderr passes through the parent (to the parent's stderr, as
 *     before), which keeps its tail: a child that dies without a kind=fail
 *     record (gmp out of memory for G stacks: a message, then abort) has the
 *     last line it printed in its failure reason.
 *   - A write that fails stops the run: after_round returning false (the results
 *     files) or a child reporting `fail_kind=write` (its latency file) sets
 *     run->stop_reason, and no further round starts.
 */
#ifndef COROBENCH_RUNNER_H
#define COROBENCH_RUNNER_H

#include <stdbool.h>

#include "child.h"
#include "../results/store.h"

typedef struct runner_options {
	bool progress; /* progress line on stderr          */
	/* e.g. rewrite the results files; false: stop the run (a write failed) */
	bool (*after_round)(cb_run *run, void *arg);
	void *arg; /* passed to after_round            */
} runner_options;

/* Runs every non-skipped configuration of run (configs/results/reps/warmup/
 * rounds/timeout_s/seed must be set). Returns the number of failed rounds. */
int runner_run(cb_run *run, const runner_options *opt);

#endif
