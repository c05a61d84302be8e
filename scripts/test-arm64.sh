#!/usr/bin/env bash
# test-arm64.sh — `make test-arm64`: cross-compiles corobench and its cmocka tests
# for aarch64 with Debian's gcc-aarch64-linux-gnu and runs the tests under
# qemu-user (qemu-aarch64 with the arm64 multiarch libraries under /, see QEMU_LD_PREFIX below).
#
# Dependencies for the arm64 build are cross-installed, not stubbed: Debian's
# multiarch packages libhwloc-dev:arm64, libpfm4-dev:arm64 and libcmocka-dev:arm64
# (`dpkg --add-architecture arm64`). What runs: every tests/test_*.c binary (the
# runtime, channel, workload, harness tests) and the fuzz-corpus replays. What
# does not: the end-to-end shell scripts and the Go peer (host-only tools), and
# anything needing perf_event_open on the emulated CPU (the counter tests see the
# host kernel's answers through qemu and must cope, as on any machine without a PMU).
# qemu-user emulates the ISA and arm64's weak memory model only as far as the
# host allows: TCG runs each guest thread on a host thread, so x86-TSO ordering
# hides some reorderings real arm64 hardware would show. It checks the aarch64
# context switch and that the code builds and runs; it cannot prove the atomics.
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
# What runs under qemu: the tests of code that does not start a runtime (stats,
# parsers, protocol, output, readers, histogram, placement plans, workload
# parameters) plus the fuzz-corpus replays, all of them built for aarch64. What is
# built but NOT run, and why (open work, see the README's reliability section):
#   test_rt_pthread, test_chan_*, test_workloads: they start runtimes and take
#                   minutes each under TCG (test_chan_semantics: ~4 min, passes).
#                   Their earlier hangs (mutex/pthread/fifo_capacity/t=1, gmp's
#                   spawn_join) were the ld.so/libc mismatch fixed at
#                   QEMU_LD_PREFIX below: the first pthread_create never returned;
#   test_placement_input: its migration check (threads reporting sched_getcpu)
#                   did not finish under qemu within minutes;
#   test_counters*, test_peer, test_report: host facilities (perf_event_open on the
#                   x86 host kernel, the x86 Go peer binary, the host's gnuplot).
# ARM64_TESTS="test_a test_b" overrides the list (e.g. to chase the hang above).
run_list=${ARM64_TESTS:-test_stats test_parse test_protocol test_output test_readers test_inference test_compare test_histogram test_latency test_placement test_wl_params test_counter_spec test_counter_status test_gmp test_gmp_switch}
tests=""
for t in $run_list; do [ -f "tests/$t.c" ] && tests="$tests $build/tests/$t"; done
built=$(ls tests/test_*.c | sed "s|tests/\(.*\)\.c|$build/tests/\1|")
replays=$(ls tests/fuzz/fuzz_*.c | sed "s|tests/fuzz/fuzz_\(.*\)\.c|$build/tests/replay_\1|")
make --no-print-directory -j"$(nproc)" CC=aarch64-linux-gnu-gcc ARCH=aarch64 BUILD=$build \
	WERROR="${WERROR:-0}" $build/corobench $built $replays || exit 1
file $build/corobench | grep -q 'ARM aarch64' || { echo "test-arm64: not an aarch64 binary" >&2; exit 1; }
# The loader must come from the same glibc build as the libc.so.6 it loads. The
# tests link Debian's multiarch libraries (libhwloc:arm64 & co. in
# /lib/aarch64-linux-gnu), which pull in libc6:arm64, so qemu must take ld.so from
# / too. With QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu ran the cross sysroot's
# ld.so (libc6-arm64-cross 2.36-8cross1) against /lib/aarch64-linux-gnu/libc.so.6
# (2.36-9+deb12u14): their private _rtld_global layouts differ, and the first
# pthread_create spun forever walking a garbage stack-cache list (what looked like
# gmp hanging in gmp/spawn_join and test_fp_state_per_g; any test whose first
# thread was created there hung). / has ld.so, libc and the multiarch libs of one
# build.
export QEMU_LD_PREFIX=/
BUILD=$build RUNNER="qemu-aarch64" NO_SCRIPTS=1 scripts/run-tests.sh $tests
status=$?
for r in $replays; do
	name=${r##*/replay_}
	qemu-aarch64 "$r" "tests/fuzz/corpus/$name" >/dev/null || { echo "FAILED: arm64 replay $name"; status=1; }
done
exit $status
