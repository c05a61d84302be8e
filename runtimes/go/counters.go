// counters.go — performance counters opened by the parent, switched and read by
// the peer around the timed region.
//
// The Go peer opens no counters itself (that would mean re-implementing libpfm4's
// event encoding in Go). The parent's forked child opens the set exactly as a C
// child does (harness/measure/counters.h: perf_event_open(pid=0, cpu=-1) with
// inherit=1, every group disabled) on its only thread, just before exec, and
// passes the fds (their close-on-exec flag cleared):
//
//	--counter-group FD=LABEL:ID[,LABEL:ID...]  a group leader; read_format
//	        GROUP|ID|TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING; members found by ID
//	--counter-fd LABEL=FD                      a lone event; read_format
//	        ID|TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING (kernels before 4.13)
//	--counter-absent LABEL                     asked for, not open: ctr.LABEL= stays
//	        empty, never 0
//
// Every Go thread (the Ms, sysmon, the GC workers) is created after exec by the
// task that owns those events, so each inherits them; a read of a leader sums it
// over all threads (exited ones included), and PERF_EVENT_IOC_ENABLE/DISABLE with
// PERF_IOC_FLAG_GROUP reach every thread's clone. So the counts cover every thread
// of the process inside the timed region only: the driver enables right before the
// first clock read and disables right after the second, as the C children's
// before_run/after_run hooks do. That is the C children's scope too; the Go
// runtime's own threads (GC, sysmon) are part of what Go costs.
//
// Values are deltas of cumulative reads (PERF_EVENT_IOC_RESET would not clear what
// exited threads folded into the leader), scaled by enabled/running when the
// kernel multiplexed them, formatted like harness/run/child_counters.c: ctr.E= the
// count ("%.0f"), ctr_ratio.E= running/enabled ("%.4f") only when below 1.

package main

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"syscall"
)

const (
	perfIocEnable  = 0x2400 // _IO('$', 0)
	perfIocDisable = 0x2401 // _IO('$', 1)
	perfIocFlagGrp = 1      // PERF_IOC_FLAG_GROUP
)

// ctrRaw is one cumulative reading.
type ctrRaw struct{ count, enabled, running uint64 }

// ctrMember is one event read through a leader.
type ctrMember struct {
	label string
	id    uint64 // PERF_EVENT_IOC_ID (group reads)
	last  ctrRaw // reading at the previous sample
	now   ctrRaw
	have  bool // now is valid
}

// ctrLeader is one fd the peer switches and reads.
type ctrLeader struct {
	fd      int
	grouped bool // GROUP read format
	members []*ctrMember
}

// counterSet is every counter the parent passed, in the order given (which is
// the order of the C spec, so the ctr.* fields come out in the same order).
type counterSet struct {
	leaders []*ctrLeader
	order   []string // labels in order, absent ones included
	byLabel map[string]*ctrMember
}

func (cs *counterSet) addLabel(label string) error {
	if cs.byLabel == nil {
		cs.byLabel = map[string]*ctrMember{}
	}
	for _, l := range cs.order {
		if l == label {
			return fmt.Errorf("counter %s given twice", label)
		}
	}
	if label == "" || strings.ContainsAny(label, " =%\n") {
		return fmt.Errorf("counter label '%s' is not a plain name", label)
	}
	cs.order = append(cs.order, label)
	return nil
}

// addGroup parses FD=LABEL:ID[,LABEL:ID...].
func (cs *counterSet) addGroup(s string) error {
	fdStr, list, ok := strings.Cut(s, "=")
	fd, err := strconv.Atoi(fdStr)
	if !ok || err != nil || fd < 0 || list == "" {
		return fmt.Errorf("--counter-group '%s' is not FD=LABEL:ID,...", s)
	}
	ld := &ctrLeader{fd: fd, grouped: true}
	for _, item := range strings.Split(list, ",") {
		label, idStr, ok := strings.Cut(item, ":")
		id, err := strconv.ParseUint(idStr, 10, 64)
		if !ok || err != nil {
			return fmt.Errorf("--counter-group: '%s' is not LABEL:ID", item)
		}
		if err := cs.addLabel(label); err != nil {
			return err
		}
		m := &ctrMember{label: label, id: id}
		ld.members = append(ld.members, m)
		cs.byLabel[label] = m
	}
	cs.leaders = append(cs.leaders, ld)
	return nil
}

