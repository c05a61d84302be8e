// wl_http.go — http (docs/WORKLOADS.md, workloads/http.c): a minimal HTTP/1.1
// keep-alive server answering every request with the 13-byte body
// "Hello, World!", served two ways, keyed by --param server:
//
//	server=0  over net.Conn, with httpParse: workloads/http_parse.c's grammar
//	          and decisions line for line (the same server as the C runtimes')
//	server=1  net/http (http.Server with a handler that sets Content-Length: 13
//	          and writes the body): what a Go user would deploy, with its
//	          own parser, headers (Date) and per-request allocations
//
// A malformed request gets a 400 and the connection is closed (server=1:
// whatever net/http answers). n = requests; latency from the client.

package main

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
)

const httpMaxHead = 4096

var (
	httpOK  = []byte("HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: text/plain\r\n\r\nHello, World!")
	httpBad = []byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	body    = []byte("Hello, World!")
)

const (
	httpMore = 0
	httpOk   = 1
	httpBadR = -1
)

func tchar(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c != 0 && strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0)
}

func vchar(c byte) bool { return c > 0x20 && c != 0x7f }

// lineLen: the CRLF line at b's start: its length, -1 incomplete, -2 bare CR/LF.
func lineLen(b []byte) int {
	for i, c := range b {
		if c == '\r' {
			if i+1 == len(b) {
				return -1
			}
			if b[i+1] == '\n' {
				return i
			}
			return -2
		}
		if c == '\n' {
			return -2
		}
	}
	return -1
}

// httpParse is http_parse.c's http_parse: status, request length, keep-alive.
func httpParse(buf []byte) (int, int, bool) {
	full := len(buf) >= httpMaxHead
	end := buf
	if full {
		end = buf[:httpMaxHead]
	}
	more := func() (int, int, bool) {
		if full {
			return httpBadR, 0, false
		}
		return httpMore, 0, false
	}
	n := lineLen(end)
	if n == -1 {
		return more()
	}
	if n < 0 {
		return httpBadR, 0, false
	}
	l := end[:n]
	q := 0
	for q < len(l) && tchar(l[q]) {
		q++
	}
	if q == 0 || q == len(l) || l[q] != ' ' {
		return httpBadR, 0, false
	}
	q++
	t := q
	for q < len(l) && vchar(l[q]) {
		q++
	}
	if q == t || q == len(l) || l[q] != ' ' {
		return httpBadR, 0, false
	}
	q++
	var v11 bool
	switch string(l[q:]) {
	case "HTTP/1.1":
		v11 = true
	case "HTTP/1.0":
	default:
		return httpBadR, 0, false
	}
	p := n + 2
	clen, haveClen, closeConn, keep := 0, false, false, false
	for {
		n = lineLen(end[p:])
		if n == -1 {
			return more()
		}
		if n < 0 {
			return httpBadR, 0, false
		}
		if n == 0 {
			p += 2
			break
		}
		h := end[p : p+n]
		c := 0
		for c < len(h) && tchar(h[c]) {
			c++
		}
		if c == 0 || c == len(h) || h[c] != ':' {
			return httpBadR, 0, false
		}
		v := h[c+1:]
		for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
			v = v[1:]
		}
		for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
			v = v[:len(v)-1]
		}
		for _, x := range v {
			if !vchar(x) && x != ' ' && x != '\t' && x < 0x80 {
				return httpBadR, 0, false
			}
		}
		name := h[:c]
		switch {
		case bytes.EqualFold(name, []byte("transfer-encoding")):
			return httpBadR, 0, false
		case bytes.EqualFold(name, []byte("content-length")):
			if haveClen || len(v) == 0 || len(v) > 5 {
				return httpBadR, 0, false
			}
			clen = 0
			for _, d := range v {
				if d < '0' || d > '9' {
					return httpBadR, 0, false
				}
				clen = clen*10 + int(d-'0')
			}
			if clen > httpMaxHead {
				return httpBadR, 0, false
			}
			haveClen = true
		case bytes.EqualFold(name, []byte("connection")):
			closeConn = closeConn || bytes.EqualFold(v, []byte("close"))
			keep = keep || bytes.EqualFold(v, []byte("keep-alive"))
		}
		p += n + 2
	}
	if len(buf) < p+clen {
		return httpMore, 0, false
	}
	return httpOk, p + clen, !closeConn && (v11 || keep)
}

// httpConnServe is http.c's handler: parse, answer, until EOF or close.
func httpConnServe(s *netServer) func(c net.Conn) {
	return func(c net.Conn) {
		buf := make([]byte, 2*httpMaxHead)
		have := 0
		for {
			st, n, keep := httpParse(buf[:have])
			if st == httpBadR {
				c.Write(httpBad)
				return
			}
			if st == httpOk {
				_, err := c.Write(httpOK)
				if err != nil || !keep {
					return
				}
				copy(buf, buf[n:have])
				have -= n
				continue
			}
			k, err := c.Read(buf[have:])
			have += k
			if err != nil && k == 0 {
				if err != io.EOF && !errors.Is(err, syscall.ECONNRESET) {
					s.setFault("read: %v", err)
				}
				return
			}
		}
	}
}

type httpWl struct {
	net  *netServer
	n    int64
	rate int64
}

func init() {
	register(&workload{
		name:    "http",
		desc:    "HTTP/1.1 keep-alive server, fixed 13-byte body; C client connections",
		latency: true,
		params: []param{
			{name: "n", help: "requests (N)", def: 200000, quick: 5000, min: 1, max: 1000000000},
			{name: "conns", help: "connections (C)", def: 64, quick: 16, min: 1, max: 100000},
			{name: "rate", help: "requests/s the client starts (open loop); 0 = closed loop", def: 0, quick: 0, min: 0, max: 100000000},
			{name: "server", help: "0: the conn server with this parser; 1: Go's net/http (Go peer only)", def: 0, quick: 0, min: 0, max: 1},
		},
		setup: func(c *wctx) (instance, error) {
			w := &httpWl{n: c.params["n"], rate: c.params["rate"]}
			w.net = &netServer{name: "http", conns: int(c.params["conns"])}
			var own func(net.Listener)
			if c.params["server"] == 1 {
				srv := &http.Server{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
					rw.Header().Set("Content-Length", "13")
					rw.Header().Set("Content-Type", "text/plain")
					rw.Write(body)
				})}
				own = func(l net.Listener) {
					if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
						w.net.setFault("net/http: %v", err)
					}
				}
				w.net.stopHook = func() { srv.Close() }
			} else {
				w.net.serve = httpConnServe(w.net)
			}
			if err := w.net.start(c, "http", 64, w.rate, true, own); err != nil {
				w.net.stop()
				return nil, err
			}
			return w, nil
		},
	})
}

func (w *httpWl) run(m *measure) {
	w.net.round(m, w.n)
	if w.rate > 0 {
		m.metric("source_lag_max_ns", float64(w.net.lagMax))
		m.metric("source_late_events", float64(w.net.late))
	}
}
func (w *httpWl) verify() error { return w.net.verify(w.n) }
func (w *httpWl) ops() uint64   { return uint64(w.n) }
func (w *httpWl) teardown()     { w.net.stop() }
func (w *httpWl) corrupt()      { w.net.errs++ }
