#!/usr/bin/env bash
# e2e_slurm_input.sh — `corobench fleet --slurm` without a cluster
# (tests/e2e_slurm.sh has the real one): bad options are exit 2 naming the
# value, before anything is submitted; --dry-run prints the batch script (the
# very file scripts/corobench-slurm.sh) and the sbatch commands, creates
# nothing, and its sbatch lines, run by a real shell with a stand-in sbatch on
# PATH, hand sbatch exactly the values given (hostile ones included); and the
# batch script itself, run as a job would run it (SLURM_JOB_ID set, a stand-in
# srun that runs its command as srun would), writes a node's results, log and
# exit file into a hostile DEST and runs nothing it was handed.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"
cb=$(cd "$(dirname "$cb")" && pwd)/$(basename "$cb")
script="$(cd "$(dirname "$0")/.." && pwd)/scripts/corobench-slurm.sh"

# --- bad input: exit 2, one line naming it
expect2 "bad --nodes '0'" fleet --slurm --nodes 0 -w pingpong --dry-run
expect2 "bad --nodes 'x'" fleet --slurm --nodes x -w pingpong --dry-run
expect2 "bad --cpus-per-node '-1'" fleet --slurm --cpus-per-node -1 -w pingpong --dry-run
expect2 "bad --time '1;reboot'" fleet --slurm --time '1;reboot' -w pingpong --dry-run
expect2 "bad --poll '0'" fleet --slurm --poll 0 -w pingpong --dry-run
expect2 "--time given twice" fleet --slurm --time 5 --time=6 -w pingpong --dry-run
expect2 "--nodes needs a value" fleet --slurm -w pingpong --nodes
expect2 "--binary is not an option of fleet --slurm" fleet --slurm --binary -w pingpong
expect2 "--corobench 'build/corobench' must be an absolute path" fleet --slurm --corobench build/corobench -w pingpong --dry-run
expect2 "--partition: a value with a control character" fleet --slurm --partition "$(printf 'a\nb')" -w pingpong --dry-run
expect2 "did you mean pingpong" fleet --slurm -w pingpnog --dry-run
expect2 "needs scripts/bench.sh beside the binary's source" fleet --slurm --corobench /nonexistent/bin/corobench --dry-run
PATH=/nonexistent "$cb" fleet --slurm -w pingpong --quick --out "$tmp/nosbatch" >"$tmp/out" 2>"$tmp/err"
check "no sbatch on PATH: exit 2, said" [ $? -eq 2 ] && grep -q 'no sbatch or scontrol on PATH' "$tmp/err"
check "no sbatch: nothing created" [ ! -e "$tmp/nosbatch" ]
"$cb" fleet --slurm --help >"$tmp/help" 2>&1
check "fleet --slurm --help: the options" grep -q -- '--partition P\[,P...\]' "$tmp/help"
"$cb" fleet --help >"$tmp/help" 2>&1
check "fleet --help names --slurm" grep -q -- 'fleet --slurm' "$tmp/help"

# --- --dry-run: the script and the commands, nothing created
hostile_out="$tmp/o u \$(touch $tmp/PWNED1) \`touch $tmp/PWNED2\` ;touch $tmp/PWNED3 '\" %j *"
hostile_shared="$tmp/sh 'a' \$(touch $tmp/PWNED4)"
(cd "$tmp" && "$cb" fleet --slurm --partition 'debug,gpu a100' --nodes 3 --time 1-00:30 \
	--cpus-per-node 4 --shared-dir "$hostile_shared" --out "$hostile_out" --dry-run \
	-w 'PING*' -r gmp --quick --seed 42 >dry.out 2>&1)
