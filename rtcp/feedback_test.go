package rtcp

import (
	"errors"
	"testing"
)

func TestFeedbackHeader(t *testing.T) {
	t.Logf("# RFC 4585 §6.1: PT, FMT, SSRC of packet sender, SSRC of media source, FCI")
	b := appendFeedbackHeader(nil, FormatPLI, TypePayloadFeedback, 16, 0x01020304, 0x05060708)
	b = append(b, 0xaa, 0xbb, 0xcc, 0xdd)
	s, m, fci, err := feedbackBody(b, TypePayloadFeedback, FormatPLI)
	if err != nil || s != 0x01020304 || m != 0x05060708 || len(fci) != 4 || fci[0] != 0xaa {
		t.Fatalf("%x %x %x %v", s, m, fci, err)
	}
	if _, _, _, err := feedbackBody(b, TypePayloadFeedback, FormatFIR); !errors.Is(err, ErrWrongType) {
		t.Fatalf("wrong FMT: %v", err)
	}
	if _, _, _, err := feedbackBody(b, TypeTransportFeedback, FormatPLI); !errors.Is(err, ErrWrongType) {
		t.Fatalf("wrong PT: %v", err)
	}
	if _, _, _, err := feedbackBody([]byte{0x81, 206, 0, 1, 1, 2, 3, 4}, TypePayloadFeedback, FormatPLI); !errors.Is(err, ErrMalformed) {
		t.Fatalf("no media SSRC: %v", err)
	}
}
