// wl_hog.go — hog (docs/WORKLOADS.md, workloads/hog.c): Go's PingPongHog. One
// task spins without yielding (wl_spin.go) while main and a partner bounce a value
// over two unbuffered channels N times; every 16th round trip is timed.
//
// Timed region (as hog.c): the partner's spawn, the N round trips, closing a and
// waiting for the partner. The hog starts in setup (which returns once it spins)
// and stops in teardown.

package main

type hog struct {
	pair
	spin *spinner
}

func init() {
	register(&workload{
		name:    "hog",
		desc:    "ping-pong beside a task that never yields (Go's PingPongHog)",
		latency: true,
		params: []param{
			{name: "n", help: "round trips (N)", def: 1000_000, quick: 100_000, min: 1, max: 100_000_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			h := &hog{pair: newPair(c.params["n"])}
			h.spin = startSpinners("hog", "the ping-pong", 1)
			return h, nil
		},
	})
}

func (h *hog) run(m *measure) { h.pair.run(m, true, h.spin) }
func (h *hog) teardown()      { h.spin.stopAll() }
func (h *hog) verify() error  { return h.pair.verify() }
func (h *hog) ops() uint64    { return uint64(h.n) }
func (h *hog) corrupt()       { h.v++ }
