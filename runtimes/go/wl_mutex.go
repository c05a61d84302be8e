// wl_mutex.go — mutex (docs/WORKLOADS.md, workloads/mutex.c): T tasks each
// increment one shared counter N/T times (the first N mod T tasks once more, so
// exactly N) under a sync.Mutex. The counter is a plain int64: only the mutex
// makes the increments safe, so a lost update shows in verify.
//
// Timed region (as mutex.c): spawning the T tasks, the N increments, the wait.

package main

import (
	"fmt"
	"sync"
)

const mutexMaxTasks = 4096

type mutex struct {
	n, tasks int64
	mu       sync.Mutex
	counter  int64
}

func init() {
	register(&workload{
		name: "mutex",
		desc: "T tasks increment one counter under the runtime's mutex",
		params: []param{
			{name: "n", help: "increments in total (N)", def: 10_000_000, quick: 100_000, min: 1, max: 100_000_000_000},
			{name: "tasks", help: "tasks sharing the mutex (T)", def: 4, quick: 4, min: 1, max: mutexMaxTasks},
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
		count := x.n / x.tasks
		if t < x.n%x.tasks {
			count++
		}
		go func(count int64) {
			for i := int64(0); i < count; i++ {
				x.mu.Lock()
				x.counter++
				x.mu.Unlock()
			}
			wg.Done()
		}(count)
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

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (x *mutex) corrupt() { x.counter-- }
