// wl_spsc.go — spsc (docs/WORKLOADS.md, workloads/spsc.c): one channel of capacity
// cap (default 1024, 0 unbuffered); a producer sends 0..N-1 and closes; main
// receives until closed and sums.
//
// Timed region (as spsc.c): spawning the producer, the N messages, the close, and
// the producer's exit (main's receive of "closed" follows it).

package main

import "fmt"

const spscMaxCapacity = 1 << 20 // as spsc.c's SPSC_MAX_CAPACITY

type spsc struct {
	n        int64
	ch       chan int64
	sum      int64
	received int64
}

func init() {
	register(&workload{
		name: "spsc",
		desc: "one producer sends N integers to main over a channel of capacity cap (1024)",
		params: []param{
			{name: "n", help: "messages (N)", def: 10_000_000, quick: 100_000, min: 1, max: 3000_000_000},
			{name: "cap", help: "channel capacity (0: unbuffered)", def: 1024, quick: 1024, min: 0, max: spscMaxCapacity},
		},
		setup: func(c *wctx) (instance, error) {
			return &spsc{n: c.params["n"], ch: make(chan int64, c.params["cap"])}, nil
		},
	})
}

func (s *spsc) run(m *measure) {
	ch, n := s.ch, s.n
	go func() {
		for i := int64(0); i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	var sum, got int64
	for v := range ch {
		sum += v
		got++
	}
	s.sum, s.received = sum, got
}

func (s *spsc) verify() error {
	if want := s.n * (s.n - 1) / 2; s.sum != want || s.received != s.n {
		return fmt.Errorf("received %d values summing to %d, want %d summing to %d", s.received, s.sum, s.n, want)
	}
	return nil
}

func (s *spsc) ops() uint64 { return uint64(s.n) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (s *spsc) corrupt() { s.sum-- }
