package av1

import (
	"bytes"
	"errors"
	"testing"

	"github.com/c4c1f6e1/webrtc/codec"
	"github.com/c4c1f6e1/webrtc/codec/internal/capture"
)

var (
	_ codec.Payloader    = (*Payloader)(nil)
	_ codec.Depacketizer = (*Depacketizer)(nil)
)

// A temporal unit: temporal delimiter, sequence header (3 bytes), frame (5).
var tu = []byte{0x12, 0x00, 0x0a, 0x03, 0x01, 0x02, 0x03, 0x32, 0x05, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}

// What the depacketizer rebuilds: the same OBUs, led by a temporal delimiter.
var want = tu

type pkt struct {
	payload []byte
	marker  bool
}

func run(t *testing.T, p *Payloader, mtu int, tu []byte) []pkt {
	t.Helper()
	var out []pkt
	if err := p.Payload(mtu, tu, func(b []byte, m bool) {
		if len(b) > mtu {
			t.Fatalf("payload %d > mtu %d", len(b), mtu)
		}
		out = append(out, pkt{append([]byte(nil), b...), m})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func check(t *testing.T, got, want []pkt) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d packets, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if !bytes.Equal(got[i].payload, want[i].payload) || got[i].marker != want[i].marker {
			t.Fatalf("packet %d: %x %v, want %x %v", i, got[i].payload, got[i].marker, want[i].payload, want[i].marker)
		}
	}
}

func depacketize(t *testing.T, pkts []pkt) []byte {
	t.Helper()
	var d Depacketizer
	var out []byte
	var err error
	for _, p := range pkts {
		if out, err = d.Depacketize(p.payload, out); err != nil {
			t.Fatalf("%x: %v", p.payload, err)
		}
	}
	return out
}

func TestOnePacket(t *testing.T) {
	var p Payloader
	pkts := run(t, &p, 100, tu)
	t.Logf("# temporal delimiter removed; N=1 (sequence header), W=2: the last element has no length field")
	check(t, pkts, []pkt{{[]byte{0x28, 0x04, 0x08, 0x01, 0x02, 0x03, 0x30, 0xaa, 0xbb, 0xcc, 0xdd, 0xee}, true}})
	if got := depacketize(t, pkts); !bytes.Equal(got, want) {
		t.Fatalf("depacketized %x, want %x", got, want)
	}
	var d Depacketizer
	if !d.IsKeyframe(pkts[0].payload) || !d.IsFrameStart(pkts[0].payload) {
		t.Fatal("N bit not reported")
	}
}

func TestFragmented(t *testing.T) {
	var p Payloader
	pkts := run(t, &p, 5, tu)
	t.Logf("# Y on a packet whose last OBU continues, Z on the next one")
	check(t, pkts, []pkt{
		{[]byte{0x58, 0x08, 0x01, 0x02}, false}, // N Y W=1
		{[]byte{0xe0, 0x01, 0x03, 0x30}, false}, // Z Y W=2
		{[]byte{0xd0, 0xaa, 0xbb, 0xcc}, false}, // Z Y W=1
		{[]byte{0x90, 0xdd, 0xee}, true},        // Z W=1
	})
	if got := depacketize(t, pkts); !bytes.Equal(got, want) {
		t.Fatalf("depacketized %x, want %x", got, want)
	}
	var d Depacketizer
	if d.IsKeyframe(pkts[1].payload) || d.IsFrameStart(pkts[1].payload) {
		t.Fatal("continuation reported as start")
	}
}

func TestManyOBUsUseW0(t *testing.T) {
	// Four metadata OBUs of 1 byte each: more than three elements, so W=0
	// and every element has a length (§4.4).
	in := []byte{0x2a, 0x01, 0x01, 0x2a, 0x01, 0x02, 0x2a, 0x01, 0x03, 0x2a, 0x01, 0x04}
	var p Payloader
	pkts := run(t, &p, 100, in)
	check(t, pkts, []pkt{{[]byte{0x00, 0x02, 0x28, 0x01, 0x02, 0x28, 0x02, 0x02, 0x28, 0x03, 0x02, 0x28, 0x04}, true}})
	if got := depacketize(t, pkts); !bytes.Equal(got, append([]byte{0x12, 0x00}, in...)) {
		t.Fatalf("depacketized %x", got)
	}
}

func TestDepacketizeRules(t *testing.T) {
	t.Logf("# receivers MUST ignore temporal delimiters and tile list OBUs; an OBU that kept its size field is accepted")
	var d Depacketizer
	out, err := d.Depacketize([]byte{0x30, 0x01, 0x10, 0x04, 0x32, 0x02, 0xaa, 0xbb, 0x40, 0x01}, nil)
	if err != nil || !bytes.Equal(out, []byte{0x12, 0x00, 0x32, 0x02, 0xaa, 0xbb}) {
		t.Fatalf("%x %v", out, err)
	}
	for _, tc := range []struct {
		name string
		pkts [][]byte
		want error
	}{
		{"too short", [][]byte{{0x10}}, codec.ErrShortPayload},
		{"Z without open OBU", [][]byte{{0x90, 0x30}}, codec.ErrMalformed},
		{"open OBU not continued", [][]byte{{0x50, 0x30, 0xaa}, {0x10, 0x30}}, codec.ErrMalformed},
		{"length past end", [][]byte{{0x00, 0x05, 0x30}}, codec.ErrShortPayload},
		{"W=2 with one element", [][]byte{{0x20, 0x01, 0x30}}, codec.ErrMalformed},
		{"empty element", [][]byte{{0x00, 0x00}}, codec.ErrMalformed},
		{"forbidden bit", [][]byte{{0x10, 0xb0}}, codec.ErrMalformed},
		{"size field disagrees", [][]byte{{0x10, 0x32, 0x05, 0xaa}}, codec.ErrMalformed},
		{"extension header cut", [][]byte{{0x10, 0x34}}, codec.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d Depacketizer
			var err error
			for _, p := range tc.pkts {
				if _, err = d.Depacketize(p, nil); err != nil {
					break
				}
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestPayloaderErrors(t *testing.T) {
	var p Payloader
	if err := p.Payload(2, tu, func([]byte, bool) {}); !errors.Is(err, codec.ErrMTU) {
		t.Fatalf("mtu 2: %v", err)
	}
	if err := p.Payload(100, []byte{0x12, 0x00}, func([]byte, bool) {}); !errors.Is(err, codec.ErrShortPayload) {
		t.Fatalf("only a temporal delimiter: %v", err)
	}
	if err := p.Payload(100, []byte{0x32, 0x09, 0x00}, func([]byte, bool) {}); err == nil {
		t.Fatal("truncated OBU accepted")
	}
}

func TestPayloaderAllocs(t *testing.T) {
	var p Payloader
	big := append([]byte{0x32, 0xa0, 0x9c, 0x01}, make([]byte, 20000)...)
	emit := func([]byte, bool) {}
	if err := p.Payload(1200, big, emit); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(50, func() { _ = p.Payload(1200, big, emit) }); a != 0 {
		t.Fatalf("%v allocs per frame", a)
	}
}

func FuzzDepacketize(f *testing.F) {
	for _, p := range capture.Load(f, "chromium-av1.hex")[:8] {
		f.Add(p.Payload, false)
	}
	f.Add([]byte{0x28, 0x04, 0x08, 0x01, 0x02, 0x03, 0x30, 0xaa, 0xbb}, false)
	f.Add([]byte{0xe0, 0x01, 0x03, 0x30}, true)
	f.Add([]byte{0x00, 0x02, 0x28, 0x01, 0x02, 0x28, 0x02}, false)
	f.Fuzz(func(t *testing.T, b []byte, open bool) {
		d := Depacketizer{open: open, started: open}
		if open {
			// An open OBU header from an earlier packet.
			d.start = 0
			out, err := d.Depacketize(b, []byte{0x30})
			if err == nil && !d.open {
				checkOBUs(t, out)
			}
			return
		}
		out, err := d.Depacketize(b, nil)
		_ = d.IsKeyframe(b)
		if err == nil && !d.open {
			checkOBUs(t, out)
		}
	})
}

// checkOBUs verifies that out is a sequence of OBUs with size fields.
func checkOBUs(t *testing.T, out []byte) {
	for b := out; len(b) > 0; {
		hdr, _, rest, err := NextOBU(b)
		if err != nil || hdr[0]&obuHasSize == 0 {
			t.Fatalf("output is not a low-overhead bitstream: %x (%v)", out, err)
		}
		b = rest
	}
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(tu, 5)
	f.Add(tu, 100)
	f.Fuzz(func(t *testing.T, in []byte, mtu int) {
		mtu = 3 + (mtu&0x7FFFFFFF)%1200
		var p Payloader
		var d Depacketizer
		var out []byte
		var derr error
		err := p.Payload(mtu, in, func(b []byte, m bool) {
			if len(b) > mtu {
				t.Fatalf("payload %d > mtu %d", len(b), mtu)
			}
			if derr == nil {
				out, derr = d.Depacketize(b, out)
			}
		})
		if err != nil {
			return
		}
		// The expected output: a temporal delimiter, then every OBU of the
		// input except temporal delimiters and tile lists, with sizes.
		exp := []byte{0x12, 0x00}
		for b := in; len(b) > 0; {
			hdr, payload, rest, _ := NextOBU(b)
			b = rest
			if typ := OBUType(hdr[0]); typ == OBUTemporalDelimiter || typ == OBUTileList {
				continue
			}
			exp = append(exp, hdr[0]|obuHasSize)
			exp = append(exp, hdr[1:]...)
			exp = AppendLEB128(exp, uint64(len(payload)))
			exp = append(exp, payload...)
		}
		if derr != nil || !bytes.Equal(out, exp) {
			t.Fatalf("round trip (mtu %d): %v\n got %x\nwant %x", mtu, derr, out, exp)
		}
	})
}

func BenchmarkPayloadDepacketize(b *testing.B) {
	tu := append([]byte{0x12, 0x00, 0x32, 0x90, 0x4e}, make([]byte, 10000)...)
	var p Payloader
	var d Depacketizer
	out := make([]byte, 0, 2*len(tu))
	b.ReportAllocs()
	b.SetBytes(int64(len(tu)))
	for b.Loop() {
		d.Reset()
		out = out[:0]
		if err := p.Payload(1200, tu, func(pl []byte, m bool) { out, _ = d.Depacketize(pl, out) }); err != nil {
			b.Fatal(err)
		}
	}
}
