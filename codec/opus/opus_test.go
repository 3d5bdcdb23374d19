package opus

import (
	"bytes"
	"errors"
	"testing"

	"github.com/c4c1f6e1/webrtc/codec"
	"github.com/c4c1f6e1/webrtc/codec/internal/capture"
)

var (
	_ codec.Payloader    = Payloader{}
	_ codec.Depacketizer = Depacketizer{}
)

func TestPayloadRoundTrip(t *testing.T) {
	frame := []byte{0xfc, 0xff, 0xfe} // a 20 ms CELT silence packet
	var got [][]byte
	err := Payloader{}.Payload(1200, frame, func(p []byte, m bool) {
		if m {
			t.Error("marker set")
		}
		got = append(got, append([]byte(nil), p...))
	})
	if err != nil || len(got) != 1 || !bytes.Equal(got[0], frame) {
		t.Fatalf("%v %x", err, got)
	}
	out, err := Depacketizer{}.Depacketize(got[0], nil)
	if err != nil || !bytes.Equal(out, frame) {
		t.Fatalf("%v %x", err, out)
	}
	if err := (Payloader{}).Payload(2, frame, func([]byte, bool) {}); !errors.Is(err, codec.ErrMTU) {
		t.Fatalf("oversized frame: %v", err)
	}
	if err := (Payloader{}).Payload(2, nil, func([]byte, bool) {}); !errors.Is(err, codec.ErrShortPayload) {
		t.Fatalf("empty frame: %v", err)
	}
	if _, err := (Depacketizer{}).Depacketize(nil, nil); !errors.Is(err, codec.ErrShortPayload) {
		t.Fatalf("empty payload: %v", err)
	}
	d := Depacketizer{}
	if !d.IsKeyframe(frame) || !d.IsFrameStart(frame) || !d.IsFrameEnd(frame, false) || d.IsKeyframe(nil) {
		t.Fatal("frame flags")
	}
}

func FuzzDepacketize(f *testing.F) {
	for _, p := range capture.Load(f, "chromium-opus.hex")[:8] {
		f.Add(p.Payload)
	}
	f.Add([]byte{0xfc, 0xff, 0xfe})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := Depacketizer{}.Depacketize(b, nil)
		if err == nil && !bytes.Equal(out, b) {
			t.Fatal("payload changed")
		}
		if (err == nil) != (len(b) > 0) {
			t.Fatalf("err %v for %d bytes", err, len(b))
		}
	})
}
