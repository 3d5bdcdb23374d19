package rtp

import (
	"bytes"
	"errors"
	"testing"
)

// chromeLikeHex is a hand-built packet with the extension set Chromium sends
// on video: one-byte form, abs-send-time (ID 2), transport-wide sequence
// number (ID 4), MID "0" (ID 9), 2 padding bytes, a 4-byte payload and 4
// bytes of RTP padding.
const chromeLikeHex = "b0" + "e0" + "04d2" + "0001e240" + "11223344" +
	"bede0003" + "22123456" + "41abcd" + "90" + "30" + "0000" + "00" +
	"deadbeef" + "00000004"

func TestPacketGolden(t *testing.T) {
	b := mustHex(t, chromeLikeHex)
	b[0] = 0xb0 // V=2 P=1 X=1 CC=0
	var p Packet
	if err := p.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	if !p.Padding || p.PaddingSize != 4 || !bytes.Equal(p.Payload, []byte{0xde, 0xad, 0xbe, 0xef}) {
		t.Fatalf("padding %v %d payload %x", p.Padding, p.PaddingSize, p.Payload)
	}
	if p.SequenceNumber != 1234 || p.Timestamp != 123456 || p.SSRC != 0x11223344 || !p.Marker || p.PayloadType != 96 {
		t.Fatalf("header %+v", p.Header)
	}
	ast, err := ParseAbsSendTime(p.GetExtension(2))
	if err != nil || ast != 0x123456 {
		t.Fatalf("abs-send-time %x %v", ast, err)
	}
	tcc, err := ParseTransportCC(p.GetExtension(4))
	if err != nil || tcc != 0xabcd {
		t.Fatalf("transport-cc %x %v", tcc, err)
	}
	mid, err := ParseSDES(p.GetExtension(9))
	if err != nil || string(mid) != "0" {
		t.Fatalf("mid %q %v", mid, err)
	}
	// Our encoder puts the extension padding at the end instead of after
	// the MID, which is equivalent (RFC 8285 §4.1.1).
	out := p.AppendTo(nil)
	want := mustHex(t, "b0e004d20001e24011223344"+"bede0003"+"22123456"+"41abcd"+"9030"+"000000"+"deadbeef"+"00000004")
	if !bytes.Equal(out, want) {
		t.Fatalf("marshal\n got %x\nwant %x", out, want)
	}
	buf := make([]byte, p.MarshalSize())
	n, err := p.MarshalTo(buf)
	if err != nil || n != len(want) || !bytes.Equal(buf, want) {
		t.Fatalf("MarshalTo %d %v %x", n, err, buf)
	}
	if _, err := p.MarshalTo(buf[:n-1]); !errors.Is(err, ErrBufferTooSmall) {
		t.Fatalf("short buffer: %v", err)
	}
}

func TestPacketRoundTrip(t *testing.T) {
	cases := []Packet{
		{Header: Header{PayloadType: 0}},
		{Header: Header{PayloadType: 111, SequenceNumber: 65535, Timestamp: 0xFFFFFFFF, SSRC: 1}, Payload: []byte{1, 2, 3}},
		{Header: Header{Marker: true, PayloadType: 127, NumCSRC: 15}, Payload: []byte{9}, PaddingSize: 255},
		{Header: Header{PayloadType: 96, Extension: true, ExtensionProfile: ExtensionProfileOneByte}},
		{Header: Header{PayloadType: 96, Extension: true, ExtensionProfile: 0x1005}},
		{Header: Header{PayloadType: 96, Extension: true, ExtensionProfile: 0x1234, ExtensionData: []byte{1, 2, 3, 4, 5, 6, 7, 8}}, PaddingSize: 1},
	}
	for i := range cases[2].CSRC {
		cases[2].CSRC[i] = uint32(i) * 0x01010101
	}
	var withExt Packet
	withExt.PayloadType = 100
	_ = withExt.SetExtension(1, []byte("mid"))
	_ = withExt.SetExtension(14, make([]byte, 16))
	_ = withExt.SetExtension(2, []byte{1, 2, 3})
	withExt.Payload = []byte("payload")
	cases = append(cases, withExt)
	var twoByte Packet
	_ = twoByte.SetExtension(1, nil)
	_ = twoByte.SetExtension(255, make([]byte, 255))
	cases = append(cases, twoByte)

	for i, p := range cases {
		b := p.AppendTo(nil)
		if len(b) != p.MarshalSize() {
			t.Errorf("case %d: AppendTo wrote %d bytes, MarshalSize %d", i, len(b), p.MarshalSize())
		}
		var q Packet
		if err := q.Unmarshal(b); err != nil {
			t.Fatalf("case %d: %v (%x)", i, err, b)
		}
		p.Padding = p.PaddingSize != 0
		if p.ExtensionProfile == 0 && len(p.Extensions()) > 0 {
			// "auto": the encoder picked the form (RFC 8285 §4.1.1).
			p.ExtensionProfile = q.ExtensionProfile
		}
		if !equalHeader(&p.Header, &q.Header) || !bytes.Equal(p.Payload, q.Payload) || p.PaddingSize != q.PaddingSize {
			t.Fatalf("case %d: round trip differs\n in %+v\nout %+v", i, p, q)
		}
		if b2 := q.AppendTo(nil); !bytes.Equal(b, b2) {
			t.Fatalf("case %d: second marshal differs", i)
		}
	}
}

