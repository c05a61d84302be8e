// wl_yield.go — yield (docs/WORKLOADS.md): two tasks each call runtime.Gosched N/2
// times while main waits on a wait group.

package main

import (
	"fmt"
	"runtime"
	"sync"
)

type yield struct {
	n    int64
	done [2]int64 // yields each task completed
}

func init() {
	register(&workload{
		name: "yield",
		desc: "two tasks yield N/2 times each; ns per yield",
		params: []param{
			{name: "n", help: "yields (both tasks together)", def: 10_000_000, quick: 1000_000, min: 2, max: 1 << 40},
		},
		setup: func(c *wctx) (instance, error) { return &yield{n: c.params["n"]}, nil },
	})
}

func (y *yield) run(m *measure) {
	var wg sync.WaitGroup
	wg.Add(2)
	for t := range y.done {
		go func(t int) {
			half := y.n / 2
			var i int64
			for ; i < half; i++ {
				runtime.Gosched()
			}
			y.done[t] = i
			wg.Done()
		}(t)
	}
	wg.Wait()
}

func (y *yield) verify() error {
	for t, d := range y.done {
		if d != y.n/2 {
			return fmt.Errorf("task %d yielded %d times, want %d", t, d, y.n/2)
		}
	}
	return nil
}

func (y *yield) ops() uint64 { return uint64(y.n / 2 * 2) }
