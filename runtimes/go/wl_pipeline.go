// wl_pipeline.go — pipeline (docs/WORKLOADS.md, workloads/pipeline.c): the seed's
// analytics scenario. A source emits N play events from a fixed-seed PRNG, parse
// decodes and validates them, events fan out by hash(user) % W to W aggregators
// over buffered channels (capacity 256), aggregators count plays per song, a sink
// merges the counts and answers the top-10 query:
//
//	           raw (256)            events[w] (256), w = hash(user) % W
//	source ------------> parse ------------------------------> aggregator[w]
//	                                                                | result[w] (1)
//	                                                                v
//	                                                     sink: merge, top 10
//
// The event stream is pipeline.c's, bit for bit (so the answer is the same top 10
// from the same seed, and the C reference's figures can be checked here):
// SplitMix64 seeded with 0x636f726f62656e63 ("corobenc"); event i is the (i+1)-th
// output; user = (bits>>40) % 100000; x = (bits>>20) & 0xfffff,
// rank = ((x*x>>20)*x>>20)*10000>>20, song = (rank*7919+13) % 10000;
// ms = (bits & 0xfffff) % 640000; valid iff 30000 <= ms < 600000 (~89%);
// aggregator = (uint32(user*2654435761)>>16) % W; top 10 by count descending,
// ties by song id ascending. verify checks the total, the dropped count, the top
// 10 and every per-song count against a single-threaded reference made in setup.
//
// Latency (as pipeline.c): every 8th event carries its due time; the aggregator
// keeps now - due; main records the samples after the join, inside the timed
// region. With rate = 0 (the default) an event is due when generated (closed
// loop); with rate > 0 the source is open-loop, event i due at t0 + i/rate, and
// metric.source_lag_max_ns and metric.source_late_events say how well the source
// kept its schedule (defined, and how to read them, in pipeline.c).
//
// Timed region (as pipeline.c): spawning the W + 3 tasks, the N events through all
// stages, the merge and top 10, the latency records, the join of every task.

package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

const (
	pipeSeed        = 0x636f726f62656e63 // "corobenc"
	pipeUsers       = 100000             // distinct users
	pipeSongs       = 10000              // distinct songs
	pipeMinPlayMs   = 30000              // shorter streams are skips, not plays
	pipeMaxMs       = 600000             // longer than 10 min: a broken client
	pipeMsRange     = 640000             // ms drawn from [0, 640000): ~89% valid
	pipeCapacity    = 256                // the definition's buffered channels (default cap)
	pipeMaxCapacity = 1 << 20            // as pipeline.c's PIPE_MAX_CAPACITY
	pipeTop         = 10                 // the query: top 10 songs
	pipeSampleEvery = 8                  // latency sample: every 8th event
	pipeMaxWorkers  = 256                // aggregators
)

// pipeRaw is what the source sends: the undecoded event.
type pipeRaw struct {
	bits uint64 // one PRNG output, decoded by parse
	seq  uint64 // event number 0..N-1
	due  int64  // intended emission, nowNs(); 0: not sampled
}

// pipeEvent is what parse sends to an aggregator.
type pipeEvent struct {
	user, song, ms uint32
	due            int64 // copied from pipeRaw
}

// pipeHit is one row of the answer.
type pipeHit struct {
	song  uint32
	count int64
}

// pipeAnswer is what the sink produces and the reference computes.
type pipeAnswer struct {
	counts  [pipeSongs]int64
	total   int64
	dropped int64
	top     []pipeHit
}

type pipeAgg struct {
	in     chan pipeEvent
	result chan *pipeAgg
	counts [pipeSongs]int64
	total  int64
	lat    []int64 // latency samples, ns
}

type pipeline struct {
	n       int64
	workers int
	rate    int64
	lagMax  int64 // open loop: the most a send ended after its due time, ns (pipeline.c)
	late    int64 // open loop: sends that ended over one period after due
	raw     chan pipeRaw
	agg     []*pipeAgg
	got     pipeAnswer
	want    pipeAnswer
}

