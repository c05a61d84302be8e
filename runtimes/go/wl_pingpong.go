// wl_pingpong.go — pingpong (docs/WORKLOADS.md): two unbuffered channels a, b; a
// partner loops v = <-a; b <- v+1 until a is closed; main does a <- v; v = <-b N
// times from v = 0. Samples the round trip of every 16th iteration.
//
// Timed region (as workloads/pingpong.c): spawning the partner, the N round trips,
// closing a and waiting for the partner to exit.

package main

import "fmt"

// pingpongSampleEvery: one round trip in 16 is timed, as in workloads/pingpong.c
// (2 clock reads, ~40 ns, on a ~250 ns round trip: +1% on ns/op).
const pingpongSampleEvery = 16

type pingpong struct {
	n        int64
	a, b     chan int64
	v        int64 // main's value after the loop: N when all went well
	answered int64 // values the partner answered (N)
}

func init() {
	register(&workload{
		name:    "pingpong",
		desc:    "two tasks bounce a value over two unbuffered channels; ns per round trip",
		latency: true,
		params: []param{
			{name: "n", help: "round trips", def: 1000_000, quick: 2000, min: 1, max: 100_000_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			return &pingpong{n: c.params["n"], a: make(chan int64), b: make(chan int64)}, nil
		},
	})
}

func (p *pingpong) run(m *measure) {
	a, b := p.a, p.b
	done := make(chan struct{})
	go func() {
		for v := range a {
			p.answered++
			b <- v + 1
		}
		close(done)
	}()
	var v int64
	for i := int64(0); i < p.n; i++ {
		if i%pingpongSampleEvery == 0 {
			t := nowNs()
			a <- v
			v = <-b
			m.record(nowNs() - t)
			continue
		}
		a <- v
		v = <-b
	}
	close(a)
	<-done
	p.v = v
}

func (p *pingpong) verify() error {
	if p.v != p.n || p.answered != p.n {
		return fmt.Errorf("v = %d after %d round trips (partner answered %d), want %d", p.v, p.n, p.answered, p.n)
	}
	return nil
}

func (p *pingpong) ops() uint64 { return uint64(p.n) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (p *pingpong) corrupt() { p.v++ }
