package h264

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

var (
	sps = []byte{0x67, 0x42, 0xc0, 0x1f, 0xda}
	pps = []byte{0x68, 0xce, 0x3c, 0x80}
	idr = []byte{0x65, 0x88, 0x84, 0x00, 0x33, 0xff, 0x10, 0x20, 0x30, 0x40}
	non = []byte{0x41, 0x9a, 0x02, 0x03}
)

func annexBOf(nals ...[]byte) []byte {
	var b []byte
	for _, n := range nals {
		b = append(b, 0, 0, 0, 1)
		b = append(b, n...)
	}
	return b
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

func depacketize(t *testing.T, pkts []pkt) []byte {
	t.Helper()
	var d Depacketizer
	var frame []byte
	var err error
	for _, p := range pkts {
		if frame, err = d.Depacketize(p.payload, frame); err != nil {
			t.Fatalf("%x: %v", p.payload, err)
		}
	}
	return frame
}

func TestSTAPAAndFUA(t *testing.T) {
	var p Payloader
	pkts := run(t, &p, 16, annexBOf(sps, pps, idr))
	t.Logf("# RFC 6184 §5.7.1: SPS and PPS aggregated in a STAP-A with NRI the maximum of the units")
	stap := append(append(append([]byte{0x78, 0x00, 0x05}, sps...), 0x00, 0x04), pps...)
	t.Logf("# RFC 6184 §5.8: the 10-byte IDR fits a single NAL unit packet")
	want := []pkt{{stap, false}, {idr, true}}
	check(t, pkts, want)
	if got := depacketize(t, pkts); !bytes.Equal(got, annexBOf(sps, pps, idr)) {
		t.Fatalf("depacketized %x", got)
	}

	t.Logf("# RFC 6184 §5.8: FU indicator keeps F|NRI, FU header S/E and the NAL type; marker on the last fragment")
	fresh := Payloader{NoParameterSetInsertion: true}
	tail := run(t, &fresh, 6, annexBOf(idr))
	check(t, tail, []pkt{
		{[]byte{0x7c, 0x85, 0x88, 0x84, 0x00, 0x33}, false},
		{[]byte{0x7c, 0x05, 0xff, 0x10, 0x20, 0x30}, false},
		{[]byte{0x7c, 0x45, 0x40}, true},
	})
	if got := depacketize(t, tail); !bytes.Equal(got, annexBOf(idr)) {
		t.Fatalf("FU-A depacketized %x", got)
	}
	t.Logf("# with a small MTU the re-sent SPS and PPS are fragmented too")
	if got := depacketize(t, run(t, &p, 4, annexBOf(idr))); !bytes.Equal(got, annexBOf(sps, pps, idr)) {
		t.Fatalf("with parameter sets re-sent: %x", got)
	}

	var d Depacketizer
	if !d.IsKeyframe(tail[0].payload) || d.IsKeyframe(tail[1].payload) || !d.IsKeyframe(idr) || d.IsKeyframe(non) {
		t.Fatal("keyframe detection")
	}
	if !d.IsKeyframe(append([]byte{0x78, 0x00, 0x02, 0x09, 0xf0, 0x00, 0x03}, idr[:3]...)) {
		t.Fatal("IDR inside STAP-A not detected")
	}
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

func TestParameterSetInsertion(t *testing.T) {
	var p Payloader
	run(t, &p, 1200, annexBOf(sps, pps, idr))
	t.Logf("# an IDR without SPS/PPS in its access unit gets the stored ones in front")
	pkts := run(t, &p, 1200, annexBOf(idr))
	stap := append(append(append(append(append([]byte{0x78, 0x00, 0x05}, sps...), 0x00, 0x04), pps...), 0x00, 0x0a), idr...)
	check(t, pkts, []pkt{{stap, true}})
	p.NoParameterSetInsertion = true
	check(t, run(t, &p, 1200, annexBOf(idr)), []pkt{{idr, true}})
	check(t, run(t, &p, 1200, annexBOf(non)), []pkt{{non, true}})
}

func TestPayloaderErrors(t *testing.T) {
	var p Payloader
	if err := p.Payload(2, annexBOf(idr), func([]byte, bool) {}); !errors.Is(err, codec.ErrMTU) {
		t.Fatalf("mtu 2: %v", err)
	}
	if err := p.Payload(100, []byte{0, 0, 0, 1}, func([]byte, bool) {}); !errors.Is(err, codec.ErrShortPayload) {
		t.Fatalf("no NAL: %v", err)
	}
	sent := 0
	if err := p.Payload(100, annexBOf(sps, []byte{0x78, 0x00}), func([]byte, bool) { sent++ }); !errors.Is(err, codec.ErrMalformed) || sent != 0 {
		t.Fatalf("NAL type 24 in the input: %v, %d packets sent", err, sent)
	}
}

func TestDepacketizeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		pkts [][]byte
		want error
	}{
		{"empty", [][]byte{{}}, codec.ErrShortPayload},
		{"STAP-A without units", [][]byte{{0x78}}, codec.ErrShortPayload},
		{"STAP-A size overruns", [][]byte{{0x78, 0x00, 0x05, 0x67}}, codec.ErrShortPayload},
		{"STAP-A zero size", [][]byte{{0x78, 0x00, 0x00}}, codec.ErrMalformed},
		{"STAP-A half size", [][]byte{{0x78, 0x00, 0x01, 0x67, 0x00}}, codec.ErrShortPayload},
		{"FU-A S and E", [][]byte{{0x7c, 0xc5, 0x01}}, codec.ErrMalformed},
		{"FU-A middle first", [][]byte{{0x7c, 0x05, 0x01}}, codec.ErrMalformed},
		{"FU-A type changes", [][]byte{{0x7c, 0x85, 0x01}, {0x7c, 0x41, 0x01}}, codec.ErrMalformed},
		{"FU-A interrupted", [][]byte{{0x7c, 0x85, 0x01}, {0x65, 0x01}}, codec.ErrMalformed},
		{"FU-A restarted", [][]byte{{0x7c, 0x85, 0x01}, {0x7c, 0x85, 0x01}}, codec.ErrMalformed},
		{"FU-A too short", [][]byte{{0x7c, 0x85}}, codec.ErrShortPayload},
		{"STAP-B", [][]byte{{0x79, 0, 0}}, codec.ErrUnsupported},
		{"FU-B", [][]byte{{0x7d, 0x85, 0, 0, 1}}, codec.ErrUnsupported},
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
	t.Logf("# RFC 6184 §5.2: reserved types 0, 30, 31 MUST be ignored")
	var d Depacketizer
	if out, err := d.Depacketize([]byte{0x1e, 1, 2}, []byte{9}); err != nil || !bytes.Equal(out, []byte{9}) {
		t.Fatalf("reserved type: %x %v", out, err)
	}
}

func TestPayloaderAllocs(t *testing.T) {
	var p Payloader
	big := bytes.Repeat([]byte{0x65, 0x11}, 2500)
	frame := annexBOf(sps, pps, big, non)
	n := 0
	emit := func([]byte, bool) { n++ }
	_ = p.Payload(1200, frame, emit)
	if a := testing.AllocsPerRun(50, func() { _ = p.Payload(1200, frame, emit) }); a != 0 {
		t.Fatalf("%v allocs per frame", a)
	}
	if n < 5*51 {
		t.Fatalf("%d packets for 51 frames of 5 kB", n)
	}
}

func FuzzDepacketize(f *testing.F) {
	for _, p := range capture.Load(f, "chromium-h264.hex")[:8] {
		f.Add(p.Payload, false)
	}
	f.Add([]byte{0x78, 0x00, 0x05, 0x67, 0x42, 0xc0, 0x1f, 0xda, 0x00, 0x04, 0x68, 0xce, 0x3c, 0x80}, false)
	f.Add([]byte{0x7c, 0x85, 0x88, 0x84}, false)
	f.Add([]byte{0x7c, 0x45, 0x40}, true)
	f.Fuzz(func(t *testing.T, b []byte, fuOpen bool) {
		d := Depacketizer{fuOpen: fuOpen, fuType: NALIDR}
		out, err := d.Depacketize(b, nil)
		_ = d.IsKeyframe(b)
		_ = d.IsFrameStart(b)
		if err != nil && len(out) != 0 {
			t.Fatalf("output %x left after error %v", out, err)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(annexBOf(sps, pps, idr), 40, false)
	f.Add(annexBOf(sps, pps, idr), 40, true)
	f.Fuzz(func(t *testing.T, frame []byte, mtu int, single bool) {
		mtu = 3 + (mtu&0x7FFFFFFF)%1500
		var p Payloader
		p.NoParameterSetInsertion = true
		p.SingleNAL = single
		var d Depacketizer
		var out []byte
		var derr error
		err := p.Payload(mtu, frame, func(b []byte, m bool) {
			if len(b) > mtu {
				t.Fatalf("payload of %d bytes > mtu %d", len(b), mtu)
			}
			if typ := b[0] & 0x1F; single && (typ == NALSTAPA || typ == NALFUA) {
				t.Fatalf("packetization-mode 0 sent NAL type %d", typ)
			}
			if derr == nil {
				out, derr = d.Depacketize(b, out)
			}
		})
		// Every NAL unit of the input must come out in order; unspecified
		// types make the payloader fail.
		var want []byte
		invalid := false
		for nal, rest := NextNAL(frame); len(nal) > 0 || len(rest) > 0; nal, rest = NextNAL(rest) {
			if len(nal) == 0 {
				continue
			}
			if typ := nal[0] & 0x1F; typ == 0 || typ >= 24 {
				invalid = true
			}
			want = append(want, 0, 0, 0, 1)
			want = append(want, nal...)
		}
		if invalid {
			if err == nil {
				t.Fatal("NAL unit of unspecified type accepted")
			}
			return
		}
		if err != nil {
			if !single && len(want) > 0 {
				t.Fatalf("payloading valid NAL units: %v", err)
			}
			return
		}
		if derr != nil || !bytes.Equal(out, want) {
			t.Fatalf("round trip: %v\n got %x\nwant %x", derr, out, want)
		}
	})
}

func BenchmarkPayloadDepacketize(b *testing.B) {
	big := bytes.Repeat([]byte{0x65, 0x88, 0x84, 0x21}, 2500)
	frame := annexBOf(sps, pps, big)
	var p Payloader
	var d Depacketizer
	out := make([]byte, 0, 2*len(frame))
	b.ReportAllocs()
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		d.Reset()
		out = out[:0]
		_ = p.Payload(1200, frame, func(pl []byte, m bool) { out, _ = d.Depacketize(pl, out) })
	}
}

func TestSingleNALMode(t *testing.T) {
	t.Logf("# RFC 6184 §6.2: packetization-mode 0 sends single NAL unit packets only")
	p := Payloader{SingleNAL: true}
	check(t, run(t, &p, 100, annexBOf(sps, pps, idr)), []pkt{{sps, false}, {pps, false}, {idr, true}})
	t.Logf("# an IDR without parameter sets still gets the stored ones, each in its own packet")
	check(t, run(t, &p, 100, annexBOf(idr)), []pkt{{sps, false}, {pps, false}, {idr, true}})
	if err := p.Payload(8, annexBOf(sps, idr), func([]byte, bool) {}); !errors.Is(err, codec.ErrMTU) {
		t.Fatalf("NAL over the MTU in mode 0: %v", err)
	}
}
