package vnet

import (
	"bytes"
	"net/netip"
	"testing"
)

func TestFrameRoundTrip(t *testing.T) {
	for _, tc := range []struct{ src, dst string }{
		{"10.0.0.1:5000", "198.18.0.7:3478"},
		{"[fd00::1]:1", "[2001:db8::99]:65535"},
	} {
		src, dst := netip.MustParseAddrPort(tc.src), netip.MustParseAddrPort(tc.dst)
		f := appendFrame([]byte("prefix"), src, dst, []byte("payload"))[len("prefix"):]
		want := frameHeader4
		if src.Addr().Is6() {
			want = frameHeader6
		}
		if len(f) != want+len("payload") {
			t.Errorf("%v: frame of %d bytes, want the %d-byte IP+UDP header plus the payload", src, len(f), want)
		}
		s, d, p, err := parseFrame(f)
		if err != nil || s != src || d != dst || string(p) != "payload" {
			t.Fatalf("parseFrame = %v %v %q %v", s, d, p, err)
		}
		t.Logf("# no strict prefix of a frame header parses")
		for i := range want {
			if _, _, _, err := parseFrame(f[:i]); err == nil {
				t.Fatalf("prefix of %d bytes parsed", i)
			}
		}
		s2, d2 := netip.AddrPortFrom(dst.Addr(), 7), netip.AddrPortFrom(src.Addr(), 8)
		rewriteFrame(f, s2, d2)
		if s, d, p, _ := parseFrame(f); s != s2 || d != d2 || string(p) != "payload" {
			t.Fatalf("after rewrite: %v %v %q", s, d, p)
		}
	}
}

func TestFrameMixedFamiliesIsABug(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatalf("mixed families did not panic")
		}
	}()
	appendFrame(nil, netip.MustParseAddrPort("1.2.3.4:1"), netip.MustParseAddrPort("[::1]:1"), nil)
}

// FuzzParseFrame checks that the frame parser never panics and that
// parse → append → parse agrees.
func FuzzParseFrame(f *testing.F) {
	f.Add(appendFrame(nil, netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("198.18.0.7:3478"), []byte("x")))
	f.Add(appendFrame(nil, netip.MustParseAddrPort("[fd00::1]:1"), netip.MustParseAddrPort("[2001:db8::1]:2"), nil))
	f.Add([]byte{4})
	f.Fuzz(func(t *testing.T, b []byte) {
		src, dst, p, err := parseFrame(b)
		if err != nil {
			return
		}
		again := appendFrame(nil, src, dst, p)
		s2, d2, p2, err := parseFrame(again)
		if err != nil || s2 != src || d2 != dst || !bytes.Equal(p, p2) {
			t.Fatalf("re-parse: %v %v %q %v, want %v %v %q", s2, d2, p2, err, src, dst, p)
		}
	})
}
