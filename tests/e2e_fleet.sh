#!/usr/bin/env bash
# e2e_fleet.sh — `corobench fleet` for real, over OpenSSH, without leaving this
# machine: the test starts its own sshd on 127.0.0.1 (a free port, a throwaway
# host key and user key, its config and logs in the test's directory), runs a
# fleet of two host entries with --binary (both are this machine, in two remote
# directories, one of them named with shell metacharacters) plus one host that
# refuses the connection, and checks: both deliver with the same seed, the third
# fails with its reason while the others go on, fleet.csv and the multi-host
# report are written, nothing hostile ran (no file the metacharacters would have
# made), a glob in the run options reached the host unexpanded, and a hostile
# --go value fails its host with corobench's own message. The sshd is stopped at
# the end, also when a check fails.
#
# Heavy (an sshd, three ssh connections per host, two small runs, a report):
# run once by `make test`, skipped when SKIP_HEAVY is set (the sanitizer passes
# of .ci/run). Skipped with the reason when sshd cannot be had or started.
# Debian's openssh-server is installed when missing and this runs as root, with
# a policy-rc.d in place during the install so that no system sshd is started.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"
cb=$(cd "$(dirname "$cb")" && pwd)/$(basename "$cb")
skip() { echo "skip e2e_fleet: $*"; exit 0; }
[ -n "${SKIP_HEAVY:-}" ] && skip "SKIP_HEAVY is set (heavy: runs once in make test)"

