// wl_spin.go — the CPU-bound tasks of hog, wakeup and syscall, as
// workloads/wl_spin.c: each spins on a non-blocking check of a stop flag (an
// atomic load the compiler inlines: no call, so no cooperative preemption point;
// only the asynchronous preemption of Go 1.14 stops it). startSpinners returns once
// every spinner spins. A spinner reads the clock every 2^20 spins through
// runtime.nanotime, which is nosplit and so no preemption point either; when the
// workload's progress has not moved for 2 s it prints one line on stderr, once per
// process (the harness puts a timed-out child's last stderr line in failures.csv),
// with a raw write(2): with preemption off a pending garbage collection stops any
// goroutine at its next safe point and waits for the spinners forever.

package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe" // go:linkname, and the report's raw write
)

// nanotime is runtime.nanotime (CLOCK_MONOTONIC): nosplit, so calling it from the
// spin loop adds no preemption point (time.Now would: its prologue checks the
// stack guard that a preemption request poisons).
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64

const (
	spinCheckMask = 1<<20 - 1  // the clock every 2^20 spins (~1 ms)
	spinStuckNs   = 2000000000 // 2 s without progress: ~200 slices of nothing
)

var spinReported atomic.Bool

type spinner struct {
	report   []byte // the stuck line, made before the spin (no allocation there)
	stop     atomic.Bool
	spinning atomic.Int32
	progress atomic.Uint64 // advanced by the workload's other tasks
	wg       sync.WaitGroup
}

// startSpinners starts count spinners and returns once all of them spin.
func startSpinners(wl, what string, count int) *spinner {
	s := &spinner{report: []byte(fmt.Sprintf("%s: %s made no progress for 2 s while a task spinning without a yield held its worker: the runtime did not preempt it\n", wl, what))}
	s.wg.Add(count)
	for i := 0; i < count; i++ {
		go s.spin()
	}
	for s.spinning.Load() < int32(count) {
		runtime.Gosched()
	}
	return s
}

func (s *spinner) spin() {
	defer s.wg.Done()
	s.spinning.Add(1)
	var spins uint64
	seen, since := s.progress.Load(), nanotime()
	for !s.stop.Load() {
		spins++
		if spins&spinCheckMask != 0 {
			continue
		}
		p, now := s.progress.Load(), nanotime()
		if p != seen {
			seen, since = p, now
		} else if now-since >= spinStuckNs {
			if !spinReported.Swap(true) {
				// RawSyscall: no preemption point either. fmt here could
				// stop at a safe point for a garbage collection that waits
				// for the spinners forever, and the line would never leave.
				syscall.RawSyscall(syscall.SYS_WRITE, 2, uintptr(unsafe.Pointer(&s.report[0])), uintptr(len(s.report)))
			}
			since = now
		}
	}
}

// stopSpinners ends them and waits.
func (s *spinner) stopAll() {
	s.stop.Store(true)
	s.wg.Wait()
}

// advance is what the workload's other tasks call once per unit of progress.
func (s *spinner) advance() { s.progress.Add(1) }
