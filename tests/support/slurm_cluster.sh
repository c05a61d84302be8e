# shellcheck shell=bash
# slurm_cluster.sh — a one-node Slurm cluster on this machine, for tests and for
# trying `corobench fleet --slurm` by hand (sourced, not run):
#
#   . tests/support/slurm_cluster.sh
#   slurm_up DIR [EXTRA_PARTITION_LINES]   munged, slurmctld, slurmd; exports SLURM_CONF
#   slurm_down                              stops every daemon slurm_up started
#
# Everything lives in DIR: the munge key and socket, slurm.conf, the state,
# spool, pid and log files. The ports are free ones picked on 127.0.0.1, so
# two clusters (two tests at once) do not meet. Nothing under /etc/slurm,
# /run/munge or /var is read or written. Needs root (munged runs as the munge
# user, slurmd must be root to start jobs); slurm_up prints why and returns 1
# when something cannot start, with the daemons it did start already stopped.
#
# The cluster: node `hostname -s` at 127.0.0.1 with `nproc` CPUs, partition
# `debug` (default) plus any lines given; select/cons_tres with CR_Core,
# task/affinity (a step's tasks are bound to the CPUs the step was given, so a
# test can check that a program sees only those), proctrack/linuxproc,
# accounting off (sacct has nothing to say), ReturnToService=2.
#
# Known to work: Debian 12's slurm-wlm 22.05.8 and munge 0.5.15, as root in a
# container without systemd.

slurm_pids=()

slurm_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

slurm_down() {
	local p
	# the cluster's jobs first: slurmstepd and the jobs' processes outlive slurmd
	if [ ${#slurm_pids[@]} -ge 2 ] && [ -n "${SLURM_CONF:-}" ]; then
		local ids
		ids=$(squeue -h -o %i 2>/dev/null)
		if [ -n "$ids" ]; then
			scancel $ids 2>/dev/null
			for _ in $(seq 1 100); do
				[ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
				sleep 0.1
			done
		fi
	fi
	for p in "${slurm_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${slurm_pids[@]}"; do # wait for each (they are not our children)
		for _ in $(seq 1 100); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null
	done
	slurm_pids=()
}

# slurm_pidfile FILE: the pid in FILE once it is there (a daemon forks first)
slurm_pidfile() {
	for _ in $(seq 1 100); do
		[ -s "$1" ] && { cat "$1"; return 0; }
		sleep 0.1
	done
	return 1
}

slurm_up() {
	local d=$1 extra=${2:-} node cpus pid
	node=$(hostname -s)
	cpus=$(nproc)
	if [ "$(id -u)" != 0 ]; then
		echo "slurm_up: needs root (munged runs as munge, slurmd as root)"
		return 1
	fi
	for p in /usr/sbin/munged munge slurmctld slurmd sbatch; do
		command -v "$p" >/dev/null 2>&1 || { echo "slurm_up: no $p (apt-get install slurm-wlm munge)"; return 1; }
	done
	getent passwd munge >/dev/null || { echo "slurm_up: no munge user"; return 1; }
	mkdir -p "$d/munge" "$d/sock" "$d/state" "$d/spool" "$d/log" || return 1
	chown munge:munge "$d/munge" "$d/sock" && chmod 0700 "$d/munge" && chmod 0755 "$d/sock" || return 1
	# munged checks every directory above its socket and key: none may be
	# writable by others without the sticky bit (mktemp -d makes 0700: fine)
	chmod 0755 "$d"
	dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none &&
		chown munge:munge "$d/munge/munge.key" && chmod 0400 "$d/munge/munge.key" || return 1
	runuser -u munge -- /usr/sbin/munged --key-file="$d/munge/munge.key" \
		--socket="$d/sock/munge.sock" --pid-file="$d/munge/munged.pid" \
		--log-file="$d/munge/munged.log" --seed-file="$d/munge/munged.seed" ||
		{ echo "slurm_up: munged did not start: $(tail -n 2 "$d/munge/munged.log" 2>/dev/null | tr '\n' ' ')"; return 1; }
	pid=$(slurm_pidfile "$d/munge/munged.pid") || { echo "slurm_up: munged wrote no pid file"; return 1; }
	slurm_pids+=("$pid")
	munge -S "$d/sock/munge.sock" -n | unmunge -S "$d/sock/munge.sock" >/dev/null 2>&1 ||
		{ echo "slurm_up: munge round trip failed"; slurm_down; return 1; }
	local ctld_port slurmd_port
	ctld_port=$(slurm_free_port) && slurmd_port=$(slurm_free_port) || { slurm_down; return 1; }
	cat >"$d/slurm.conf" <<CONF
ClusterName=cbtest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$d/sock/munge.sock
CredType=cred/munge
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
$extra
CONF
	export SLURM_CONF="$d/slurm.conf"
	slurmctld -f "$SLURM_CONF" || { echo "slurm_up: slurmctld did not start"; slurm_down; return 1; }
	pid=$(slurm_pidfile "$d/slurmctld.pid") || { echo "slurm_up: slurmctld wrote no pid file: $(tail -n 2 "$d/log/slurmctld.log" | tr '\n' ' ')"; slurm_down; return 1; }
	slurm_pids+=("$pid")
	slurmd -f "$SLURM_CONF" || { echo "slurm_up: slurmd did not start"; slurm_down; return 1; }
	pid=$(slurm_pidfile "$d/slurmd.pid") || { echo "slurm_up: slurmd wrote no pid file: $(tail -n 2 "$d/log/slurmd.log" | tr '\n' ' ')"; slurm_down; return 1; }
	slurm_pids+=("$pid")
	for _ in $(seq 1 150); do
		case $(sinfo -h -n "$node" -o %t 2>/dev/null | head -n 1) in
		idle*) return 0 ;;
		esac
		sleep 0.2
	done
	echo "slurm_up: node $node not idle after 30 s: $(sinfo -h -o '%P %t %E' 2>&1 | tr '\n' ' ')"
	slurm_down
	return 1
}
