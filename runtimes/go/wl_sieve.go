// wl_sieve.go — sieve (docs/WORKLOADS.md, workloads/sieve.c): the classic Go prime
// sieve. A generator sends 2, 3, 4, ... on an unbuffered channel; main receives a
// prime, records it, spawns filter(in, out, prime) on a new unbuffered channel and
// continues from that channel, until K primes. Parameter n is K; ops = the channel
// receives needed to deliver 2..p_K (2,042,625 for K = 2000), computed in setup.
//
// Timed region (as sieve.c): the K channels are made in setup, outside the clock,
// as sieve.c makes its K links (before, Go made each one inside it: the two
// timed regions differed by K channel creations). Inside it: the K primes, then
// the shutdown that Go's version leaks but repetitions cannot: main sets stop,
// the generator sees it before its next send and closes its channel, each filter
// drops (never forwards) what it receives once it sees stop and closes its output
// when its input is drained, main drains the last channel until closed and waits
// for every task. Dropping keeps
// the shutdown to ~2K hand-offs instead of up to ~K^2/2 (why: sieve.c's header).

package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type sieve struct {
	k        int64
	want     []int64 // the first K primes, from a sieve of Eratosthenes
	receives uint64  // receives needed to deliver 2..p_K (ops)
	got      []int64 // the primes main received, in order
	stop     int32   // atomic: main has its K primes
	exited   sync.WaitGroup
	received []uint64     // receives each filter did, stored when it returns
	links    []chan int64 // K unbuffered channels, made in setup: links[0] from the generator
}

func init() {
	register(&workload{
		name: "sieve",
		desc: "Go's concurrent prime sieve: a chain of K filter tasks finds K primes",
		params: []param{
			{name: "n", help: "primes to find (K); ops = channel receives to deliver them", def: 2000, quick: 100, min: 1, max: 100_000},
		},
		setup: func(c *wctx) (instance, error) {
			s := &sieve{k: c.params["n"]}
			s.want, s.receives = sieveReference(s.k)
			s.got = make([]int64, 0, s.k)
			s.received = make([]uint64, s.k)
			s.links = make([]chan int64, s.k)
			for i := range s.links {
				s.links[i] = make(chan int64)
			}
			return s, nil
		},
	})
}

func (s *sieve) generate(out chan<- int64) {
	for i := int64(2); atomic.LoadInt32(&s.stop) == 0; i++ {
		out <- i
	}
	close(out)
	s.exited.Done()
}

func (s *sieve) filter(in <-chan int64, out chan<- int64, prime int64, slot int) {
	var received uint64 // a local: no shared counter in the hot loop
	for i := range in {
		received++
		if atomic.LoadInt32(&s.stop) != 0 {
			continue // main has its K primes: drain, never forward
		}
		if i%prime != 0 {
			out <- i
		}
	}
	s.received[slot] = received // published to main by the wait group
	close(out)
	s.exited.Done()
}

func (s *sieve) run(m *measure) {
	in := s.links[0]
	s.exited.Add(1)
	go s.generate(in)
	for k := int64(0); k < s.k; k++ {
		p := <-in
		s.got = append(s.got, p)
		if k+1 == s.k {
			break
		}
		out := s.links[k+1]
		s.exited.Add(1)
		go s.filter(in, out, p, int(k))
		in = out
	}
	atomic.StoreInt32(&s.stop, 1)
	var drained uint64
	for range in {
		drained++
	}
	s.exited.Wait()
	// What the timed region did beyond ops(), as sieve.c reports it.
	done := uint64(len(s.got)) + drained
	for _, r := range s.received {
		done += r
	}
	m.metric("receives_beyond_ops", float64(done)-float64(s.receives))
}

func (s *sieve) verify() error {
	for i, w := range s.want {
		if i >= len(s.got) || s.got[i] != w {
			g := int64(-1)
			if i < len(s.got) {
				g = s.got[i]
			}
			return fmt.Errorf("prime #%d is %d, want %d", i+1, g, w)
		}
	}
	return nil
}

func (s *sieve) ops() uint64 { return s.receives }

// sieveReference returns the first k primes (sieve of Eratosthenes) and the
// receives that deliver 2..p_k: number i is received by the filter of every prime
// below its smallest prime factor, then by that factor's filter (which drops it)
// or, for a prime, by main.
func sieveReference(k int64) ([]int64, uint64) {
	var primes []int64
	for limit := int64(16); int64(len(primes)) < k; limit *= 2 {
		primes = primes[:0]
		composite := make([]bool, limit+1)
		for i := int64(2); i <= limit && int64(len(primes)) < k; i++ {
			if composite[i] {
				continue
			}
			primes = append(primes, i)
			for j := i * i; j <= limit; j += i {
				composite[j] = true
			}
		}
	}
	last := primes[k-1]
	var total uint64
	for i := int64(2); i <= last; i++ {
		j := 0
		for j < len(primes) && primes[j] < i && i%primes[j] != 0 {
			j++
		}
		total += uint64(j) + 1
	}
	return primes, total
}

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (s *sieve) corrupt() { s.got[len(s.got)-1] += 2 }
