// wl_ring.go — ring (docs/WORKLOADS.md, workloads/ring.c): 503 tasks on 503
// unbuffered channels; member i receives from ring[i] and sends to
// ring[(i+1)%503]; main sends the token N into ring[0]; a member receiving t > 0
// passes t-1 on; the member receiving 0 sends its index to main on done.
//
// Timed region (as ring.c): the N hops only. The members are spawned in setup and
// shut down in teardown (close every link, wait for all members), outside the clock.

package main

import (
	"fmt"
	"sync"
)

const ringSize = 503 // the benchmark's classic ring: prime, so no aliasing with N

type ring struct {
	n      int64
	size   int
	link   []chan int64 // link[i]: into member i
	done   chan int64   // member holding 0 -> main
	exited sync.WaitGroup
	winner int64
	closed bool // a member saw a closed channel during run
}

func init() {
	register(&workload{
		name: "ring",
		desc: "a token passed N hops around 503 tasks on unbuffered channels",
		params: []param{
			{name: "n", help: "hops of the token (N)", def: 10_000_000, quick: 5000, min: 1, max: 100_000_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			r := &ring{n: c.params["n"], size: ringSize, done: make(chan int64)}
			r.link = make([]chan int64, r.size)
			for i := range r.link {
				r.link[i] = make(chan int64)
			}
			r.exited.Add(r.size)
			for i := 0; i < r.size; i++ {
				go r.member(i)
			}
			return r, nil
		},
	})
}

func (r *ring) member(i int) {
	defer r.exited.Done()
	in, out := r.link[i], r.link[(i+1)%r.size]
	for t := range in {
		if t > 0 {
			out <- t - 1
		} else {
			r.done <- int64(i)
		}
	}
}

func (r *ring) run(m *measure) {
	r.link[0] <- r.n
	r.winner = <-r.done
}

func (r *ring) teardown() {
	for _, c := range r.link {
		close(c)
	}
	r.exited.Wait()
}

func (r *ring) verify() error {
	if want := r.n % int64(r.size); r.winner != want {
		return fmt.Errorf("member %d got the 0 token, want %d (N mod %d)", r.winner, want, r.size)
	}
	return nil
}

func (r *ring) ops() uint64 { return uint64(r.n) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (r *ring) corrupt() { r.winner++ }
