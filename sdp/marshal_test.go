package sdp

import (
	"strings"
	"testing"
)

func TestMarshalBuiltInCode(t *testing.T) {
	t.Logf("# a description built in code is written with CRLF (RFC 8866 §5)")
	s := &SessionDescription{Lines: []Line{{'v', "0"}, {'s', "-"}}}
	s.SetOrigin(Origin{Username: "-", SessionID: 42, SessionVersion: 2, NetworkType: "IN", AddressType: "IP4", UnicastAddress: "127.0.0.1"})
	s.Lines = append(s.Lines, Line{'t', "0 0"})
	s.AddAttribute("group", "BUNDLE 0")
	s.AddAttribute("extmap-allow-mixed", "")
	m := NewMediaDescription(MediaLine{Media: "application", Port: 9, Proto: "UDP/DTLS/SCTP", Formats: []string{"webrtc-datachannel"}})
	m.Lines = append(m.Lines, Line{'c', "IN IP4 0.0.0.0"})
	m.AddAttribute("mid", "0")
	m.AddAttribute("sctp-port", "5000")
	s.Media = append(s.Media, m)
	want := crlf("v=0", "o=- 42 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=extmap-allow-mixed",
		"m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:0", "a=sctp-port:5000")
	if got := s.String(); got != want {
		t.Fatalf("Marshal =\n%s\nwant\n%s", got, want)
	}
	wantParse(t, want)

	t.Logf("# SetOrigin replaces an existing o= line; SetMediaLine replaces the m= line")
	s.SetOrigin(Origin{Username: "-", SessionID: 42, SessionVersion: 3, NetworkType: "IN", AddressType: "IP4", UnicastAddress: "127.0.0.1"})
	m.SetMediaLine(MediaLine{Media: "application", Port: 0, Proto: "UDP/DTLS/SCTP", Formats: []string{"webrtc-datachannel"}})
	want = strings.Replace(want, "42 2", "42 3", 1)
	want = strings.Replace(want, "application 9", "application 0", 1)
	if got := s.String(); got != want {
		t.Fatalf("Marshal after edits =\n%s\nwant\n%s", got, want)
	}
}

func TestEditParsedDescription(t *testing.T) {
	t.Logf("# appending to one part of a parsed description must not overwrite the next part (shared backing array)")
	text := crlf("v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "t=0 0", "m=audio 9 RTP/AVP 0", "a=mid:0", "m=video 9 RTP/AVP 96", "a=mid:1")
	s := wantParse(t, text)
	s.AddAttribute("ice-lite", "")
	s.Media[0].AddAttribute("sendonly", "")
	want := crlf("v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "t=0 0", "a=ice-lite", "m=audio 9 RTP/AVP 0", "a=mid:0", "a=sendonly", "m=video 9 RTP/AVP 96", "a=mid:1")
	if got := s.String(); got != want {
		t.Fatalf("after edits:\n%s\nwant\n%s", got, want)
	}
	s.Media[0].RemoveAttributes("mid")
	s.RemoveAttributes("ice-lite")
	want = crlf("v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "t=0 0", "m=audio 9 RTP/AVP 0", "a=sendonly", "m=video 9 RTP/AVP 96", "a=mid:1")
	if got := s.String(); got != want {
		t.Fatalf("after removals:\n%s\nwant\n%s", got, want)
	}
}

func BenchmarkParse(b *testing.B) {
	in := readTestdata(b, "chromium-audio-video-offer.sdp")
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	in := readTestdata(b, "chromium-audio-video-offer.sdp")
	s, err := Parse(in)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, len(in))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		buf = s.AppendTo(buf[:0])
	}
	if string(buf) != string(in) {
		b.Fatal("AppendTo does not reproduce the input")
	}
}

func TestAppendToDoesNotAllocate(t *testing.T) {
	in := readTestdata(t, "chromium-audio-video-offer.sdp")
	s, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, len(in))
	if n := testing.AllocsPerRun(100, func() { buf = s.AppendTo(buf[:0]) }); n != 0 {
		t.Fatalf("AppendTo into a large enough buffer allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = s.Marshal() }); n != 1 {
		t.Fatalf("Marshal allocates %v times, want 1", n)
	}
}
