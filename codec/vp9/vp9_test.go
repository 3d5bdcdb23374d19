package vp9

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

// VP9 key frame: frame_marker 2, profile 0, show_existing 0, frame_type 0,
// then the sync code 0x49 0x83 0x42.
var keyFrame = []byte{0x82, 0x49, 0x83, 0x42, 0x00, 0x13, 0xf0, 0x0b, 0x38, 0x24, 0x1c}

// Inter frame: frame_type 1.
var interFrame = []byte{0x86, 0x00, 0x40, 0x92, 0x88, 0x2c}

func TestIsKeyframeBitstream(t *testing.T) {
	for _, tc := range []struct {
		b    []byte
		want bool
	}{
		{keyFrame, true}, {interFrame, false}, {nil, false}, {[]byte{0x02}, false},
		{[]byte{0x8a}, false},       // show_existing_frame=1
		{[]byte{0xb1, 0x24}, true},  // profile 3: reserved_zero, show_existing 0, frame_type 0
		{[]byte{0xb2, 0x80}, false}, // profile 3, frame_type 1
	} {
		if got := IsKeyframeBitstream(tc.b); got != tc.want {
			t.Errorf("IsKeyframeBitstream(%x) = %v", tc.b, got)
		}
	}
}

type pkt struct {
	payload []byte
	marker  bool
}

