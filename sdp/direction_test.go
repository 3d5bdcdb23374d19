package sdp

import "testing"

func TestDirection(t *testing.T) {
	for _, tt := range []struct {
		d               Direction
		reverse         Direction
		sends, receives bool
	}{
		{DirectionSendRecv, DirectionSendRecv, true, true},
		{DirectionSendOnly, DirectionRecvOnly, true, false},
		{DirectionRecvOnly, DirectionSendOnly, false, true},
		{DirectionInactive, DirectionInactive, false, false},
	} {
		d, err := ParseDirection(tt.d.String())
		if err != nil || d != tt.d || d.Reverse() != tt.reverse || d.Sends() != tt.sends || d.Receives() != tt.receives {
			t.Fatalf("%q: parse %q %v, reverse %q, sends %v, receives %v", tt.d, d, err, d.Reverse(), d.Sends(), d.Receives())
		}
	}
	_, err := ParseDirection("SendRecv")
	wantAttrError(t, "SendRecv", err, "unknown direction")

	t.Logf("# RFC 8866 §6.7: the media-level attribute wins, then the session level, else sendrecv")
	s := &SessionDescription{}
	m := &MediaDescription{Lines: []Line{{'m', "audio 9 RTP/AVP 0"}, {'a', "mid:0"}}}
	if m.Direction() != "" || s.MediaDirection(m) != DirectionSendRecv {
		t.Fatalf("default: %q, %q", m.Direction(), s.MediaDirection(m))
	}
	s.AddAttribute("recvonly", "")
	if s.Direction() != DirectionRecvOnly || s.MediaDirection(m) != DirectionRecvOnly {
		t.Fatalf("session level: %q", s.MediaDirection(m))
	}
	m.SetDirection(DirectionInactive)
	m.AddAttribute("rtcp-mux", "")
	m.SetDirection(DirectionSendOnly)
	if s.MediaDirection(m) != DirectionSendOnly || len(m.Lines) != 4 || m.Lines[3] != (Line{'a', "sendonly"}) {
		t.Fatalf("after SetDirection: %q, lines %q", s.MediaDirection(m), m.Lines)
	}
}
