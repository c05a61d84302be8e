// peer_test.go — every workload's answer check holds at --quick size (on 1 and 2
// Ps), the answer checks reject wrong answers, the protocol records are well formed,
// and the histogram matches a sorted array. No timed assertions.

package main

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// runQuick runs one workload at quick size (shrunk further where the quick size is
// slow) through the same driver the harness uses and returns its records.
func runQuick(t *testing.T, name string, threads string, extra ...string) []string {
	t.Helper()
	var out, errb bytes.Buffer
	args := append([]string{"--workload", name, "--threads", threads, "--warmup", "1", "--reps", "1", "--quick"}, extra...)
	if rc := realMain(args, &out, &errb); rc != 0 {
		t.Fatalf("%s: exit %d: %s%s", name, rc, out.String(), errb.String())
	}
	return strings.Split(strings.TrimSpace(out.String()), "\n")
}

func TestEveryWorkloadVerifiesAtQuickSize(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, name := range names() {
		for _, threads := range []string{"1", "2"} {
			name, threads := name, threads
			t.Run(name+"/threads="+threads, func(t *testing.T) {
				if skipNet(t, name) {
					return
				}
				lines := runQuick(t, name, threads)
				if len(lines) != 4 {
					t.Fatalf("want info, 2 reps, done; got %q", lines)
				}
				if !strings.HasPrefix(lines[0], "kind=info ") || lines[3] != "kind=done" {
					t.Fatalf("bad framing: %q", lines)
				}
				for _, l := range lines[1:3] {
					kv := parseRecord(t, l)
					if kv["kind"] != "rep" || kv["elapsed_ns"] == "" || kv["ops"] == "" || kv["ops"] == "0" {
						t.Fatalf("bad rep record %q", l)
					}
				}
			})
		}
	}
}

func parseRecord(t *testing.T, line string) map[string]string {
	t.Helper()
	kv := map[string]string{}
	for _, f := range strings.Fields(line) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			t.Fatalf("field %q of %q is not key=value", f, line)
		}
		d, err := decode(v)
		if err != nil {
			t.Fatal(err)
		}
		kv[k] = d
	}
	return kv
}

