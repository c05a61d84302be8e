// Command corobench-go is corobench's reference peer: the workloads of
// docs/WORKLOADS.md written in Go with Go's own channels, goroutines, sync.WaitGroup,
// sync.Mutex and runtime.Gosched, run by the harness as a child process that speaks
// the child protocol of docs/RESULTS.md. gmp is modelled on Go's scheduler; this is
// the yardstick it is held against, measured on the same machine, in the same run,
// by the same harness.
//
// Usage
//
//	corobench-go --workload W --threads T [--warmup N] [--reps N]
//	             [--param NAME=VALUE]... [--quick] [--round R] [--hgrm PATH [--hgrm-unit NS]]
//	             [--info KEY=VALUE]... [--counter-group FD=LABEL:ID,...]...
//	corobench-go --list        the catalog, one kind=workload record per workload
//	corobench-go --version     the Go toolchain that built this binary
//	corobench-go --serve echo|http --threads N [--port P] [--duration S] [--param server=0|1]
//	                           a server alone, for `corobench serve -r go` (serve.go)
//
//	--workload W      one of --list (an unknown name answers kind=skip: a workload
//	                  the C side has and this peer lacks is stated, not failed)
//	--threads T       GOMAXPROCS (the parent also sets the GOMAXPROCS environment
//	                  variable; this flag wins). T >= 1.
//	--warmup N        warm-up repetitions, reported with warmup=1 (default 1)
//	--reps N          measured repetitions (default 5)
//	--param NAME=V    a workload parameter (same names as the C workloads: n,
//	                  producers, k, ...); repeatable; others take their default
//	--quick           parameters not given take their --quick value
//	--round R         echoed as round=R in every rep record (default 0)
//	--hgrm PATH       latency workloads: the measured repetitions' samples, merged
//	                  with what earlier rounds left in PATH's .histo (raw counters),
//	                  written back to the .histo and, as an HdrHistogram percentile
//	                  file, to PATH (hist.go, hist_io.go: harness/measure/latency.c's
//	                  files, byte for byte)
//	--hgrm-unit NS    nanoseconds per value unit in that file (default 1000: µs,
//	                  the C child's unit)
//	--counter-group FD=LABEL:ID,...  --counter-fd LABEL=FD  --counter-absent LABEL
//	                  perf event fds the parent opened with inherit=1 before exec
//	                  (counters.go), switched around the timed region: ctr.LABEL=
//	--info KEY=VALUE  echoed into the info record (the parent's facts about the
//	                  configuration: pus=, pair_class=, placement_scope=)
//	--tamper          tests only: spoil each answer after run(), which verify must
//	                  turn into kind=fail (the C workloads' tamper hooks)
//
// Output (stdout, docs/RESULTS.md): one kind=info record (go_version, gomaxprocs,
// param.<name>= for every parameter used, reduced=0, affinity=, env.GOGC= and
// the like when set, and the --info pairs), one kind=rep record per
// repetition, then kind=done. A setup error or a failed answer check prints
// kind=fail reason=... and exits 1 (the remaining repetitions are not run: a broken
// configuration stays broken, as in harness/run/execute.c). Bad usage prints one
// line naming the bad value on stderr, the same reason as kind=fail on stdout, and
// exits 2.
//
// Measurement, and what was decided
//   - The timed region is run() alone, exactly the C workloads' run(): setup
//     (channel creation, allocation) and the answer check are outside it. The
//     clock is the monotonic clock (measure.go); counters are enabled inside the
//     clock pair, as the C harness's before_run/after_run hooks are.
//   - runtime.GC() runs before each repetition's setup, outside the timed region
//     (as Go's testing.B does before a benchmark): the C workloads free everything
//     in teardown(), so each repetition starts without the previous one's garbage.
//     Garbage made inside run() is collected inside run(), as Go would in
//     production; GOGC is left at its default (100).
//   - Placement: the parent sets the process affinity to the union of the pin
//     plan's CPU sets before exec; every Go thread inherits it. Go cannot pin a P
//     to a CPU, so per-worker placement is reduced to the union (the parent records
//     this); migrated= is therefore not reported.
//   - Sizes are never reduced: goroutines reach a million live tasks, so reduced=0.
//   - Work a workload must undo after its timed region (ring's 503 members, which
//     ring.c also starts in setup and stops in teardown) runs after the second
//     clock read (workload.go's teardowner).
//   - skynet and spawn report metric.peak_rss_bytes and metric.bytes_per_task as
//     workloads/wl_mem.h defines them (VmHWM after a clear_refs reset; growth over
//     the RSS before the first repetition, per task).
//   - cpu_ns: the process's CPU time (CLOCK_PROCESS_CPUTIME_ID: user + system,
//     every thread, Go's GC and sysmon included) read just outside the clock
//     pair, as harness/run/execute.c does for the C runtimes.
//   - Latency samples are recorded only in measured repetitions (warm-ups drop
//     theirs) and merged with the configuration's earlier rounds (--hgrm).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// usageError is bad input: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// options is the parsed command line.
type options struct {
	workload string
	threads  int
	warmup   int
	reps     int
	params   map[string]int64
	quick    bool
	round    int
	hgrm     string
	hgrmUnit float64
	counters *counterSet
	info     []string // KEY=VALUE pairs echoed into the info record
	tamper   bool     // tests: spoil the answer after run() (tamperer)
	list     bool
	version  bool
}

