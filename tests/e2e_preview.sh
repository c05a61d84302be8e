#!/usr/bin/env bash
# e2e_preview.sh — issue 17's run side: `run --dry-run` (the matrix, skips with
# reasons, repetitions, an estimate; exit 0; nothing created) and the same count
# and estimate in a real run's first line; -w/-r/-c/-p globs, any case, and
# suggestions for a name that matches nothing; run --help's defaults; the
# environment warnings (first lines and env.json); `--go PATH` keying each Go as
# its own runtime (only Debian's Go 1.19 exists here: the second "Go" is a wrapper
# around it that reports 1.23, which the test says).
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"
cb=$(cd "$(dirname "$cb")" && pwd)/$(basename "$cb") # the checks below cd

# --- --dry-run: exit 0, creates nothing, lists configurations and skips
cd "$tmp" || exit 1
"$cb" run --dry-run -w 'PING*,spsc' -r 'gmp,pthread' -c 'go,lock*' -t 1,2 -p none,smt --quick \
	>dry.out 2>dry.err
check "--dry-run exits 0" [ $? -eq 0 ]
check "--dry-run creates nothing (no results/)" [ ! -e results ]
check "--dry-run creates nothing in the current directory" [ "$(ls | sort | tr '\n' ' ')" = "dry.err dry.out " ]
check "--dry-run lists a configuration" grep -q '^pingpong/runtime=gmp/chan=go/threads=2/placement=none ' dry.out
check "--dry-run lists lockfree (glob lock*)" grep -q '^spsc/runtime=pthread/chan=lockfree/threads=1/placement=none ' dry.out
check "--dry-run shows a skip with its reason" grep -q "^pingpong/runtime=gmp/chan=lockfree/.*skip: channel variant lockfree lacks unbuffered" dry.out
check "--dry-run foresees a placement skip" grep -q "placement=smt  *skip: placement 'smt'" dry.out
check "--dry-run says it ran nothing" grep -q 'nothing was run and nothing was created' dry.out
check "--dry-run says what the estimate assumes" grep -q "^Estimate: a cost table measured on" dry.out
first=$(head -n 1 dry.out)
check "first line: count, repetitions, estimate" grep -Eq '^corobench run: [0-9]+ configurations to run \([0-9]+ skipped\), 10 measured repetitions each in 5 rounds .*: (about|under) .* by the cost table' <<<"$first"
nrun=$(grep -Ec ' +5 +10\+5 ' dry.out)
check "the first line counts the listed configurations ($nrun)" grep -q "^corobench run: $nrun configurations" <<<"$first"

# --- a real run prints the same first line
"$cb" run -w 'PING*' -r GMP -c go -t 1 --quick --reps 2 --rounds 1 --out real --quiet >real.out 2>&1
check "real run exits 0" [ $? -eq 0 ]
"$cb" run --dry-run -w 'PING*' -r GMP -c go -t 1 --quick --reps 2 --rounds 1 >dry2.out 2>&1
check "real run's first line is --dry-run's" [ "$(head -n 1 real.out)" = "$(head -n 1 dry2.out)" ]
check "env.json has a warnings array" python3 -c '
import json, sys
w = json.load(open(sys.argv[1]))["warnings"]
assert isinstance(w, list)
for x in w: assert set(x) == {"id", "what", "effect", "fix"}, x
ids = [x["id"] for x in w]
assert "reps" in ids, ids  # --reps 2: no interval
' real/env.json
check "the warning is in the run's first lines" grep -q '^corobench run: warning: 2 measured repetition' real.out
check "a warning says what it does and the fix" grep -q 'no 95% confidence interval.*Fix: --reps 10' real.out
cd - >/dev/null || exit 1

