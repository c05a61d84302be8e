#!/usr/bin/env bash
# e2e_fleet_input.sh — `corobench fleet` without an sshd (tests/e2e_fleet.sh has
# the real one): a bad hosts file is exit 2 naming the file, the line and the
# value (hostile destinations and ssh options included); a bad run option is
# exit 2 before any host is reached; --dry-run prints each host's commands and
# creates nothing; and the whole ship/run/fetch flow through a stand-in `ssh`
# on PATH that runs the remote command with `sh -c` as sshd does (so the quoting
# of a hostile remote directory and of a glob is checked by a real shell).
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"
cb=$(cd "$(dirname "$cb")" && pwd)/$(basename "$cb")

# --- the hosts file
hf="$tmp/hosts"
bad_hosts() { # NEEDLE LINE: a hosts file whose 2nd line is LINE
	printf '# hosts\n%s\n' "$2" >"$hf"
	expect2 "$1" fleet "$hf" --dry-run -w pingpong --quick
}
bad_hosts "hosts: line 2: bad destination '-oProxyCommand=touch" "-oProxyCommand=touch$IFS/tmp/x"
bad_hosts "hosts: line 2: bad destination 'a;b'" 'a;b'
bad_hosts "hosts: line 2: bad destination '\$(x)'" '$(x)'
bad_hosts "hosts: line 2: bad port '0'" 'h port=0'
bad_hosts "hosts: line 2: bad port 'x'" 'h port=x'
bad_hosts "hosts: line 2: bad name 'a/b'" 'h name=a/b'
bad_hosts "hosts: line 2: bad name '.hidden'" 'h name=.hidden'
bad_hosts "hosts: line 2: bad ssh_option 'ProxyCommand=sh" 'h ssh_option=ProxyCommand=sh'
bad_hosts "hosts: line 2: bad ssh_option 'localcommand=x'" 'h ssh_option=localcommand=x'
bad_hosts "hosts: line 2: unknown key 'frob'" 'h frob=1'
bad_hosts "hosts: line 2: an unterminated quote" 'h dir="open'
bad_hosts "hosts: line 2: 'dir' is not KEY=VALUE" 'h dir'
printf 'a name=x\nb name=x\n' >"$hf"
expect2 "hosts: line 2: name 'x' is line 1's too" fleet "$hf" --dry-run -w pingpong
printf '# nothing\n\n' >"$hf"
expect2 "hosts: no host in it" fleet "$hf" --dry-run
expect2 "nosuch-hosts" fleet "$tmp/nosuch-hosts" --dry-run
printf 'a\n' >"$hf"
expect2 "did you mean pingpong" fleet "$hf" -w pingpnog
expect2 "bad -t" fleet "$hf" -t 0
expect2 "--out is the fleet's" fleet "$hf" -w pingpong --quick --ou x
expect2 "the first argument is the hosts file" fleet --binary "$hf"

# --- --dry-run: the commands, nothing connected or created
printf 'u@h1 port=2222 dir="/srv/x y"\nh2\n' >"$hf"
(cd "$tmp" && "$cb" fleet "$hf" --binary --dry-run -w 'PING*' --quick >dry.out 2>&1)
check "fleet --dry-run exits 0" [ $? -eq 0 ]
check "--dry-run creates nothing" [ ! -e "$tmp/results" ]
check "--dry-run: h1's run command, its dir quoted" grep -q "^  run: .* -p 2222 -- u@h1 'sh -c .* corobench-fleet '\\\\''/srv/x y'\\\\'' bin-run fleet-" "$tmp/dry.out"
check "--dry-run: the glob stays quoted" grep -q "\-w '\\\\''PING\*'\\\\''" "$tmp/dry.out"
check "--dry-run: the seed is passed" grep -Eq -- "--seed [0-9]+'$" "$tmp/dry.out"

# --- the flow, through a stand-in ssh that runs the command as sshd would
mkdir -p "$tmp/bin"
cat >"$tmp/bin/ssh" <<'SSH'
#!/bin/sh
# stand-in for ssh: skip the options up to --, the destination, then run the
# command through a shell, as sshd does with the user's login shell
while [ "$#" -gt 0 ] && [ "$1" != -- ]; do shift; done
shift 2
exec sh -c "$*"
SSH
chmod +x "$tmp/bin/ssh"
r="$tmp/remote"
mkdir -p "$r/one"
touch "$r/one/PINGdecoy" # an unquoted PING* would become -w PINGdecoy there
hostile="$r/t'w o \$(touch $tmp/PWNED1) \`touch $tmp/PWNED2\` ;touch $tmp/PWNED3 *"
printf 'local name=one dir=%s\nlocal name=two dir="%s"\n' "$r/one" "$hostile" >"$hf"
PATH="$tmp/bin:$PATH" "$cb" fleet "$hf" --binary --out "$tmp/fleet" -w 'PING*' -r gmp -c go \
	--quick --reps 2 --rounds 1 --seed 42 >"$tmp/flow.out" 2>&1
rc=$?
check "flow: exit 0 (every host delivered)" [ "$rc" -eq 0 ] || cat "$tmp/flow.out"
for h in one two; do
	check "flow: $h delivered pingpong" grep -q '^2,pingpong/runtime=gmp/chan=go/' "$tmp/fleet/$h/runs.csv"
	check "flow: $h ran with --seed 42" grep -q '"seed": 42,' "$tmp/fleet/$h/env.json"
done
check "flow: fleet.csv" [ "$(grep -c ',delivered,0,' "$tmp/fleet/fleet.csv")" -eq 2 ]
check "flow: the report" [ -s "$tmp/fleet/report/report.html" ]
check "flow: nothing hostile ran" [ ! -e "$tmp/PWNED1" ] && [ ! -e "$tmp/PWNED2" ] && [ ! -e "$tmp/PWNED3" ]
check "flow: the hostile directory is one directory, named as given" [ -x "$hostile/bin/corobench" ]
expect2 "is not empty" fleet "$hf" --binary --out="$tmp/fleet" -w pingpong --quick
exit "$fail"
