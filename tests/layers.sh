#!/usr/bin/env bash
# layers.sh — the harness's include rule (scripts/check-layers.sh,
# docs/ARCHITECTURE.md): the tree passes it, and a copy of the tree with one
# include pointing up, one across a layer and one from workloads/ into the harness
# fails it with a line naming each file, its include and both layers.
set -u
. "$(dirname "$0")/support/check.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
check "the tree keeps the layer rule" "$root/scripts/check-layers.sh"

copy="$tmp/tree"
mkdir -p "$copy"
cp -r "$root/harness" "$root/workloads" "$root/runtimes" "$copy/"
printf '#include "../report/report.h"\n' >>"$copy/harness/results/store.c"     # up: 2 -> 3
printf '#include "../machine/topology.h"\n' >>"$copy/harness/measure/stats.c"  # across layer 1
printf '#include "../harness/base/format/csv.h"\n' >>"$copy/workloads/yield.c"        # below -> harness
"$root/scripts/check-layers.sh" "$copy" >"$tmp/out" 2>&1
rc=$?
check "violations exit 1" [ "$rc" -eq 1 ]
check "three violations, one line each" [ "$(wc -l <"$tmp/out")" -eq 3 ]
check "an upward include names file, include and both layers" \
	grep -q 'harness/results/store.c (layer 2, results) includes "../report/report.h" (harness/report/report.h, layer 3, report)' "$tmp/out"
check "measure including machine is refused" \
	grep -q 'harness/measure/stats.c (layer 1, measure) includes "../machine/topology.h"' "$tmp/out"
check "workloads including the harness is refused" grep -q 'workloads/yield.c includes' "$tmp/out"
exit "$fail"
