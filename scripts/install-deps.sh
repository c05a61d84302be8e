#!/usr/bin/env bash
# install-deps.sh MODE — make sure corobench's Debian dependencies are present.
#
# MODE is `test` or `bench` (both need the same libraries today; the split keeps
# room for bench-only tools). Required: hwloc, libpfm4, cmocka headers, gnuplot.
# Optional: Go (golang-go), for the Go reference peer; without it the `go` runtime
# is listed as unavailable and everything else runs. The tests that need a
# daemon of their own install it themselves, as root, when missing:
# tests/e2e_fleet.sh openssh-server, tests/e2e_slurm.sh slurm-wlm and munge
# (each skips, saying why, where it cannot).
#
# As root, missing packages are installed (apt-get update runs once first, as a
# fresh Debian machine needs). Otherwise the exact apt-get line is printed and the
# script exits 1.
set -u
mode=${1:-test}

missing=()
have_header() { printf '#include <%s>\n' "$1" | ${CC:-cc} -E -x c - >/dev/null 2>&1; }
have_header hwloc.h || missing+=(libhwloc-dev)
command -v hwloc-ls >/dev/null 2>&1 || missing+=(hwloc)
have_header perfmon/pfmlib_perf_event.h || missing+=(libpfm4-dev)
have_header cmocka.h || missing+=(libcmocka-dev)
command -v gnuplot >/dev/null 2>&1 || missing+=(gnuplot-nox)
command -v make >/dev/null 2>&1 || missing+=(make)
${CC:-cc} --version >/dev/null 2>&1 || missing+=(gcc)
optional=()
command -v go >/dev/null 2>&1 || optional+=(golang-go)
# gmp's io_uring netpoller (GMP_POLLER=io_uring); without it the build says so
have_header liburing.h || optional+=(liburing-dev)

[ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	if [ ${#missing[@]} -gt 0 ]; then
		echo "corobench ($mode): missing Debian packages. Run:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]} ${optional[*]}" >&2
		exit 1
	fi
	echo "corobench ($mode): optional packages missing: ${optional[*]} (golang-go: the go" >&2
	echo "  reference peer; liburing-dev: gmp's io_uring netpoller); they are skipped." >&2
	echo "  to add them: sudo apt-get install -y ${optional[*]}" >&2
	exit 0
fi

echo "corobench ($mode): installing ${missing[*]} ${optional[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || { echo "corobench: apt-get update failed" >&2; exit 1; }
if [ ${#missing[@]} -gt 0 ]; then
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		{ echo "corobench: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi
if [ ${#optional[@]} -gt 0 ]; then
	apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null ||
		echo "corobench: could not install ${optional[*]}; the go peer and/or gmp's io_uring netpoller are skipped" >&2
fi
exit 0
