// measure.go — the clock, latency samples and per-repetition metrics.
//
// The clock is Go's monotonic clock (runtime nanotime: CLOCK_MONOTONIC through the
// vDSO, the clock the C harness uses): time.Since of a fixed epoch reads only the
// monotonic part, one vDSO call, about 20 ns here. Latency samples use the same
// clock; the C side uses a calibrated rdtsc (about 10 ns), which Go cannot read
// without assembly. A sampled iteration therefore costs the Go peer ~20 ns more
// than the C runtimes; at the sampling rates of pingpong and pipeline that is well
// under 1% of ns/op.

package main

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
	"unsafe"
)

var epoch = time.Now()

// nowNs reads the monotonic clock in nanoseconds since process start.
func nowNs() int64 { return int64(time.Since(epoch)) }

// clockProcessCPUTimeID is Linux's CLOCK_PROCESS_CPUTIME_ID (<time.h>).
const clockProcessCPUTimeID = 2

// processCPUNs is the CPU time of the whole process in ns (user + system of
// every thread: the kernel's sum, as the C child reads it); -1 if unreadable.
// The std library has no clock_gettime wrapper, so it is the raw system call.
func processCPUNs() int64 {
	var ts syscall.Timespec
	_, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTimeID,
		uintptr(unsafe.Pointer(&ts)), 0)
	if e != 0 {
		return -1
	}
	return ts.Nano()
}

// metric is one extra per-repetition value (metric.<name>= in the rep record).
type metric struct {
	name  string
	value float64
}

// measure is handed to run(): latency samples go to hist (nil: dropped, as in
// warm-up repetitions without --hgrm), metrics are collected for the record.
type measure struct {
	hist    *hist
	metrics []metric
}

func (m *measure) record(ns int64) {
	if m.hist != nil {
		m.hist.record(ns)
	}
}

func (m *measure) metric(name string, v float64) {
	m.metrics = append(m.metrics, metric{name, v})
}

// resetPeakRSS makes VmHWM restart from the current RSS (Linux clear_refs "5",
// kernel >= 4.0). Returns false when the kernel refuses (the metric is then left
// out, never reported from a stale peak).
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// statusKB reads one "Name:   123 kB" line of /proc/self/status, in bytes.
func statusKB(field string) (int64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.HasPrefix(line, []byte(field+":")) {
			continue
		}
		f := bytes.Fields(line[len(field)+1:])
		if len(f) < 1 {
			return 0, false
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}

// peakRSS is VmHWM in bytes; currentRSS is VmRSS.
func peakRSS() (int64, bool)    { return statusKB("VmHWM") }
func currentRSS() (int64, bool) { return statusKB("VmRSS") }
