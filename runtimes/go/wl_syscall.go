// wl_syscall.go — syscall (docs/WORKLOADS.md, workloads/syscall.c): C callers
// loop on a blocking read of their own pipe (syscall.Read on a pipe made blocking
// by syscall.Pipe: the runtime's entersyscall/exitsyscall, not the netpoller); a
// filler per caller sleeps delay_us and writes a message (sequence number, clock);
// H tasks spin without yielding; main and a partner bounce a value over two
// unbuffered channels N times. The lateness of each call's return (the clock when
// the caller runs again minus the clock in the message) is a latency sample, for
// the calls that returned during the timed region.
//
// Timed region (as syscall.c): the partner's spawn, the N round trips, the join,
// then until every caller has returned from a call since it began; callers,
// fillers and hogs run from setup to teardown.

package main

import (
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const scStop = ^uint64(0) // the filler's last message

type scCaller struct {
	fd    [2]int
	calls uint64
	late  []int64
	nlate atomic.Int64
	from  int64
}

type syscallWl struct {
	pair
	ncallers, nhogs    int64
	delay              time.Duration
	callers            []*scCaller
	stop, timing, quit atomic.Bool
	helpers            sync.WaitGroup
	spin               *spinner
	faultMu            sync.Mutex
	fault              error
}

func init() {
	register(&workload{
		name:    "syscall",
		desc:    "ping-pong while tasks block in read() and one never yields",
		latency: true,
		params: []param{
			{name: "n", help: "round trips (N)", def: 1000_000, quick: 100_000, min: 1, max: 100_000_000_000},
			{name: "callers", help: "tasks blocking in read() (C)", def: 2, quick: 2, min: 0, max: 1000},
			{name: "hogs", help: "tasks spinning without a yield (H)", def: 1, quick: 1, min: 0, max: 1000},
			{name: "delay_us", help: "how long each read waits for its data, microseconds", def: 1000, quick: 1000, min: 1, max: 10_000_000},
		},
		setup: func(c *wctx) (instance, error) {
			s := &syscallWl{pair: newPair(c.params["n"]), ncallers: c.params["callers"], nhogs: c.params["hogs"],
				delay: time.Duration(c.params["delay_us"]) * time.Microsecond}
			for i := int64(0); i < s.ncallers; i++ {
				cl := &scCaller{late: make([]int64, scMaxSamples)}
				if err := syscall.Pipe(cl.fd[:]); err != nil {
					s.closePipes()
					return nil, fmt.Errorf("cannot make caller %d's pipe: %v", i, err)
				}
				s.callers = append(s.callers, cl)
			}
			s.spin = startSpinners("syscall", "the ping-pong", int(s.nhogs))
			for _, cl := range s.callers {
				s.helpers.Add(2)
				go s.caller(cl)
				go s.filler(cl)
			}
			return s, nil
		},
	})
}

const scMaxSamples = 65536 // as syscall.c: per caller

func (s *syscallWl) setFault(err error) {
	s.quit.Store(true)
	s.faultMu.Lock()
	if s.fault == nil {
		s.fault = err
	}
	s.faultMu.Unlock()
}

func (s *syscallWl) caller(cl *scCaller) {
	defer s.helpers.Done()
	var buf [16]byte
	for want := uint64(0); ; want++ {
		got, err := syscall.Read(cl.fd[0], buf[:])
		now := nowNs()
		if err == syscall.EINTR {
			want--
			continue
		}
		if err != nil || got != len(buf) {
			s.setFault(fmt.Errorf("a caller's read returned %d (%v)", got, err))
			return
		}
		seq, t := binary.LittleEndian.Uint64(buf[:8]), int64(binary.LittleEndian.Uint64(buf[8:]))
		if seq == scStop {
			return
		}
		if seq != want {
			s.setFault(fmt.Errorf("a caller read message %d, want %d", seq, want))
			return
		}
		cl.calls++
		if k := cl.nlate.Load(); s.timing.Load() && k < scMaxSamples {
			cl.late[k] = now - t
			cl.nlate.Store(k + 1)
		}
	}
}

func (s *syscallWl) filler(cl *scCaller) {
	defer s.helpers.Done()
	var buf [16]byte
	for seq := uint64(0); ; seq++ {
		time.Sleep(s.delay)
		last := s.stop.Load()
		if last {
			binary.LittleEndian.PutUint64(buf[:8], scStop)
		} else {
			binary.LittleEndian.PutUint64(buf[:8], seq)
		}
		binary.LittleEndian.PutUint64(buf[8:], uint64(nowNs()))
		if n, err := syscall.Write(cl.fd[1], buf[:]); err != nil || n != len(buf) {
			s.setFault(fmt.Errorf("a filler's write failed: %v", err))
			return
		}
		if last {
			return
		}
	}
}

func (s *syscallWl) run(m *measure) {
	for _, cl := range s.callers {
		cl.from = cl.nlate.Load()
	}
	s.timing.Store(true)
	s.pair.run(m, false, s.spin)
	// every caller has returned from a call during the timed region (syscall.c)
	for _, cl := range s.callers {
		for cl.nlate.Load() == cl.from && cl.from < scMaxSamples && !s.quit.Load() {
			time.Sleep(s.delay/4 + 1)
		}
	}
	s.timing.Store(false)
	for _, cl := range s.callers {
		k := cl.nlate.Load()
		for _, l := range cl.late[cl.from:k] {
			m.record(l)
		}
	}
}

func (s *syscallWl) closePipes() {
	for _, cl := range s.callers {
		syscall.Close(cl.fd[0])
		syscall.Close(cl.fd[1])
	}
}

func (s *syscallWl) teardown() {
	s.stop.Store(true)
	s.helpers.Wait()
	s.spin.stopAll()
	s.closePipes()
}

func (s *syscallWl) verify() error {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	if s.fault != nil {
		return s.fault
	}
	return s.pair.verify()
}

func (s *syscallWl) ops() uint64 { return uint64(s.n) }
func (s *syscallWl) corrupt()    { s.v++ }
