// wl_net.go — what the network workloads of the Go peer (echo, http, c10k) share,
// as workloads/wl_net.c does for the C runtimes: a loopback listener, one
// goroutine per connection (Go's `for { c := l.Accept(); go serve(c) }`), and the
// one load generator every runtime is measured with (build/corobench-load, found
// beside this binary), started in setup, told to run in run(), stopped in
// teardown. The client's PUs: the first GOMAXPROCS PUs of this process's affinity
// are the server's (the parent set it to the pin plan's union, or left it whole),
// the client gets the rest, or shares them and says so (client_shared = 1).
// Metrics and their names are wl_net.h's.

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// netServer is one repetition's server and client.
type netServer struct {
	name     string
	conns    int
	l        net.Listener
	serve    func(c net.Conn) // a connection's goroutine (closes nothing)
	wg       sync.WaitGroup   // the accept loop and the connection goroutines
	started  atomic.Int64     // connection goroutines that began serving
	mu       sync.Mutex       // guards fault
	fault    string           // the first server-side failure
	cmd      *exec.Cmd        // the load generator
	toClient io.WriteCloser   // its stdin
	reply    *bufio.Reader    // its stdout
	shared   bool             // it shares the server's PUs
	stopHook func()           // net/http: srv.Close
	// the last run, as the client reported it
	ops, errs, lagMax, late uint64
	firstError              string
	connsHeld               sync.Map // every accepted conn, closed at teardown
}

func (s *netServer) setFault(f string, a ...any) {
	s.mu.Lock()
	if s.fault == "" {
		s.fault = fmt.Sprintf(f, a...)
	}
	s.mu.Unlock()
}

// loadgenPath: $COROBENCH_LOADGEN, else corobench-load beside this binary.
func loadgenPath() (string, error) {
	if p := os.Getenv("COROBENCH_LOADGEN"); p != "" {
		return p, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	p := filepath.Join(filepath.Dir(exe), "corobench-load")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("the load generator %s is not built (run make)", p)
	}
	return p, nil
}

// affinity is the CPU mask of process pid (0: this one).
func affinity(pid int) ([16]uint64, bool) {
	var mask [16]uint64
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, uintptr(pid), uintptr(len(mask)*8), uintptr(unsafe.Pointer(&mask[0])))
	return mask, e == 0
}

// clientCPUs lists the PUs the client gets: the server's are the first
// `workers` PUs of this process's affinity (the parent set it to the pin
// plan's union, or left it whole); the client gets the rest of what the parent
// (the harness, which this process's placement did not narrow) may use. With a
// pin plan this process's own mask is only the server's, so the rest must come
// from the parent's: from our own the client would share the server's PU.
func clientCPUs(workers int) (string, bool) {
	own, ok := affinity(0)
	if !ok {
		return "", true
	}
	all, ok := affinity(os.Getppid())
	if !ok {
		all = own
	}
	var server [16]uint64
	n := 0
	for w, bits := range own {
		for b := 0; b < 64 && n < workers; b++ {
			if bits&(1<<uint(b)) != 0 {
				server[w] |= 1 << uint(b)
				n++
			}
		}
	}
	var rest []string
	for w, bits := range all {
		for b := 0; b < 64; b++ {
			if bits&(1<<uint(b)) != 0 && server[w]&(1<<uint(b)) == 0 {
				rest = append(rest, strconv.Itoa(w*64+b))
			}
		}
	}
	return strings.Join(rest, ","), len(rest) == 0
}

// raiseNofile sets the open-files soft limit to the hard one; an error when even
// that is below need.
func raiseNofile(need uint64) error {
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) != nil {
		return nil
	}
	rl.Cur = rl.Max
	_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
	if rl.Max < need {
		return fmt.Errorf("%d open files needed, the hard limit (ulimit -Hn) is %d", need, rl.Max)
	}
	return nil
}

func (s *netServer) track(c net.Conn) {
	s.connsHeld.Store(c, struct{}{})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.started.Add(1)
		s.serve(c)
		c.Close()
		s.connsHeld.Delete(c)
	}()
}

