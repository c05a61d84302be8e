// net_test.go — the network workloads' tests: the load generator is the C one
// (build/corobench-load), so these run where it was built (make test builds it
// first); without it the network workloads are skipped with the reason. The
// HTTP parser is checked against the cases workloads/http_parse.c must answer
// the same way (tests/test_http_parse.c holds the same table).

package main

import (
	"os"
	"path/filepath"
	"testing"
)

var haveLoadgen bool

func TestMain(m *testing.M) {
	if os.Getenv("COROBENCH_LOADGEN") == "" {
		if p, err := filepath.Abs("../../build/corobench-load"); err == nil {
			if _, err := os.Stat(p); err == nil {
				os.Setenv("COROBENCH_LOADGEN", p)
			}
		}
	}
	_, err := loadgenPath()
	haveLoadgen = err == nil
	os.Exit(m.Run())
}

// skipNet skips a network workload when the load generator is not built.
func skipNet(t *testing.T, name string) bool {
	if haveLoadgen || (name != "echo" && name != "http" && name != "c10k") {
		return false
	}
	t.Logf("%s skipped: build/corobench-load is not built (make)", name)
	return true
}

var httpCases = []struct {
	req    string
	status int
	n      int
	keep   bool
}{
	{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", httpOk, 27, true},
	{"GET / HTTP/1.1\r\n\r\n", httpOk, 18, true},
	{"GET / HTTP/1.0\r\n\r\n", httpOk, 18, false},
	{"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", httpOk, 42, true},
	{"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", httpOk, 37, false},
	{"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", httpOk, 42, true},
	{"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nab", httpMore, 0, false},
	{"GET / HTTP/1.1\r\nHost: x\r\n", httpMore, 0, false},
	{"GET / HTTP/1.1\r", httpMore, 0, false},
	{"", httpMore, 0, false},
	{"GET / HTTP/2.0\r\n\r\n", httpBadR, 0, false},
	{"GET  / HTTP/1.1\r\n\r\n", httpBadR, 0, false},
	{"GET / HTTP/1.1\n\r\n", httpBadR, 0, false},
	{"GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", httpBadR, 0, false},
	{"GET / HTTP/1.1\r\nNoColon\r\n\r\n", httpBadR, 0, false},
	{"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", httpBadR, 0, false},
	{"GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", httpBadR, 0, false},
	{"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", httpBadR, 0, false},
	{"GET / HTTP/1.1\r\nContent-Length: 99999\r\n\r\n", httpBadR, 0, false},
	{"\x00ET / HTTP/1.1\r\n\r\n", httpBadR, 0, false},
}

func TestHTTPParseCases(t *testing.T) {
	for _, c := range httpCases {
		st, n, keep := httpParse([]byte(c.req))
		if st != c.status || (st == httpOk && (n != c.n || keep != c.keep)) {
			t.Errorf("%q: got %d %d %v, want %d %d %v", c.req, st, n, keep, c.status, c.n, c.keep)
		}
	}
	// a head that never ends within 4 KiB is refused, not waited for
	big := make([]byte, httpMaxHead+10)
	copy(big, "GET / HTTP/1.1\r\nX: ")
	for i := 19; i < len(big); i++ {
		big[i] = 'a'
	}
	if st, _, _ := httpParse(big); st != httpBadR {
		t.Errorf("an endless head: %d, want 400", st)
	}
}
