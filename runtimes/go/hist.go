// hist.go — a log-linear latency histogram (HdrHistogram's scheme) and its .hgrm
// percentile file.
//
// Why HdrHistogram's scheme: 3 significant figures over 1 ns .. 1 hour with a fixed
// counts array (no allocation while recording, O(1) record), and a text format that
// existing plotters (HdrHistogram's plotFiles.html, hdr-plot) read. The C harness
// (harness/measure/histogram.c) implements the same scheme with the same
// parameters, so a Go .hgrm and a C .hgrm of the same samples are identical.
//
// Layout (HdrHistogram's): values below subBucketCount (2048) are exact; above,
// bucket b holds values [2^(b+10), 2^(b+11)) in 1024 sub-buckets of width 2^b, so the
// relative error is below 1/1024 < 10^-3. 1 hour = 3.6e12 ns needs 32 buckets:
// (32+1) * 1024 counters = 270 KiB, allocated once per histogram.
//
// As in the C histogram: min, max and the mean are exact (kept beside the
// counters), percentiles and the standard deviation are resolved to a bucket, and a
// value above the highest trackable one (1 hour) is refused and counted in
// `overflow`, which the .hgrm footer states; nothing is clamped.

package main

import (
	"fmt"
	"io"
	"math"
	"math/bits"
	"strings"
)

const (
	histLowest   = 1                // ns: lowest discernible value
	histHighest  = 3600_000_000_000 // ns: 1 hour
	histSigFigs  = 3                // decimal significant figures kept
	histHalfTick = 5                // percentile ticks per half distance (HdrHistogram's default)
)

// hist is one HdrHistogram with unit magnitude 0 (1 ns resolution at the bottom).
type hist struct {
	subBucketHalfCountMag uint   // log2(subBucketHalfCount) = 10
	subBucketCount        int64  // 2048: values below it are exact
	subBucketHalfCount    int64  // 1024: sub-buckets per bucket above the first
	subBucketMask         uint64 // (subBucketCount-1): forces the index math for small values
	bucketCount           int    // buckets needed to reach histHighest
	counts                []int64
	total                 int64   // samples recorded (overflow excluded)
	min, max              int64   // exact extremes of recorded samples
	sum                   float64 // exact sum of recorded samples, for the mean
	overflow              int64   // samples above histHighest, refused
}

func newHist() *hist {
	largestSingleUnit := int64(2 * math.Pow10(histSigFigs)) // 2000
	subMag := uint(math.Ceil(math.Log2(float64(largestSingleUnit))))
	h := &hist{
		subBucketHalfCountMag: subMag - 1,
		subBucketCount:        1 << subMag,
		subBucketHalfCount:    1 << (subMag - 1),
		min:                   math.MaxInt64,
	}
	h.subBucketMask = uint64(h.subBucketCount - 1)
	smallestUntrackable := h.subBucketCount
	buckets := 1
	for smallestUntrackable <= histHighest {
		if smallestUntrackable > math.MaxInt64/2 {
			buckets++
			break
		}
		smallestUntrackable <<= 1
		buckets++
	}
	h.bucketCount = buckets
	h.counts = make([]int64, (buckets+1)*int(h.subBucketHalfCount))
	return h
}

func (h *hist) bucketIndex(v int64) int {
	pow2ceil := 64 - bits.LeadingZeros64(uint64(v)|h.subBucketMask)
	return pow2ceil - int(h.subBucketHalfCountMag+1)
}

func (h *hist) countsIndex(v int64) int {
	b := h.bucketIndex(v)
	sub := v >> uint(b)
	return (b+1)<<h.subBucketHalfCountMag + int(sub-h.subBucketHalfCount)
}

// valueAt is the lowest value that lands at counts index i.
func (h *hist) valueAt(i int) int64 {
	b := (i >> h.subBucketHalfCountMag) - 1
	sub := int64(i)&(h.subBucketHalfCount-1) + h.subBucketHalfCount
	if b < 0 {
		sub -= h.subBucketHalfCount
		b = 0
	}
	return sub << uint(b)
}

// rangeSize is the width of the bucket that holds v.
func (h *hist) rangeSize(v int64) int64 {
	b := h.bucketIndex(v)
	sub := v >> uint(b)
	if sub >= h.subBucketCount {
		b++
	}
	return 1 << uint(b)
}

func (h *hist) lowestEquivalent(v int64) int64 {
	b := h.bucketIndex(v)
	return (v >> uint(b)) << uint(b)
}

func (h *hist) highestEquivalent(v int64) int64 {
	return h.lowestEquivalent(v) + h.rangeSize(v) - 1
}