// start: listener, accept loop (or accepting here: c10k), client, ready.
func (s *netServer) start(c *wctx, mode string, size int, rate int64, acceptLoop bool, ownServe func(net.Listener)) error {
	if err := raiseNofile(uint64(s.conns) + 64); err != nil {
		return err
	}
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.l = l
	if ownServe != nil { // net/http serves the listener itself
		s.wg.Add(1)
		go func() { defer s.wg.Done(); ownServe(l) }()
	} else if acceptLoop {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for {
				conn, err := l.Accept()
				if err != nil {
					if !errors.Is(err, net.ErrClosed) {
						s.setFault("accept: %v", err)
					}
					return
				}
				s.track(conn)
			}
		}()
	}
	bin, err := loadgenPath()
	if err != nil {
		return err
	}
	cpus, shared := clientCPUs(c.workers)
	s.shared = shared
	port := l.Addr().(*net.TCPAddr).Port
	args := []string{"--port", strconv.Itoa(port), "--mode", mode, "--conns", strconv.Itoa(s.conns),
		"--size", strconv.Itoa(size), "--rate", strconv.FormatInt(rate, 10)}
	if cpus != "" {
		args = append(args, "--cpus", cpus)
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stderr = os.Stderr
	if s.toClient, err = s.cmd.StdinPipe(); err != nil {
		return err
	}
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	s.reply = bufio.NewReaderSize(out, 1<<16)
	if err := s.cmd.Start(); err != nil {
		return err
	}
	for i := 0; !acceptLoop && ownServe == nil && i < s.conns; i++ {
		conn, err := l.Accept()
		if err != nil {
			return fmt.Errorf("accept of connection %d of %d: %v", i+1, s.conns, err)
		}
		s.track(conn)
	}
	line, err := s.reply.ReadString('\n')
	if err != nil {
		return fmt.Errorf("the load generator exited (see its message above)")
	}
	if !strings.HasPrefix(line, "ready") {
		return fmt.Errorf("load generator: %s", strings.TrimSpace(line))
	}
	for limit := time.Now().Add(60 * time.Second); ownServe == nil && s.started.Load() < int64(s.conns); {
		if time.Now().After(limit) {
			return fmt.Errorf("%d of %d connections served after 60 s", s.started.Load(), s.conns)
		}
		time.Sleep(100 * time.Microsecond)
	}
	return nil
}

func field(line, key string) uint64 {
	i := strings.Index(line, key)
	if i < 0 {
		return 0
	}
	rest := line[i+len(key):]
	if j := strings.IndexByte(rest, ' '); j >= 0 {
		rest = rest[:j]
	}
	v, _ := strconv.ParseUint(rest, 10, 64)
	return v
}

// round: run(): n requests through the client; results in s and through m.
func (s *netServer) round(m *measure, n int64) {
	if _, err := fmt.Fprintf(s.toClient, "run n=%d\n", n); err != nil {
		s.setFault("cannot write to the load generator (it exited?)")
		return
	}
	line, err := s.reply.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "done ") {
		s.setFault("load generator: %q", strings.TrimSpace(line))
		return
	}
	line = strings.TrimSpace(line)
	s.ops, s.errs = field(line, " ops="), field(line, " errors=")
	s.lagMax, s.late = field(line, " lag_max_ns="), field(line, " late=")
	if i := strings.Index(line, " first_error="); i >= 0 {
		fe := line[i+13:]
		if j := strings.IndexByte(fe, ' '); j >= 0 {
			fe = fe[:j]
		}
		s.firstError = fe
	}
	cpu, el := float64(field(line, " cpu_ns=")), float64(field(line, " elapsed_ns="))
	busy := 0.0
	if el > 0 {
		busy = cpu / el
	}
	if i := strings.Index(line, " hist="); i >= 0 && line[i+6:] != "-" {
		for _, pair := range strings.Split(line[i+6:], ",") {
			v, c, _ := strings.Cut(pair, ":")
			vv, _ := strconv.ParseInt(v, 10, 64)
			cc, _ := strconv.ParseInt(c, 10, 64)
			for k := int64(0); k < cc; k++ {
				m.record(vv)
			}
		}
	}
	m.metric("client_cpu_ns", cpu)
	m.metric("client_busy", busy)
	m.metric("client_saturated", b2f(busy >= 0.95))
	m.metric("client_shared", b2f(s.shared))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (s *netServer) verify(n int64) error {
	s.mu.Lock()
	f := s.fault
	s.mu.Unlock()
	switch {
	case f != "":
		return fmt.Errorf("%s: %s", s.name, f)
	case s.errs > 0:
		return fmt.Errorf("%s: the client saw %d error(s), the first: %s", s.name, s.errs, s.firstError)
	case s.ops != uint64(n):
		return fmt.Errorf("%s: %d requests answered, %d asked", s.name, s.ops, n)
	}
	return nil
}

// stop: the client quits (closing its connections: every goroutine sees EOF),
// the listener closes, everything is joined.
func (s *netServer) stop() {
	if s.toClient != nil {
		fmt.Fprintf(s.toClient, "quit\n")
		s.toClient.Close()
	}
	if s.stopHook != nil {
		s.stopHook()
	}
	if s.l != nil {
		s.l.Close()
	}
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Wait()
	}
	s.wg.Wait()
}