func init() {
	register(&workload{
		name:    "pipeline",
		desc:    "source -> parse -> W aggregators -> sink top-10 of N play events; latency",
		latency: true,
		params: []param{
			{name: "n", help: "play events (N)", def: 2000_000, quick: 20000, min: 1, max: 10_000_000_000},
			{name: "workers", help: "aggregators (W)", def: 4, quick: 4, min: 1, max: pipeMaxWorkers},
			{name: "rate", help: "events/s the source emits at (open loop); 0 = as fast as it can", def: 0, quick: 0, min: 0, max: 1000_000_000},
			{name: "cap", help: "capacity of the raw and events channels (0: unbuffered)", def: pipeCapacity, quick: pipeCapacity, min: 0, max: pipeMaxCapacity},
		},
		validate: func(p map[string]int64) error {
			if p["workers"] > p["n"] {
				return fmt.Errorf("pipeline: workers=%d exceeds n=%d events (an aggregator with nothing to count)", p["workers"], p["n"])
			}
			return nil
		},
		setup: func(c *wctx) (instance, error) {
			p := &pipeline{n: c.params["n"], workers: int(c.params["workers"]), rate: c.params["rate"]}
			capacity := c.params["cap"]
			p.raw = make(chan pipeRaw, capacity)
			perAgg := p.n/pipeSampleEvery/int64(p.workers) + 64 // expected samples
			for i := 0; i < p.workers; i++ {
				p.agg = append(p.agg, &pipeAgg{in: make(chan pipeEvent, capacity),
					result: make(chan *pipeAgg, 1), lat: make([]int64, 0, perAgg)})
			}
			pipeReference(&p.want, p.n)
			return p, nil
		},
	})
}

