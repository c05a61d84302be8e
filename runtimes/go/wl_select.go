// wl_select.go — select (workloads/select.c): K channels of capacity 1024 (K = the
// cases parameter), each fed by its own producer, which sends its share of 0..N-1
// (N/K values, the last one the remainder); main receives N values with a select
// over the K receive cases. cases=0 is the baseline: one channel, one producer, a
// plain receive. Channels are not closed: main stops after N values, then waits
// for the producers.
//
// Go's select has static cases, so each K from 1 to 8 is its own select statement
// (what a Go programmer writes; reflect.Select would measure reflection). For K = 1
// the Go compiler turns the one-case select into a plain receive, so select
// cases=1 measures a receive here, not a select.
//
// Timed region (as select.c): spawning the producers through their return.

package main

import (
	"fmt"
	"sync"
)

const (
	selectCapacity = 1024 // as spsc/mpmc
	selectMaxCases = 8
)

type selectRun struct {
	n        int64
	cases    int
	chans    []chan int64
	sum      int64
	received int64
}

func init() {
	register(&workload{
		name: "select",
		desc: "main receives N values by select over K ready channels (K=0: plain recv)",
		params: []param{
			{name: "n", help: "messages (N)", def: 10_000_000, quick: 100_000, min: 1, max: 3000_000_000},
			{name: "cases", help: "receive cases per select (0: plain chan_recv on one channel)", def: 2, quick: 2, min: 0, max: selectMaxCases},
		},
		validate: func(p map[string]int64) error {
			if p["n"] < p["cases"] {
				return fmt.Errorf("select: n=%d is below cases=%d (every channel needs a value)", p["n"], p["cases"])
			}
			return nil
		},
		setup: func(c *wctx) (instance, error) {
			s := &selectRun{n: c.params["n"], cases: int(c.params["cases"])}
			nchan := s.cases
			if nchan == 0 {
				nchan = 1
			}
			for k := 0; k < nchan; k++ {
				s.chans = append(s.chans, make(chan int64, selectCapacity))
			}
			return s, nil
		},
	})
}

// selectRecv receives one value by a select over the len(c) channels.
func selectRecv(c []chan int64) int64 {
	switch len(c) {
	case 1:
		select {
		case v := <-c[0]:
			return v
		}
	case 2:
		select {
		case v := <-c[0]:
			return v
		case v := <-c[1]:
			return v
		}
	case 3:
		select {
		case v := <-c[0]:
			return v
		case v := <-c[1]:
			return v
		case v := <-c[2]:
			return v
		}
	case 4:
		select {
		case v := <-c[0]:
			return v
		case v := <-c[1]:
			return v
		case v := <-c[2]:
			return v
		case v := <-c[3]:
			return v
		}
	case 5:
		select {
		case v := <-c[0]:
			return v
		case v := <-c[1]:
			return v
		case v := <-c[2]:
			return v
		case v := <-c[3]:
			return v
		case v := <-c[4]:
			return v
		}
	case 6:
		select {
		case v := <-c[0]:
			return v
		case v := <-c[1]:
			return v
		case v := <-c[2]:
			return v
		case v := <-c[3]:
			return v
		case v := <-c[4]:
			return v
		case v := <-c[5]:
			return v
		}
	case 7:
		select {
		case v := <-c[0]:
			return v
		case v := <-c[1]:
			return v
		case v := <-c[2]:
			return v
		case v := <-c[3]:
			return v
		case v := <-c[4]:
			return v
		case v := <-c[5]:
			return v
		case v := <-c[6]:
			return v
		}
	case 8:
		select {
		case v := <-c[0]:
			return v
		case v := <-c[1]:
			return v
		case v := <-c[2]:
			return v
		case v := <-c[3]:
			return v
		case v := <-c[4]:
			return v
		case v := <-c[5]:
			return v
		case v := <-c[6]:
			return v
		case v := <-c[7]:
			return v
		}
	}
	panic("select: more cases than selectMaxCases")
}

func (s *selectRun) run(m *measure) {
	var wg sync.WaitGroup
	share := s.n / int64(len(s.chans))
	wg.Add(len(s.chans))
	for k, ch := range s.chans {
		from, to := int64(k)*share, int64(k+1)*share
		if k == len(s.chans)-1 {
			to = s.n
		}
		go func(ch chan int64, from, to int64) {
			for v := from; v < to; v++ {
				ch <- v
			}
			wg.Done()
		}(ch, from, to)
	}
	var sum, got int64
	if s.cases == 0 {
		ch := s.chans[0]
		for ; got < s.n; got++ {
			sum += <-ch
		}
	} else {
		for ; got < s.n; got++ {
			sum += selectRecv(s.chans)
		}
	}
	s.sum, s.received = sum, got
	wg.Wait()
}

func (s *selectRun) verify() error {
	if want := s.n * (s.n - 1) / 2; s.sum != want || s.received != s.n {
		return fmt.Errorf("received %d values summing to %d, want %d summing to %d", s.received, s.sum, s.n, want)
	}
	return nil
}

func (s *selectRun) ops() uint64 { return uint64(s.n) }

// corrupt makes the answer wrong (--tamper), as select.c's tamper hook (wl_def.corrupt) does.
func (s *selectRun) corrupt() { s.sum++ }
