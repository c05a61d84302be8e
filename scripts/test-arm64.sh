#!/usr/bin/env bash
# test-arm64.sh — `make test-arm64`: cross-compiles corobench and its cmocka tests
# for aarch64 with Debian's gcc-aarch64-linux-gnu and runs the tests under
# qemu-user (qemu-aarch64 with the arm64 multiarch libraries under /, see QEMU_LD_PREFIX below).
#
# Dependencies for the arm64 build are cross-installed, not stubbed: Debian's
# multiarch packages libhwloc-dev:arm64, libpfm4-dev:arm64 and libcmocka-dev:arm64
# (`dpkg --add-architecture arm64`), without libhwloc-plugins:arm64 (hwloc then
# parses XML with its built-in parser). What runs: the runtime, channel, workload,
# gmp and harness tests (every tests/test_*.c binary but the few listed below with
# their reasons), with the stress loops shortened by COROBENCH_TEST_SCALE, and the
# fuzz-corpus replays. What does not: the end-to-end shell scripts and the Go peer
# (host-only tools), and what needs perf_event_open (qemu-user answers ENOSYS).
# qemu-user emulates the ISA and arm64's weak memory model only as far as the
# host allows: TCG runs each guest thread on a host thread, so x86-TSO ordering
# hides the reorderings real arm64 hardware would show. It checks the aarch64
# context switch and that the code builds and runs; it cannot prove the atomics
# (docs/MEMORY-MODEL.md is the argument; real arm64 hardware the proof).
set -u
need=()
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
for p in libhwloc-dev libpfm4-dev libcmocka-dev; do
	dpkg -s "$p:arm64" >/dev/null 2>&1 || need+=("$p:arm64")
done
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "make test-arm64 needs: sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
		exit 1
	fi
	echo "test-arm64: installing ${need[*]}" >&2
	dpkg --add-architecture arm64
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
		{ echo "test-arm64: apt-get install ${need[*]} failed" >&2; exit 1; }
fi
build=build-arm64
# What runs under qemu: every tests/test_*.c binary except the ones below, then the
# fuzz-corpus replays. Not run, each printed with its reason at every run:
declare -A not_run=(
	[test_counters_coverage]="qemu-user does not implement perf_event_open (ENOSYS): the software counters it checks are not there (the counter status tests do run)"
	[test_counters_rt]="qemu-user does not implement perf_event_open (ENOSYS)"
	[test_report]="report rendering (gnuplot, HTML), no architecture-specific code: 35 s under emulation, left to the native run"
	[test_hostile]="runs the corobench binary as a child process, and an aarch64 child cannot be exec'd here (qemu-user emulates the test process only; no binfmt_misc); no architecture-specific code, left to the native and sanitizer runs"
)
# The stress loops run 1/COROBENCH_TEST_SCALE of their iterations (tests/support/
# scale.h): under TCG every futex hand-off and thread creation costs 10-100x its
# native price (test_chan_semantics: 259 s at scale 1). Every scenario and every
# variant x runtime x worker count still runs; only repetitions are dropped.
export COROBENCH_TEST_SCALE=${COROBENCH_TEST_SCALE:-4}
# Binaries run ARM64_JOBS at a time (default 2: most wait on futexes and sleeps
# under emulation, so two overlap well on 2 CPUs), the longest first.
jobs=${ARM64_JOBS:-2}
longest_first="test_chan_semantics test_workloads test_chan_stress test_chan_history test_rt_pthread test_gmp test_gmp_stack test_gmp_indirection"
if [ -n "${ARM64_TESTS:-}" ]; then
	run_list=$ARM64_TESTS # e.g. ARM64_TESTS="test_gmp test_chan_stress" to chase one
else
	run_list=$longest_first
	for f in tests/test_*.c; do
		t=$(basename "$f" .c)
		case " $run_list " in *" $t "*) continue ;; esac
		if [ -n "${not_run[$t]:-}" ]; then
			echo "test-arm64: not run under qemu: $t: ${not_run[$t]}"
			continue
		fi
		run_list="$run_list $t"
	done
fi
tests=""
for t in $run_list; do [ -f "tests/$t.c" ] && tests="$tests $build/tests/$t"; done
built=$(ls tests/test_*.c | sed "s|tests/\(.*\)\.c|$build/tests/\1|")
replays=$(ls tests/fuzz/fuzz_*.c | sed "s|tests/fuzz/fuzz_\(.*\)\.c|$build/tests/replay_\1|")
make --no-print-directory -j"$(nproc)" CC=aarch64-linux-gnu-gcc ARCH=aarch64 BUILD=$build \
	WERROR="${WERROR:-0}" $build/corobench $built $replays || exit 1
file $build/corobench | grep -q 'ARM aarch64' || { echo "test-arm64: not an aarch64 binary" >&2; exit 1; }
scripts/check-tls.sh $build aarch64-linux-gnu-objdump || exit 1
# The network workloads start their load generator as a process of its own; an
# aarch64 child cannot be exec'd here (no binfmt_misc), but the client speaks a
# line protocol over a socket, so the native one drives the emulated servers
# (the kernel runs an x86-64 ELF that a qemu-user process execs natively).
make --no-print-directory -j"$(nproc)" build/corobench-load >/dev/null || exit 1
export COROBENCH_LOADGEN=$PWD/build/corobench-load
export QEMU_LD_PREFIX=/
# One scripts/run-tests.sh run: the binaries `jobs` at a time (their logs in the
# list's order), then the fuzz-corpus replays (tests/fuzz_replay.sh, through the
# same RUNNER), then its one "N passed, N failed" line; its exit status is ours.
t0=$(date +%s)
JOBS=$jobs BUILD=$build RUNNER=qemu-aarch64 SKIP_GO=1 SCRIPTS=tests/fuzz_replay.sh \
	scripts/run-tests.sh $tests
status=$?
echo "test-arm64: under qemu ($jobs binaries at a time, COROBENCH_TEST_SCALE=$COROBENCH_TEST_SCALE): $(($(date +%s) - t0)) s"
exit $status
