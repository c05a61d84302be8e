// wl_yield.go — yield (docs/WORKLOADS.md, workloads/yield.c): two goroutines per
// worker (2·GOMAXPROCS) call runtime.Gosched N times in all, N/2W each (the
// first N mod 2W once more, so exactly N yields happen), while main waits on a
// wait group. Each goroutine counts its yields in its own cache line.
//
// metric switched_yields, as yield.c defines it: the share of yields that
// resumed another goroutine. Each worker (a P here, a CPU for the C runtimes)
// has a slot holding the id of the last goroutine that yielded on it; a
// goroutine stores its id in its P's slot, yields, and counts a switch when the
// slot holds another id once it runs again. The P is read with runtime.procPin
// (what sync.Pool uses to find its P: a few ns, no system call; getcpu would be
// a system call per yield, ~2x the cost of a Gosched here).
//
// Timed region (as yield.c): spawning the 2W goroutines, the N yields, the wait.

package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	_ "unsafe" // go:linkname
)

// procPin disables preemption and returns the current P's id; procUnpin
// undoes it (runtime/proc.go; the bodies come from the runtime, the empty
// linkname.s lets a Go package declare them).
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

// yieldTask is one yielder's counts, alone in its 64-byte cache line.
type yieldTask struct {
	id       int32
	want     int64
	done     int64
	switched int64 // yields after which another goroutine had run on the P
	_        [32]byte
}

// yieldSlot is one P's last yielder, alone in its cache line.
type yieldSlot struct {
	last int32
	_    [60]byte
}

type yield struct {
	n    int64
	task []yieldTask
	slot []yieldSlot
}

func init() {
	register(&workload{
		name: "yield",
		desc: "two tasks per worker yield N times in all: the bare scheduler switch",
		params: []param{
			{name: "n", help: "yields in total (N), split over two tasks per worker", def: 10_000_000, quick: 100_000, min: 2, max: 100_000_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			n := c.params["n"]
			w := c.workers
			if w < 1 {
				w = 1
			}
			tasks := int64(2 * w)
			y := &yield{n: n, task: make([]yieldTask, tasks), slot: make([]yieldSlot, runtime.GOMAXPROCS(0))}
			for i := range y.task {
				y.task[i].id = int32(i + 1)
				y.task[i].want = n / tasks
				if int64(i) < n%tasks {
					y.task[i].want++
				}
			}
			return y, nil
		},
	})
}

func (y *yield) run(m *measure) {
	var wg sync.WaitGroup
	wg.Add(len(y.task))
	for i := range y.task {
		go func(t *yieldTask) {
			var i, switched int64
			for ; i < t.want; i++ {
				p := procPin()
				procUnpin()
				s := &y.slot[p].last
				atomic.StoreInt32(s, t.id)
				runtime.Gosched()
				if atomic.LoadInt32(s) != t.id {
					switched++
				}
			}
			t.done, t.switched = i, switched
			wg.Done()
		}(&y.task[i])
	}
	wg.Wait()
	var switched, done int64
	for _, t := range y.task {
		switched += t.switched
		done += t.done
	}
	if done > 0 {
		m.metric("switched_yields", float64(switched)/float64(done))
	}
}

func (y *yield) verify() error {
	var total int64
	for i, t := range y.task {
		if t.done != t.want || t.switched < 0 || t.switched > t.done {
			return fmt.Errorf("task %d yielded %d times (want %d), %d switched", i, t.done, t.want, t.switched)
		}
		total += t.done
	}
	if total != y.n {
		return fmt.Errorf("%d yields in all, want %d", total, y.n)
	}
	return nil
}

func (y *yield) ops() uint64 { return uint64(y.n) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (y *yield) corrupt() { y.task[len(y.task)-1].done-- }