check "--dry-run exits 0" [ $? -eq 0 ]
check "--dry-run creates nothing" [ ! -e "$tmp/o u \$(touch $tmp/PWNED1) \`touch $tmp/PWNED2\` ;touch $tmp/PWNED3 '\" %j *" ] && [ ! -e "$tmp/sh 'a' \$(touch $tmp/PWNED4)" ] && [ ! -e "$tmp/results" ]
sed -n '/^----8<----$/,/^----8<----$/p' "$tmp/dry.out" | sed '1d;$d' >"$tmp/printed.sh"
check "--dry-run prints scripts/corobench-slurm.sh as it is" cmp -s "$tmp/printed.sh" "$script"
check "--dry-run: one sbatch line per partition" [ "$(grep -c '^  sbatch ' "$tmp/dry.out")" -eq 2 ]
# run the printed lines through sh with a stand-in sbatch that prints its arguments
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nfor a in "$@"; do printf "%%s\\n" "$a"; done\necho ---\n' >"$tmp/bin/sbatch"
chmod +x "$tmp/bin/sbatch"
grep '^  sbatch ' "$tmp/dry.out" | sed 's/^  //' >"$tmp/lines.sh"
(cd "$tmp" && PATH="$tmp/bin:$PATH" sh "$tmp/lines.sh" >"$tmp/args.out" 2>&1)
id=$(sed -n 's/.*run \(fleet-[0-9-]*\),.*/\1/p' "$tmp/dry.out" | head -n 1)
dest="$hostile_shared/$id"
{
	for p in debug 'gpu a100'; do
		printf '%s\n' --parsable "--job-name=corobench-$id" "--chdir=$dest" --output=/dev/null \
			--nodes=3 "--partition=$p" --time=1-00:30 --cpus-per-task=4 \
			"$hostile_out/corobench-slurm.sh" "$cb" "$dest" run -w 'PING*' -r gmp --quick --seed 42
		echo ---
	done
} >"$tmp/args.want"
check "--dry-run's sbatch lines hand sbatch exactly the values given" cmp -s "$tmp/args.out" "$tmp/args.want" ||
	diff "$tmp/args.want" "$tmp/args.out" | head -20
check "--dry-run: nothing hostile ran" [ ! -e "$tmp/PWNED1" ] && [ ! -e "$tmp/PWNED2" ] && [ ! -e "$tmp/PWNED3" ] && [ ! -e "$tmp/PWNED4" ]
"$cb" fleet -w pingpong --quick --slurm --dry-run >"$tmp/anywhere.out" 2>&1
check "--slurm after other options: the Slurm way" grep -q '^corobench fleet: Slurm, 1 job' "$tmp/anywhere.out"
"$cb" fleet --slurm --dry-run --out "$tmp/b" >"$tmp/bench.out" 2>&1
check "--dry-run without run options: make bench's suite with the seed" grep -Eq "^  sbatch .* bench [0-9]+$" "$tmp/bench.out"

# --- the batch script alone, as a job runs it, with a stand-in srun
cat >"$tmp/bin/srun" <<'SRUN'
#!/bin/sh
# stand-in for srun: skip its options, run the command once (one node)
while [ "$#" -gt 0 ]; do case $1 in --*) shift ;; *) break ;; esac; done
SLURMD_NODENAME=n01 SLURM_STEP_ID=0 exec "$@"
SRUN
chmod +x "$tmp/bin/srun"
jobdest="$tmp/d e \$(touch $tmp/PWNED5) '\" *"
mkdir -p "$tmp/cwd" && touch "$tmp/cwd/PINGdecoy"
(cd "$tmp/cwd" && PATH="$tmp/bin:$PATH" SLURM_JOB_ID=77 SLURM_JOB_PARTITION=debug \
	sh "$script" "$cb" "$jobdest" run -w 'PING*' -r gmp -c go --quick --reps 2 --rounds 1 --seed 7 \
	>"$tmp/job.out" 2>&1)
check "the script alone: exit 0" [ $? -eq 0 ]
check "the script alone: n01-job77 results" grep -q '^2,pingpong/runtime=gmp/chan=go/' "$jobdest/n01-job77/runs.csv"
check "the script alone: the exit file says 0" [ "$(cat "$jobdest/n01-job77.exit")" = 0 ]
check "the script alone: the log" [ -s "$jobdest/n01-job77.log" ]
check "the script alone: its own output file" [ -e "$jobdest/slurm-77.out" ]
check "the script alone: env.json names the job, node and partition" grep -q '"job_id": "77"' "$jobdest/n01-job77/env.json" &&
	grep -q '"node": "n01"' "$jobdest/n01-job77/env.json" && grep -q '"partition": "debug"' "$jobdest/n01-job77/env.json"
check "the script alone: nothing hostile ran" [ ! -e "$tmp/PWNED5" ]
(PATH="$tmp/bin:$PATH" sh "$script" "$cb" "$tmp/x" run -w pingpong >"$tmp/nojob.out" 2>&1)
check "the script outside a job: exit 2, said" [ $? -eq 2 ] && grep -q 'not inside a Slurm job' "$tmp/nojob.out"
(SLURM_JOB_ID=1 sh "$script" "$cb" "$tmp/x" >"$tmp/usage.out" 2>&1)
check "the script without a mode: usage, exit 2" [ $? -eq 2 ] && grep -q '^usage: sbatch' "$tmp/usage.out"
exit "$fail"