// paramFlag collects repeated --param NAME=VALUE.
type paramFlag map[string]int64

func (p paramFlag) String() string { return "" }
func (p paramFlag) Set(s string) error {
	name, val, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("'%s' is not NAME=VALUE", s)
	}
	v, err := parseInt(val)
	if err != nil {
		return fmt.Errorf("parameter %s: %v", name, err)
	}
	if _, dup := p[name]; dup {
		return fmt.Errorf("parameter %s given twice", name)
	}
	p[name] = v
	return nil
}

// infoFlag collects repeated --info KEY=VALUE.
type infoFlag struct{ list *[]string }

func (f infoFlag) String() string { return "" }
func (f infoFlag) Set(s string) error {
	k, _, ok := strings.Cut(s, "=")
	if !ok || k == "" || strings.ContainsAny(k, " =%\n") || k == "kind" {
		return fmt.Errorf("--info '%s' is not KEY=VALUE", s)
	}
	*f.list = append(*f.list, s)
	return nil
}

// counterFlag collects --counter-group, --counter-fd and --counter-absent
// (counters.go).
type counterFlag struct {
	set *counterSet
	add func(cs *counterSet, s string) error
}

func (c counterFlag) String() string     { return "" }
func (c counterFlag) Set(s string) error { return c.add(c.set, s) }

// parseInt accepts decimal integers with an optional k/m/g (10^3/6/9) suffix, the
// forms the C CLI accepts for sizes (the parent always passes plain decimal).
func parseInt(s string) (int64, error) {
	mult := int64(1)
	body := s
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mult, body = 1000, s[:n-1]
		case 'm', 'M':
			mult, body = 1000_000, s[:n-1]
		case 'g', 'G':
			mult, body = 1000_000_000, s[:n-1]
		}
	}
	v, err := strconv.ParseInt(body, 10, 64)
	if err != nil || (mult > 1 && (v > (1<<63-1)/mult || v < -(1<<63-1)/mult)) {
		return 0, fmt.Errorf("'%s' is not an integer", s)
	}
	return v * mult, nil
}