# --- names: case, globs, suggestions; nothing matched is exit 2 naming it
expect2 "did you mean pingpong" run -w pingpnog
expect2 "'pingpnog'" run -w pingpnog
expect2 "did you mean gmp" run -r gnp
expect2 "did you mean mutex" run -c mutx
expect2 "did you mean scatter" run -p scater
expect2 "unknown workload 'zz*'" run -w 'zz*'
expect2 "go@VERSION runtime is added by --go" run -r go@1.99
expect2 "--dry-run previews a matrix" run --soak 1s --dry-run
"$cb" run --dry-run -w Yield,'s?sc' -r gmp -c Go -p 'CROSS-*' --quick >"$tmp/g.out" 2>&1
check "globs and case: yield and spsc under cross-* placements" \
	[ "$(grep -Ec '^(yield|spsc)/runtime=gmp/chan=(-|go)/threads=1/placement=cross-(l3|numa|package) ' "$tmp/g.out")" -eq 6 ]

# --- run --help says the defaults
"$cb" run --help >"$tmp/help" 2>&1
check "run --help: -w defaults to all" grep -q -- '-w LIST .*default: all' "$tmp/help"
check "run --help: says what no option runs" grep -q 'With no option: every workload at full size' "$tmp/help"
check "run --help: --dry-run" grep -q -- '--dry-run' "$tmp/help"

# --- --go: one runtime per Go version. Debian ships one Go (1.19); the second is
# a wrapper that reports 1.23 and builds with 1.19 underneath (said in env.json:
# toolchain_version 1.23.0 beside runtime_version 1.19.x).
if command -v go >/dev/null 2>&1; then
	export COROBENCH_CACHE="$tmp/cache"
	mkdir -p "$tmp/go123"
	printf '#!/bin/sh\nif [ "$1" = version ]; then echo "go version go1.23.0 linux/amd64"; exit 0; fi\nexec %s "$@"\n' \
		"$(command -v go)" >"$tmp/go123/go"
	chmod +x "$tmp/go123/go"
	"$cb" run --dry-run -w pingpong -r 'go@*' --quick --go "$(command -v go)" --go "$tmp/go123/go" >"$tmp/go.dry" 2>&1
	check "--go --dry-run lists go@1.19 and go@1.23" \
		[ "$(grep -Ec '^pingpong/runtime=go@1\.(19|23)/chan=go-native' "$tmp/go.dry")" -eq 2 ]
	check "--go --dry-run builds nothing" [ ! -e "$tmp/cache" ]
	COROBENCH_GO="$(command -v go):$tmp/go123/go" "$cb" run -w pingpong --quick --reps 2 --rounds 1 \
		--out "$tmp/go" --quiet >"$tmp/go.out" 2>&1
	check "COROBENCH_GO run exits 0" [ $? -eq 0 ]
	for v in 1.19 1.23; do
		check "runs.csv has go@$v" grep -q "^2,pingpong/runtime=go@$v/chan=go-native" "$tmp/go/runs.csv"
	done
	check "all with --go: no plain go beside the go@ builds" [ "$(grep -c '/runtime=go/' "$tmp/go/runs.csv")" -eq 0 ]
	check "env.json records each Go" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["go_peers"]
assert g["go@1.23"]["toolchain_version"] == "go1.23.0", g
assert g["go@1.19"]["toolchain_version"].startswith("go1.19"), g
assert g["go@1.23"]["runtime_version"].startswith("go1.19"), g  # the wrapper, said
' "$tmp/go/env.json"
	check "each build is cached by version" [ "$(ls "$tmp/cache/go-peer" | grep -c -v '\.log$')" -eq 2 ]
	expect2 "not a Go toolchain" run --go /bin/true -w pingpong
	expect2 "reports go1.23.0, as" run --go "$tmp/go123/go" --go "$tmp/go123/go" -w pingpong
	COROBENCH_GO=/nonexistent/go "$cb" run -w pingpong >/dev/null 2>"$tmp/err"
	check "COROBENCH_GO with a bad path: exit 2 naming it" grep -q "COROBENCH_GO: bad --go '/nonexistent/go'" "$tmp/err"
else
	echo "skip --go checks: no go on PATH"
fi
exit "$fail"
