// wl_sieve.go — sieve (docs/WORKLOADS.md): the classic Go prime sieve. A generator
// sends 2, 3, 4, ... on an unbuffered channel; main receives a prime, records it,
// spawns filter(in, out, prime) on a new unbuffered channel and continues from that
// channel, until K primes. n = the channel receives needed to deliver 2..p_K
// (2,042,625 for K = 2000), computed in setup.
//
// Stopping: after the timed region, teardown sets a stop flag that the generator
// checks before each send, then drains the last channel until it is closed; the
// generator closes its channel and each filter closes its own when its input is
// closed, so every goroutine exits before the next repetition.

package main

import (
	"fmt"
	"sync/atomic"
)

type sieve struct {
	k      int64
	primes []int64
	last   chan int64 // the channel main reads after the K-th prime
	stop   atomic.Bool
	recvs  uint64 // receives needed to deliver 2..p_K
}

func init() {
	register(&workload{
		name: "sieve",
		desc: "the Go prime sieve: a chain of filter tasks on unbuffered channels; ns per receive",
		params: []param{
			{name: "n", help: "K: primes to find", def: 2000, quick: 500, min: 1, max: 100_000},
		},
		setup: func(c *wctx) (instance, error) {
			k := c.params["n"]
			return &sieve{k: k, primes: make([]int64, 0, k), recvs: sieveReceives(k)}, nil
		},
	})
}

func (s *sieve) generate(out chan<- int64) {
	for i := int64(2); !s.stop.Load(); i++ {
		out <- i
	}
	close(out)
}

func sieveFilter(in <-chan int64, out chan<- int64, prime int64) {
	for i := range in {
		if i%prime != 0 {
			out <- i
		}
	}
	close(out)
}

func (s *sieve) run(m *measure) {
	ch := make(chan int64)
	go s.generate(ch)
	for i := int64(0); i < s.k; i++ {
		prime := <-ch
		s.primes = append(s.primes, prime)
		next := make(chan int64)
		go sieveFilter(ch, next, prime)
		ch = next
	}
	s.last = ch
}

func (s *sieve) teardown() {
	s.stop.Store(true)
	for range s.last {
	}
}

func (s *sieve) verify() error {
	want := sievePrimes(s.k)
	if int64(len(s.primes)) != s.k {
		return fmt.Errorf("found %d primes, want %d", len(s.primes), s.k)
	}
	for i, p := range s.primes {
		if p != want[i] {
			return fmt.Errorf("prime #%d = %d, want %d", i+1, p, want[i])
		}
	}
	return nil
}

func (s *sieve) ops() uint64 { return s.recvs }

// sievePrimes returns the first k primes by trial division (the reference).
func sievePrimes(k int64) []int64 {
	var ps []int64
	for x := int64(2); int64(len(ps)) < k; x++ {
		prime := true
		for _, p := range ps {
			if p*p > x {
				break
			}
			if x%p == 0 {
				prime = false
				break
			}
		}
		if prime {
			ps = append(ps, x)
		}
	}
	return ps
}

// sieveReceives counts the receives that deliver 2..p_K: the j-th prime is received
// by the j-1 filters before it and by main (j receives); a composite x is received
// by the filters of every prime up to its smallest factor, the last of which drops it.
func sieveReceives(k int64) uint64 {
	ps := sievePrimes(k)
	pk := ps[len(ps)-1]
	var total uint64
	j := 0
	for x := int64(2); x <= pk; x++ {
		if x == ps[j] {
			j++
			total += uint64(j)
			continue
		}
		for i, p := range ps {
			if x%p == 0 {
				total += uint64(i + 1)
				break
			}
		}
	}
	return total
}