func parseArgs(args []string) (*options, error) {
	o := &options{params: map[string]int64{}, counters: &counterSet{}}
	fs := flag.NewFlagSet("corobench-go", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	fs.StringVar(&o.workload, "workload", "", "workload to run")
	fs.IntVar(&o.threads, "threads", 0, "GOMAXPROCS")
	fs.IntVar(&o.warmup, "warmup", 1, "warm-up repetitions")
	fs.IntVar(&o.reps, "reps", 5, "measured repetitions")
	fs.Var(paramFlag(o.params), "param", "NAME=VALUE")
	fs.BoolVar(&o.quick, "quick", false, "quick sizes")
	fs.IntVar(&o.round, "round", 0, "round number")
	fs.StringVar(&o.hgrm, "hgrm", "", "latency histogram file")
	fs.Float64Var(&o.hgrmUnit, "hgrm-unit", 1000, "ns per .hgrm value unit")
	fs.Var(counterFlag{o.counters, (*counterSet).addGroup}, "counter-group", "FD=LABEL:ID,...")
	fs.Var(counterFlag{o.counters, (*counterSet).addSolo}, "counter-fd", "LABEL=FD")
	fs.Var(counterFlag{o.counters, (*counterSet).addLabel}, "counter-absent", "LABEL")
	fs.Var(infoFlag{&o.info}, "info", "KEY=VALUE for the info record")
	fs.BoolVar(&o.tamper, "tamper", false, "tests: spoil the answer after run")
	fs.BoolVar(&o.list, "list", false, "list workloads")
	fs.BoolVar(&o.version, "version", false, "print the Go version")
	if err := fs.Parse(args); err != nil {
		return nil, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Sprintf("unexpected argument '%s'", fs.Arg(0))}
	}
	if o.list || o.version {
		return o, nil
	}
	switch {
	case o.workload == "":
		return nil, usageError{"--workload is required"}
	case o.threads < 1:
		return nil, usageError{fmt.Sprintf("--threads %d: need at least 1", o.threads)}
	case o.warmup < 0:
		return nil, usageError{fmt.Sprintf("--warmup %d: must not be negative", o.warmup)}
	case o.reps < 1:
		return nil, usageError{fmt.Sprintf("--reps %d: need at least 1", o.reps)}
	case !(o.hgrmUnit > 0):
		return nil, usageError{fmt.Sprintf("--hgrm-unit %v: must be positive", o.hgrmUnit)}
	case o.round < 0:
		return nil, usageError{fmt.Sprintf("--round %d: must not be negative", o.round)}
	}
	return o, nil
}

// list prints the catalog: one record per workload with its parameters as
// param.<name>=<default>:<quick>:<min>:<max>, so the harness (and its tests) can
// check that the Go peer and the C workloads agree on names and sizes.
func list(w io.Writer) error {
	for _, name := range names() {
		wl := registry[name]
		r := newRecord("workload").add("name", wl.name).add("latency", boolStr(wl.latency))
		for _, p := range wl.params {
			r.add("param."+p.name, fmt.Sprintf("%d:%d:%d:%d", p.def, p.quick, p.min, p.max))
		}
		r.add("description", wl.desc)
		if err := r.emit(w); err != nil {
			return err
		}
	}
	return nil
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// runOne runs the configuration: info, the repetitions, done. Returns an error
// for a failure (already reported as kind=fail), nil when every repetition passed.
func runOne(o *options, out io.Writer) error {
	wl := registry[o.workload]
	if wl == nil { // skip, then done: the configuration finished, it just cannot run here
		reason := fmt.Sprintf("the Go peer has no workload '%s' (it has: %s)", o.workload, strings.Join(names(), ","))
		if err := newRecord("skip").add("reason", reason).emit(out); err != nil {
			return err
		}
		return newRecord("done").emit(out)
	}
	params, err := wl.resolve(o.params, o.quick)
	if err != nil {
		return usageError{err.Error()}
	}
	if err := o.counters.check(); err != nil {
		return usageError{err.Error()}
	}
	runtime.GOMAXPROCS(o.threads)

	info := newRecord("info").add("runtime", "go").add("chan", "go-native").
		add("go_version", runtime.Version()).addInt("gomaxprocs", int64(runtime.GOMAXPROCS(0))).
		add("reduced", "0")
	for _, p := range wl.params {
		info.addInt("param."+p.name, params[p.name])
	}
	if aff := affinityString(); aff != "" {
		info.add("affinity", aff)
	}
	for _, env := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG"} {
		if v, ok := os.LookupEnv(env); ok {
			info.add("env."+env, v) // settings that change what Go measures
		}
	}
	for _, kv := range o.info {
		k, v, _ := strings.Cut(kv, "=")
		if info.has(k) {
			return usageError{fmt.Sprintf("--info %s: the peer reports that key itself", k)}
		}
		info.add(k, v)
	}
	if err := info.emit(out); err != nil {
		return err
	}

	var h *hist
	if wl.latency && o.hgrm != "" {
		h = newHist()
	}
	ctx := &wctx{workers: o.threads, params: params}
	for i := 0; i < o.warmup+o.reps; i++ {
		warm := i < o.warmup
		runtime.GC()
		inst, err := wl.setup(ctx)
		if err != nil {
			return fail(out, "error", i, fmt.Sprintf("setup of %s failed: %v", wl.name, err))
		}
		m := &measure{}
		if !warm {
			m.hist = h
		}
		if wl.memory {
			if memBaseline == 0 {
				memBaseline, _ = currentRSS()
			}
			resetPeakRSS() // refused: the peak is the process's so far (wl_mem.h)
		}
		o.counters.start()   // counters on, clock, run, clock, counters off (as execute.c)
		c0 := processCPUNs() // the process's CPU time beside the clock pair (execute.c)
		t0 := nowNs()
		inst.run(m)
		t1 := nowNs()
		c1 := processCPUNs()
		o.counters.stop()
		if wl.memory {
			memoryMetrics(m, inst)
		}
		if td, ok := inst.(teardowner); ok {
			td.teardown()
		}
		if tp, ok := inst.(tamperer); ok && o.tamper {
			tp.corrupt()
		}
		if err := inst.verify(); err != nil {
			return fail(out, "verify", i, fmt.Sprintf("verify of %s failed: %v", wl.name, err))
		}
		r := newRecord("rep").addInt("round", int64(o.round)).addInt("rep", int64(i)).
			add("warmup", boolStr(warm)).addInt("elapsed_ns", t1-t0).addUint("ops", inst.ops())
		if c0 >= 0 && c1 >= c0 {
			r.addInt("cpu_ns", c1-c0)
		}
		o.counters.report(r)
		for _, mt := range m.metrics {
			r.addFloat("metric."+mt.name, mt.value)
		}
		if err := r.emit(out); err != nil {
			return err
		}
	}
	if h != nil {
		if err := saveLatency(h, o.hgrm, o.hgrmUnit); err != nil {
			// fail_kind=write: the harness stops the run (a failed write of the
			// results, as its own writes are: runner.h)
			return fail(out, "write", -1, fmt.Sprintf("writing %s: %v", o.hgrm, err))
		}
	}
	return newRecord("done").emit(out)
}

