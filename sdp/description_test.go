package sdp

import (
	"reflect"
	"testing"
)

func TestClone(t *testing.T) {
	in := readTestdata(t, "chromium-audio-video-offer.sdp")
	s, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Clone()
	if !reflect.DeepEqual(c, s) {
		t.Fatalf("Clone differs from the original")
	}
	t.Logf("# editing the clone leaves the original unchanged")
	c.Lines[0].Value = "1"
	c.AddAttribute("ice-lite", "")
	c.Media[0].SetDirection(DirectionInactive)
	c.Media[1].Lines[0].Value = "video 0 UDP/TLS/RTP/SAVPF 96"
	c.Media = c.Media[:1]
	if got := s.Marshal(); string(got) != string(in) {
		t.Fatalf("original changed by edits to its clone")
	}
	if (&SessionDescription{}).Clone().Media != nil {
		t.Fatalf("Clone of an empty description has media")
	}
}

func TestNewMediaDescription(t *testing.T) {
	m := NewMediaDescription(MediaLine{Media: "audio", Port: 9, Proto: "UDP/TLS/RTP/SAVPF", Formats: []string{"111"}})
	if !reflect.DeepEqual(m.Lines, []Line{{'m', "audio 9 UDP/TLS/RTP/SAVPF 111"}}) {
		t.Fatalf("NewMediaDescription lines = %q", m.Lines)
	}
}
