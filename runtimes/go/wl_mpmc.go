// wl_mpmc.go — mpmc (docs/WORKLOADS.md, workloads/mpmc.c): one channel of capacity
// 1024; P producers (producer p sends [p*N/P, (p+1)*N/P)) and C consumers (receive
// until closed, local sums); main waits for the producers, closes, waits for the
// consumers.
//
// Timed region (as mpmc.c): spawning the consumers, then the producers, the N
// messages, the close, and every consumer's exit. Each consumer's result sits in
// its own cache line, as in mpmc.c.

package main

import (
	"fmt"
	"sync"
)

const mpmcCapacity = 1024

// mpmcSlot is one consumer's result, padded to a 64-byte cache line.
type mpmcSlot struct {
	sum, got int64
	_        [48]byte
}

type mpmc struct {
	n, producers, consumers int64
	ch                      chan int64
	cons                    []mpmcSlot
	total, received         int64
}

func init() {
	register(&workload{
		name: "mpmc",
		desc: "P producers and C consumers share one channel of capacity 1024",
		params: []param{
			{name: "n", help: "messages (N)", def: 10_000_000, quick: 100_000, min: 1, max: 3000_000_000},
			{name: "producers", help: "producer tasks (P)", def: 4, quick: 4, min: 1, max: 4096},
			{name: "consumers", help: "consumer tasks (C)", def: 4, quick: 4, min: 1, max: 4096},
		},
		setup: func(c *wctx) (instance, error) {
			return &mpmc{n: c.params["n"], producers: c.params["producers"],
				consumers: c.params["consumers"], ch: make(chan int64, mpmcCapacity),
				cons: make([]mpmcSlot, c.params["consumers"])}, nil
		},
	})
}

func (q *mpmc) run(m *measure) {
	ch, n, np := q.ch, q.n, q.producers
	var prod, cons sync.WaitGroup
	cons.Add(len(q.cons))
	for c := range q.cons {
		go func(slot *mpmcSlot) {
			var sum, got int64
			for v := range ch {
				sum += v
				got++
			}
			slot.sum, slot.got = sum, got
			cons.Done()
		}(&q.cons[c])
	}
	prod.Add(int(np))
	for p := int64(0); p < np; p++ {
		go func(lo, hi int64) {
			for v := lo; v < hi; v++ {
				ch <- v
			}
			prod.Done()
		}(p*n/np, (p+1)*n/np)
	}
	prod.Wait()
	close(ch)
	cons.Wait()
	for _, s := range q.cons {
		q.total += s.sum
		q.received += s.got
	}
}

func (q *mpmc) verify() error {
	if want := q.n * (q.n - 1) / 2; q.total != want || q.received != q.n {
		return fmt.Errorf("consumers received %d values summing to %d, want %d summing to %d", q.received, q.total, q.n, want)
	}
	return nil
}

func (q *mpmc) ops() uint64 { return uint64(q.n) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (q *mpmc) corrupt() { q.received-- }
