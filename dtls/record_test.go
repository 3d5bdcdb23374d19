package dtls

import (
	"bytes"
	"testing"
	"time"
)

func TestRecordRoundTrip(t *testing.T) {
	r := Record{Header: RecordHeader{Type: ContentHandshake, Version: VersionDTLS12, Epoch: 1, Seq: 0x0000_1234_5678_9abc}, Payload: []byte("payload")}
	b := r.AppendTo(nil)
	want := []byte{22, 0xfe, 0xfd, 0, 1, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0, 7}
	if !bytes.Equal(b[:13], want) {
		t.Fatalf("header %x, want %x (RFC 6347 §4.1 layout)", b[:13], want)
	}
	got, n, err := ParseRecord(b)
	if err != nil || n != len(b) || got.Header.Seq != r.Header.Seq || got.Header.Epoch != 1 || string(got.Payload) != "payload" {
		t.Fatalf("parse: %v %+v", err, got)
	}
	for i := 0; i < len(b); i++ {
		if _, _, err := ParseRecord(b[:i]); err == nil {
			t.Fatalf("prefix of %d bytes parses", i)
		}
	}
	long := RecordHeader{Type: ContentApplicationData, Version: VersionDTLS12, Length: maxCiphertext + 1}
	if _, err := ParseRecordHeader(append(long.AppendTo(nil), make([]byte, maxCiphertext+1)...)); err != ErrRecordLength {
		t.Fatalf("oversized record: %v", err)
	}
}

// FuzzRecord parses datagrams as records (parse → marshal must give the
// same bytes) and feeds them to a client and a server mid-handshake and to
// a connected pair: nothing may panic.
func FuzzRecord(f *testing.F) {
	ccert, scert := testCert(f, "ecdsa"), testCert(f, "ecdsa")
	c, s := testPairCerts(f, ccert, scert, nil)
	h := &harness{c: c, s: s, now: t0}
	_ = c.Start(t0)
	ch := h.take(c)
	f.Add(ch[0])
	h.give(s, ch)
	hvr := h.take(s)
	f.Add(hvr[0])
	h.give(c, hvr)
	ch2 := h.take(c)
	f.Add(ch2[0])
	h.give(s, ch2)
	for _, d := range h.take(s) {
		f.Add(d)
	}
	var mid, done *harness
	f.Add([]byte{23, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 1, 0, 3, 1, 2, 3})
	f.Fuzz(func(t *testing.T, p []byte) {
		if rec, n, err := ParseRecord(p); err == nil {
			if b := rec.AppendTo(nil); !bytes.Equal(b, p[:n]) {
				t.Fatalf("record re-encodes differently")
			}
		}
		// A fresh client and server (cheap), and a client waiting for
		// flight 4, a server waiting for flight 5 and a connected pair, kept
		// across iterations and rebuilt when an input kills them.
		cc, ss := testPairCerts(t, ccert, scert, nil)
		_ = cc.Start(t0)
		if mid == nil || mid.c.state == stateFailed || mid.s.state == stateFailed || mid.c.state == stateClosed || mid.s.state == stateClosed {
			mid = midHandshake(t, ccert, scert, 3)
		}
		if done == nil || !done.c.Connected() || !done.s.Connected() {
			done = midHandshake(t, ccert, scert, 10)
		}
		now := t0
		for _, conn := range []*Conn{cc, ss, mid.c, mid.s, done.c, done.s} {
			conn.HandleInput(now, append([]byte(nil), p...))
			conn.HandleTimeout(now.Add(time.Hour))
			for {
				if _, ok := conn.PollTransmit(make([]byte, 1<<16)); !ok {
					break
				}
			}
		}
	})
}

// midHandshake returns a pair after steps half-exchanges (3: the client
// waits for flight 4 and the server for flight 5).
func midHandshake(t testing.TB, ccert, scert Certificate, steps int) *harness {
	c, s := testPairCerts(t, ccert, scert, nil)
	h := &harness{c: c, s: s, now: t0}
	_ = c.Start(t0)
	for i := range steps {
		if i%2 == 0 {
			h.give(s, h.take(c))
		} else {
			h.give(c, h.take(s))
		}
	}
	return h
}
