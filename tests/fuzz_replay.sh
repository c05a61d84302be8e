#!/usr/bin/env bash
# fuzz_replay.sh — replays every committed fuzz corpus (tests/fuzz/corpus/<name>/)
# through its target, built without libFuzzer ($BUILD/tests/replay_<name>), as
# regression tests: in the sanitizer builds this is where ASan/UBSan would catch
# an input that once crashed. RUNNER (test-arm64.sh: qemu-aarch64) runs them.
set -u
BUILD=${BUILD:-build}
fail=0
for dir in tests/fuzz/corpus/*/; do
	name=$(basename "$dir")
	bin="$BUILD/tests/replay_$name"
	if [ ! -x "$bin" ]; then
		echo "FAIL no replay binary $bin"
		fail=1
		continue
	fi
	${RUNNER:-} "$bin" "$dir" || { echo "FAIL replay $name"; fail=1; }
done
exit $fail
