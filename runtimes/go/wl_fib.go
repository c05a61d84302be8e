// wl_fib.go — fib (docs/WORKLOADS.md): fork-join fib(k). Above the cutoff (15) a
// call spawns fib(k-1) in a new goroutine, computes fib(k-2) itself and joins
// through a one-slot channel; at or below it, plain recursion. n = tasks spawned.

package main

import "fmt"

const fibCutoff = 15

type fib struct {
	k      int64
	result int64
}

func init() {
	register(&workload{
		name: "fib",
		desc: "fork-join fib(k) with a spawn per call above a cutoff of 15; ns per task",
		params: []param{
			{name: "n", help: "k (fib(k); tasks spawned are counted from it)", def: 32, quick: 27, min: 0, max: 60},
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

func fibPar(k int64) int64 {
	if k <= fibCutoff {
		return fibSeq(k)
	}
	ch := make(chan int64, 1)
	go func() { ch <- fibPar(k - 1) }()
	b := fibPar(k - 2)
	return <-ch + b
}

// fibTasks counts the spawns of fibPar(k).
func fibTasks(k int64) uint64 {
	if k <= fibCutoff {
		return 0
	}
	return 1 + fibTasks(k-1) + fibTasks(k-2)
}

func (f *fib) run(m *measure) { f.result = fibPar(f.k) }

func (f *fib) verify() error {
	a, b := int64(0), int64(1)
	for i := int64(0); i < f.k; i++ {
		a, b = b, a+b
	}
	if f.result != a {
		return fmt.Errorf("fib(%d) = %d, want %d", f.k, f.result, a)
	}
	return nil
}

func (f *fib) ops() uint64 { return fibTasks(f.k) }
