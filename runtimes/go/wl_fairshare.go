// wl_fairshare.go — fairshare (docs/WORKLOADS.md, workloads/fairshare.c): K tasks
// take N units of work one at a time from a shared counter (an atomic add) until
// it passes N; a unit is fsRounds rounds of a 64-bit mix of its number. Reports
// metric.units_min, metric.units_max and metric.fairness_jain; the answer is the
// count of units and the XOR of their results against a single-threaded
// reference computed once per process and size, outside the timed region.

package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

const fsRounds = 8 // as fairshare.c's FS_ROUNDS

type fsSlot struct {
	units int64
	acc   uint64
	_     [48]byte // a cache line each
}

type fairshare struct {
	n, tasks int64
	next     atomic.Int64
	slot     []fsSlot
	want     uint64
}

var fsRefN int64 = -1
var fsRef uint64

func fsUnit(x uint64) uint64 {
	for i := 0; i < fsRounds; i++ {
		x ^= x >> 33
		x *= 0xff51afd7ed558ccd
	}
	return x
}

func fsReference(n int64) uint64 {
	if fsRefN != n {
		var x uint64
		for u := int64(0); u < n; u++ {
			x ^= fsUnit(uint64(u))
		}
		fsRef, fsRefN = x, n
	}
	return fsRef
}

func init() {
	register(&workload{
		name: "fairshare",
		desc: "K CPU-bound tasks share N units of work; units per task, Jain's index",
		params: []param{
			{name: "n", help: "units of work (N)", def: 20_000_000, quick: 2_000_000, min: 1, max: 100_000_000_000},
			{name: "tasks", help: "CPU-bound tasks sharing them (K)", def: 4, quick: 4, min: 1, max: 10000},
		},
		setup: func(c *wctx) (instance, error) {
			f := &fairshare{n: c.params["n"], tasks: c.params["tasks"]}
			f.slot = make([]fsSlot, f.tasks)
			f.want = fsReference(f.n)
			return f, nil
		},
	})
}

func (f *fairshare) run(m *measure) {
	var wg sync.WaitGroup
	wg.Add(int(f.tasks))
	for i := int64(0); i < f.tasks; i++ {
		go func(i int64) {
			var mine int64
			var acc uint64
			for {
				u := f.next.Add(1) - 1
				if u >= f.n {
					break
				}
				acc ^= fsUnit(uint64(u))
				mine++
			}
			f.slot[i].units, f.slot[i].acc = mine, acc
			wg.Done()
		}(i)
	}
	wg.Wait()
	var sum, sq float64
	lo, hi := f.slot[0].units, f.slot[0].units
	for _, s := range f.slot {
		x := float64(s.units)
		sum += x
		sq += x * x
		if s.units < lo {
			lo = s.units
		}
		if s.units > hi {
			hi = s.units
		}
	}
	m.metric("units_min", float64(lo))
	m.metric("units_max", float64(hi))
	if sq > 0 {
		m.metric("fairness_jain", sum*sum/(float64(f.tasks)*sq))
	}
}

func (f *fairshare) verify() error {
	var units int64
	var acc uint64
	for _, s := range f.slot {
		units += s.units
		acc ^= s.acc
	}
	if units != f.n || acc != f.want {
		return fmt.Errorf("the tasks did %d units of %d, results XOR %016x, want %016x", units, f.n, acc, f.want)
	}
	return nil
}

func (f *fairshare) ops() uint64 { return uint64(f.n) }
func (f *fairshare) corrupt()    { f.slot[0].units++ }
