package udp

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"
)

var dst = netip.MustParseAddrPort("127.0.0.1:9")

func TestBatchWriteInPlace(t *testing.T) {
	b := NewBatch(100, 4)
	free := b.Free()
	if len(free) != 0 || cap(free) != 100 {
		t.Fatalf("Free() has len %d cap %d, want 0 and 100", len(free), cap(free))
	}
	p := append(free, "sealed record"...)
	if err := b.Add(p, dst); err != nil {
		t.Fatal(err)
	}
	p[0] = 'S' // in place: the batch holds p itself, not a copy
	if got := b.data(0); string(got) != "Sealed record" {
		t.Fatalf("datagram 0 = %q, want the bytes written in place", got)
	}
	if got := cap(b.Free()); got != 100-len(p) {
		t.Fatalf("room after one datagram = %d, want %d", got, 100-len(p))
	}
}

func TestBatchAddCopies(t *testing.T) {
	b := NewBatch(100, 4)
	p := []byte("hello")
	if err := b.Add(p, dst); err != nil {
		t.Fatal(err)
	}
	p[0] = 'j'
	if got := b.data(0); string(got) != "hello" {
		t.Fatalf("datagram 0 = %q, want a copy made by Add", got)
	}
	// A slice of the free space that does not start at Free() is copied too.
	q := append(b.Free()[3:3], "xyz"...)
	if err := b.Add(q, dst); err != nil {
		t.Fatal(err)
	}
	if got := b.data(1); string(got) != "xyz" {
		t.Fatalf("datagram 1 = %q, want %q", got, "xyz")
	}
}

func TestBatchFull(t *testing.T) {
	b := NewBatch(10, 2)
	if err := b.Add(make([]byte, 11), dst); !errors.Is(err, ErrBatchFull) {
		t.Fatalf("Add of 11 bytes into 10: err = %v, want ErrBatchFull", err)
	}
	if b.Len() != 0 || len(b.buf) != 0 {
		t.Fatalf("a failed Add left %d datagrams, %d bytes", b.Len(), len(b.buf))
	}
	// Appending past Free()'s capacity moves the bytes elsewhere: too big.
	if err := b.Add(append(b.Free(), make([]byte, 11)...), dst); !errors.Is(err, ErrBatchFull) {
		t.Fatalf("Add of 11 bytes appended to Free(): err = %v, want ErrBatchFull", err)
	}
	if err := b.Add([]byte("ab"), dst); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(nil, dst); err != nil {
		t.Fatalf("Add of an empty datagram: %v", err)
	}
	if err := b.Add([]byte("c"), dst); !errors.Is(err, ErrBatchFull) {
		t.Fatalf("third Add into a batch of 2: err = %v, want ErrBatchFull", err)
	}
	b.Reset()
	if b.Len() != 0 || cap(b.Free()) != 10 {
		t.Fatalf("after Reset: Len %d, room %d; want 0 and 10", b.Len(), cap(b.Free()))
	}
}

func TestBatchRejectsNoDestination(t *testing.T) {
	b := NewBatch(0, 0)
	if err := b.Add([]byte("x"), netip.AddrPort{}); err == nil {
		t.Fatal("Add with the zero AddrPort succeeded")
	}
	if b.Len() != 0 {
		t.Fatal("a rejected datagram was added")
	}
	if cap(b.Free()) != DefaultBatchBytes || cap(b.dgrams) != DefaultBatchDatagrams {
		t.Fatalf("NewBatch(0, 0) holds %d bytes, %d datagrams; want the defaults", cap(b.Free()), cap(b.dgrams))
	}
}

func TestBatchKeepsOrder(t *testing.T) {
	b := NewBatch(1<<16, 100)
	var want [][]byte
	for i := range 50 {
		p := payload(i, i*7)
		want = append(want, p)
		if i%2 == 0 {
			err := b.Add(append(b.Free(), p...), dst)
			if err != nil {
				t.Fatal(err)
			}
		} else if err := b.Add(p, dst); err != nil {
			t.Fatal(err)
		}
	}
	for i := range want {
		if !bytes.Equal(b.data(i), want[i]) {
			t.Fatalf("datagram %d differs", i)
		}
	}
}

func BenchmarkBatchAdd(b *testing.B) {
	batch := NewBatch(0, 0)
	p := make([]byte, 1200)
	b.ReportAllocs()
	for b.Loop() {
		if err := batch.Add(p, dst); err != nil {
			batch.Reset()
		}
	}
}
