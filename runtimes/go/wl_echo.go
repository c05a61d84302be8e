// wl_echo.go — echo (docs/WORKLOADS.md, workloads/echo.c): C loopback
// connections from the load generator send size-byte messages and wait for them
// back; a goroutine per connection reads into a 4-KiB buffer and writes back
// what it read, plus the accept loop. n = round trips; latency from the client.

package main

import (
	"errors"
	"io"
	"net"
	"syscall"
)

type echoWl struct {
	net  *netServer
	n    int64
	rate int64
}

// echoServe is the echo handler (c10k's too).
func echoServe(s *netServer) func(c net.Conn) {
	return func(c net.Conn) {
		buf := make([]byte, 4096)
		for {
			n, err := c.Read(buf)
			if n > 0 {
				if _, werr := c.Write(buf[:n]); werr != nil {
					if !errors.Is(werr, syscall.EPIPE) && !errors.Is(werr, syscall.ECONNRESET) {
						s.setFault("write: %v", werr)
					}
					return
				}
			}
			if err != nil {
				if err != io.EOF && !errors.Is(err, syscall.ECONNRESET) {
					s.setFault("read: %v", err)
				}
				return
			}
		}
	}
}

func init() {
	register(&workload{
		name:    "echo",
		desc:    "C loopback connections echo size-byte messages; task per connection",
		latency: true,
		params: []param{
			{name: "n", help: "round trips (N)", def: 200000, quick: 5000, min: 1, max: 1000000000},
			{name: "conns", help: "connections (C)", def: 64, quick: 16, min: 1, max: 100000},
			{name: "size", help: "message bytes", def: 64, quick: 64, min: 1, max: 1 << 20},
			{name: "rate", help: "round trips/s the client starts (open loop); 0 = closed loop", def: 0, quick: 0, min: 0, max: 100000000},
		},
		setup: func(c *wctx) (instance, error) {
			e := &echoWl{n: c.params["n"], rate: c.params["rate"]}
			e.net = &netServer{name: "echo", conns: int(c.params["conns"])}
			e.net.serve = echoServe(e.net)
			if err := e.net.start(c, "echo", int(c.params["size"]), e.rate, true, nil); err != nil {
				e.net.stop()
				return nil, err
			}
			return e, nil
		},
	})
}

func (e *echoWl) run(m *measure) {
	e.net.round(m, e.n)
	if e.rate > 0 {
		m.metric("source_lag_max_ns", float64(e.net.lagMax))
		m.metric("source_late_events", float64(e.net.late))
	}
}
func (e *echoWl) verify() error { return e.net.verify(e.n) }
func (e *echoWl) ops() uint64   { return uint64(e.n) }
func (e *echoWl) teardown()     { e.net.stop() }
func (e *echoWl) corrupt()      { e.net.ops-- }
