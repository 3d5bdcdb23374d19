package frame

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/c4c1f6e1/webrtc/codec"
	"github.com/c4c1f6e1/webrtc/codec/h264"
	"github.com/c4c1f6e1/webrtc/codec/opus"
	"github.com/c4c1f6e1/webrtc/codec/vp8"
	"github.com/c4c1f6e1/webrtc/rtp"
)

// harness drives an Assembler with packets made by a real payloader.
type harness struct {
	t   *testing.T
	a   *Assembler
	pay codec.Payloader
	mtu int
	seq uint16
	ts  uint32
	buf []byte
}

func newHarness(t *testing.T, cfg Config, pay codec.Payloader, mtu int, seq uint16) *harness {
	t.Helper()
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, a: a, pay: pay, mtu: mtu, seq: seq, ts: 90000}
}

// vp8Frame returns a VP8 frame of n bytes whose payload header marks it as
// a key frame or not (RFC 7741 §4.3, P bit) and whose content is tagged.
func vp8Frame(key bool, n int, tag byte) []byte {
	f := make([]byte, n)
	for i := range f {
		f[i] = tag
	}
	f[0] = 0x01
	if key {
		f[0] = 0x00
	}
	return f
}

// packets runs the payloader on frame and returns the RTP packets.
func (h *harness) packets(frame []byte) []rtp.Packet {
	h.t.Helper()
	var out []rtp.Packet
	err := h.pay.Payload(h.mtu, frame, func(b []byte, m bool) {
		var p rtp.Packet
		p.PayloadType, p.SSRC = 96, 1
		p.SequenceNumber, p.Timestamp, p.Marker = h.seq, h.ts, m
		p.Payload = append([]byte(nil), b...)
		h.seq++
		out = append(out, p)
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.ts += 3000
	return out
}

func (h *harness) write(pkts ...rtp.Packet) {
	h.t.Helper()
	for i := range pkts {
		h.a.Push(&pkts[i])
	}
}

func (h *harness) wantFrame(what string, data []byte, key, discont bool) {
	h.t.Helper()
	f, ok := h.a.Pop(h.buf)
	if !ok {
		h.t.Fatalf("%s: no frame", what)
	}
	h.buf = f.Data
	if !bytes.Equal(f.Data, data) || f.Keyframe != key || f.Discontinuity != discont {
		h.t.Fatalf("%s: got %d bytes key=%v discont=%v, want %d bytes key=%v discont=%v",
			what, len(f.Data), f.Keyframe, f.Discontinuity, len(data), key, discont)
	}
}

func (h *harness) wantIdle() {
	h.t.Helper()
	if f, ok := h.a.Pop(h.buf); ok {
		h.t.Fatalf("unexpected frame ts=%d seq %d-%d", f.Timestamp, f.FirstSeq, f.LastSeq)
	}
}

func vp8Harness(t *testing.T, cfg Config, seq uint16) *harness {
	cfg.Depacketizer = &vp8.Depacketizer{}
	return newHarness(t, cfg, &vp8.Payloader{PictureID: 100}, 100, seq)
}

func TestInOrder(t *testing.T) {
	h := vp8Harness(t, Config{}, 1000)
	k, d := vp8Frame(true, 250, 1), vp8Frame(false, 120, 2)
	t.Logf("# a key frame in 3 packets, then a delta frame in 2")
	h.write(h.packets(k)...)
	h.wantFrame("key frame", k, true, false)
	h.wantIdle()
	h.write(h.packets(d)...)
	h.wantFrame("delta frame", d, false, false)
	h.wantIdle()
	if s := h.a.Stats(); s.FramesDelivered != 2 || s.FramesDropped != 0 || h.a.NeedKeyframe() {
		t.Fatalf("stats %+v", s)
	}
}

func TestWaitsForFirstKeyframe(t *testing.T) {
	h := vp8Harness(t, Config{}, 1)
	d, k := vp8Frame(false, 50, 1), vp8Frame(true, 50, 2)
	t.Logf("# a delta frame before any key frame cannot be decoded: it is dropped")
	h.write(h.packets(d)...)
	h.wantIdle()
	if !h.a.NeedKeyframe() {
		t.Fatal("NeedKeyframe false before the first key frame")
	}
	h.write(h.packets(k)...)
	h.wantFrame("key frame", k, true, true)
	if h.a.NeedKeyframe() || h.a.Stats().FramesDropped != 1 {
		t.Fatalf("after key frame: need=%v stats %+v", h.a.NeedKeyframe(), h.a.Stats())
	}
}

func TestReorderBeforeFirstDelivery(t *testing.T) {
	h := vp8Harness(t, Config{}, 100)
	k := vp8Frame(true, 250, 1)
	pk := h.packets(k)
	t.Logf("# before anything is delivered, a packet older than the first one moves the start back")
	h.write(pk[2], pk[1], pk[0])
	h.wantFrame("key frame", k, true, false)
}

func TestReorderAndWrap(t *testing.T) {
	h := vp8Harness(t, Config{}, 65533)
	k, d := vp8Frame(true, 350, 1), vp8Frame(false, 150, 2)
	pk, pd := h.packets(k), h.packets(d)
	t.Logf("# sequence numbers 65533..1 wrap; after the first packet the others arrive reversed")
	h.write(pk[0])
	h.write(pd[1], pd[0])
	for i := len(pk) - 1; i >= 2; i-- {
		h.write(pk[i])
	}
	h.wantIdle()
	h.write(pk[1])
	h.wantFrame("key frame across the wrap", k, true, false)
	h.wantFrame("delta frame after the wrap", d, false, false)
	h.wantIdle()
	t.Logf("# a duplicate and a packet older than the delivery point are counted and ignored")
	h.write(pd[1])
	h.wantIdle()
	if s := h.a.Stats(); s.PacketsLate != 1 {
		t.Fatalf("stats %+v", s)
	}
	d2 := vp8Frame(false, 150, 3)
	p2 := h.packets(d2)
	h.write(p2[0], p2[0], p2[1])
	h.wantFrame("delta after duplicate", d2, false, false)
	if s := h.a.Stats(); s.PacketsDuplicate != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestLossRecoveredByRetransmission(t *testing.T) {
	h := vp8Harness(t, Config{}, 10)
	k, d1, d2 := vp8Frame(true, 100, 1), vp8Frame(false, 250, 2), vp8Frame(false, 50, 3)
	h.write(h.packets(k)...)
	h.wantFrame("key", k, true, false)
	p1, p2 := h.packets(d1), h.packets(d2)
	t.Logf("# the middle packet of a delta frame is missing: that frame and the next wait")
	h.write(p1[0], p1[2])
	h.write(p2...)
	h.wantIdle()
	if h.a.NeedKeyframe() {
		t.Fatal("NeedKeyframe before giving up on the frame")
	}
	t.Logf("# the retransmission (RFC 4588) arrives: both frames are delivered, no discontinuity")
	h.write(p1[1])
	h.wantFrame("d1", d1, false, false)
	h.wantFrame("d2", d2, false, false)
}

func TestLossJumpsToKeyframe(t *testing.T) {
	h := vp8Harness(t, Config{}, 10)
	k1, d1, d2, k2 := vp8Frame(true, 100, 1), vp8Frame(false, 250, 2), vp8Frame(false, 50, 3), vp8Frame(true, 120, 4)
	h.write(h.packets(k1)...)
	h.wantFrame("k1", k1, true, false)
	p1 := h.packets(d1)
	h.write(p1[1:]...)
	h.write(h.packets(d2)...)
	h.wantIdle()
	t.Logf("# a complete key frame after the gap: no reason to wait, the older frames are skipped")
	h.write(h.packets(k2)...)
	h.wantFrame("k2", k2, true, true)
	h.wantIdle()
	if s := h.a.Stats(); s.PacketsSkipped != 3 || s.FramesDelivered != 2 {
		t.Fatalf("stats %+v", s)
	}
	h.write(p1[0])
	if s := h.a.Stats(); s.PacketsLate != 1 {
		t.Fatalf("late retransmission not counted: %+v", s)
	}
}

func TestSkipIncomplete(t *testing.T) {
	for _, through := range []bool{false, true} {
		t.Run(fmt.Sprintf("DecodeThroughLoss=%v", through), func(t *testing.T) {
			h := vp8Harness(t, Config{DecodeThroughLoss: through}, 500)
			k, d1, d2 := vp8Frame(true, 100, 1), vp8Frame(false, 250, 2), vp8Frame(false, 50, 3)
			h.write(h.packets(k)...)
			h.wantFrame("k", k, true, false)
			p1 := h.packets(d1)
			h.write(p1[0], p1[2])
			h.write(h.packets(d2)...)
			h.wantIdle()
			t.Logf("# the caller's deadline passes: it gives up on the incomplete frame")
			h.a.SkipIncomplete()
			if through {
				h.wantFrame("d2 decoded through the loss", d2, false, true)
			} else {
				h.wantIdle()
				if !h.a.NeedKeyframe() {
					t.Fatal("NeedKeyframe false after a loss")
				}
			}
		})
	}
}

func TestLostFrameStart(t *testing.T) {
	h := vp8Harness(t, Config{DecodeThroughLoss: true}, 500)
	k, d1, d2 := vp8Frame(true, 100, 1), vp8Frame(false, 250, 2), vp8Frame(false, 50, 3)
	h.write(h.packets(k)...)
	h.wantFrame("k", k, true, false)
	p1 := h.packets(d1)
	h.a.SkipIncomplete() // nothing pending: no effect
	h.write(p1[1:]...)
	h.write(h.packets(d2)...)
	h.wantIdle()
	t.Logf("# the window overflows: the start of d1 is gone, its tail is dropped")
	var pk rtp.Packet
	for range 600 {
		pk = rtp.Packet{Header: rtp.Header{SequenceNumber: h.seq, Timestamp: h.ts, Marker: true}, Payload: []byte{0x10, 0x01}}
		h.seq++
		h.ts++
		h.a.Push(&pk)
	}
	n := 0
	for {
		if _, ok := h.a.Pop(nil); !ok {
			break
		}
		n++
	}
	if n != DefaultMaxPackets {
		t.Fatalf("delivered %d one-packet frames after the overflow, want %d", n, DefaultMaxPackets)
	}
}

func TestTailWithoutStart(t *testing.T) {
	h := vp8Harness(t, Config{DecodeThroughLoss: true}, 500)
	k, d1, d2 := vp8Frame(true, 100, 1), vp8Frame(false, 250, 2), vp8Frame(false, 50, 3)
	h.write(h.packets(k)...)
	h.wantFrame("k", k, true, false)
	p1 := h.packets(d1)
	h.write(p1[1:]...)
	h.write(h.packets(d2)...)
	h.a.SkipIncomplete()
	h.wantFrame("d2 after the headless d1", d2, false, true)
}

func TestMalformedFrameDropped(t *testing.T) {
	h := vp8Harness(t, Config{}, 1)
	k := vp8Frame(true, 50, 1)
	h.write(h.packets(k)...)
	h.wantFrame("k", k, true, false)
	pk := h.packets(vp8Frame(false, 250, 2))
	pk[1].Payload = []byte{0x80} // a descriptor cut short
	h.write(pk...)
	h.wantIdle()
	if s := h.a.Stats(); s.MalformedFrames != 1 || s.FramesDropped != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestOpusEveryPacketIsAFrame(t *testing.T) {
	h := newHarness(t, Config{Depacketizer: opus.Depacketizer{}}, opus.Payloader{}, 1200, 7)
	p1, p2, p3 := h.packets([]byte{1, 1}), h.packets([]byte{2, 2}), h.packets([]byte{3, 3})
	h.write(p1...)
	h.wantFrame("first", []byte{1, 1}, true, false)
	t.Logf("# audio never waits: a lost packet is skipped as soon as a later one arrives")
	_ = p2
	h.write(p3...)
	h.wantFrame("third", []byte{3, 3}, true, true)
}

func TestH264(t *testing.T) {
	h := newHarness(t, Config{Depacketizer: &h264.Depacketizer{}}, &h264.Payloader{}, 30, 100)
	idr := append([]byte{0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65}, bytes.Repeat([]byte{7}, 100)...)
	non := append([]byte{0, 0, 0, 1, 0x41}, bytes.Repeat([]byte{8}, 40)...)
	h.write(h.packets(idr)...)
	h.wantFrame("IDR access unit", idr, true, false)
	h.write(h.packets(non)...)
	h.wantFrame("non-IDR", non, false, false)
}

func TestConfig(t *testing.T) {
	for _, cfg := range []Config{{}, {Depacketizer: opus.Depacketizer{}, MaxPackets: 100}, {Depacketizer: opus.Depacketizer{}, MaxPackets: 1 << 16}} {
		if _, err := New(cfg); err == nil {
			t.Fatalf("%+v accepted", cfg)
		}
	}
	a, _ := New(Config{Depacketizer: opus.Depacketizer{}, MaxPayloadSize: 2})
	a.Push(&rtp.Packet{Payload: []byte{1, 2, 3}})
	if a.Stats().PacketsTooLarge != 1 {
		t.Fatal("large payload not counted")
	}
}

func TestSteadyStateAllocs(t *testing.T) {
	h := vp8Harness(t, Config{}, 1)
	k := vp8Frame(true, 3000, 1)
	pk := h.packets(k)
	buf := make([]byte, 0, 8192)
	push := func() {
		for i := range pk {
			pk[i].SequenceNumber += uint16(len(pk))
			pk[i].Timestamp += 3000
			h.a.Push(&pk[i])
		}
		f, ok := h.a.Pop(buf)
		if !ok || len(f.Data) != len(k) {
			t.Fatal("frame not delivered")
		}
		h.a.Pop(buf)
	}
	// Warm every slot of the ring so that each holds a payload buffer.
	for range 2 * DefaultMaxPackets / len(pk) {
		push()
	}
	if a := testing.AllocsPerRun(100, push); a != 0 {
		t.Fatalf("%v allocs per frame", a)
	}
}

func BenchmarkPushPop(b *testing.B) {
	a, _ := New(Config{Depacketizer: &vp8.Depacketizer{}})
	var pay vp8.Payloader
	var pk []rtp.Packet
	_ = pay.Payload(1200, vp8Frame(true, 10000, 1), func(p []byte, m bool) {
		pk = append(pk, rtp.Packet{Header: rtp.Header{Marker: m, SequenceNumber: uint16(len(pk))}, Payload: append([]byte(nil), p...)})
	})
	buf := make([]byte, 0, 16384)
	b.ReportAllocs()
	b.SetBytes(10000)
	for b.Loop() {
		for i := range pk {
			pk[i].SequenceNumber += uint16(len(pk))
			pk[i].Timestamp += 3000
			a.Push(&pk[i])
		}
		if _, ok := a.Pop(buf); !ok {
			b.Fatal("no frame")
		}
	}
}

// FuzzAssembler pushes arbitrary packets and checks that delivery never
// panics, never repeats or reorders packets, and respects the caps.
func FuzzAssembler(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0x90, 0x10, 1, 0, 1, 0x10, 0x00, 2, 1, 0, 0x10, 0x01})
	f.Fuzz(func(t *testing.T, ops []byte) {
		a, _ := New(Config{Depacketizer: &vp8.Depacketizer{}, MaxPackets: 16, MaxFrameSize: 64})
		var lastExt int64 = -1 << 40
		var unwrap rtp.SeqUnwrapper
		seq := uint16(65530)
		for len(ops) >= 5 {
			op := ops[0]
			seq += uint16(int8(ops[1]))
			p := rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: uint32(ops[2]), Marker: op&1 != 0}}
			n := int(op>>1) % 8
			if n > len(ops)-3 {
				n = len(ops) - 3
			}
			p.Payload = ops[3 : 3+n]
			ops = ops[3+n:]
			a.Push(&p)
			if op&0x80 != 0 {
				a.SkipIncomplete()
			}
			for {
				keys := 0
				for i := range a.slots {
					if a.slots[i].valid && a.slots[i].key {
						keys++
					}
				}
				if keys != a.keys {
					t.Fatalf("key count %d, stored key packets %d", a.keys, keys)
				}
				fr, ok := a.Pop(nil)
				if !ok {
					break
				}
				if len(fr.Data) > 64 {
					t.Fatalf("frame of %d bytes over the cap", len(fr.Data))
				}
				first := int64(unwrap.Unwrap(fr.FirstSeq))
				if first <= lastExt && lastExt-first < 1<<15 {
					t.Fatalf("frame starting at %d after one ending at %d", first, lastExt)
				}
				lastExt = first + int64(fr.LastSeq-fr.FirstSeq)
			}
		}
	})
}
