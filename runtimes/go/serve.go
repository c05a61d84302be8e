// serve.go — `corobench-go --serve echo|http --threads N [--port P]
// [--duration S] [--param server=0|1]`: what `corobench serve -r go` execs. The
// same servers the echo and http workloads measure (echoServe, httpConnServe,
// or net/http with server=1), on 127.0.0.1:P; prints the address on the first
// line of stdout, serves until S seconds passed (0: no limit) or SIGINT/SIGTERM,
// then closes every connection and exits 0.

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"
)

func serveMain(args []string, out, errw io.Writer) int {
	fs := flag.NewFlagSet("corobench-go --serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	wl := fs.String("serve", "", "echo or http")
	threads := fs.Int("threads", 0, "GOMAXPROCS")
	port := fs.Int("port", 0, "port on 127.0.0.1 (0: any)")
	dur := fs.Int("duration", 0, "seconds (0: until a signal)")
	params := paramFlag{}
	fs.Var(params, "param", "server=0|1")
	bad := func(f string, a ...any) int {
		fmt.Fprintf(errw, "corobench-go: "+f+"\n", a...)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return bad("%v", err)
	}
	if *wl != "echo" && *wl != "http" {
		return bad("--serve %q: echo or http", *wl)
	}
	if *threads < 1 || *port < 0 || *port > 65535 || *dur < 0 {
		return bad("--threads %d --port %d --duration %d: out of range", *threads, *port, *dur)
	}
	server := params["server"]
	if len(params) > 1 || server < 0 || server > 1 {
		return bad("--param: only server=0|1")
	}
	runtime.GOMAXPROCS(*threads)
	l, err := net.Listen("tcp4", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintf(errw, "corobench-go: %v\n", err)
		return 1
	}
	fmt.Fprintf(out, "%s\n", l.Addr())
	s := &netServer{name: *wl}
	var conns sync.Map
	var wg sync.WaitGroup
	var httpSrv *http.Server
	if *wl == "http" && server == 1 {
		httpSrv = &http.Server{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Length", "13")
			rw.Header().Set("Content-Type", "text/plain")
			rw.Write(body)
		})}
		wg.Add(1)
		go func() { defer wg.Done(); httpSrv.Serve(l) }()
	} else {
		handler := echoServe(s)
		if *wl == "http" {
			handler = httpConnServe(s)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c, err := l.Accept()
				if err != nil {
					if errors.Is(err, net.ErrClosed) {
						return
					}
					time.Sleep(10 * time.Millisecond) // out of files: let connections end
					continue
				}
				conns.Store(c, struct{}{})
				wg.Add(1)
				go func() {
					defer wg.Done()
					handler(c)
					c.Close()
					conns.Delete(c)
				}()
			}
		}()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	var timeout <-chan time.Time
	if *dur > 0 {
		timeout = time.After(time.Duration(*dur) * time.Second)
	}
	select {
	case <-sig:
	case <-timeout:
	}
	if httpSrv != nil {
		httpSrv.Close()
	}
	l.Close()
	conns.Range(func(k, _ any) bool { k.(net.Conn).Close(); return true })
	wg.Wait()
	return 0
}