// A wrong answer is a failure, never a number: with --tamper every workload's
// first repetition fails verify, and no rep record is written.
func TestWrongAnswersFail(t *testing.T) {
	for _, name := range names() {
		if skipNet(t, name) {
			continue
		}
		var out, errb bytes.Buffer
		args := []string{"--workload", name, "--threads", "1", "--warmup", "0", "--reps", "2", "--quick", "--tamper"}
		if rc := realMain(args, &out, &errb); rc != 1 {
			t.Errorf("%s: exit %d with a wrong answer, want 1: %s", name, rc, out.String())
			continue
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		last := parseRecord(t, lines[len(lines)-1])
		if last["kind"] != "fail" || last["fail_kind"] != "verify" || last["rep"] != "0" {
			t.Errorf("%s: want kind=fail fail_kind=verify rep=0 last, got %q", name, lines[len(lines)-1])
		}
		if strings.Contains(out.String(), "kind=rep") || strings.Contains(out.String(), "kind=done") {
			t.Errorf("%s: a number or done was reported for a wrong answer: %q", name, out.String())
		}
	}
}

func TestBadInputExitsTwo(t *testing.T) {
	bad := [][]string{
		{"--threads", "1"},
		{"--workload", "spsc", "--threads", "0"},
		{"--workload", "spsc", "--threads", "1", "--reps", "0"},
		{"--workload", "spsc", "--threads", "1", "--param", "n=abc"},
		{"--workload", "spsc", "--threads", "1", "--param", "nosuch=1"},
		{"--workload", "spsc", "--threads", "1", "--param", "n=-5"},
		{"--workload", "mpmc", "--threads", "1", "--param", "producers=0"},
		{"--workload", "skynet", "--threads", "1", "--param", "n=12"},
		{"--workload", "spsc", "--threads", "1", "--counter-fd", "cycles=99999"},
		{"--workload", "spsc", "--threads", "1", "extra"},
	}
	for _, args := range bad {
		var out, errb bytes.Buffer
		if rc := realMain(args, &out, &errb); rc != 2 {
			t.Errorf("%q: exit %d, want 2", args, rc)
		}
		if msg := errb.String(); strings.Count(msg, "\n") != 1 {
			t.Errorf("%q: want one line on stderr, got %q", args, msg)
		}
		if !strings.HasPrefix(out.String(), "kind=fail ") || !strings.Contains(out.String(), " reason=") {
			t.Errorf("%q: want kind=fail on stdout, got %q", args, out.String())
		}
	}
}

func TestUnknownWorkloadIsSkipped(t *testing.T) {
	var out, errb bytes.Buffer
	if rc := realMain([]string{"--workload", "c2c", "--threads", "1"}, &out, &errb); rc != 0 {
		t.Fatalf("exit %d", rc)
	}
	if !strings.HasPrefix(out.String(), "kind=skip reason=") || !strings.HasSuffix(out.String(), "\nkind=done\n") {
		t.Fatalf("want kind=skip then kind=done (the runner counts a missing done as a crash), got %q", out.String())
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "a b", "100%", "k=v", "line\nbreak", "tab\there", "\x00\xff"} {
		e := encode(s)
		if strings.ContainsAny(e, " =\n\t") {
			t.Errorf("encode(%q) = %q still has a separator", s, e)
		}
		d, err := decode(e)
		if err != nil || d != s {
			t.Errorf("decode(encode(%q)) = %q, %v", s, d, err)
		}
	}
	if encode("a b%c=d\n") != "a%20b%25c%3Dd%0A" {
		t.Errorf("encode does not match docs/RESULTS.md: %q", encode("a b%c=d\n"))
	}
}

func TestListHasEveryWorkload(t *testing.T) {
	var out bytes.Buffer
	if err := list(&out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(registry) {
		t.Fatalf("%d lines for %d workloads", len(lines), len(registry))
	}
	for _, l := range lines {
		kv := parseRecord(t, l)
		if kv["kind"] != "workload" || kv["param.n"] == "" {
			t.Errorf("bad list record %q", l)
		}
	}
}

// Percentiles of the histogram agree with a sorted array within 1/1024.
func TestHistogramPercentiles(t *testing.T) {
	h := newHist()
	rng := rand.New(rand.NewSource(1))
	var xs []int64
	for i := 0; i < 100000; i++ {
		v := int64(math.Exp(rng.Float64()*20)) + 1 // 1 ns .. ~0.5 s, log-spread
		xs = append(xs, v)
		h.record(v)
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	for _, p := range []float64{1, 10, 50, 90, 99, 99.9, 100} {
		rank := int(math.Ceil(p/100*float64(len(xs)))) - 1
		want := xs[rank]
		got := h.valueAtPercentile(p)
		if got < want || float64(got-want) > float64(want)/1024+1 {
			t.Errorf("p%v: histogram %d, sorted array %d", p, got, want)
		}
	}
	// Exact below 2048, and bucket boundaries land where HdrHistogram puts them.
	for _, v := range []int64{0, 1, 2047, 2048, 2049, 4095, 4096, histHighest} {
		if v < 2048 && h.highestEquivalent(v) != v {
			t.Errorf("value %d not exact", v)
		}
		if lo, hi := h.lowestEquivalent(v), h.highestEquivalent(v); lo > v || hi < v {
			t.Errorf("value %d outside its bucket [%d, %d]", v, lo, hi)
		}
	}
	if h.highestEquivalent(2049) != 2049 || h.lowestEquivalent(2049) != 2048 {
		t.Errorf("2049 should share the 2-wide bucket [2048, 2049]")
	}
}

func TestHgrmFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pingpong.hgrm")
	runQuick(t, "pingpong", "1", "--param", "n=20000", "--hgrm", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if !strings.Contains(lines[0], "Value") || !strings.Contains(lines[0], "1/(1-Percentile)") {
		t.Fatalf("bad header %q", lines[0])
	}
	var lastPct string
	for _, l := range lines[2:] {
		if strings.HasPrefix(l, "#") {
			break
		}
		f := strings.Fields(l)
		lastPct = f[1]
	}
	if lastPct != "1.000000000000" {
		t.Errorf("last percentile line is %q, want 1.000000000000", lastPct)
	}
	if !strings.Contains(string(data), "Total count    =         1250]") {
		t.Errorf("want 1250 samples (20000/16):\n%s", data)
	}
}

// The pipeline's stream and answer are workloads/pipeline.c's: these figures were
// produced by pipeline.c's reference() compiled from the C source, and matched
// byte for byte (totals, top 10, and the routing of all 100,000 users for W = 1..4).
func TestPipelineMatchesTheCReference(t *testing.T) {
	cases := []struct {
		n              int64
		total, dropped int64
		top            []pipeHit
	}{
		{20000, 18141, 1859, []pipeHit{{13, 864}, {7932, 260}, {5851, 166}, {3770, 130}, {9608, 92},
			{7527, 90}, {1689, 89}, {3365, 74}, {1284, 70}, {5446, 69}}},
		{2000000, 1808781, 191219, []pipeHit{{13, 83859}, {7932, 22031}, {5851, 15288}, {3770, 12211},
			{1689, 10273}, {9608, 8962}, {7527, 8149}, {5446, 7374}, {3365, 6710}, {1284, 6157}}},
	}
	for _, c := range cases {
		var a pipeAnswer
		pipeReference(&a, c.n)
		if a.total != c.total || a.dropped != c.dropped {
			t.Errorf("n=%d: %d plays, %d dropped; C reference %d, %d", c.n, a.total, a.dropped, c.total, c.dropped)
		}
		if fmt.Sprint(a.top) != fmt.Sprint(c.top) {
			t.Errorf("n=%d: top 10 %v, C reference %v", c.n, a.top, c.top)
		}
	}
	// Routing: the Knuth hash in 32-bit arithmetic, as in C.
	if got := pipeRoute(99999, 4); got != int((uint32(99999*2654435761%(1<<32))>>16)%4) {
		t.Errorf("route(99999, 4) = %d", got)
	}
}

// A raw .hist written and read back is the same histogram; two rounds merge.
func TestRawHistRoundTrip(t *testing.T) {
	dir := t.TempDir()
	h := newHist()
	for i := int64(1); i <= 5000; i++ {
		h.record(i * i)
	}
	path := filepath.Join(dir, "x.hgrm")
	if err := saveLatency(h, path, 1000); err != nil {
		t.Fatal(err)
	}
	if err := saveLatency(h, path, 1000); err != nil { // a second round
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "x.histo"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back := newHist()
	if err := back.readRaw(f); err != nil {
		t.Fatal(err)
	}
	if back.total != 2*h.total || back.max != h.max || back.min != h.min || back.sum != 2*h.sum {
		t.Errorf("after two rounds: total %d max %d min %d sum %v", back.total, back.max, back.min, back.sum)
	}
	for _, bad := range []string{"", "corobench-histo 2 3600000000000 3 0 0 0 0 0\n",
		"corobench-histo 1 1000 3 0 0 0 0 0\n", "corobench-histo 1 3600000000000 3 5 0 1 1 1\n0 4\n",
		"corobench-histo 1 3600000000000 3 1 0 1 1 1\n99999999 1\n"} {
		if err := newHist().readRaw(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted damaged raw file %q", bad)
		}
	}
}

// sieve makes its K channels in setup, outside the timed region, as sieve.c
// does (issue 14: Go made them inside run(), C outside): run() uses them.
func TestSieveChannelsAreMadeOutsideTheClock(t *testing.T) {
	inst, err := registry["sieve"].setup(&wctx{workers: 1, params: map[string]int64{"n": 50}})
	if err != nil {
		t.Fatal(err)
	}
	s := inst.(*sieve)
	if int64(len(s.links)) != s.k {
		t.Fatalf("setup made %d channels, want K = %d", len(s.links), s.k)
	}
	for i, c := range s.links {
		if c == nil {
			t.Fatalf("channel %d not made in setup", i)
		}
	}
	s.run(&measure{})
	if err := s.verify(); err != nil {
		t.Fatal(err)
	}
}

// yield runs two goroutines per worker, reports the share of yields that
// switched (a share, measured), and its answer check rejects a wrong count.
func TestYieldTwoPerWorkerAndSwitchedShare(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, w := range []int{1, 2} {
		runtime.GOMAXPROCS(w)
		inst, err := registry["yield"].setup(&wctx{workers: w, params: map[string]int64{"n": 2001}})
		if err != nil {
			t.Fatal(err)
		}
		y := inst.(*yield)
		if len(y.task) != 2*w {
			t.Fatalf("workers=%d: %d yielders, want %d", w, len(y.task), 2*w)
		}
		m := &measure{}
		y.run(m)
		if err := y.verify(); err != nil {
			t.Fatal(err)
		}
		share := -1.0
		for _, mt := range m.metrics {
			if mt.name == "switched_yields" {
				share = mt.value
			}
		}
		if share < 0 || share > 1 {
			t.Fatalf("workers=%d: switched_yields = %v, want a share in [0, 1]", w, share)
		}
		y.task[0].switched = y.task[0].done + 1 // more switches than yields
		if y.verify() == nil {
			t.Errorf("workers=%d: verify accepted more switched yields than yields", w)
		}
	}
}

// Every rep record carries the process's CPU time (cpu_ns), without counters.
func TestRepRecordsCarryCPUTime(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	lines := runQuick(t, "spsc", "1")
	for _, l := range lines[1:3] {
		kv := parseRecord(t, l)
		if kv["kind"] != "rep" || kv["cpu_ns"] == "" || kv["cpu_ns"] == "0" {
			t.Fatalf("rep record without a CPU time: %q", l)
		}
	}
}
