// protocol.go — the child protocol of docs/RESULTS.md, writer side.
//
// One record per line on stdout, space-separated key=value pairs, the first one
// kind=. Values are percent-encoded: every byte that is not a printable ASCII
// character other than '%' and '=' becomes %XX (upper-case hex), so %20 space,
// %25 percent, %3D equals, %0A newline, exactly as the C parser decodes them.
// Records are written whole with one Write on an unbuffered os.Stdout, so a
// crash can cut the stream between records, never inside one the parent has
// accepted (the parent treats a missing kind=done as a crash).

package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// record builds one protocol line.
type record struct {
	b strings.Builder
}

func newRecord(kind string) *record {
	r := &record{}
	r.b.WriteString("kind=")
	r.b.WriteString(encode(kind))
	return r
}

// add appends key=value; key is written as is (keys are ours and plain).
func (r *record) add(key, value string) *record {
	r.b.WriteByte(' ')
	r.b.WriteString(key)
	r.b.WriteByte('=')
	r.b.WriteString(encode(value))
	return r
}

func (r *record) addInt(key string, v int64) *record {
	return r.add(key, strconv.FormatInt(v, 10))
}

func (r *record) addUint(key string, v uint64) *record {
	return r.add(key, strconv.FormatUint(v, 10))
}

// addFloat writes a float with enough digits to round-trip.
func (r *record) addFloat(key string, v float64) *record {
	return r.add(key, strconv.FormatFloat(v, 'f', -1, 64))
}

// has reports whether key is already in the record (a duplicate key makes the
// whole line malformed for the parent).
func (r *record) has(key string) bool {
	for _, f := range strings.Split(r.b.String(), " ") {
		if k, _, _ := strings.Cut(f, "="); k == key {
			return true
		}
	}
	return false
}

func (r *record) String() string { return r.b.String() }

// emit writes the record and its newline in one Write call.
func (r *record) emit(w io.Writer) error {
	_, err := io.WriteString(w, r.b.String()+"\n")
	return err
}

// encode percent-encodes a value (see the file comment).
func encode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0x7f && c != '%' && c != '=' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// decode reverses encode; it is used by the tests to check the round trip.
func decode(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("truncated escape in %q", s)
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("bad escape %q in %q", s[i:i+3], s)
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), nil
}
