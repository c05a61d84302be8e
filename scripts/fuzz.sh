#!/usr/bin/env bash
# fuzz.sh — `make fuzz`: builds every tests/fuzz/fuzz_*.c with clang's libFuzzer,
# ASan and UBSan (the whole library instrumented, not just the target), and runs
# each for FUZZ_SECONDS (default 60) on its corpus tests/fuzz/corpus/<name>/.
# New interesting inputs land in that corpus: commit them; `make test` replays the
# corpus with every build (tests/fuzz_replay.sh). A crash leaves crash-* files in
# build-fuzz/ and makes this script exit 1. FUZZ_TARGETS="cli csv" limits the targets.
set -u
seconds=${FUZZ_SECONDS:-60}
out=build-fuzz
if ! command -v clang >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
	else
		echo "make fuzz needs clang and libFuzzer: sudo apt-get install -y clang libclang-rt-14-dev" >&2
		exit 1
	fi
fi
mkdir -p "$out"
arch=$(uname -m)
lib=$(find harness runtimes workloads -name '*.c' ! -path harness/cli/main.c | sort)
asm=$(ls runtimes/gmp/*_"$arch".S 2>/dev/null || true)
status=0
for target in tests/fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	name=${name#fuzz_}
	# FUZZ_TARGETS="cli csv": only these
	case " ${FUZZ_TARGETS:-$name} " in *" $name "*) ;; *) continue ;; esac
	bin="$out/fuzz_$name"
	echo "== building $bin"
	clang -std=gnu11 -O1 -g -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -DCOROBENCH_SANITIZE_ADDRESS=1 \
		-o "$bin" "$target" $lib $asm -lhwloc -lpfm -lpthread -lm || { status=1; continue; }
	mkdir -p "tests/fuzz/corpus/$name"
	echo "== fuzzing $name for ${seconds}s"
	(cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./fuzz_$name" -max_total_time="$seconds" \
		-max_len=4096 -print_final_stats=1 "../tests/fuzz/corpus/$name") 2>&1 |
		grep -E 'stat::number_of_executed_units|stat::new_units_added|ERROR|Done|crash-' || true
	ls "$out"/crash-* "$out"/leak-* >/dev/null 2>&1 && { echo "fuzz_$name found a crash: see $out/" >&2; status=1; }
	# keep the committed corpus small: merge it down to the inputs that add coverage
	# (regress-* files, named after the bugs they found, are always kept)
	min="$PWD/$out/min-$name"
	rm -rf "$min" && mkdir -p "$min"
	(cd "$out" && "./fuzz_$name" -merge=1 -max_len=4096 "$min" "../tests/fuzz/corpus/$name" >/dev/null 2>&1) &&
		find "tests/fuzz/corpus/$name" -type f ! -name 'regress-*' -delete &&
		cp "$min"/* "tests/fuzz/corpus/$name/" 2>/dev/null
	echo "   corpus: $(ls "tests/fuzz/corpus/$name" | wc -l) inputs"

done
exit $status
