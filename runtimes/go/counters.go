// counters.go — performance counters opened by the parent, read around the timed
// region.
//
// The Go peer opens no counters itself (that would mean re-implementing libpfm4's
// event encoding in Go). The parent opens them in the forked child just before
// exec: perf_event_open(pid=0, cpu=-1) with inherit=1, disabled=1 and read_format
// = TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING, without O_CLOEXEC, and passes each fd as
// --counter-fd EVENT=FD. Every Go thread (Ms, sysmon, GC workers) is created after
// exec by the task that owns those events, so each inherits them; reading the fd
// sums the parent event and all its inherited children (perf_event_read_value walks
// child_list), and PERF_EVENT_IOC_ENABLE/DISABLE apply to the children too. So the
// counts cover every thread of the process, inside the timed region only: the
// driver enables right after the first clock read and disables right before the
// second, as the C runtimes' before_run/after_run hooks do.
//
// Counts are taken as differences of two reads (not RESET): RESET does not clear
// the counts already folded in from exited threads.

package main

import (
	"encoding/binary"
	"fmt"
	"syscall"
)

const (
	perfIocEnable  = 0x2400 // _IO('$', 0)
	perfIocDisable = 0x2401 // _IO('$', 1)
)

// counter is one inherited perf event fd.
type counter struct {
	name string // event name as the parent spells it (ctr.<name>=)
	fd   int
	// readings at enable time: value, time enabled, time running
	v0, e0, r0 uint64
}

type counterSet []*counter

func ioctl(fd int, req uintptr) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, 0)
	if e != 0 {
		return e
	}
	return nil
}

// readCounter returns value, time enabled, time running (the last two equal to 1
// when the fd was opened without them, so the ratio reads 1).
func readCounter(fd int) (uint64, uint64, uint64, error) {
	var buf [24]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil {
		return 0, 0, 0, err
	}
	switch n {
	case 8:
		return binary.LittleEndian.Uint64(buf[0:]), 1, 1, nil
	case 24:
		return binary.LittleEndian.Uint64(buf[0:]), binary.LittleEndian.Uint64(buf[8:]),
			binary.LittleEndian.Uint64(buf[16:]), nil
	}
	return 0, 0, 0, fmt.Errorf("read of counter fd %d returned %d bytes (want 8 or 24)", fd, n)
}

// check reads every fd once, so a bad fd fails before any repetition runs.
func (cs counterSet) check() error {
	for _, c := range cs {
		if _, _, _, err := readCounter(c.fd); err != nil {
			return fmt.Errorf("counter %s (fd %d): %v", c.name, c.fd, err)
		}
	}
	return nil
}

// start enables every counter; called inside the clock pair, before run().
func (cs counterSet) start() {
	for _, c := range cs {
		c.v0, c.e0, c.r0, _ = readCounter(c.fd)
		_ = ioctl(c.fd, perfIocEnable)
	}
}

// stop disables every counter; called inside the clock pair, after run().
func (cs counterSet) stop() {
	for i := len(cs) - 1; i >= 0; i-- {
		_ = ioctl(cs[i].fd, perfIocDisable)
	}
}

// report adds ctr.<name>= and ctr_ratio.<name>= (time enabled / time running: 1
// when the event was never multiplexed) for the last start/stop pair.
func (cs counterSet) report(r *record) {
	for _, c := range cs {
		v, e, run, err := readCounter(c.fd)
		if err != nil {
			continue // left out: "not counted", never a 0
		}
		dv, de, dr := v-c.v0, e-c.e0, run-c.r0
		if dr == 0 {
			continue // never scheduled on the PMU: no count to report
		}
		r.addUint("ctr."+c.name, dv)
		r.addFloat("ctr_ratio."+c.name, float64(de)/float64(dr))
	}
}