func (h *hist) medianEquivalent(v int64) int64 {
	return h.lowestEquivalent(v) + h.rangeSize(v)>>1
}

// record adds one sample in nanoseconds.
func (h *hist) record(ns int64) {
	if ns < 0 {
		ns = 0 // a monotonic clock never goes back; kept for safety
	}
	if ns > histHighest {
		h.overflow++
		return
	}
	if ns < h.min {
		h.min = ns
	}
	if ns > h.max {
		h.max = ns
	}
	h.counts[h.countsIndex(ns)]++
	h.total++
	h.sum += float64(ns)
}

// merge adds o's samples to h (both have the same layout).
func (h *hist) merge(o *hist) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.total += o.total
	h.sum += o.sum
	h.overflow += o.overflow
	if o.total > 0 && o.min < h.min {
		h.min = o.min
	}
	if o.max > h.max {
		h.max = o.max
	}
}

// valueAtPercentile: the highest equivalent value of the bucket holding the sample
// of rank p/100 * total rounded half up, at least 1 (the C histogram's rule); the
// lowest equivalent value for p = 0.
func (h *hist) valueAtPercentile(p float64) int64 {
	if h.total == 0 {
		return 0
	}
	p = math.Max(0, math.Min(100, p))
	rank := int64(p/100*float64(h.total) + 0.5)
	if rank < 1 {
		rank = 1
	}
	if rank > h.total {
		rank = h.total
	}
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if p == 0 {
				return h.lowestEquivalent(h.valueAt(i))
			}
			return h.highestEquivalent(h.valueAt(i))
		}
	}
	return h.highestEquivalent(h.max)
}

func (h *hist) mean() float64 {
	if h.total == 0 {
		return 0
	}
	return h.sum / float64(h.total)
}

func (h *hist) stddev() float64 {
	if h.total == 0 {
		return 0
	}
	m := h.mean()
	var sum float64
	for i, c := range h.counts {
		if c != 0 {
			d := float64(h.medianEquivalent(h.valueAt(i))) - m
			sum += d * d * float64(c)
		}
	}
	return math.Sqrt(sum / float64(h.total))
}

// maxReported is HdrHistogram's getMaxValue: the top of the max sample's bucket.
func (h *hist) maxReported() int64 {
	if h.total == 0 {
		return 0
	}
	return h.highestEquivalent(h.max)
}

// writeHgrm writes HdrHistogram's percentile distribution text (the format of
// outputPercentileDistribution with 5 ticks per half distance), values divided by
// unitNs (1000: microseconds), byte for byte what harness/measure/histogram.c's
// hist_write_hgrm writes for the same samples.
func (h *hist) writeHgrm(w io.Writer, unitNs float64) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)")
	if h.total > 0 {
		h.percentileLines(&b, unitNs)
	}
	fmt.Fprintf(&b, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n", h.mean()/unitNs, h.stddev()/unitNs)
	fmt.Fprintf(&b, "#[Max     = %12.3f, Total count    = %12d]\n", float64(h.maxReported())/unitNs, h.total)
	fmt.Fprintf(&b, "#[Buckets = %12d, SubBuckets     = %12d]\n", h.bucketCount, h.subBucketCount)
	if h.overflow > 0 {
		fmt.Fprintf(&b, "#[Overflow = %12d samples above %.3f, not counted]\n", h.overflow, float64(histHighest)/unitNs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// percentileLines walks the counts like HdrHistogram's PercentileIterator: a line
// each time the cumulative percentile reaches the next reporting level (levels get
// denser toward 100%: 5 ticks per halving of the distance to 100%), one line when
// the last sample is reached, then a final line at exactly 100%.
func (h *hist) percentileLines(b *strings.Builder, unitNs float64) {
	level := 0.0 // the percentile level to report next
	var cum int64
	var v float64
	for i, c := range h.counts {
		if c == 0 {
			continue
		}
		cum += c
		v = float64(h.highestEquivalent(h.valueAt(i))) / unitNs
		for 100*float64(cum)/float64(h.total) >= level {
			if level >= 100 {
				break
			}
			fmt.Fprintf(b, "%12.3f %2.12f %10d %14.2f\n", v, level/100, cum, 1/(1-level/100))
			if cum == h.total {
				fmt.Fprintf(b, "%12.3f %2.12f %10d\n", v, 1.0, cum)
				return
			}
			halvings := math.Floor(math.Log2(100/(100-level))) + 1
			level += 100 / (histHalfTick * math.Pow(2, halvings))
		}
	}
	// Only reached if the level arithmetic hit 100% before the last sample.
	fmt.Fprintf(b, "%12.3f %2.12f %10d\n", v, 1.0, cum)
}
