// wl_mutex.go — mutex (docs/WORKLOADS.md): T tasks each increment one shared
// counter N/T times (task t does the share [t*N/T, (t+1)*N/T), so the total is
// exactly N) under a sync.Mutex.

package main

import (
	"fmt"
	"sync"
)

type mutex struct {
	n, tasks int64
	mu       sync.Mutex
	counter  int64
}

func init() {
	register(&workload{
		name: "mutex",
		desc: "T tasks increment one counter under the runtime's mutex; ns per increment",
		params: []param{
			{name: "n", help: "increments (all tasks together)", def: 10_000_000, quick: 1000_000, min: 1, max: 1 << 40},
			{name: "tasks", help: "contending tasks", def: 4, quick: 4, min: 1, max: 1 << 16},
		},
		setup: func(c *wctx) (instance, error) {
			return &mutex{n: c.params["n"], tasks: c.params["tasks"]}, nil
		},
	})
}

func (x *mutex) run(m *measure) {
	var wg sync.WaitGroup
	wg.Add(int(x.tasks))
	for t := int64(0); t < x.tasks; t++ {
		go func(share int64) {
			for i := int64(0); i < share; i++ {
				x.mu.Lock()
				x.counter++
				x.mu.Unlock()
			}
			wg.Done()
		}((t+1)*x.n/x.tasks - t*x.n/x.tasks)
	}
	wg.Wait()
}

func (x *mutex) verify() error {
	if x.counter != x.n {
		return fmt.Errorf("counter = %d, want %d", x.counter, x.n)
	}
	return nil
}

func (x *mutex) ops() uint64 { return uint64(x.n) }
