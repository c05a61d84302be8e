// wl_fib.go — fib (docs/WORKLOADS.md, workloads/fib.c): fork-join fib(k). Above
// the cutoff (15) a call spawns fib(k-1) in a new goroutine, computes fib(k-2)
// itself and joins through a one-slot channel; at or below it, plain recursion.
// Parameter n is k; ops = tasks spawned, s(k) = 0 for k <= 15, 1 + s(k-1) + s(k-2)
// above (4,180 for k = 32). Spawns are counted with an atomic add, as in fib.c,
// and verify checks both the value and the count.
//
// Timed region (as fib.c): the whole computation.

package main

import (
	"fmt"
	"sync/atomic"
)

const (
	fibCutoff = 15 // the definition's: fib(15) is ~2,000 calls, ~5 us of work
	fibMaxK   = 45 // as fib.c: fib(45) is 1.1e9 calls, s(45) = 1.8M tasks
)

type fib struct {
	k       int64
	value   int64
	spawned int64 // atomic
}

func init() {
	register(&workload{
		name: "fib",
		desc: "fork-join fib(k): a task per call above a cutoff of 15",
		params: []param{
			{name: "n", help: "the argument k of fib(k); ops = tasks spawned", def: 32, quick: 27, min: fibCutoff + 1, max: fibMaxK},
		},
		setup: func(c *wctx) (instance, error) { return &fib{k: c.params["n"]}, nil },
	})
}

func fibSeq(k int64) int64 {
	if k < 2 {
		return k
	}
	return fibSeq(k-1) + fibSeq(k-2)
}

func (f *fib) par(k int64) int64 {
	if k <= fibCutoff {
		return fibSeq(k)
	}
	join := make(chan int64, 1)
	go func() { join <- f.par(k - 1) }()
	atomic.AddInt64(&f.spawned, 1)
	b := f.par(k - 2)
	return <-join + b
}

// fibSpawns is s(k), the tasks fib(k) spawns.
func fibSpawns(k int64) int64 {
	var a, b int64 // s(i-2), s(i-1)
	for i := int64(fibCutoff + 1); i <= k; i++ {
		a, b = b, 1+a+b
	}
	return b
}

func (f *fib) run(m *measure) { f.value = f.par(f.k) }

func (f *fib) verify() error {
	want, next := int64(0), int64(1)
	for i := int64(0); i < f.k; i++ {
		want, next = next, want+next
	}
	if f.value != want || f.spawned != fibSpawns(f.k) {
		return fmt.Errorf("fib(%d) = %d with %d tasks, want %d with %d", f.k, f.value, f.spawned, want, fibSpawns(f.k))
	}
	return nil
}

func (f *fib) ops() uint64 { return uint64(fibSpawns(f.k)) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (f *fib) corrupt() { f.value++ }
