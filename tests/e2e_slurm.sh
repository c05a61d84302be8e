#!/usr/bin/env bash
# e2e_slurm.sh — `corobench fleet --slurm` for real, on a one-node Slurm
# cluster this test starts on 127.0.0.1 (tests/support/slurm_cluster.sh:
# munged, slurmctld and slurmd with a generated key, free ports, every file in
# the test's directory; partition `debug`, and `held`, which is down so that a
# job sent there waits), and stops at the end, also when a check fails.
#
# Fleet 1: one job in `debug` and one in `held`, one CPU per node
# (--cpus-per-node 1), the nodes writing into a shared directory named with
# shell metacharacters, a glob among the run options. The test cancels the
# `held` job while it waits (scancel) and checks: the debug node delivered
# (fleet.csv, slurm.csv, the table, results keyed by node and job), the
# cancelled job is listed with Slurm's state and reason and the report of the
# rest stands, env.json records job, node, partition and CPUs granted, the
# run measured only the CPU granted (task/affinity confines the step: the
# pinned plans used that CPU alone, two pinned workers were skipped for want
# of a second), the report labels the host "node (partition)", nothing
# hostile ran and the glob reached corobench unexpanded.
# Fleet 2: a node whose run fails (a hostile --go that only the node can
# judge) is listed with corobench's own message, and nothing hostile ran.
#
# Heavy (three daemons, two fleets, a report): run once by `make test`,
# skipped when SKIP_HEAVY is set (the sanitizer passes of .ci/run). Skipped
# with the reason when this is not root or Slurm cannot be had or started;
# as root on Debian, slurm-wlm and munge are installed when missing (with a
# policy-rc.d in place so that no system daemon starts).
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"
cb=$(cd "$(dirname "$cb")" && pwd)/$(basename "$cb")
here=$(cd "$(dirname "$0")" && pwd)
skip() { echo "skip e2e_slurm: $*"; exit 0; }
[ -n "${SKIP_HEAVY:-}" ] && skip "SKIP_HEAVY is set (heavy: runs once in make test)"
[ "$(id -u)" = 0 ] || skip "not root (munged must run as the munge user, slurmd as root)"

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 ||
	! command -v sbatch >/dev/null 2>&1 || [ ! -x /usr/sbin/munged ]; then
	command -v apt-get >/dev/null 2>&1 || skip "no Slurm and no apt-get (install slurm-wlm and munge)"
	echo "installing slurm-wlm and munge (Debian) for this test"
	made_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then # no service may start from the install
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1; }
	[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
	command -v slurmctld >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 && [ -x /usr/sbin/munged ] ||
		skip "slurm-wlm and munge could not be installed (no network?)"
fi
command -v python3 >/dev/null 2>&1 || skip "no python3 (free ports, JSON)"

. "$here/support/slurm_cluster.sh"
chmod 755 "$tmp" # the munge user walks through it to its socket
node=$(hostname -s)
fleet=
cleanup() {
	[ -n "$fleet" ] && kill "$fleet" 2>/dev/null # a fleet still waiting (the test was stopped)
	slurm_down
	rm -rf "$tmp"
}
trap cleanup EXIT
slurm_up "$tmp/cluster" "PartitionName=held Nodes=$node MaxTime=INFINITE State=DOWN" >"$tmp/up.out" 2>&1 ||
	skip "the one-node cluster did not start: $(cat "$tmp/up.out")"
echo "cluster up: node $node, SLURM_CONF=$SLURM_CONF, daemons ${slurm_pids[*]}"
sinfo

# --- fleet 1: a delivered node, a cancelled job, one CPU granted
shared="$tmp/sh ared \$(touch $tmp/PWNED1) \`touch $tmp/PWNED2\` ;touch $tmp/PWNED3 '\" %j *"
work="$tmp/work"
mkdir -p "$work" && touch "$work/PINGdecoy" # an unquoted PING* would become -w PINGdecoy
out="$tmp/fleet1"
(cd "$work" && exec "$cb" fleet --slurm --partition debug,held --cpus-per-node 1 --poll 0.5 \
	--shared-dir "$shared" --out "$out" -w 'PING*' -r gmp -c go -t 1,2 -p compact,none \
	--quick --reps 2 --rounds 1 >"$tmp/fleet1.out" 2>&1) &
fleet=$!
held=
for _ in $(seq 1 300); do
	held=$(sed -n 's/^corobench fleet: submitted job \([0-9]*\) (partition held.*/\1/p' "$tmp/fleet1.out")
	[ -n "$held" ] && break
	kill -0 "$fleet" 2>/dev/null || break
	sleep 0.1
done
check "fleet 1 submitted the held job" [ -n "$held" ]
# the held partition is down: its job waits, whatever the other does, until cancelled
[ -n "$held" ] && scancel "$held"
wait "$fleet"
rc=$?
fleet=
cat "$tmp/fleet1.out"
ran=$(sed -n 's/^corobench fleet: submitted job \([0-9]*\) (partition debug.*/\1/p' "$tmp/fleet1.out")
name="$node-job$ran"
check "fleet 1 exits 1 (a job was cancelled, the other node delivered)" [ "$rc" -eq 1 ]
check "first line: Slurm, 2 jobs, the run id and seed" grep -Eq '^corobench fleet: Slurm, 2 jobs \(partitions debug, held\) of 1 node, run fleet-[0-9-]+, seed [0-9]+:' "$tmp/fleet1.out"
check "progress: the cancelled job's state as it changed" grep -q "^corobench fleet: job $held (partition held): CANCELLED (PartitionDown)" "$tmp/fleet1.out"
check "the job that ran: COMPLETED, its final state said" grep -q "^job $ran COMPLETED (Reason=None): ran to its end (partition debug, nodes $node, exit 0:0" "$tmp/fleet1.out"
check "the cancelled job: Slurm's state and reason" grep -q "^job $held CANCELLED (Reason=PartitionDown): cancelled" "$tmp/fleet1.out"
check "fleet.csv: the node delivered, keyed by node and job" grep -q "^$name,\"partition debug, job $ran\",delivered,0," "$out/fleet.csv"
check "fleet.csv: the cancelled job failed with Slurm's reason" grep -q "^job$held,\"partition held, job $held\",failed,-1,.*never ran on a node: job $held CANCELLED (Reason=PartitionDown)" "$out/fleet.csv"
check "slurm.csv: both jobs' final states" grep -q "^$ran,debug,COMPLETED,None,0:0,$node," "$out/slurm.csv" && grep -q "^$held,held,CANCELLED,PartitionDown," "$out/slurm.csv"
check "the table: the node delivered, the job failed" grep -Eq "^$name +partition debug, job $ran +delivered" "$tmp/fleet1.out" && grep -Eq "^job$held +partition held, job $held +FAILED .*CANCELLED" "$tmp/fleet1.out"
check "gathered: pingpong on gmp, the glob unexpanded" grep -q '^2,pingpong/runtime=gmp/chan=go/threads=1/placement=none,' "$out/$name/runs.csv"
check "gathered: the node's log and the batch script's output" [ -s "$out/$name.log" ] && [ -e "$out/slurm-$ran.out" ]
check "the shared directory exists as named and holds the node's results" [ -s "$shared/$(basename "$(sed -n 's/.*run \(fleet-[0-9-]*\),.*/\1/p' "$tmp/fleet1.out" | head -n 1)")/$name/runs.csv" ]
check "nothing hostile ran" [ ! -e "$tmp/PWNED1" ] && [ ! -e "$tmp/PWNED2" ] && [ ! -e "$tmp/PWNED3" ]
check "the submitted script is the documented one" cmp -s "$out/corobench-slurm.sh" "$here/../scripts/corobench-slurm.sh"
env_get() { python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))
v=e
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$out/$name/env.json" "$1" 2>/dev/null; }
check "env.json: the job id" [ "$(env_get slurm.job_id)" = "$ran" ]
check "env.json: the node" [ "$(env_get slurm.node)" = "$node" ]
check "env.json: the partition" [ "$(env_get slurm.partition)" = debug ]
check "env.json: the CPUs per task asked" [ "$(env_get slurm.cpus_per_task)" = 1 ]
granted=$(env_get slurm.cpus_granted)
ngranted=$(env_get slurm.cpus_granted_count)
check "env.json: the CPUs granted ($granted) and the memory limit" [ -n "$granted" ] && [ -n "$(env_get slurm.memory_limit)" ]
if [ "$(nproc)" -gt 1 ] && [ "$ngranted" = 1 ]; then
	# task/affinity bound the step to one CPU: the pinned plans used it alone
	pus=$(python3 -c 'import csv,sys
print(" ".join(sorted({r["pus"] for r in csv.DictReader(open(sys.argv[1])) if r["placement"] == "compact"})))' "$out/$name/runs.csv")
	check "confined: the pinned configurations ran on the CPU granted ($granted) only: $pus" [ "$pus" = "$granted" ]
	check "confined: two pinned workers skipped for want of a second CPU" grep -q '^pingpong/runtime=gmp/chan=go/threads=2/placement=compact,.*1 usable PUs' "$out/$name/skipped.csv"
	check "confined: env.json's placement note names the CPU" grep -q "plans use only PUs $granted" "$out/$name/env.json"
else
	echo "note: this cluster could not confine the step to one CPU (nproc $(nproc), granted '$granted'): only what env.json records is checked"
fi
check "the report" [ -s "$out/report/report.html" ]
check "the report labels the host by node and partition" grep -q "host <b>$node (debug)</b>" "$out/report/report.html"

# --- fleet 2: a node whose run fails, with a value only the node can judge
"$cb" fleet --slurm --poll 0.5 --out "$tmp/fleet2" -w pingpong -r 'go*' --quick --reps 2 --rounds 1 \
	--go "/no/go'\$(touch $tmp/PWNED4)" >"$tmp/fleet2.out" 2>&1 &
fleet=$!
wait "$fleet"
rc=$?
fleet=
cat "$tmp/fleet2.out"
check "fleet 2: exit 1 (the node's run failed)" [ "$rc" -eq 1 ]
check "fleet 2: the node failed with corobench's message" grep -q "^$node-job[0-9]*,.*,failed,2,.*run: exit 2: corobench run: bad --go '/no/go'\$(touch" "$tmp/fleet2/fleet.csv"
check "fleet 2: no node delivered: no report, said" grep -q 'no node delivered results' "$tmp/fleet2.out"
check "fleet 2: nothing hostile ran" [ ! -e "$tmp/PWNED4" ]
check "no job of the test is left in the queue" [ -z "$(squeue -h -o %i 2>/dev/null)" ]

pids=("${slurm_pids[@]}")
slurm_down
alive=
for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
check "every daemon the test started is stopped (${pids[*]})" [ -z "$alive" ]
exit "$fail"
