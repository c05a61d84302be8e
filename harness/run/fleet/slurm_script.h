/*
 * slurm_script.h — the batch script of `corobench fleet --slurm`:
 * scripts/corobench-slurm.sh as it is in the tree, built into the binary by the
 * Makefile (build/gen/slurm_script.c), so the fleet submits, and --dry-run
 * prints, the documented file itself (docs/SLURM.md), from any directory.
 */
#ifndef COROBENCH_SLURM_SCRIPT_H
#define COROBENCH_SLURM_SCRIPT_H

/* The script's text, NUL-terminated. */
extern const char slurm_script_text[];

#endif
