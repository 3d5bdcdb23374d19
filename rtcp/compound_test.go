package rtcp

import (
	"bytes"
	"errors"
	"testing"
)

// goldenCompound is an SR with one report block followed by an SDES CNAME
// chunk — the shape of a regular compound RTCP packet (RFC 3550 §6.1).
var goldenCompound = goldenSR + goldenSDES

func TestCompound(t *testing.T) {
	b := unhex(t, goldenCompound)
	var c Compound
	t.Logf("# RFC 3550 §6.1: SR then SDES, lengths adding up to the datagram")
	if err := c.UnmarshalStrict(b); err != nil {
		t.Fatal(err)
	}
	if len(c.Packets) != 2 || c.Packets[0].Kind != KindSenderReport || c.Packets[1].Kind != KindSourceDescription || c.Reduced() {
		t.Fatalf("packets %+v", c.Packets)
	}
	if c.SenderReports[0].SSRC != 0x902f9e2e || string(c.SourceDescriptions[0].Chunks[0].Items[0].Text) != "{9c00eb92-1afb-9d49-a47d-91f64eee69f5}" {
		t.Fatalf("contents %+v", c)
	}
	if got := c.AppendTo(nil); !bytes.Equal(got, b) || c.MarshalSize() != len(b) {
		t.Fatalf("re-marshal %x", got)
	}
	t.Logf("# RFC 3550 §A.2: a length that does not end exactly at the datagram end fails")
	for i := range len(b) {
		err := c.Unmarshal(b[:i])
		if i == len(unhex(t, goldenSR)) {
			if err != nil {
				t.Fatalf("the SR alone is a valid compound packet: %v", err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%d-octet prefix parsed", i)
		}
	}
	t.Logf("# padding only on the last packet")
	padded := bytes.Clone(b)
	padded[0] |= 0x20
	if err := c.Unmarshal(padded); !errors.Is(err, ErrBadPadding) {
		t.Fatalf("padding on the first packet: %v", err)
	}
	t.Logf("# reduced-size RTCP (RFC 5506): a lone feedback packet; UnmarshalStrict refuses it")
	rs := unhex(t, goldenTWCC+goldenPLI)
	if err := c.Unmarshal(rs); err != nil || !c.Reduced() || len(c.TransportCCs) != 1 || len(c.PLIs) != 1 {
		t.Fatalf("reduced-size: %v %+v", err, c.Packets)
	}
	if err := c.UnmarshalStrict(rs); !errors.Is(err, ErrBadCompound) {
		t.Fatalf("strict: %v", err)
	}
	t.Logf("# unknown packet types are kept aside and ignored (RFC 3550 §A.2)")
	xr := unhex(t, "80cf0002 902f9e2e 04000000")
	if err := c.Unmarshal(append(unhex(t, goldenPLI), xr...)); err != nil || len(c.Unknown) != 1 || c.Unknown[0].Header.Type != TypeExtendedReport {
		t.Fatalf("XR: %v %+v", err, c.Unknown)
	}
	if err := c.Unmarshal(nil); !errors.Is(err, ErrEmptyCompound) {
		t.Fatal(err)
	}
}

func TestCompoundTWCCCap(t *testing.T) {
	t.Logf("# statuses of all transport-cc packets in one datagram are capped")
	// A 24-octet TWCC declaring 8191 'not received' in one run-length chunk.
	one := unhex(t, "8fcd0005 00000001 00000002 0000 1fff 000000 00 1fff 0000")
	var c Compound
	if err := c.Unmarshal(one); err != nil || len(c.TransportCCs[0].Packets) != 8191 {
		t.Fatalf("%v", err)
	}
	var many []byte
	for range 9 {
		many = append(many, one...)
	}
	if err := c.Unmarshal(many); !errors.Is(err, ErrTooManyItems) {
		t.Fatalf("9 × 8191 statuses: %v", err)
	}
}

func TestCompoundAllTypes(t *testing.T) {
	pkts := []Packet{
		&ReceiverReport{SSRC: 1, Reports: []ReceptionReport{{SSRC: 2, TotalLost: -1}}},
		&SourceDescription{Chunks: []SDESChunk{{Source: 1, Items: []SDESItem{{Type: SDESCNAME, Text: []byte("c")}}}}},
		&Goodbye{Sources: []uint32{1}},
		&ApplicationDefined{Name: [4]byte{'a', 'b', 'c', 'd'}},
		&TransportLayerNack{Nacks: []NackPair{{1, 2}}},
		&PictureLossIndication{},
		&FullIntraRequest{Entries: []FIREntry{{1, 1}}},
		&ReceiverEstimatedMaximumBitrate{Bitrate: 12345},
		&TransportCC{Packets: twccPackets(TWCCSmallDelta, 1, TWCCNotReceived, 0, TWCCLargeDelta, -7)},
		&CongestionControlFeedback{Reports: []CCFBReport{{MediaSSRC: 9, Metrics: []CCFBMetric{{Received: true}}}}},
		&SenderReport{SSRC: 5},
		&RawPacket{Data: unhex(t, "80cf0002 902f9e2e 04000000")},
	}
	b := AppendCompound(nil, pkts...)
	var c Compound
	if err := c.UnmarshalStrict(b); err != nil {
		t.Fatal(err)
	}
	if len(c.Packets) != len(pkts) {
		t.Fatalf("%d packets", len(c.Packets))
	}
	for i, r := range c.Packets {
		got := c.Packet(r)
		if raw, ok := got.(*RawPacket); ok {
			raw.Header = Header{}
		}
		if !same(got, pkts[i]) {
			t.Fatalf("packet %d: %+v, want %+v", i, got, pkts[i])
		}
	}
	if !bytes.Equal(c.AppendTo(nil), b) {
		t.Fatal("re-marshal differs")
	}
}

// TestCompoundReuse checks that parsing into a reused Compound allocates
// nothing once warmed up.
func TestCompoundReuse(t *testing.T) {
	b := unhex(t, goldenCompound+goldenREMB+goldenTWCC+goldenNACK+goldenCCFB)
	var c Compound
	if err := c.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := c.Unmarshal(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per parse", allocs)
	}
}

func BenchmarkCompoundUnmarshal(b *testing.B) {
	for _, tc := range []struct{ name, hex string }{
		{"SR+SDES", goldenCompound},
		{"RR+REMB+TWCC+NACK+CCFB", "81c90007 902f9e2e bc5e9a40 10000003 000046e1 00000111 09f36432 00024a79" +
			goldenREMB + goldenTWCC + goldenNACK + goldenCCFB},
	} {
		b.Run(tc.name, func(b *testing.B) {
			pkt := unhex(b, tc.hex)
			var c Compound
			b.SetBytes(int64(len(pkt)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.Unmarshal(pkt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTransportCCAppend(b *testing.B) {
	p := &TransportCC{}
	for i := range 200 {
		if i%10 == 3 {
			p.Packets = append(p.Packets, TWCCPacket{})
		} else {
			p.Packets = append(p.Packets, TWCCPacket{Status: TWCCSmallDelta, Delta: int16(i % 200)})
		}
	}
	buf := make([]byte, 0, 1500)
	b.ReportAllocs()
	for b.Loop() {
		buf = p.AppendTo(buf[:0])
	}
}

func FuzzCompound(f *testing.F) {
	f.Add(unhex(f, goldenCompound))
	f.Add(unhex(f, goldenTWCC+goldenPLI+goldenREMB))
	f.Add(unhex(f, goldenNACK+goldenFIR+goldenCCFB+goldenBYE))
	var c, d Compound
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := c.Unmarshal(b); err != nil {
			return
		}
		b2 := c.AppendTo(nil)
		if len(b2) != c.MarshalSize() {
			t.Fatalf("MarshalSize %d, marshalled %d", c.MarshalSize(), len(b2))
		}
		if err := d.Unmarshal(b2); err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if b3 := d.AppendTo(nil); !bytes.Equal(b2, b3) || len(c.Packets) != len(d.Packets) {
			t.Fatalf("parse → marshal → parse differs")
		}
	})
}

func FuzzRawPacket(f *testing.F) {
	f.Add(unhex(f, "80cf0002 902f9e2e 04000000"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzPacket(t, b, func() Packet { return new(RawPacket) }) })
}
