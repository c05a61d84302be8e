// wl_yield.go — yield (docs/WORKLOADS.md, workloads/yield.c): two tasks each call
// runtime.Gosched N/2 times (the first one N - N/2, so exactly N yields happen)
// while main waits on a wait group. Each task counts its yields in its own cache
// line.
//
// Timed region (as yield.c): spawning both tasks, the N yields, the wait.

package main

import (
	"fmt"
	"runtime"
	"sync"
)

// yieldTask is one yielder's count, alone in its 64-byte cache line.
type yieldTask struct {
	want, done int64
	_          [48]byte
}

type yield struct {
	n    int64
	task [2]yieldTask
}

func init() {
	register(&workload{
		name: "yield",
		desc: "two tasks yield N/2 times each: the bare scheduler switch",
		params: []param{
			{name: "n", help: "yields in total (N), split over two tasks", def: 10_000_000, quick: 100_000, min: 2, max: 100_000_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			n := c.params["n"]
			y := &yield{n: n}
			y.task[0].want, y.task[1].want = n-n/2, n/2
			return y, nil
		},
	})
}

func (y *yield) run(m *measure) {
	var wg sync.WaitGroup
	wg.Add(2)
	for i := range y.task {
		go func(t *yieldTask) {
			var i int64
			for ; i < t.want; i++ {
				runtime.Gosched()
			}
			t.done = i
			wg.Done()
		}(&y.task[i])
	}
	wg.Wait()
}

func (y *yield) verify() error {
	for i, t := range y.task {
		if t.done != t.want {
			return fmt.Errorf("task %d yielded %d times, want %d", i, t.done, t.want)
		}
	}
	return nil
}

func (y *yield) ops() uint64 { return uint64(y.n) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (y *yield) corrupt() { y.task[1].done-- }