func TestUnmarshalReuse(t *testing.T) {
	t.Logf("# a reused Packet must not keep fields from the previous packet")
	var p Packet
	if err := p.Unmarshal(mustHex(t, chromeLikeHex)); err != nil {
		t.Fatal(err)
	}
	if err := p.Unmarshal(mustHex(t, "8060000100000002000000aa")); err != nil {
		t.Fatal(err)
	}
	if len(p.Extensions()) != 0 || p.ExtensionProfile != 0 || p.PaddingSize != 0 || len(p.Payload) != 0 || p.NumCSRC != 0 {
		t.Fatalf("stale state: %+v", p)
	}
}

func TestUnmarshalAllocs(t *testing.T) {
	b := mustHex(t, chromeLikeHex)
	var p Packet
	buf := make([]byte, 0, 1500)
	allocs := testing.AllocsPerRun(100, func() {
		if err := p.Unmarshal(b); err != nil {
			t.Fatal(err)
		}
		buf = p.AppendTo(buf[:0])
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per parse+marshal", allocs)
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	raw := mustHex(b, chromeLikeHex)
	var p Packet
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if err := p.Unmarshal(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendTo(b *testing.B) {
	var p Packet
	if err := p.Unmarshal(mustHex(b, chromeLikeHex)); err != nil {
		b.Fatal(err)
	}
	p.Payload = make([]byte, 1200)
	buf := make([]byte, 0, 1500)
	b.ReportAllocs()
	b.SetBytes(int64(p.MarshalSize()))
	for b.Loop() {
		buf = p.AppendTo(buf[:0])
	}
}

func BenchmarkMarshalTo(b *testing.B) {
	var p Packet
	if err := p.Unmarshal(mustHex(b, chromeLikeHex)); err != nil {
		b.Fatal(err)
	}
	p.Payload = make([]byte, 1200)
	buf := make([]byte, 1500)
	b.ReportAllocs()
	b.SetBytes(int64(p.MarshalSize()))
	for b.Loop() {
		if _, err := p.MarshalTo(buf); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzPacket(f *testing.F) {
	f.Add(mustHex(f, chromeLikeHex))
	for _, c := range chromiumCaptures {
		for _, b := range loadChromium(f, c.file)[:3] {
			f.Add(b)
		}
	}
	f.Add(mustHex(f, goldenCSRCHeader))
	f.Add(mustHex(f, "9060000100000002000000aa"+rfc8285OneByte+"ff"))
	f.Add(mustHex(f, "9060000100000002000000aa"+rfc8285TwoByte+"ff"))
	f.Add(mustHex(f, "9060000100000002000000aa"+"abcd0001"+"01020304"+"99"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Packet
		if err := p.Unmarshal(b); err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed packet does not validate: %v", err)
		}
		out := p.AppendTo(nil)
		if len(out) != p.MarshalSize() {
			t.Fatalf("MarshalSize %d, wrote %d", p.MarshalSize(), len(out))
		}
		var q Packet
		if err := q.Unmarshal(out); err != nil {
			t.Fatalf("re-parse: %v\nin  %x\nout %x", err, b, out)
		}
		if !equalHeader(&p.Header, &q.Header) || !bytes.Equal(p.Payload, q.Payload) || p.PaddingSize != q.PaddingSize {
			t.Fatalf("parse → marshal → parse differs\nin  %x\nout %x", b, out)
		}
	})
}

func TestAppendToKeepsPrefix(t *testing.T) {
	var p Packet
	if err := p.Unmarshal(mustHex(t, chromeLikeHex)); err != nil {
		t.Fatal(err)
	}
	prefix := []byte{0xaa, 0xbb}
	out := p.AppendTo(prefix)
	if !bytes.Equal(out[:2], prefix) || !bytes.Equal(out[2:], mustHex(t, "b0e004d20001e24011223344"+"bede0003"+"22123456"+"41abcd"+"9030"+"000000"+"deadbeef"+"00000004")) {
		t.Fatalf("AppendTo after a prefix: %x", out)
	}
}
