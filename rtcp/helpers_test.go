package rtcp

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", "\n", "", "\t", "").Replace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// same compares two packets field by field through their printed form (so
// that nil and empty slices compare equal).
func same(a, b any) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }

// checkGolden is the per-type harness: want marshals to golden, golden
// parses back to want and re-marshals to golden, and no strict prefix of
// golden parses.
func checkGolden(t *testing.T, want Packet, golden []byte, fresh func() Packet) {
	t.Helper()
	if got := want.AppendTo(nil); !bytes.Equal(got, golden) {
		t.Fatalf("marshal\n got %x\nwant %x", got, golden)
	}
	if n := want.MarshalSize(); n != len(golden) {
		t.Fatalf("MarshalSize = %d, want %d", n, len(golden))
	}
	got := fresh()
	if err := got.Unmarshal(golden); err != nil {
		t.Fatalf("Unmarshal(golden): %v", err)
	}
	if !same(got, want) {
		t.Fatalf("parsed\n got %+v\nwant %+v", got, want)
	}
	if again := got.AppendTo([]byte{0xee}); !bytes.Equal(again[1:], golden) || again[0] != 0xee {
		t.Fatalf("AppendTo does not append: %x", again)
	}
	t.Logf("# no strict prefix of the %d-octet packet parses", len(golden))
	for i := range len(golden) {
		if err := fresh().Unmarshal(golden[:i]); err == nil {
			t.Fatalf("%d-octet prefix parsed", i)
		}
	}
	var c Compound
	if err := c.Unmarshal(golden); err != nil || len(c.Packets) != 1 || !same(c.Packet(c.Packets[0]), want) {
		t.Fatalf("as a reduced-size packet: %v %+v", err, c.Packets)
	}
}

// checkRoundTrip marshals p, parses the bytes into fresh() and wants the
// same packet back.
func checkRoundTrip(t *testing.T, p Packet, fresh func() Packet) {
	t.Helper()
	b := p.AppendTo(nil)
	if len(b) != p.MarshalSize() || len(b)%4 != 0 {
		t.Fatalf("marshalled %d octets, MarshalSize %d", len(b), p.MarshalSize())
	}
	q := fresh()
	if err := q.Unmarshal(b); err != nil {
		t.Fatalf("Unmarshal(%x): %v", b, err)
	}
	if !same(q, p) {
		t.Fatalf("round trip\n got %+v\nwant %+v", q, p)
	}
}

// fuzzPacket is the body of every parser's fuzz target: whatever parses must
// marshal to bytes that parse to the same packet and marshal identically.
func fuzzPacket(t *testing.T, b []byte, fresh func() Packet) {
	p := fresh()
	if err := p.Unmarshal(b); err != nil {
		return
	}
	b2 := p.AppendTo(nil)
	if len(b2) != p.MarshalSize() {
		t.Fatalf("MarshalSize %d, marshalled %d", p.MarshalSize(), len(b2))
	}
	q := fresh()
	if err := q.Unmarshal(b2); err != nil {
		t.Fatalf("re-parse of %x: %v", b2, err)
	}
	if !same(p, q) {
		t.Fatalf("parse → marshal → parse differs\n%+v\n%+v", p, q)
	}
	if b3 := q.AppendTo(nil); !bytes.Equal(b2, b3) {
		t.Fatalf("marshal not stable: %x vs %x", b2, b3)
	}
}
