// wl_skynet.go — skynet (docs/WORKLOADS.md): skynet(out, num, size): size == 1
// sends num on out; otherwise it makes one unbuffered channel rc, spawns 10
// children skynet(rc, num + i*size/10, size/10), receives 10 values and sends their
// sum on out. Main spawns the root with size 1,000,000: 1,111,111 tasks.
// Parameter n is the size (leaves), a power of 10; ops = tasks = (10n-1)/9.
//
// Timed region (as workloads/skynet.c): the whole tree, from spawning the root to
// receiving its sum. Memory: peak RSS and bytes per task (main.go's memoryMetrics,
// wl_mem.h's definition).

package main

import "fmt"

type skynet struct {
	size   int64
	result int64
}

func init() {
	register(&workload{
		name:   "skynet",
		desc:   "a ten-way tree of (10n-1)/9 tasks sums its leaves; peak RSS per task",
		memory: true,
		params: []param{
			{name: "n", help: "leaves of the tree (size), a power of 10; tasks = (10n-1)/9", def: 1000_000, quick: 1000, min: 1, max: 100_000_000},
		},
		validate: func(p map[string]int64) error {
			for s := p["n"]; s > 1; s /= 10 {
				if s%10 != 0 {
					return fmt.Errorf("skynet: n=%d is not a power of 10 (the tree is ten-way)", p["n"])
				}
			}
			return nil
		},
		setup: func(c *wctx) (instance, error) {
			return &skynet{size: c.params["n"]}, nil
		},
	})
}

func skynetTask(out chan<- int64, num, size int64) {
	if size == 1 {
		out <- num
		return
	}
	rc := make(chan int64)
	for i := int64(0); i < 10; i++ {
		go skynetTask(rc, num+i*size/10, size/10)
	}
	var sum int64
	for i := 0; i < 10; i++ {
		sum += <-rc
	}
	out <- sum
}

func (s *skynet) run(m *measure) {
	out := make(chan int64)
	go skynetTask(out, 0, s.size)
	s.result = <-out
}

func (s *skynet) verify() error {
	if want := s.size * (s.size - 1) / 2; s.result != want {
		return fmt.Errorf("sum %d over %d leaves, want %d", s.result, s.size, want)
	}
	return nil
}

// tasks is every task spawned: size + size/10 + ... + 1 = (10*size - 1) / 9.
func (s *skynet) tasks() uint64 { return uint64((10*s.size - 1) / 9) }
func (s *skynet) ops() uint64   { return s.tasks() }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (s *skynet) corrupt() { s.result++ }
