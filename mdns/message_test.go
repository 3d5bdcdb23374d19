package mdns

import (
	"errors"
	"net/netip"
	"reflect"
	"testing"
)

func sample() Message {
	return Message{ID: 7, Response: true,
		Questions: []Question{{Name: "a.local", Type: TypeA, Class: ClassIN, Unicast: true}},
		Answers: []Answer{
			{Name: "a.local", Type: TypeA, CacheFlush: true, TTL: 120, Addr: netip.MustParseAddr("192.168.1.7")},
			{Name: "b.local", Type: TypeAAAA, TTL: 10, Addr: netip.MustParseAddr("fe80::1")},
		}}
}

func TestMessageRoundTrip(t *testing.T) {
	t.Logf("# RFC 1035 §4.1: header, question and A/AAAA answers round-trip; RFC 6762 §5.4/§10.2 top class bits")
	m := sample()
	b, err := m.AppendTo(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("got %+v\nwant %+v", got, m)
	}
	t.Logf("# no strict prefix parses")
	for i := 0; i < len(b); i++ {
		if _, err := Parse(b[:i]); err == nil {
			t.Errorf("prefix %d/%d parsed", i, len(b))
		}
	}
}

func TestNameCompression(t *testing.T) {
	t.Logf("# RFC 1035 §4.1.4: a pointer (11 + offset) reuses an earlier name; names compare case-insensitively")
	// Header: response, 0 questions, 2 answers.
	b := []byte{0, 0, 0x84, 0, 0, 0, 0, 2, 0, 0, 0, 0}
	b = append(b, 3, 'F', 'o', 'O', 5, 'l', 'o', 'c', 'a', 'l', 0) // offset 12
	b = append(b, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 1)
	b = append(b, 0xc0, 12) // pointer to foo.local
	b = append(b, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 2)
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Answers) != 2 || m.Answers[1].Name != "foo.local" || m.Answers[1].Addr != netip.MustParseAddr("10.0.0.2") {
		t.Fatalf("%+v", m.Answers)
	}
	t.Logf("# a pointer to itself or forward is refused (no loops)")
	loop := append([]byte(nil), b[:12]...)
	loop[7] = 1
	loop = append(loop, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4)
	if _, err := Parse(loop); !errors.Is(err, ErrBadName) {
		t.Errorf("self pointer: %v", err)
	}
}

func TestIgnoredMessages(t *testing.T) {
	m := sample()
	b, _ := m.AppendTo(nil)
	t.Logf("# RFC 6762 §18.3 and §18.11: messages with a non-zero OPCODE or RCODE MUST be silently ignored")
	op := append([]byte(nil), b...)
	op[2] |= 0x08
	if _, err := Parse(op); !errors.Is(err, ErrIgnored) {
		t.Errorf("OPCODE 1: %v", err)
	}
	rc := append([]byte(nil), b...)
	rc[3] |= 0x03
	if _, err := Parse(rc); !errors.Is(err, ErrIgnored) {
		t.Errorf("RCODE 3: %v", err)
	}
	t.Logf("# a label containing a dot is refused (found by FuzzParse)")
	dot := []byte{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, '0', '0', '0', '0', '.', 0, 0, 1, 0, 1}
	if _, err := Parse(dot); !errors.Is(err, ErrBadName) {
		t.Errorf("dotted label: %v", err)
	}
}

func TestICEName(t *testing.T) {
	t.Logf("# draft-ietf-mmusic-mdns-ice-candidates §3.1.1: the name MUST be a version 4 UUID followed by \".local\"")
	n, err := NewICEName(fixedRand{})
	if err != nil {
		t.Fatal(err)
	}
	if !IsICEName(n) {
		t.Errorf("generated %q is not an ICE name", n)
	}
	for _, bad := range []string{"printer.local", "3b8a5b2e-4b8e-1b1e-9a2e-2c5e1d9f0a1b.local", "3b8a5b2e-4b8e-4b1e-9a2e-2c5e1d9f0a1b.com", "3b8a5b2e-4b8e-4b1e-ca2e-2c5e1d9f0a1b.local"} {
		if IsICEName(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	if !IsICEName("3B8A5B2E-4B8E-4B1E-9A2E-2C5E1D9F0A1B.local.") {
		t.Errorf("upper case with a trailing dot refused")
	}
}

type fixedRand struct{}

func (fixedRand) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte(i*37 + 11)
	}
	return len(b), nil
}

func FuzzParse(f *testing.F) {
	b, _ := func() ([]byte, error) { m := sample(); return m.AppendTo(nil) }()
	f.Add(b)
	q := Message{ID: 1, Questions: []Question{{Name: "x.local", Type: TypeAAAA, Class: ClassIN}}}
	qb, _ := q.AppendTo(nil)
	f.Add(qb)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			return
		}
		// parse → marshal → parse agrees (when the names are encodable).
		out, err := m.AppendTo(nil)
		if err != nil {
			return
		}
		m2, err := Parse(out)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("round trip %+v → %+v", m, m2)
		}
	})
}
