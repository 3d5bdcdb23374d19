package dtmf

import (
	"bytes"
	"errors"
	"testing"

	"github.com/c4c1f6e1/webrtc/rtp"
)

func TestEventGolden(t *testing.T) {
	t.Logf("# RFC 4733 §2.3: event, E, R, volume, duration")
	// Digit 5, end, volume 10 (-10 dBm0), 800 units (100 ms at 8 kHz).
	b := []byte{0x05, 0x8a, 0x03, 0x20}
	var e Event
	if err := e.Unmarshal(b); err != nil || e != (Event{Code: 5, End: true, Volume: 10, Duration: 800}) {
		t.Fatalf("%+v %v", e, err)
	}
	if out := e.AppendTo(nil); !bytes.Equal(out, b) {
		t.Fatalf("AppendTo %x", out)
	}
	t.Logf("# RFC 4733 §2.3.3: the receiver MUST ignore the R bit")
	if err := e.Unmarshal([]byte{0x05, 0xca, 0x03, 0x20}); err != nil || e.Volume != 10 || !e.End {
		t.Fatalf("R bit: %+v", e)
	}
	for i := range 4 {
		if err := e.Unmarshal(b[:i]); !errors.Is(err, ErrPayload) {
			t.Fatalf("prefix of %d bytes parsed", i)
		}
	}
}

func TestParsePayload(t *testing.T) {
	t.Logf("# RFC 4733 §2.5.1.5: several consecutive events packed in one packet")
	b := []byte{0x01, 0x8a, 0x03, 0x20, 0x02, 0x0a, 0x01, 0x90}
	evs, err := ParsePayload(b, nil)
	if err != nil || len(evs) != 2 || evs[0].Code != 1 || !evs[0].End || evs[1].Code != 2 || evs[1].End || evs[1].Duration != 400 {
		t.Fatalf("%+v %v", evs, err)
	}
	for _, bad := range [][]byte{nil, b[:3], b[:5], b[:7]} {
		if _, err := ParsePayload(bad, nil); !errors.Is(err, ErrPayload) {
			t.Fatalf("%x accepted", bad)
		}
	}
}

func TestDigits(t *testing.T) {
	for i, r := range "0123456789*#ABCD" {
		c, ok := CodeForDigit(r)
		if !ok || int(c) != i || Digit(c) != r {
			t.Fatalf("digit %c: %d %v", r, c, ok)
		}
	}
	if c, ok := CodeForDigit('b'); !ok || c != 13 {
		t.Fatal("lower case")
	}
	if _, ok := CodeForDigit('E'); ok {
		t.Fatal("E accepted")
	}
	if Digit(16) != 0 {
		t.Fatal("flash has no digit")
	}
}

func FuzzParsePayload(f *testing.F) {
	f.Add([]byte{0x01, 0x8a, 0x03, 0x20, 0x02, 0x0a, 0x01, 0x90})
	f.Fuzz(func(t *testing.T, b []byte) {
		evs, err := ParsePayload(b, nil)
		if err != nil {
			return
		}
		var out []byte
		for _, e := range evs {
			out = e.AppendTo(out)
		}
		evs2, err := ParsePayload(out, nil)
		if err != nil || len(evs2) != len(evs) {
			t.Fatalf("re-parse: %v", err)
		}
		for i := range evs {
			if evs[i] != evs2[i] {
				t.Fatalf("event %d: %+v != %+v", i, evs[i], evs2[i])
			}
		}
	})
}

func TestRFC4733Figure3(t *testing.T) {
	t.Logf("# RFC 4733 §5 Figure 3: PT 100, seq 18, timestamp 11200, SSRC 0x5234a8, event 1, E=1, volume 20, duration 1760")
	pkt := []byte{0x80, 0x64, 0x00, 0x12, 0x00, 0x00, 0x2b, 0xc0, 0x00, 0x52, 0x34, 0xa8, 0x01, 0x94, 0x06, 0xe0}
	var p rtp.Packet
	if err := p.Unmarshal(pkt); err != nil || p.PayloadType != 100 || p.SequenceNumber != 18 || p.Timestamp != 11200 || p.SSRC != 0x5234a8 || p.Marker {
		t.Fatalf("RTP header %+v %v", p.Header, err)
	}
	evs, err := ParsePayload(p.Payload, nil)
	if err != nil || len(evs) != 1 || evs[0] != (Event{Code: 1, End: true, Volume: 20, Duration: 1760}) {
		t.Fatalf("%+v %v", evs, err)
	}
	if out := evs[0].AppendTo(pkt[:12:12]); !bytes.Equal(out, pkt) {
		t.Fatalf("AppendTo %x", out)
	}
}
