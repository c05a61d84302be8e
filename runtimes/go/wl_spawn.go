// wl_spawn.go — spawn (docs/WORKLOADS.md): wait group add N; spawn N tasks that
// each call done and exit; wait. The spawner does not yield between spawns. Each
// task also marks its own byte, so verify can check that all N ran exactly once.

package main

import (
	"fmt"
	"sync"
)

type spawn struct {
	n   int64
	ran []uint8
}

func init() {
	register(&workload{
		name:   "spawn",
		desc:   "spawn N tasks that each signal a wait group; ns per task",
		memory: true,
		params: []param{
			{name: "n", help: "tasks", def: 1000_000, quick: 100_000, min: 1, max: 1 << 32},
		},
		setup: func(c *wctx) (instance, error) {
			n := c.params["n"]
			return &spawn{n: n, ran: make([]uint8, n)}, nil
		},
	})
}

func (s *spawn) run(m *measure) {
	var wg sync.WaitGroup
	ran := s.ran
	wg.Add(int(s.n))
	for i := int64(0); i < s.n; i++ {
		go func(i int64) {
			ran[i]++
			wg.Done()
		}(i)
	}
	wg.Wait()
}

func (s *spawn) verify() error {
	for i, r := range s.ran {
		if r != 1 {
			return fmt.Errorf("task %d ran %d times, want once", i, r)
		}
	}
	return nil
}

func (s *spawn) tasks() uint64 { return uint64(s.n) }
func (s *spawn) ops() uint64   { return uint64(s.n) }
