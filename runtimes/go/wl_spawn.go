// wl_spawn.go — spawn (docs/WORKLOADS.md, workloads/spawn.c): wait group add N;
// spawn N tasks that each call done and exit; wait. The spawner does not yield
// between spawns. Each task marks its own byte of ran before done(), so verify
// checks that all N ran exactly once; ran is faulted in during setup, so its
// first-touch page faults are not charged to the spawns.
//
// Timed region (as spawn.c): the N spawns and the wait. Memory: peak RSS and bytes
// per task (main.go's memoryMetrics, wl_mem.h's definition).

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
		desc:   "spawn N tasks that each call done on a wait group; peak RSS per task",
		memory: true,
		params: []param{
			{name: "n", help: "tasks spawned (N)", def: 1000_000, quick: 5000, min: 1, max: 1000_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			n := c.params["n"]
			s := &spawn{n: n, ran: make([]uint8, n)}
			for i := int64(0); i < n; i += 4096 {
				s.ran[i] = 0 // first touch now, not in the timed region
			}
			return s, nil
		},
	})
}

func (s *spawn) run(m *measure) {
	var wg sync.WaitGroup
	ran := s.ran
	wg.Add(int(s.n))
	for i := int64(0); i < s.n; i++ {
		go func(mine *uint8) {
			*mine++
			wg.Done()
		}(&ran[i])
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

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (s *spawn) corrupt() { s.ran[0]++ }
