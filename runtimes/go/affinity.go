// affinity.go — the CPUs this process may run on (sched_getaffinity), reported in
// the info record as affinity=0;1 so the results show what the parent's pinning
// actually produced.

package main

import (
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// affinityString lists the allowed CPUs, ';'-separated; "" when the call fails.
func affinityString() string {
	var mask [16]uint64 // 1024 CPUs, glibc's CPU_SETSIZE
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, uintptr(len(mask)*8), uintptr(unsafe.Pointer(&mask[0])))
	if e != 0 {
		return ""
	}
	var cpus []string
	for w, bits := range mask {
		for b := 0; b < 64; b++ {
			if bits&(1<<uint(b)) != 0 {
				cpus = append(cpus, strconv.Itoa(w*64+b))
			}
		}
	}
	return strings.Join(cpus, ";")
}