// addSolo parses LABEL=FD.
func (cs *counterSet) addSolo(s string) error {
	label, fdStr, ok := strings.Cut(s, "=")
	fd, err := strconv.Atoi(fdStr)
	if !ok || err != nil || fd < 0 {
		return fmt.Errorf("--counter-fd '%s' is not LABEL=FD", s)
	}
	if err := cs.addLabel(label); err != nil {
		return err
	}
	m := &ctrMember{label: label}
	cs.leaders = append(cs.leaders, &ctrLeader{fd: fd, members: []*ctrMember{m}})
	cs.byLabel[label] = m
	return nil
}

func ioctl(fd int, req, arg uintptr) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, arg); e != 0 {
		return e
	}
	return nil
}

// read takes one cumulative reading of a leader into its members' now.
func (ld *ctrLeader) read() error {
	var buf [8 * (3 + 2*64)]byte
	n, err := syscall.Read(ld.fd, buf[:])
	if err != nil {
		return err
	}
	u := func(i int) uint64 { return binary.LittleEndian.Uint64(buf[8*i:]) }
	if !ld.grouped { // value, enabled, running, id
		if n < 32 {
			return fmt.Errorf("read of counter fd %d returned %d bytes, want 32", ld.fd, n)
		}
		m := ld.members[0]
		m.now, m.have = ctrRaw{u(0), u(1), u(2)}, true
		return nil
	}
	if n < 24 { // nr, enabled, running, {value, id} x nr
		return fmt.Errorf("group read of fd %d returned %d bytes", ld.fd, n)
	}
	nr := int(u(0))
	if nr > 64 || n < 8*(3+2*nr) {
		return fmt.Errorf("group read of fd %d: %d members in %d bytes", ld.fd, nr, n)
	}
	for _, m := range ld.members {
		m.have = false
		for k := 0; k < nr; k++ {
			if u(4+2*k) == m.id {
				m.now, m.have = ctrRaw{u(3 + 2*k), u(1), u(2)}, true
			}
		}
	}
	return nil
}

// check takes the first reading (the base of the first delta); a bad fd or an
// id that is not in its group fails before any repetition runs.
func (cs *counterSet) check() error {
	for _, ld := range cs.leaders {
		if err := ld.read(); err != nil {
			return fmt.Errorf("counter fd %d: %v", ld.fd, err)
		}
		for _, m := range ld.members {
			if !m.have {
				return fmt.Errorf("counter %s: id %d is not in the group of fd %d", m.label, m.id, ld.fd)
			}
			m.last = m.now
		}
	}
	return nil
}

// start and stop switch every leader (and so its group, in every thread).
func (cs *counterSet) start() {
	for _, ld := range cs.leaders {
		_ = ioctl(ld.fd, perfIocEnable, perfIocFlagGrp)
	}
}

func (cs *counterSet) stop() {
	for _, ld := range cs.leaders {
		_ = ioctl(ld.fd, perfIocDisable, perfIocFlagGrp)
	}
}

// report reads every leader once (outside the timed region) and adds the rep
// fields for the interval since the previous report.
func (cs *counterSet) report(r *record) {
	for _, ld := range cs.leaders {
		if ld.read() != nil {
			for _, m := range ld.members {
				m.have = false
			}
		}
	}
	for _, label := range cs.order {
		m := cs.byLabel[label]
		if m == nil || !m.have {
			r.add("ctr."+label, "") // asked for, not counted: empty, never 0
			continue
		}
		de, dr := m.now.enabled-m.last.enabled, m.now.running-m.last.running
		dc := m.now.count - m.last.count
		m.last = m.now
		if de == 0 || dr == 0 {
			r.add("ctr."+label, "")
			continue
		}
		ratio := float64(dr) / float64(de)
		r.add("ctr."+label, strconv.FormatFloat(float64(dc)/ratio, 'f', 0, 64))
		if ratio < 1 {
			r.add("ctr_ratio."+label, strconv.FormatFloat(ratio, 'f', 4, 64))
		}
	}
}
