package vp8

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

type pkt struct {
	payload []byte
	marker  bool
}

func payloadAll(t *testing.T, p *Payloader, mtu int, frame []byte) []pkt {
	t.Helper()
	var out []pkt
	if err := p.Payload(mtu, frame, func(b []byte, m bool) {
		out = append(out, pkt{append([]byte(nil), b...), m})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPayloaderGolden(t *testing.T) {
	// A key frame starts with a payload header whose P bit is 0 (RFC 7741 §4.3).
	frame := []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x01, 0x02, 0x03}
	p := Payloader{PictureID: 0x7FFF}
	pkts := payloadAll(t, &p, 8, frame)
	t.Logf("# RFC 7741 §4.4: first fragment S=1 PID=0, later fragments S=0; marker on the last packet")
	want := []pkt{
		{[]byte{0x90, 0x80, 0xff, 0xff, 0x10, 0x02, 0x00, 0x9d}, false},
		{[]byte{0x80, 0x80, 0xff, 0xff, 0x01, 0x2a, 0x01, 0x02}, false},
		{[]byte{0x80, 0x80, 0xff, 0xff, 0x03}, true},
	}
	if len(pkts) != len(want) {
		t.Fatalf("%d packets, want %d", len(pkts), len(want))
	}
	for i := range want {
		if !bytes.Equal(pkts[i].payload, want[i].payload) || pkts[i].marker != want[i].marker {
			t.Fatalf("packet %d: %x %v, want %x %v", i, pkts[i].payload, pkts[i].marker, want[i].payload, want[i].marker)
		}
	}
	if p.PictureID != 0 {
		t.Fatalf("PictureID must wrap to 0 after 0x7FFF, got %#x", p.PictureID)
	}
	var d Depacketizer
	if !d.IsKeyframe(pkts[0].payload) || d.IsKeyframe(pkts[1].payload) || !d.IsFrameStart(pkts[0].payload) || d.IsFrameStart(pkts[1].payload) {
		t.Fatal("keyframe/start detection")
	}
	var got []byte
	var err error
	for _, pk := range pkts {
		if got, err = d.Depacketize(pk.payload, got); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, frame) {
		t.Fatalf("depacketized %x", got)
	}
	inter := append([]byte{0x90, 0x80, 0x81, 0x00}, 0x31, 0x00, 0x00)
	if d.IsKeyframe(inter) {
		t.Fatal("P=1 frame reported as keyframe")
	}
}

func TestPayloaderErrors(t *testing.T) {
	var p Payloader
	if err := p.Payload(4, []byte{1}, func([]byte, bool) {}); !errors.Is(err, codec.ErrMTU) {
		t.Fatalf("mtu 4: %v", err)
	}
	if err := p.Payload(100, nil, func([]byte, bool) {}); !errors.Is(err, codec.ErrShortPayload) {
		t.Fatalf("empty: %v", err)
	}
}

func TestDepacketizeErrors(t *testing.T) {
	var d Depacketizer
	if _, err := d.Depacketize([]byte{0x10}, nil); !errors.Is(err, codec.ErrShortPayload) {
		t.Fatalf("descriptor only: %v", err)
	}
	t.Logf("# RFC 7741 §4.5: a frame must begin with S=1, PID=0; a continuation alone is rejected")
	d.Reset()
	if _, err := d.Depacketize([]byte{0x00, 0x01}, nil); !errors.Is(err, codec.ErrMalformed) {
		t.Fatalf("continuation first: %v", err)
	}
}

func TestPayloaderAllocs(t *testing.T) {
	p := Payloader{}
	frame := make([]byte, 5000)
	emit := func([]byte, bool) {}
	_ = p.Payload(1200, frame, emit)
	if a := testing.AllocsPerRun(50, func() { _ = p.Payload(1200, frame, emit) }); a != 0 {
		t.Fatalf("%v allocs per frame", a)
	}
}

func FuzzDepacketize(f *testing.F) {
	for _, p := range capture.Load(f, "chromium-vp8.hex")[:8] {
		f.Add(p.Payload, true)
	}
	f.Add([]byte{0x90, 0x80, 0xff, 0xff, 0x10, 0x02, 0x00, 0x9d}, false)
	f.Add([]byte{0x10}, true)
	f.Fuzz(func(t *testing.T, b []byte, reset bool) {
		var d Depacketizer
		if !reset {
			d.started = true
		}
		out, err := d.Depacketize(b, nil)
		_ = d.IsKeyframe(b)
		_ = d.IsFrameStart(b)
		if err == nil {
			var desc Descriptor
			n, _ := desc.Unmarshal(b)
			if !bytes.Equal(out, b[n:]) {
				t.Fatal("output is not the payload after the descriptor")
			}
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a}, 8, uint16(5))
	f.Fuzz(func(t *testing.T, frame []byte, mtu int, pid uint16) {
		mtu = 5 + (mtu&0x7FFFFFFF)%1500
		p := Payloader{PictureID: pid}
		var d Depacketizer
		var out []byte
		var derr error
		n := 0
		err := p.Payload(mtu, frame, func(b []byte, m bool) {
			if len(b) > mtu {
				t.Fatalf("payload %d > mtu %d", len(b), mtu)
			}
			if n == 0 && (!d.IsFrameStart(b) || d.IsKeyframe(b) != (frame[0]&1 == 0)) {
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
		if derr != nil || !bytes.Equal(out, frame) {
			t.Fatalf("round trip: %v", derr)
		}
	})
}

func BenchmarkPayloadDepacketize(b *testing.B) {
	frame := make([]byte, 10000)
	var p Payloader
	var d Depacketizer
	out := make([]byte, 0, len(frame))
	b.ReportAllocs()
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		d.Reset()
		out = out[:0]
		_ = p.Payload(1200, frame, func(pl []byte, m bool) { out, _ = d.Depacketize(pl, out) })
	}
}