func splitmix64(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// pipeDecode decodes and validates one event; false when parse must drop it.
func pipeDecode(bits uint64, e *pipeEvent) bool {
	x := (bits >> 20) & 0xfffff
	rank := ((((x * x) >> 20) * x) >> 20) * pipeSongs >> 20
	e.user = uint32((bits >> 40) % pipeUsers)
	e.song = uint32((rank*7919 + 13) % pipeSongs)
	e.ms = uint32((bits & 0xfffff) % pipeMsRange)
	return e.user < pipeUsers && e.song < pipeSongs && e.ms >= pipeMinPlayMs && e.ms < pipeMaxMs
}

func pipeRoute(user uint32, workers int) int {
	return int(((user * 2654435761) >> 16) % uint32(workers))
}

// topSongs fills a.top from a.counts: count descending, song ascending
// (pipeline.c's insertion, so equal counts keep the lower id).
func (a *pipeAnswer) topSongs() {
	a.top = a.top[:0]
	for s := uint32(0); s < pipeSongs; s++ {
		c := a.counts[s]
		if c == 0 || (len(a.top) == pipeTop && c <= a.top[pipeTop-1].count) {
			continue
		}
		i := len(a.top)
		if i < pipeTop {
			a.top = append(a.top, pipeHit{})
		} else {
			i = pipeTop - 1
		}
		for i > 0 && a.top[i-1].count < c {
			a.top[i] = a.top[i-1]
			i--
		}
		a.top[i] = pipeHit{song: s, count: c}
	}
}

// pipeReference is the single-threaded reference: the same stream in one loop.
func pipeReference(a *pipeAnswer, n int64) {
	*a = pipeAnswer{}
	state := uint64(pipeSeed)
	var e pipeEvent
	for i := int64(0); i < n; i++ {
		if pipeDecode(splitmix64(&state), &e) {
			a.counts[e.song]++
			a.total++
		} else {
			a.dropped++
		}
	}
	a.topSongs()
}

// waitUntil waits for the monotonic time due: sleeps through long gaps, yields
// through short ones (pipeline.c's wait_until).
func waitUntil(due int64) {
	for {
		ahead := due - nowNs()
		if ahead <= 0 {
			return
		}
		if ahead > 50000 { // > 50 us: a sleep's wake-up error is small beside it
			time.Sleep(time.Duration(ahead - 20000))
		} else {
			runtime.Gosched()
		}
	}
}

func (p *pipeline) source(wg *sync.WaitGroup) {
	state := uint64(pipeSeed)
	t0 := nowNs()
	var period float64
	var lagMax, late int64
	if p.rate > 0 {
		period = 1e9 / float64(p.rate)
	}
	for i := int64(0); i < p.n; i++ {
		r := pipeRaw{bits: splitmix64(&state), seq: uint64(i)}
		var due int64
		if p.rate > 0 {
			due = t0 + int64(float64(i)*period)
			waitUntil(due)
		}
		if i&(pipeSampleEvery-1) == 0 {
			if p.rate > 0 {
				r.due = due
			} else {
				r.due = nowNs()
			}
		}
		p.raw <- r
		if p.rate > 0 {
			lag := nowNs() - due
			if lag > lagMax {
				lagMax = lag
			}
			if float64(lag) > period {
				late++
			}
		}
	}
	p.lagMax, p.late = lagMax, late // read by run after the join
	close(p.raw)
	wg.Done()
}

func (p *pipeline) parse(wg *sync.WaitGroup) {
	var dropped int64
	for r := range p.raw {
		e := pipeEvent{due: r.due}
		if !pipeDecode(r.bits, &e) {
			dropped++
			continue
		}
		p.agg[pipeRoute(e.user, p.workers)].in <- e
	}
	p.got.dropped = dropped
	for _, a := range p.agg {
		close(a.in)
	}
	wg.Done()
}

func (a *pipeAgg) aggregate(wg *sync.WaitGroup) {
	for e := range a.in {
		a.counts[e.song]++
		a.total++
		if e.due != 0 {
			a.lat = append(a.lat, nowNs()-e.due)
		}
	}
	a.result <- a
	wg.Done()
}

func (p *pipeline) sink(wg *sync.WaitGroup) {
	for _, w := range p.agg {
		a := <-w.result
		for s := range a.counts {
			p.got.counts[s] += a.counts[s]
		}
		p.got.total += a.total
	}
	p.got.topSongs()
	wg.Done()
}

func (p *pipeline) run(m *measure) {
	var wg sync.WaitGroup
	wg.Add(p.workers + 3)
	// Downstream first, as pipeline.c: no stage starts before its consumer exists.
	go p.sink(&wg)
	for _, a := range p.agg {
		go a.aggregate(&wg)
	}
	go p.parse(&wg)
	go p.source(&wg)
	wg.Wait()
	for _, a := range p.agg {
		for _, ns := range a.lat {
			m.record(ns)
		}
	}
	if p.rate > 0 {
		m.metric("source_lag_max_ns", float64(p.lagMax))
		m.metric("source_late_events", float64(p.late))
	}
}

func (p *pipeline) verify() error {
	g, w := &p.got, &p.want
	if g.total != w.total || g.dropped != w.dropped || len(g.top) != len(w.top) {
		return fmt.Errorf("%d plays, %d dropped, %d top rows; reference %d, %d, %d",
			g.total, g.dropped, len(g.top), w.total, w.dropped, len(w.top))
	}
	for i := range w.top {
		if g.top[i] != w.top[i] {
			return fmt.Errorf("top #%d is song %d x%d, reference song %d x%d",
				i+1, g.top[i].song, g.top[i].count, w.top[i].song, w.top[i].count)
		}
	}
	for s := range w.counts {
		if g.counts[s] != w.counts[s] {
			return fmt.Errorf("song %d counted %d, reference %d", s, g.counts[s], w.counts[s])
		}
	}
	return nil
}

func (p *pipeline) ops() uint64 { return uint64(p.n) }

// corrupt makes the answer wrong (--tamper: tests that verify catches it), as the
// C workload's tamper hook (wl_def.corrupt) does.
func (p *pipeline) corrupt() { p.got.top[0], p.got.top[1] = p.got.top[1], p.got.top[0] }
