// wl_pair.go — the ping-pong of hog and syscall, as workloads/wl_pair.c: main and
// a partner bounce a value over two unbuffered channels n times (every 16th round
// trip timed when sample is set), advancing spin's progress once per round trip;
// then a is closed and the partner joined.

package main

import "fmt"

type pair struct {
	n        int64
	a, b     chan int64
	v        int64 // main's value after the loop (n)
	answered int64 // values the partner answered (n)
}

func newPair(n int64) pair { return pair{n: n, a: make(chan int64), b: make(chan int64)} }

func (p *pair) run(m *measure, sample bool, spin *spinner) {
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
		if sample && i%pingpongSampleEvery == 0 {
			t := nowNs()
			a <- v
			v = <-b
			m.record(nowNs() - t)
		} else {
			a <- v
			v = <-b
		}
		spin.advance()
	}
	close(a)
	<-done
	p.v = v
}

func (p *pair) verify() error {
	if p.v != p.n || p.answered != p.n {
		return fmt.Errorf("v = %d after %d round trips (partner answered %d), want %d", p.v, p.n, p.answered, p.n)
	}
	return nil
}
