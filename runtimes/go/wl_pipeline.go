// wl_pipeline.go — pipeline (docs/WORKLOADS.md): PROVISIONAL until
// workloads/pipeline.c lands; the PRNG, hash and stage layout must match it.

package main

import (
	"fmt"
	"sort"
)

const (
	pipelineSeed     = 0x5eed
	pipelineCapacity = 256
	pipelineSongs    = 10000
	pipelineUsers    = 100000
	pipelineSample   = 16
)

type plEvent struct {
	user, song uint32
	ms         uint32
	t          int64
}

type songCount struct {
	song  uint32
	count int64
}

type pipeline struct {
	n, workers int64
	seed       uint64
	top        []songCount
	total      int64
}

func init() {
	register(&workload{
		name:    "pipeline",
		desc:    "source -> parse -> W aggregators by user hash -> top-10 songs; ns per event",
		latency: true,
		params: []param{
			{name: "n", help: "events (N)", def: 2000_000, quick: 100_000, min: 1, max: 1 << 40},
			{name: "workers", help: "aggregators (W)", def: 4, quick: 4, min: 1, max: 1024},
		},
		validate: func(p map[string]int64) error {
			if p["workers"] > p["n"] {
				return fmt.Errorf("pipeline: workers=%d exceeds n=%d events", p["workers"], p["n"])
			}
			return nil
		},
		setup: func(c *wctx) (instance, error) {
			return &pipeline{n: c.params["n"], workers: c.params["workers"], seed: pipelineSeed}, nil
		},
	})
}

func splitmix64(s *uint64) uint64 {
	*s += 0x9e3779b97f4a7c15
	z := *s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func plMake(s *uint64) plEvent {
	r := splitmix64(s)
	return plEvent{user: uint32(r % pipelineUsers), song: uint32((r >> 20) % pipelineSongs), ms: uint32((r >> 40) % 600000)}
}

func plHash(user uint32) uint64 {
	x := uint64(user)
	return splitmix64(&x)
}

func topTen(counts []int64) ([]songCount, int64) {
	var all []songCount
	var total int64
	for s, c := range counts {
		total += c
		if c > 0 {
			all = append(all, songCount{uint32(s), c})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].count != all[j].count {
			return all[i].count > all[j].count
		}
		return all[i].song < all[j].song
	})
	if len(all) > 10 {
		all = all[:10]
	}
	return all, total
}

func (p *pipeline) run(m *measure) {
	parsed := make(chan plEvent, pipelineCapacity)
	outs := make([]chan plEvent, p.workers)
	for i := range outs {
		outs[i] = make(chan plEvent, pipelineCapacity)
	}
	results := make(chan []int64, p.workers)
	go func() {
		s := p.seed
		for i := int64(0); i < p.n; i++ {
			e := plMake(&s)
			if i%pipelineSample == 0 {
				e.t = nowNs()
			}
			parsed <- e
		}
		close(parsed)
	}()
	go func() {
		for e := range parsed {
			outs[plHash(e.user)%uint64(p.workers)] <- e
		}
		for _, o := range outs {
			close(o)
		}
	}()
	for _, o := range outs {
		go func(in chan plEvent) {
			counts := make([]int64, pipelineSongs)
			for e := range in {
				counts[e.song]++
				if e.t != 0 {
					m.record(nowNs() - e.t)
				}
			}
			results <- counts
		}(o)
	}
	merged := make([]int64, pipelineSongs)
	for i := int64(0); i < p.workers; i++ {
		for s, c := range <-results {
			merged[s] += c
		}
	}
	p.top, p.total = topTen(merged)
}

func (p *pipeline) verify() error {
	s := p.seed
	counts := make([]int64, pipelineSongs)
	for i := int64(0); i < p.n; i++ {
		counts[plMake(&s).song]++
	}
	top, total := topTen(counts)
	if total != p.total {
		return fmt.Errorf("total %d, want %d", p.total, total)
	}
	if fmt.Sprint(top) != fmt.Sprint(p.top) {
		return fmt.Errorf("top-10 %v, want %v", p.top, top)
	}
	return nil
}

func (p *pipeline) ops() uint64 { return uint64(p.n) }
