// workload.go — what a workload of the Go peer is, and the registry of them.
//
// Mirrors workloads/workload.h: a workload declares its parameters (params[0] is
// always "n", what ns/op divides by) with the normal and --quick values of
// docs/WORKLOADS.md, and a setup that returns the state of one repetition. The
// driver (main.go) owns the clock: it calls run() between two monotonic clock
// reads; a workload never times itself except for latency samples recorded through
// the measure it is handed.

package main

import (
	"fmt"
	"sort"
)

// param is one workload parameter (workload.h's wl_param).
type param struct {
	name     string // CLI name: "n", "producers", "k", ...
	help     string // one line
	def      int64  // the normal run's value
	quick    int64  // the --quick value
	min, max int64  // accepted range
}

// instance is the state of one repetition (setup's result).
type instance interface {
	// run is the timed region; it returns when every goroutine it started has
	// finished its timed work.
	run(m *measure)
	// verify checks the answer; a non-nil error fails the repetition.
	verify() error
	// ops is the n that ns/op divides by.
	ops() uint64
}

// tasker: an instance that reports how many tasks run() spawned (memory metrics).
type tasker interface{ tasks() uint64 }

// tamperer: an instance whose answer --tamper can spoil after run(), so tests can
// check that a wrong answer is a failure, never a number (every workload has one).
type tamperer interface{ corrupt() }

// teardowner: an instance with work to undo after the timed region (stopping
// goroutines the timed region left blocked); called after the second clock read.
type teardowner interface{ teardown() }

// workload is one entry of the catalog.
type workload struct {
	name    string
	desc    string
	params  []param
	latency bool // run() records latency samples into m
	memory  bool // report peak_rss_bytes and bytes_per_task (instance is a tasker)
	// validate checks a parameter combination (nil: ranges alone); error names
	// the bad value.
	validate func(p map[string]int64) error
	// setup builds one repetition's state outside the timed region.
	setup func(c *wctx) (instance, error)
}

// wctx is what setup gets (workload.h's wl_ctx).
type wctx struct {
	workers int              // GOMAXPROCS
	params  map[string]int64 // every parameter, defaults filled in
}

var registry = map[string]*workload{}

func register(w *workload) {
	if _, dup := registry[w.name]; dup {
		panic("workload registered twice: " + w.name)
	}
	if len(w.params) == 0 || w.params[0].name != "n" {
		panic("workload " + w.name + ": params[0] must be n")
	}
	registry[w.name] = w
}

// names returns the registered workload names, sorted.
func names() []string {
	var ns []string
	for n := range registry {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

func (w *workload) param(name string) *param {
	for i := range w.params {
		if w.params[i].name == name {
			return &w.params[i]
		}
	}
	return nil
}

// resolve fills in defaults (normal or quick) for the parameters not given and
// checks every value against its range and the workload's validate.
func (w *workload) resolve(given map[string]int64, quick bool) (map[string]int64, error) {
	out := map[string]int64{}
	for name, v := range given {
		p := w.param(name)
		if p == nil {
			return nil, fmt.Errorf("workload %s has no parameter '%s'", w.name, name)
		}
		if v < p.min || v > p.max {
			return nil, fmt.Errorf("%s=%d is out of range [%d, %d] for workload %s", name, v, p.min, p.max, w.name)
		}
		out[name] = v
	}
	for _, p := range w.params {
		if _, ok := out[p.name]; !ok {
			if quick {
				out[p.name] = p.quick
			} else {
				out[p.name] = p.def
			}
		}
	}
	if w.validate != nil {
		if err := w.validate(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}
