package rtcp

import (
	"errors"
	"testing"
)

func TestHeader(t *testing.T) {
	h := Header{Padding: true, Count: 31, Type: TypeGoodbye, Length: 0x1234}
	b := h.AppendTo(nil)
	if want := []byte{0xbf, 203, 0x12, 0x34}; string(b) != string(want) {
		t.Fatalf("header %x", b)
	}
	var g Header
	if err := g.Unmarshal(b); err != nil || g != h {
		t.Fatalf("%+v %v", g, err)
	}
	t.Logf("# RFC 3550 §A.2: the version field must equal 2")
	if err := g.Unmarshal([]byte{0x40, 200, 0, 0}); !errors.Is(err, ErrBadVersion) {
		t.Fatal(err)
	}
	if err := g.Unmarshal(b[:3]); !errors.Is(err, ErrTruncated) {
		t.Fatal(err)
	}
}

func TestPacketTypeString(t *testing.T) {
	for ty, want := range map[PacketType]string{200: "SR", 201: "RR", 202: "SDES", 203: "BYE", 204: "APP", 205: "RTPFB", 206: "PSFB", 207: "XR", 99: "PacketType(99)"} {
		if got := ty.String(); got != want {
			t.Errorf("%d: %q, want %q", ty, got, want)
		}
	}
}

func TestPadding(t *testing.T) {
	t.Logf("# RFC 3550 §6.4.1: the last padding octet counts the padding octets")
	// RR with no reports and 4 octets of padding.
	var rr ReceiverReport
	if err := rr.Unmarshal([]byte{0xa0, 201, 0, 2, 1, 2, 3, 4, 0, 0, 0, 4}); err != nil || rr.SSRC != 0x01020304 {
		t.Fatalf("%+v %v", rr, err)
	}
	for _, b := range [][]byte{
		{0xa0, 201, 0, 2, 1, 2, 3, 4, 0, 0, 0, 0}, // count 0
		{0xa0, 201, 0, 2, 1, 2, 3, 4, 0, 0, 0, 9}, // more than the body
		{0xa0, 201, 0, 2, 1, 2, 3, 4, 0, 0, 0, 5}, // eats into the SSRC
	} {
		if err := rr.Unmarshal(b); err == nil {
			t.Fatalf("%x accepted", b)
		}
	}
	if err := rr.Unmarshal([]byte{0x80, 200, 0, 1, 1, 2, 3, 4}); !errors.Is(err, ErrWrongType) {
		t.Fatalf("SR parsed as RR: %v", err)
	}
}

func FuzzHeader(f *testing.F) {
	f.Add([]byte{0x81, 200, 0, 12})
	f.Add([]byte{0xbf, 203, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		var h Header
		if h.Unmarshal(b) != nil {
			return
		}
		enc := h.AppendTo(nil)
		var g Header
		if err := g.Unmarshal(enc); err != nil || g != h || string(enc) != string(b[:4]) {
			t.Fatalf("header %x → %+v → %x", b[:4], h, enc)
		}
	})
}