// memBaseline is VmRSS before the first repetition's timed region (workloads/
// wl_mem.h: taken once per process, so memory the runtime caches between
// repetitions, Go's stack and heap spans included, stays charged to the workload).
var memBaseline int64

// memoryMetrics reports the peak RSS of the repetition (VmHWM after a clear_refs
// reset) and (peak - baseline) per task spawned: docs/RESULTS.md's
// metric:peak_rss_bytes and metric:bytes_per_task, defined as in wl_mem.c. The C
// workloads read VmHWM at the end of run(), inside the clock pair (~8 us); the Go
// peer reads it just after the clock pair, a difference far below the noise.
func memoryMetrics(m *measure, inst instance) {
	peak, ok := peakRSS()
	if !ok {
		return // no /proc: the metric is absent, not zero
	}
	m.metric("peak_rss_bytes", float64(peak))
	if t, ok := inst.(tasker); ok && t.tasks() > 0 && memBaseline > 0 {
		m.metric("bytes_per_task", float64(peak-memBaseline)/float64(t.tasks()))
	}
}

// failure is a reported kind=fail: exit status 1.
type failure struct{ msg string }

func (f failure) Error() string { return f.msg }

// fail reports kind=fail with the C child's fields: fail_kind (verify, error) and
// the repetition (rep < 0: none).
func fail(out io.Writer, kind string, rep int, reason string) error {
	r := newRecord("fail").add("fail_kind", kind)
	if rep >= 0 {
		r.addInt("rep", int64(rep))
	}
	_ = r.add("reason", reason).emit(out)
	return failure{reason}
}

// writeFileAtomic writes path.tmp.<pid> and renames it (docs/RESULTS.md: a reader
// sees a complete file or none).
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := fmt.Sprintf("%s.tmp.%d", path, os.Getpid())
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err = write(f); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(args []string, out, errw io.Writer) int {
	if len(args) > 0 && args[0] == "--serve" { // corobench serve -r go (serve.go)
		return serveMain(args, out, errw)
	}
	o, err := parseArgs(args)
	if err == nil {
		switch {
		case o.version:
			fmt.Fprintln(out, runtime.Version())
			return 0
		case o.list:
			if list(out) != nil {
				return 1
			}
			return 0
		}
		err = runOne(o, out)
	}
	var ue usageError
	var fe failure
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(errw, "corobench-go: %s\n", ue.msg)
		_ = newRecord("fail").add("fail_kind", "error").add("reason", ue.msg).emit(out)
		return 2
	case errors.As(err, &fe):
		fmt.Fprintf(errw, "corobench-go: %s\n", fe.msg)
		return 1
	default: // stdout closed under us: the parent is gone
		fmt.Fprintf(errw, "corobench-go: %v\n", err)
		return 1
	}
}
