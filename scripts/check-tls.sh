#!/usr/bin/env bash
# check-tls.sh BUILD OBJDUMP — no code that can park reads the thread pointer.
#
# Why: on gmp a task that parks may come back on another OS thread. On x86-64 a
# thread-local access is a load through %fs, fresh every time; on aarch64 gcc reads
# the thread pointer (MRS tpidr_el0) once per function and keeps it in a register,
# also across a call that parks, so a thread-local read after the park names the
# thread the task left (chan_guard.h: faa's guard once marked the wrong record and a
# destroy freed a channel under a running operation). Thread-locals are therefore
# read only through the leaf accessors below, which never park; this script fails
# when any other function of the runtimes, channels or workloads reads tpidr_el0.
#
# Allowed, and why each is safe:
#   chan_guard_mine_get, gmp_getm_slow   the accessors themselves (out of line)
#   chan_guard_register                  registers this thread's record; no park
#   chan_rand, chan_pollorder            select's generator, used before any park
#   m_main                               an M's thread entry: runs on its own thread
#   pt_park, pt_self                     pthread runtime: a task is its thread
set -u
build=${1:?usage: check-tls.sh BUILD OBJDUMP}
objdump=${2:?usage: check-tls.sh BUILD OBJDUMP}
allowed='chan_guard_mine_get|gmp_getm_slow|chan_guard_register|chan_rand|chan_pollorder|m_main|pt_park|pt_self'
objs=$(find "$build/obj/runtimes" "$build/obj/workloads" -name '*.o' 2>/dev/null)
[ -n "$objs" ] || { echo "check-tls: no objects under $build/obj" >&2; exit 1; }
readers=$(for o in $objs; do
	"$objdump" -d --no-show-raw-insn "$o" |
		awk -v o="${o#"$build"/obj/}" '/^[0-9a-f]+ <.*>:$/ { fn = $2 } /tpidr_el0/ { print o " " fn }'
done | sort -u)
bad=$(grep -Ev "<($allowed)>:$" <<<"$readers" | grep . || true)
if [ -n "$bad" ]; then
	echo "check-tls: functions that read the thread pointer outside the accessors (see scripts/check-tls.sh):" >&2
	echo "$bad" >&2
	exit 1
fi
echo "check-tls: ok, only the accessors read the thread pointer ($(wc -l <<<"$readers") functions)"
