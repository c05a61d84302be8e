#!/bin/sh
# corobench-slurm.sh — one corobench measurement on every node of a Slurm job.
# The batch script `corobench fleet --slurm` submits (built into corobench;
# `fleet --slurm --dry-run` prints it); usable alone (docs/SLURM.md):
#
#   sbatch -N NODES --exclusive [-p PARTITION] [-t TIME] [--cpus-per-task=C] \
#       corobench-slurm.sh COROBENCH DEST run [corobench run options...]
#   sbatch -N NODES --exclusive ... corobench-slurm.sh COROBENCH DEST bench [SEED]
#
#   COROBENCH  the corobench binary, at a path every node sees (a shared file
#              system); its corobench-go beside it is the Go peer
#   DEST       a directory every node and the submitting host see: node N of
#              job J writes DEST/N-jobJ/ (a results directory, written between
#              rounds only, never while a repetition is timed), DEST/N-jobJ.log
#              (what corobench printed) and, when it is done, DEST/N-jobJ.exit
#              (its exit status: 0 all good, 1 some configuration failed, 2 bad
#              usage, 130 stopped by a signal, e.g. Slurm's at the time limit);
#              the script's own output goes to DEST/slurm-J.out
#   run ...    `corobench run` with these options (not --out)
#   bench      the suite of `make bench` (scripts/bench.sh beside the binary's
#              source tree: COROBENCH/../scripts/bench.sh), with SEED if given
#
# One task per node (srun --ntasks-per-node=1). The job holds its nodes alone
# (--exclusive, with all their memory: --mem=0), so nothing else runs there
# while it measures; it is never requeued (a second start would find its own
# results). Each
# node's run gets every CPU the job holds on that node (srun --whole
# --cpu-bind=none), or, when the job was submitted with --cpus-per-task=C, C of
# them (srun --cpus-per-task=C: task/affinity binds the task to them and
# task/cgroup confines it); corobench's pin plans keep to the CPUs it was
# given, and env.json's "slurm" section records the job, node, partition, the
# CPUs granted and the memory limit. No value is ever part of this script's
# text: every one arrives as a positional parameter ("$1" ...), so sbatch's
# arguments need no quoting beyond the submitting shell's own.
#SBATCH --job-name=corobench
#SBATCH --ntasks-per-node=1
#SBATCH --exclusive
#SBATCH --no-requeue
#SBATCH --mem=0
set -u
if [ "$#" -lt 3 ] || { [ "$3" != run ] && [ "$3" != bench ]; }; then
	echo "usage: sbatch -N NODES --exclusive ... corobench-slurm.sh COROBENCH DEST run [run options] | bench [SEED]" >&2
	exit 2
fi
if [ -z "${SLURM_JOB_ID:-}" ]; then
	echo "corobench-slurm.sh: not inside a Slurm job: submit it with sbatch" >&2
	exit 2
fi
mkdir -p -- "$2" || exit 1
# this script's own output (srun's messages) beside the results: the fleet
# submits with --output=/dev/null, as Slurm would expand a % in DEST's path
exec >>"$2/slurm-$SLURM_JOB_ID.out" 2>&1

# What each node runs: $1 COROBENCH, $2 DEST, $3 run|bench, then the options.
# TERM is caught (Slurm sends it at the time limit, to every process of the
# step): corobench keeps the rounds that finished and exits 130, and the exit
# file is still written before Slurm's KillWait runs out.
node_script='
cb=$1 dest=$2 mode=$3
shift 3
node=${SLURMD_NODENAME:-$(hostname -s)}
name=$node-job$SLURM_JOB_ID
trap "signalled=1" TERM INT
if [ "$mode" = run ]; then
	"$cb" run "$@" --out "$dest/$name" >"$dest/$name.log" 2>&1
else
	bench=$(dirname -- "$cb")/../scripts/bench.sh
	if [ -f "$bench" ]; then
		BUILD=$(dirname -- "$cb") COROBENCH_OUT="$dest/$name" COROBENCH_SEED=${1:-} \
			bash "$bench" >"$dest/$name.log" 2>&1
	else
		echo "corobench-slurm.sh: no $bench beside $cb (bench needs the source tree)" >"$dest/$name.log"
		false
	fi
fi
rc=$?
echo "$rc" >"$dest/.$name.exit" && mv -f -- "$dest/.$name.exit" "$dest/$name.exit"
exit "$rc"
'

if [ -n "${SLURM_CPUS_PER_TASK:-}" ]; then
	srun --ntasks-per-node=1 --cpus-per-task="$SLURM_CPUS_PER_TASK" --kill-on-bad-exit=0 \
		sh -c "$node_script" corobench-node "$@"
else
	srun --ntasks-per-node=1 --whole --cpu-bind=none --kill-on-bad-exit=0 \
		sh -c "$node_script" corobench-node "$@"
fi
