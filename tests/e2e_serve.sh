#!/usr/bin/env bash
# e2e_serve.sh — `corobench serve` on every runtime this build has: the first
# line is 127.0.0.1:PORT; an HTTP request gets the 13-byte body; a malformed one
# gets a 400 and a closed connection, and the server goes on serving; echo echoes;
# SIGINT ends it with exit 0; --duration ends it by itself; bad input exits 2
# naming the value. Requests go through bash's /dev/tcp (loopback only), each
# bounded by `timeout`.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/support/check.sh"

expect2 "'abc'" serve -w http -r gmp -t abc
expect2 "nosuch" serve -w nosuch -r gmp -t 1
expect2 "'nosuch'" serve -w http -r nosuch -t 1
expect2 "'70000'" serve -w http -r gmp -t 1 --port 70000

# ask HOST:PORT REQUEST -> the reply (the server closes, or 2 s pass)
ask() {
	timeout 5 bash -c 'exec 3<>/dev/tcp/${1%:*}/${1#*:}; printf "%b" "$2" >&3; timeout 2 cat <&3' _ "$1" "$2"
}

runtimes="pthread gmp"
"$cb" list | grep -qE '^  go .*' && [ -x "$BUILD/corobench-go" ] && runtimes="$runtimes go"
for rt in $runtimes; do
	# removed first: the background shell truncates the file only when it runs,
	# so the wait below could read the last server's address, now closed
	rm -f "$tmp/addr" "$tmp/addr-echo"
	"$cb" serve -w http -r "$rt" -t 1 >"$tmp/addr" 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 50); do [ -s "$tmp/addr" ] && break; sleep 0.1; done
	addr=$(head -n 1 "$tmp/addr")
	check "$rt: first line is the address ($addr)" grep -qE '^127\.0\.0\.1:[0-9]+$' <<<"$addr"
	ask "$addr" 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >"$tmp/ok"
	check "$rt: 200 with the body" grep -q 'Hello, World!' "$tmp/ok"
	check "$rt: Content-Length 13" grep -qi 'content-length: 13' "$tmp/ok"
	ask "$addr" 'GARBAGE\r\n\r\n' >"$tmp/bad"
	check "$rt: a malformed request gets 400" grep -q '^HTTP/1.1 400' "$tmp/bad"
	ask "$addr" 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n' >"$tmp/ok2"
	check "$rt: still serving after it" grep -q 'Hello, World!' "$tmp/ok2"
	kill -INT "$pid"
	wait "$pid"
	check "$rt: SIGINT ends it with exit 0" [ $? -eq 0 ]
	# echo, ended by --duration
	# a file of its own, for the same reason
	"$cb" serve -w echo -r "$rt" -t 2 --duration 2 >"$tmp/addr-echo" 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 50); do [ -s "$tmp/addr-echo" ] && break; sleep 0.1; done
	addr=$(head -n 1 "$tmp/addr-echo")
	timeout 5 bash -c 'exec 3<>/dev/tcp/${1%:*}/${1#*:}; printf "ping" >&3; head -c 4 <&3' _ "$addr" >"$tmp/echo"
	check "$rt: echo echoes" grep -qx ping "$tmp/echo"
	timeout 30 tail --pid="$pid" -f /dev/null
	wait "$pid"
	check "$rt: --duration ends it with exit 0" [ $? -eq 0 ]
done
exit "$fail"