sshd=$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)
if [ ! -x "$sshd" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "installing openssh-server (Debian) for this test"
	made_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then # no service may start from the install
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server openssh-client >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server openssh-client >/dev/null 2>&1; }
	[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
fi
[ -x "$sshd" ] || skip "no sshd (apt-get install openssh-server)"
command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1 || skip "no ssh client"

s="$tmp/ssh"
mkdir -p "$s" && chmod 700 "$s"
ssh-keygen -q -t ed25519 -N '' -f "$s/host_key" -C corobench-test-host >/dev/null &&
	ssh-keygen -q -t ed25519 -N '' -f "$s/id" -C corobench-test-user >/dev/null || skip "ssh-keygen failed"
cp "$s/id.pub" "$s/authorized_keys"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$s/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $s/host_key
PidFile $s/sshd.pid
AuthorizedKeysFile $s/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $(id -un)
UsePAM no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTunnel no
LogLevel VERBOSE
CFG
made_run=
if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then mkdir -p /run/sshd && made_run=1; fi # sshd's privilege separation
"$sshd" -D -f "$s/sshd_config" -E "$s/sshd.log" &
sshd_pid=$!
stop_sshd() {
	kill "$sshd_pid" 2>/dev/null && wait "$sshd_pid" 2>/dev/null
	[ -n "$made_run" ] && rmdir /run/sshd 2>/dev/null
	rm -rf "$tmp"
}
trap stop_sshd EXIT
printf '[127.0.0.1]:%s %s\n' "$port" "$(cat "$s/host_key.pub")" >"$s/known_hosts"
ssh_opts=(-o BatchMode=yes -o IdentitiesOnly=yes -i "$s/id" -o UserKnownHostsFile="$s/known_hosts" -o StrictHostKeyChecking=yes -p "$port")
up=
for _ in $(seq 1 50); do
	ssh "${ssh_opts[@]}" 127.0.0.1 true 2>/dev/null && { up=1; break; }
	kill -0 "$sshd_pid" 2>/dev/null || break
	sleep 0.1
done
[ -n "$up" ] || skip "sshd did not start on 127.0.0.1:$port ($(tail -n 2 "$s/sshd.log" 2>/dev/null | tr '\n' ' '))"
echo "sshd $sshd_pid on 127.0.0.1:$port"

# Two entries for this machine, one refusing host. beta's directory is named with
# what a shell would act on; a quote in a hosts file value is \".
r="$tmp/remote"
mkdir -p "$r/alpha"
touch "$r/alpha/PINGdecoy" # an unquoted PING* there would become -w PINGdecoy
hostile="$r/b e'ta \$(touch $tmp/PWNED1) \`touch $tmp/PWNED2\` ;touch $tmp/PWNED3 \\\" *"
common="identity=$s/id ssh_option=UserKnownHostsFile=$s/known_hosts ssh_option=StrictHostKeyChecking=yes"
cat >"$tmp/hosts" <<HOSTS
# corobench fleet test: this machine twice, and a port nobody listens on
127.0.0.1 name=alpha port=$port dir=$r/alpha $common
$(id -un)@127.0.0.1 name=beta port=$port $common dir="$hostile"
127.0.0.1 name=gamma port=$dead dir=$r/gamma $common
HOSTS
out="$tmp/fleet"
"$cb" fleet "$tmp/hosts" --binary --out "$out" -w 'PING*' -r gmp -c go --quick --reps 2 --rounds 1 \
	>"$tmp/fleet.out" 2>&1
rc=$?
cat "$tmp/fleet.out"
check "fleet exits 1 (a host failed, the others delivered)" [ "$rc" -eq 1 ]
check "first line: hosts, run id, seed" grep -Eq '^corobench fleet: 3 hosts, run fleet-[0-9-]+, seed [0-9]+: corobench run' "$tmp/fleet.out"
for h in alpha beta; do
	check "$h delivered" grep -Eq "^$h,.*,delivered,0," "$out/fleet.csv"
	check "$h's results: pingpong on gmp" grep -q '^2,pingpong/runtime=gmp/chan=go/threads=1/placement=none,' "$out/$h/runs.csv"
	check "$h's log kept" [ -s "$out/$h.log" ]
done
check "gamma failed with ssh's reason" grep -Eq '^gamma,.*,failed,-1,.*ship: ssh failed: .*(refused|Connection)' "$out/fleet.csv"
check "the table says gamma failed and why" grep -Eq '^gamma +127\.0\.0\.1:[0-9]+ +FAILED .*ship: ssh failed' "$tmp/fleet.out"
seed_a=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seed"])' "$out/alpha/env.json")
seed_b=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seed"])' "$out/beta/env.json")
check "the same seed on every host ($seed_a)" [ -n "$seed_a" ] && [ "$seed_a" = "$seed_b" ] && grep -q "seed $seed_a:" "$tmp/fleet.out"
check "the multi-host report" [ -s "$out/report/report.html" ]
check "the report has both (the same machine twice: its host name and #2)" grep -q "$(hostname)#2" "$out/report/report.html"
check "nothing hostile ran" [ ! -e "$tmp/PWNED1" ] && [ ! -e "$tmp/PWNED2" ] && [ ! -e "$tmp/PWNED3" ]
check "the hostile directory exists as named" [ -x "$r/b e'ta \$(touch $tmp/PWNED1) \`touch $tmp/PWNED2\` ;touch $tmp/PWNED3 \" */bin/corobench" ]
check "fetched trees hold only files and directories" [ -z "$(find "$out" -not -type f -not -type d)" ]

# a hostile run option that only a host can judge: --go PATH fails there, quoted
"$cb" fleet "$tmp/hosts" --binary --out "$tmp/fleet2" -w pingpong -r 'go*' --quick --reps 2 --rounds 1 \
	--go "/no/go'\$(touch $tmp/PWNED4)" >"$tmp/fleet2.out" 2>&1
check "hostile --go: exit 1" [ $? -eq 1 ]
check "hostile --go: the host says why" grep -q "^alpha,.*,failed,2,.*bad --go '/no/go'\$(touch" "$tmp/fleet2/fleet.csv"
check "hostile --go: nothing ran" [ ! -e "$tmp/PWNED4" ]
check "no host delivered: no report, said" grep -q 'no host delivered results' "$tmp/fleet2.out"

kill "$sshd_pid" 2>/dev/null && wait "$sshd_pid" 2>/dev/null
check "the test's sshd is stopped" bash -c "! kill -0 $sshd_pid 2>/dev/null"
exit "$fail"