func run(t *testing.T, p *Payloader, mtu int, frame []byte) []pkt {
	t.Helper()
	var out []pkt
	if err := p.Payload(mtu, frame, func(b []byte, m bool) {
		out = append(out, pkt{append([]byte(nil), b...), m})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPayloaderNonFlexible(t *testing.T) {
	p := Payloader{PictureID: 0x7FFF, Width: 320, Height: 180}
	pkts := run(t, &p, 10, keyFrame)
	t.Logf("# RFC 9628 §4.2.1: SS SHOULD be included in the first packet of every key frame")
	want := []pkt{
		// I B V, PID 0x7FFF, SS: N_S=0 Y=1 G=0, 320x180; then 2 media bytes.
		{[]byte{0x8a, 0xff, 0xff, 0x10, 0x01, 0x40, 0x00, 0xb4, 0x82, 0x49}, false},
		{append([]byte{0x80, 0xff, 0xff}, keyFrame[2:9]...), false},
		// E on the last packet, with the RTP marker (§4.1).
		{append([]byte{0x84, 0xff, 0xff}, keyFrame[9:]...), true},
	}
	if len(pkts) != 3 {
		t.Fatalf("%d packets", len(pkts))
	}
	for i := range pkts {
		if !bytes.Equal(pkts[i].payload, want[i].payload) || pkts[i].marker != want[i].marker {
			t.Fatalf("packet %d: %x %v, want %x %v", i, pkts[i].payload, pkts[i].marker, want[i].payload, want[i].marker)
		}
	}
	if p.PictureID != 0 {
		t.Fatalf("PictureID did not wrap: %#x", p.PictureID)
	}
	var d Depacketizer
	if !d.IsKeyframe(pkts[0].payload) || !d.IsFrameStart(pkts[0].payload) || d.IsFrameStart(pkts[1].payload) {
		t.Fatal("start/keyframe flags")
	}
	var frame []byte
	var err error
	for _, pk := range pkts {
		if frame, err = d.Depacketize(pk.payload, frame); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(frame, keyFrame) {
		t.Fatalf("depacketized %x", frame)
	}
	inter := run(t, &p, 100, interFrame)
	if len(inter) != 1 || !bytes.Equal(inter[0].payload, append([]byte{0xcc, 0x80, 0x00}, interFrame...)) || !inter[0].marker {
		t.Fatalf("inter frame: %x", inter[0].payload)
	}
	if d.IsKeyframe(inter[0].payload) {
		t.Fatal("inter frame reported as key frame")
	}
}

func TestPayloaderFlexible(t *testing.T) {
	p := Payloader{Flexible: true, PictureID: 10, PDiffs: []uint8{1, 3}}
	pkts := run(t, &p, 100, interFrame)
	t.Logf("# RFC 9628 §4.2: P=1 and F=1: at least one reference index MUST be specified")
	want := append([]byte{0xdc, 0x80, 0x0a, 0x03, 0x06}, interFrame...)
	if len(pkts) != 1 || !bytes.Equal(pkts[0].payload, want) {
		t.Fatalf("got %x, want %x", pkts[0].payload, want)
	}
	p.PDiffs = []uint8{0}
	if err := p.Payload(100, interFrame, func([]byte, bool) {}); !errors.Is(err, codec.ErrMalformed) {
		t.Fatalf("P_DIFF 0: %v", err)
	}
	if err := p.Payload(4, keyFrame, func([]byte, bool) {}); !errors.Is(err, codec.ErrMTU) {
		t.Fatalf("tiny MTU: %v", err)
	}
}

func TestDepacketizeOrder(t *testing.T) {
	var d Depacketizer
	t.Logf("# RFC 9628 §4.3: a frame begins with a packet with the B bit set")
	if _, err := d.Depacketize([]byte{0x80, 0x01, 0xaa}, nil); !errors.Is(err, codec.ErrMalformed) {
		t.Fatalf("continuation first: %v", err)
	}
	if _, err := d.Depacketize([]byte{0x88, 0x01, 0xaa}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Depacketize([]byte{0x88, 0x01, 0xaa}, nil); !errors.Is(err, codec.ErrMalformed) {
		t.Fatalf("B inside an unfinished frame: %v", err)
	}
	if _, err := d.Depacketize([]byte{0x80}, nil); err == nil {
		t.Fatal("truncated descriptor accepted")
	}
}

func TestPayloaderAllocs(t *testing.T) {
	p := Payloader{}
	frame := make([]byte, 5000)
	copy(frame, keyFrame)
	emit := func([]byte, bool) {}
	_ = p.Payload(1200, frame, emit)
	if a := testing.AllocsPerRun(50, func() { _ = p.Payload(1200, frame, emit) }); a != 0 {
		t.Fatalf("%v allocs per frame", a)
	}
}

func FuzzDepacketize(f *testing.F) {
	for _, p := range capture.Load(f, "chromium-vp9.hex")[:8] {
		f.Add(p.Payload, false)
	}
	f.Add([]byte{0x8a, 0xff, 0xff, 0x10, 0x01, 0x40, 0x00, 0xb4, 0x82, 0x49}, false)
	f.Add([]byte{0xdc, 0x80, 0x0a, 0x03, 0x06, 0x86}, true)
	f.Fuzz(func(t *testing.T, b []byte, inFrame bool) {
		d := Depacketizer{inFrame: inFrame}
		out, err := d.Depacketize(b, nil)
		_ = d.IsKeyframe(b)
		_ = d.IsFrameStart(b)
		if err == nil && (len(out) == 0 || !bytes.HasSuffix(b, out)) {
			t.Fatalf("output %x is not a non-empty suffix of %x", out, b)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(keyFrame, 10, false)
	f.Add(interFrame, 100, true)
	f.Fuzz(func(t *testing.T, frame []byte, mtu int, flexible bool) {
		mtu = 9 + (mtu&0x7FFFFFFF)%1500
		p := Payloader{Flexible: flexible, Width: 640, Height: 480}
		var d Depacketizer
		var out []byte
		var derr error
		n := 0
		err := p.Payload(mtu, frame, func(b []byte, m bool) {
			if len(b) > mtu {
				t.Fatalf("payload %d > mtu %d", len(b), mtu)
			}
			if n == 0 && (!d.IsFrameStart(b) || d.IsKeyframe(b) != IsKeyframeBitstream(frame)) {
				t.Fatalf("first payload %x: start/keyframe flags wrong", b)
			}
			n++
			if derr == nil {
				out, derr = d.Depacketize(b, out)
			}
		})
		if err != nil {
			if len(frame) != 0 {
				t.Fatalf("payloading %d bytes: %v", len(frame), err)
			}
			return
		}
		if derr != nil || !bytes.Equal(out, frame) || d.inFrame {
			t.Fatalf("round trip: %v", derr)
		}
	})
}
