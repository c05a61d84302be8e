// wl_c10k.go — c10k (docs/WORKLOADS.md, workloads/c10k.c): conns mostly idle
// loopback connections, a goroutine each (the echo handler), accepted in setup;
// the client wakes one at a time at random. metric bytes_per_conn = (peak RSS -
// the idle baseline) / conns, with the baseline taken once per process before
// the first repetition's connections (main.go's memBaseline rule) and the peak
// reset in setup (resetPeakRSS).

package main

type c10kWl struct {
	net *netServer
	n   int64
}

var c10kBaseline int64

func init() {
	register(&workload{
		name:    "c10k",
		desc:    "C mostly idle connections, one woken at a time; memory per connection",
		latency: true,
		params: []param{
			{name: "n", help: "wakes (N)", def: 10000, quick: 1000, min: 1, max: 100000000},
			{name: "conns", help: "connections held open (C)", def: 10000, quick: 1000, min: 1, max: 100000},
			{name: "size", help: "message bytes per wake", def: 64, quick: 64, min: 1, max: 65536},
		},
		setup: func(c *wctx) (instance, error) {
			if c10kBaseline == 0 {
				c10kBaseline, _ = currentRSS()
			}
			resetPeakRSS()
			w := &c10kWl{n: c.params["n"]}
			w.net = &netServer{name: "c10k", conns: int(c.params["conns"])}
			w.net.serve = echoServe(w.net)
			if err := w.net.start(c, "c10k", int(c.params["size"]), 0, false, nil); err != nil {
				w.net.stop()
				return nil, err
			}
			return w, nil
		},
	})
}

func (w *c10kWl) run(m *measure) {
	w.net.round(m, w.n)
	if peak, ok := peakRSS(); ok && c10kBaseline > 0 {
		m.metric("peak_rss_bytes", float64(peak))
		m.metric("bytes_per_conn", float64(peak-c10kBaseline)/float64(w.net.conns))
	}
}
func (w *c10kWl) verify() error { return w.net.verify(w.n) }
func (w *c10kWl) ops() uint64   { return uint64(w.n) }
func (w *c10kWl) teardown()     { w.net.stop() }
func (w *c10kWl) corrupt()      { w.net.ops++ }
