package rtp

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestAbsSendTime(t *testing.T) {
	// NTP 0x83AA7E80_80000000 is 2214625920.5 s; low 6 bits of the seconds
	// are 0 and the fraction 0.5 is 0x20000 in 18 bits.
	if v := AbsSendTimeFromNTP(0x83AA7E80_80000000); v != 0x020000 {
		t.Fatalf("AbsSendTimeFromNTP = %#x, want 0x020000", v)
	}
	if d := AbsSendTimeToDuration(0x020000); d != 500*time.Millisecond {
		t.Fatalf("AbsSendTimeToDuration = %v", d)
	}
	if d := AbsSendTimeToDuration(0xFFFFFF); d < 63*time.Second || d >= 64*time.Second {
		t.Fatalf("max abs-send-time = %v", d)
	}
	b := AppendAbsSendTime(nil, 0x1ABCDEF)
	if !bytes.Equal(b, []byte{0xAB, 0xCD, 0xEF}) {
		t.Fatalf("AppendAbsSendTime %x", b)
	}
	if v, err := ParseAbsSendTime(b); err != nil || v != 0xABCDEF {
		t.Fatalf("ParseAbsSendTime %x %v", v, err)
	}
	if _, err := ParseAbsSendTime(b[:2]); !errors.Is(err, ErrExtension) {
		t.Fatal("2-byte abs-send-time accepted")
	}
}

func TestTransportCC(t *testing.T) {
	t.Logf("# draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: ID, L=1, 16-bit sequence number")
	var h Header
	if err := h.SetExtension(5, AppendTransportCC(nil, 0xBEEF)); err != nil {
		t.Fatal(err)
	}
	b := h.AppendTo(nil)
	if want := mustHex(t, "900000000000000000000000"+"bede0001"+"51beef00"); !bytes.Equal(b, want) {
		t.Fatalf("got %x want %x", b, want)
	}
	if v, err := ParseTransportCC(h.GetExtension(5)); err != nil || v != 0xBEEF {
		t.Fatalf("%x %v", v, err)
	}
	if _, err := ParseTransportCC([]byte{1}); err == nil {
		t.Fatal("1-byte transport-cc accepted")
	}
}

func TestAudioLevel(t *testing.T) {
	t.Logf("# RFC 6464 §3 Figure 1: ID, len=0, V, level")
	b := AppendAudioLevel(nil, true, 42)
	if !bytes.Equal(b, []byte{0x80 | 42}) {
		t.Fatalf("%x", b)
	}
	v, l, err := ParseAudioLevel(b)
	if err != nil || !v || l != 42 {
		t.Fatalf("%v %d %v", v, l, err)
	}
	t.Logf("# RFC 6464 §3: digital silence MUST be represented as 127")
	if b := AppendAudioLevel(nil, false, 200); b[0] != 127 {
		t.Fatalf("level not clamped: %x", b)
	}
	if _, _, err := ParseAudioLevel(nil); err == nil {
		t.Fatal("empty audio level accepted")
	}
}

func TestSDES(t *testing.T) {
	if _, err := ParseSDES(nil); err == nil {
		t.Fatal("empty MID accepted")
	}
	if v, err := ParseSDES([]byte("audio")); err != nil || string(v) != "audio" {
		t.Fatalf("%q %v", v, err)
	}
}

func TestVideoOrientation(t *testing.T) {
	for _, tc := range []struct {
		v VideoOrientation
		b byte
	}{
		{VideoOrientation{}, 0},
		{VideoOrientation{Rotation: 90}, 1},
		{VideoOrientation{Rotation: 180, Flip: true}, 0x06},
		{VideoOrientation{Rotation: 270, BackFacing: true}, 0x0B},
	} {
		b := tc.v.AppendTo(nil)
		if len(b) != 1 || b[0] != tc.b {
			t.Fatalf("%+v encoded %x, want %02x", tc.v, b, tc.b)
		}
		v, err := ParseVideoOrientation(b)
		if err != nil || v != tc.v {
			t.Fatalf("%+v decoded %+v %v", tc.v, v, err)
		}
	}
	if _, err := ParseVideoOrientation([]byte{1, 2}); err == nil {
		t.Fatal("2-byte CVO accepted")
	}
}

func TestPlayoutDelay(t *testing.T) {
	b, err := AppendPlayoutDelay(nil, 100*time.Millisecond, 40950*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	// min 10 units = 0x00A, max 4095 units = 0xFFF.
	if !bytes.Equal(b, []byte{0x00, 0xAF, 0xFF}) {
		t.Fatalf("%x", b)
	}
	lo, hi, err := ParsePlayoutDelay(b)
	if err != nil || lo != 100*time.Millisecond || hi != MaxPlayoutDelay {
		t.Fatalf("%v %v %v", lo, hi, err)
	}
	if _, err := AppendPlayoutDelay(nil, time.Second, time.Millisecond); err == nil {
		t.Fatal("min > max accepted")
	}
	if _, err := AppendPlayoutDelay(nil, 0, MaxPlayoutDelay+PlayoutDelayUnit); err == nil {
		t.Fatal("max too large accepted")
	}
	if _, _, err := ParsePlayoutDelay(b[:2]); err == nil {
		t.Fatal("short playout delay accepted")
	}
}
