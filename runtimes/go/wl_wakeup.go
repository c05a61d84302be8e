// wl_wakeup.go — wakeup (docs/WORKLOADS.md, workloads/wakeup.c): T tasks spin
// without yielding while main sleeps for a fixed period N times; each wake-up's
// lateness (the clock once main runs again minus the clock before the sleep plus
// the period) is a latency sample, and metric.wakeup_late_ns is their median.
//
// Timed region (as wakeup.c): the N sleeps; the hogs start in setup and stop in
// teardown.

package main

import (
	"fmt"
	"sort"
	"time"
)

type wakeup struct {
	n, hogs int64
	period  int64
	late    []int64
	woken   int64
	early   int64
	spin    *spinner
}

func init() {
	register(&workload{
		name:    "wakeup",
		desc:    "a task sleeps 1 ms N times beside T tasks that never yield; lateness",
		latency: true,
		params: []param{
			{name: "n", help: "wake-ups (N)", def: 200, quick: 20, min: 1, max: 100_000_000},
			{name: "hogs", help: "tasks spinning beside the sleeper (T)", def: 4, quick: 4, min: 0, max: 1000},
			{name: "period_us", help: "requested sleep, microseconds", def: 1000, quick: 1000, min: 1, max: 10_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			w := &wakeup{n: c.params["n"], hogs: c.params["hogs"], period: c.params["period_us"] * 1000}
			w.late = make([]int64, w.n)
			w.spin = startSpinners("wakeup", "the sleeper", int(w.hogs))
			return w, nil
		},
	})
}

func (w *wakeup) run(m *measure) {
	for i := int64(0); i < w.n; i++ {
		t0 := nowNs()
		time.Sleep(time.Duration(w.period))
		t1 := nowNs()
		due := t0 + w.period
		if t1 < due {
			w.early++
		}
		if t1 > due {
			w.late[i] = t1 - due
		}
		w.woken++
		w.spin.advance()
	}
	for _, l := range w.late[:w.woken] {
		m.record(l)
	}
	s := append([]int64(nil), w.late[:w.woken]...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) > 0 {
		m.metric("wakeup_late_ns", float64(s[len(s)/2]))
	}
}

func (w *wakeup) teardown() { w.spin.stopAll() }

func (w *wakeup) verify() error {
	if w.woken != w.n || w.early != 0 {
		return fmt.Errorf("%d wake-ups of %d, %d before their period ended", w.woken, w.n, w.early)
	}
	return nil
}

func (w *wakeup) ops() uint64 { return uint64(w.n) }
func (w *wakeup) corrupt()    { w.early++ }
