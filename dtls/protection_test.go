package dtls

import (
	"bytes"
	"testing"
)

func TestProtectionRoundTrip(t *testing.T) {
	for _, s := range cipherSuites {
		key := bytes.Repeat([]byte{1}, s.keyLen)
		iv := bytes.Repeat([]byte{2}, s.ivLen)
		w, _ := newProtection(s, key, iv)
		r, _ := newProtection(s, key, iv)
		rec := w.seal(nil, ContentApplicationData, 1, 77, []byte("data"))
		if len(rec) != RecordHeaderLen+4+w.overhead() {
			t.Fatalf("%v: record length %d", s.name, len(rec))
		}
		got, _, err := ParseRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		pt, err := r.open(&got.Header, got.Payload)
		if err != nil || string(pt) != "data" {
			t.Fatalf("%v: open %v %q", s.name, err, pt)
		}
		rec = w.seal(rec[:0], ContentApplicationData, 1, 78, []byte("data"))
		rec[3] = 2 // epoch is authenticated (RFC 6347 §4.1.2.1)
		got, _, _ = ParseRecord(rec)
		if _, err := r.open(&got.Header, got.Payload); err == nil {
			t.Fatalf("%v: record with changed epoch opened", s.name)
		}
	}
}
