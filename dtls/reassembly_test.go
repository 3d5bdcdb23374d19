package dtls

import (
	"bytes"
	"testing"
)

func TestReassemblyOverlapAndOrder(t *testing.T) {
	var r reassembler
	body := make([]byte, 1000)
	for i := range body {
		body[i] = byte(i)
	}
	frag := func(seq uint16, off, n int) *HandshakeFragment {
		return &HandshakeFragment{Type: TypeCertificate, Length: uint32(len(body)), Seq: seq, Offset: uint32(off), Fragment: body[off : off+n]}
	}
	t.Logf("# RFC 6347 §4.2.3: implementations MUST be able to handle overlapping fragment ranges")
	r.add(frag(1, 500, 500), 0) // the next message first: queued
	r.add(frag(0, 600, 400), 0)
	r.add(frag(0, 0, 300), 0)
	if _, _, _, _, ok := r.pop(); ok {
		t.Fatal("incomplete message popped")
	}
	r.add(frag(0, 250, 400), 0)
	_, seq, _, got, ok := r.pop()
	if !ok || seq != 0 || !bytes.Equal(got, body) {
		t.Fatalf("message 0: ok %v seq %d", ok, seq)
	}
	if v := r.add(frag(0, 0, 10), 0); v != fragmentOld {
		t.Fatalf("retransmitted fragment: verdict %v", v)
	}
	r.add(frag(1, 0, 500), 0)
	if _, seq, _, got, ok := r.pop(); !ok || seq != 1 || !bytes.Equal(got, body) {
		t.Fatal("message 1 not reassembled")
	}
	t.Logf("# a fragment whose length disagrees with the first one is dropped")
	r.add(&HandshakeFragment{Type: TypeFinished, Length: 12, Seq: 2, Fragment: make([]byte, 6)}, 1)
	if v := r.add(&HandshakeFragment{Type: TypeFinished, Length: 13, Seq: 2, Offset: 6, Fragment: make([]byte, 7)}, 1); v != fragmentDropped {
		t.Fatalf("inconsistent fragment: verdict %v", v)
	}
	if v := r.add(&HandshakeFragment{Type: TypeFinished, Length: 12, Seq: 2, Offset: 6, Fragment: make([]byte, 6)}, 0); v != fragmentDropped {
		t.Fatalf("fragment from another epoch: verdict %v", v)
	}
}
