package frame

import (
	"bytes"
	"testing"

	"github.com/c4c1f6e1/webrtc/codec"
	"github.com/c4c1f6e1/webrtc/codec/av1"
	"github.com/c4c1f6e1/webrtc/codec/h264"
	"github.com/c4c1f6e1/webrtc/codec/internal/capture"
	"github.com/c4c1f6e1/webrtc/codec/opus"
	"github.com/c4c1f6e1/webrtc/codec/vp8"
	"github.com/c4c1f6e1/webrtc/codec/vp9"
	"github.com/c4c1f6e1/webrtc/rtp"
)

func loadChromium(t testing.TB, name string) []rtp.Packet { return capture.Load(t, name) }

type chromiumCase struct {
	file    string
	dep     func() codec.Depacketizer
	pay     func() codec.Payloader
	checkKF func(t *testing.T, frame []byte)
}

var chromiumCases = []chromiumCase{
	{"chromium-vp8.hex", func() codec.Depacketizer { return &vp8.Depacketizer{} }, func() codec.Payloader { return &vp8.Payloader{} },
		func(t *testing.T, f []byte) {
			// RFC 6386 §9.1: a key frame has the start code 9d 01 2a after the 3-byte tag.
			if f[0]&1 != 0 || !bytes.Equal(f[3:6], []byte{0x9d, 0x01, 0x2a}) {
				t.Fatalf("VP8 key frame starts %x", f[:10])
			}
		}},
	{"chromium-vp9.hex", func() codec.Depacketizer { return &vp9.Depacketizer{} }, func() codec.Payloader { return &vp9.Payloader{} },
		func(t *testing.T, f []byte) {
			if !vp9.IsKeyframeBitstream(f) {
				t.Fatalf("VP9 key frame starts %x", f[:10])
			}
		}},
	{"chromium-h264.hex", func() codec.Depacketizer { return &h264.Depacketizer{} }, func() codec.Payloader { return &h264.Payloader{} },
		func(t *testing.T, f []byte) {
			var types []byte
			for nal, rest := h264.NextNAL(f); len(nal) > 0 || len(rest) > 0; nal, rest = h264.NextNAL(rest) {
				types = append(types, nal[0]&0x1F)
			}
			if !bytes.Contains(types, []byte{h264.NALSPS, h264.NALPPS}) || !bytes.Contains(types, []byte{h264.NALIDR}) {
				t.Fatalf("H.264 key frame NAL types %v", types)
			}
		}},
	{"chromium-av1.hex", func() codec.Depacketizer { return &av1.Depacketizer{} }, func() codec.Payloader { return &av1.Payloader{} },
		func(t *testing.T, f []byte) {
			var types []uint8
			for b := f; len(b) > 0; {
				hdr, _, rest, err := av1.NextOBU(b)
				if err != nil {
					t.Fatalf("AV1 temporal unit: %v", err)
				}
				types = append(types, av1.OBUType(hdr[0]))
				b = rest
			}
			if len(types) < 3 || types[0] != av1.OBUTemporalDelimiter || types[1] != av1.OBUSequenceHeader {
				t.Fatalf("AV1 key temporal unit OBU types %v", types)
			}
		}},
	{"chromium-opus.hex", func() codec.Depacketizer { return opus.Depacketizer{} }, func() codec.Payloader { return opus.Payloader{} },
		func(t *testing.T, f []byte) {}},
}

func TestChromiumStreams(t *testing.T) {
	for _, c := range chromiumCases {
		t.Run(c.file, func(t *testing.T) {
			pkts := loadChromium(t, c.file)
			a, err := New(Config{Depacketizer: c.dep()})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("# every packet of Chromium's stream, in order: one frame per timestamp, the first a key frame")
			var frames [][]byte
			for i := range pkts {
				a.Push(&pkts[i])
				for {
					f, ok := a.Pop(nil)
					if !ok {
						break
					}
					if len(frames) == 0 {
						if !f.Keyframe {
							t.Fatal("first frame is not a key frame")
						}
						c.checkKF(t, f.Data)
					}
					if f.Discontinuity {
						t.Fatalf("frame %d: discontinuity in a lossless capture", len(frames))
					}
					frames = append(frames, f.Data)
				}
			}
			timestamps := map[uint32]bool{}
			for _, p := range pkts {
				timestamps[p.Timestamp] = true
			}
			if len(frames) != len(timestamps) {
				t.Fatalf("%d frames from %d timestamps (stats %+v)", len(frames), len(timestamps), a.Stats())
			}

			t.Logf("# the same stream in reverse order within windows of 4 packets gives the same frames")
			b, _ := New(Config{Depacketizer: c.dep()})
			var again [][]byte
			for start := 0; start < len(pkts); start += 4 {
				end := min(start+4, len(pkts))
				for i := end - 1; i >= start; i-- {
					b.Push(&pkts[i])
				}
				for {
					f, ok := b.Pop(nil)
					if !ok {
						break
					}
					again = append(again, f.Data)
				}
			}
			if len(again) != len(frames) {
				t.Fatalf("reordered: %d frames, want %d", len(again), len(frames))
			}
			for i := range frames {
				if !bytes.Equal(again[i], frames[i]) {
					t.Fatalf("reordered frame %d differs", i)
				}
			}

			t.Logf("# our payloader and depacketizer carry Chromium's frames unchanged (MTU 300)")
			pay, dep := c.pay(), c.dep()
			for i, f := range frames {
				var out []byte
				var derr error
				dep.Reset()
				if err := pay.Payload(300, f, func(p []byte, m bool) {
					if derr == nil {
						out, derr = dep.Depacketize(p, out)
					}
				}); err != nil {
					t.Fatalf("frame %d: payload: %v", i, err)
				}
				if c.file == "chromium-h264.hex" {
					// Chromium's SPS ends with a 0x00 byte, which Annex B
					// cannot tell from trailing_zero_8bits (H.264 §7.4.1:
					// the last byte of a NAL unit is not 0x00), so our
					// payloader drops it.
					f = normalizeAnnexB(f)
				}
				if derr != nil || !bytes.Equal(out, f) {
					t.Fatalf("frame %d: round trip %v (%d bytes, want %d)", i, derr, len(out), len(f))
				}
			}
		})
	}
}

// normalizeAnnexB rewrites an Annex B stream with 4-byte start codes and
// without trailing zero bytes in NAL units.
func normalizeAnnexB(b []byte) []byte {
	var out []byte
	for nal, rest := h264.NextNAL(b); len(nal) > 0 || len(rest) > 0; nal, rest = h264.NextNAL(rest) {
		if len(nal) > 0 {
			out = append(append(out, 0, 0, 0, 1), nal...)
		}
	}
	return out
}
