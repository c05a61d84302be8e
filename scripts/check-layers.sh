#!/usr/bin/env bash
# check-layers.sh — the harness's include rule (docs/ARCHITECTURE.md, "Layers"):
# a file under harness/ includes only from its own layer folder or from a lower
# layer, and the two folders of a layer (measure and machine; run and report) do not
# include each other. Beneath the whole harness lie workloads/ and runtimes/, which
# never include from harness/.
#
#   layer 0  harness/base/
#   layer 1  harness/measure/  harness/machine/
#   layer 2  harness/results/
#   layer 3  harness/run/      harness/report/
#   layer 4  harness/cli/
#
# A layer folder may have subfolders (harness/measure/counters/); they belong to
# their layer folder. Only quoted includes are checked (system headers are <...>).
# Prints one line per violation naming the file, the include and both layers, and
# exits 1 if there is any; exits 0 silently otherwise. Run by `make test`
# (tests/layers.sh). An argument names another tree to check (the test's copy).
set -u
cd "${1:-$(dirname "$0")/..}" || exit 2

layer_of() { # path relative to the repository root -> "folder layer", or "" outside harness
	case "$1" in
	harness/base/*) echo "base 0" ;;
	harness/measure/*) echo "measure 1" ;;
	harness/machine/*) echo "machine 1" ;;
	harness/results/*) echo "results 2" ;;
	harness/run/*) echo "run 3" ;;
	harness/report/*) echo "report 3" ;;
	harness/cli/*) echo "cli 4" ;;
	harness/*) echo "harness-root 9" ;; # a file outside every layer folder
	workloads/* | runtimes/*) echo "below -1" ;;
	*) echo "" ;;
	esac
}

bad=0
while IFS= read -r file; do
	read -r from_folder from_layer <<<"$(layer_of "$file")"
	if [ "$from_folder" = harness-root ]; then
		echo "check-layers: $file lies outside every layer folder (harness/base, measure, machine, results, run, report, cli)"
		bad=1
		continue
	fi
	dir=$(dirname "$file")
	while IFS= read -r inc; do
		target=$(realpath -m --relative-to=. "$dir/$inc")
		read -r to_folder to_layer <<<"$(layer_of "$target")"
		[ -n "$to_folder" ] || continue
		if [ "$from_folder" = below ]; then
			if [ "$to_folder" != below ]; then
				echo "check-layers: $file includes \"$inc\" ($target): workloads/ and runtimes/ lie below the harness and may not include from it"
				bad=1
			fi
			continue
		fi
		[ "$to_folder" = below ] && continue
		[ "$to_folder" = "$from_folder" ] && continue
		if [ "$to_layer" -ge "$from_layer" ]; then
			echo "check-layers: $file (layer $from_layer, $from_folder) includes \"$inc\" ($target, layer $to_layer, $to_folder): an include may only point to its own folder or a lower layer"
			bad=1
		fi
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
done < <(find harness workloads runtimes -name '*.[ch]' | sort)
exit "$bad"
