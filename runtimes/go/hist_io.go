// hist_io.go — the raw counter file (.histo) that merges the rounds of one configuration,
// in harness/measure/hist_io.c's format, and the latency file pair of
// harness/measure/latency.c.
//
// Rounds of a configuration run in separate processes, one after another. Each
// round (C child or Go peer alike) reads the STEM.histo the previous one left, adds
// its own measured samples and replaces STEM.histo and STEM.hgrm, each through a
// temporary name and rename. So latency/<key>.hgrm covers every round, and a Go
// file is the same file a C child would write for the same samples.
//
// Raw format: a first line
//
//	corobench-histo 1 <highest> <sigfigs> <total> <overflow> <min> <max> <sum>
//
// (min is 2^64-1 while empty; sum as C's %.17g), then "<counter index> <count>"
// for every non-zero counter.

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// writeRaw writes the raw counter file.
func (h *hist) writeRaw(w io.Writer) error {
	bw := bufio.NewWriter(w)
	min := uint64(math.MaxUint64)
	if h.total > 0 {
		min = uint64(h.min)
	}
	fmt.Fprintf(bw, "corobench-histo 1 %d %d %d %d %d %d %s\n", int64(histHighest), histSigFigs,
		h.total, h.overflow, min, h.max, cG17(h.sum))
	for i, c := range h.counts {
		if c != 0 {
			fmt.Fprintf(bw, "%d %d\n", i, c)
		}
	}
	return bw.Flush()
}

// cG17 formats like C's printf("%.17g").
func cG17(v float64) string {
	s := strconv.FormatFloat(v, 'g', 17, 64)
	// Go writes e+07 / e-05 as C does (two exponent digits at least); nothing to fix.
	return s
}

// readRaw adds a raw file's samples into h; a file of another layout or a damaged
// one is refused with a reason and changes nothing.
func (h *hist) readRaw(r io.Reader) error {
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		return errors.New("not a corobench-histo version 1 file")
	}
	f := strings.Fields(sc.Text())
	if len(f) != 9 || f[0] != "corobench-histo" || f[1] != "1" {
		return errors.New("not a corobench-histo version 1 file")
	}
	var u [6]uint64
	for i, s := range []string{f[2], f[4], f[5], f[6], f[7]} {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return errors.New("not a corobench-histo version 1 file")
		}
		u[i] = v
	}
	sigfigs, err1 := strconv.Atoi(f[3])
	sum, err2 := strconv.ParseFloat(f[8], 64)
	if err1 != nil || err2 != nil {
		return errors.New("not a corobench-histo version 1 file")
	}
	highest, total, overflow, min, max := u[0], u[1], u[2], u[3], u[4]
	if highest != histHighest || sigfigs != histSigFigs {
		return fmt.Errorf("histogram layout %d/%d differs from %d/%d", highest, sigfigs, int64(histHighest), histSigFigs)
	}
	tmp := newHist()
	var seen uint64
	for sc.Scan() {
		p := strings.Fields(sc.Text())
		if len(p) == 0 {
			continue
		}
		idx, e1 := strconv.Atoi(p[0])
		var c uint64
		var e2 error
		if len(p) == 2 {
			c, e2 = strconv.ParseUint(p[1], 10, 64)
		}
		if len(p) != 2 || e1 != nil || e2 != nil || idx < 0 || idx >= len(tmp.counts) {
			return fmt.Errorf("damaged counters (%d counted, header says %d)", seen, total)
		}
		tmp.counts[idx] += int64(c)
		seen += c
	}
	if seen != total {
		return fmt.Errorf("damaged counters (%d counted, header says %d)", seen, total)
	}
	tmp.total, tmp.overflow, tmp.max, tmp.sum = int64(total), int64(overflow), int64(max), sum
	if total > 0 {
		tmp.min = int64(min)
	}
	h.merge(tmp)
	return nil
}

// saveLatency writes hgrmPath (values in unitNs) and the raw file beside it
// (hgrmPath with .histo for .hgrm), both covering this process's samples plus
// whatever the raw file held before (earlier rounds).
func saveLatency(h *hist, hgrmPath string, unitNs float64) error {
	rawPath := strings.TrimSuffix(hgrmPath, ".hgrm") + ".histo"
	total := newHist()
	total.merge(h)
	if f, err := os.Open(rawPath); err == nil {
		err = total.readRaw(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %v", rawPath, err)
		}
	} else if !os.IsNotExist(err) {
		return err
	}
	if err := writeFileAtomic(rawPath, total.writeRaw); err != nil {
		return err
	}
	return writeFileAtomic(hgrmPath, func(w io.Writer) error { return total.writeHgrm(w, unitNs) })
}
