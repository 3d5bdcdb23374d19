package sdp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// crlf joins lines with CRLF endings, as RFC 8866 §5 writes them.
func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

// wantParse parses text and fails the test unless it succeeds and Marshal
// reproduces text byte for byte.
func wantParse(t *testing.T, text string) *SessionDescription {
	t.Helper()
	s, err := Parse([]byte(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := s.Marshal(); string(got) != text {
		t.Fatalf("Marshal does not reproduce the input:\n got %q\nwant %q", got, text)
	}
	if got := s.AppendTo([]byte("prefix")); string(got) != "prefix"+text {
		t.Fatalf("AppendTo does not append the input:\n got %q", got)
	}
	return s
}

// wantParseError parses text and fails the test unless it fails with a
// *ParseError on line wantLine whose text is wantText and whose message
// contains wantMsg.
func wantParseError(t *testing.T, text string, wantLine int, wantText, wantMsg string) {
	t.Helper()
	s, err := Parse([]byte(text))
	if err == nil {
		t.Fatalf("Parse(%q) succeeded with %d lines, want an error on line %d", text, len(s.Lines), wantLine)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("Parse error %T %v is not a *ParseError", err, err)
	}
	if pe.Line != wantLine || pe.Text != wantText || !strings.Contains(err.Error(), wantMsg) {
		t.Fatalf("Parse error = line %d text %q: %v\nwant line %d text %q containing %q", pe.Line, pe.Text, err, wantLine, wantText, wantMsg)
	}
	if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse error %v wraps neither ErrSyntax nor ErrTooLarge", err)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testdataFiles(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.sdp"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	return names
}

func TestParseRFC8866Example(t *testing.T) {
	t.Logf("# the example of RFC 8866 §5 parses and round-trips byte for byte")
	text := string(readTestdata(t, "rfc8866-example.sdp"))
	s := wantParse(t, text)
	if len(s.Lines) != 9 || len(s.Media) != 3 {
		t.Fatalf("got %d session lines and %d media sections, want 9 and 3", len(s.Lines), len(s.Media))
	}
	wantLines := []Line{{'v', "0"}, {'o', "jdoe 3724394400 3724394405 IN IP4 198.51.100.1"}, {'s', "Call to John Smith"}}
	if !reflect.DeepEqual(s.Lines[:3], wantLines) {
		t.Fatalf("session lines = %q, want %q", s.Lines[:3], wantLines)
	}
	o, err := s.Origin()
	if err != nil || o != (Origin{"jdoe", 3724394400, 3724394405, "IN", "IP4", "198.51.100.1"}) {
		t.Fatalf("Origin() = %+v, %v", o, err)
	}
	ml, err := s.Media[2].MediaLine()
	if err != nil || !reflect.DeepEqual(ml, MediaLine{Media: "video", Port: 51372, Proto: "RTP/AVP", Formats: []string{"99"}}) {
		t.Fatalf("MediaLine() = %+v, %v", ml, err)
	}
	if v, ok := s.Media[2].Attribute("rtpmap"); !ok || v != "99 h263-1998/90000" {
		t.Fatalf("Attribute(rtpmap) = %q, %v", v, ok)
	}
	if s.Media[0].HasAttribute("rtpmap") || len(s.Media[0].Lines) != 1 {
		t.Fatalf("first media section = %q, want only its m= line", s.Media[0].Lines)
	}

	t.Logf("# RFC 8866 §5: parsers SHOULD be tolerant and also accept lines terminated with a single newline")
	lf := strings.ReplaceAll(text, "\r\n", "\n")
	s2 := wantParse(t, lf)
	if !reflect.DeepEqual(s.Lines, s2.Lines) || len(s2.Media) != 3 {
		t.Fatalf("LF description differs from the CRLF one")
	}

	t.Logf("# a missing final line ending is accepted and reproduced")
	wantParse(t, strings.TrimSuffix(text, "\r\n"))
	wantParse(t, strings.TrimSuffix(lf, "\n"))
}

func TestParseTestdataRoundTrip(t *testing.T) {
	for _, name := range testdataFiles(t) {
		t.Run(name, func(t *testing.T) {
			text := string(readTestdata(t, name))
			s := wantParse(t, text)
			t.Logf("# %s: %d session lines, %d media sections", name, len(s.Lines), len(s.Media))
			for i, m := range s.Media {
				if _, err := m.MediaLine(); err != nil {
					t.Errorf("media %d: %v", i, err)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	head := "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
	tests := []struct {
		name     string
		text     string
		line     int
		lineText string
		msg      string
	}{
		{"empty", "", 1, "", "empty description"},
		{"first line not v", "o=- 1 2 IN IP4 127.0.0.1\r\n", 1, "o=- 1 2 IN IP4 127.0.0.1", "want a v= line"},
		{"version 1", "v=1\r\n", 1, "v=1", "want v=0"},
		{"only v", "v=0\r\n", 2, "", "missing o= line"},
		{"no equals", head + "t 0 0\r\n", 4, "t 0 0", `want "<type>=<value>"`},
		{"space before equals", head + "t =0 0\r\n", 4, "t =0 0", `want "<type>=<value>"`},
		{"unknown type", head + "t=0 0\r\nx=1\r\n", 5, "x=1", "unknown type letter"},
		{"upper-case type", head + "T=0 0\r\n", 4, "T=0 0", "unknown type letter"},
		{"empty line", head + "\r\nt=0 0\r\n", 4, "", `want "<type>=<value>"`},
		{"no t", head + "a=x\r\n", 5, "", "missing t= line"},
		{"no t before m", head + "m=audio 9 RTP/AVP 0\r\n", 4, "m=audio 9 RTP/AVP 0", "missing t= line before the first m="},
		{"a before t", head + "a=x\r\nt=0 0\r\n", 5, "t=0 0", "t= line out of order"},
		{"c after b", head + "b=AS:1\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n", 5, "c=IN IP4 0.0.0.0", "c= line out of order"},
		{"two c at session", head + "c=IN IP4 0.0.0.0\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n", 5, "c=IN IP4 0.0.0.0", "more than one c="},
		{"two s", head + "s=x\r\nt=0 0\r\n", 4, "s=x", "s= line out of order"},
		{"two i", head + "i=a\r\ni=b\r\nt=0 0\r\n", 5, "i=b", "i= line out of order"},
		{"r without t", head + "r=7d 1h 0\r\n", 4, "r=7d 1h 0", "r= line must follow"},
		{"z after z", head + "t=0 0\r\nz=1 -1h\r\nz=2 1h\r\n", 6, "z=2 1h", "out of order"},
		{"r after z", head + "t=0 0\r\nz=1 -1h\r\nr=7d 1h 0\r\n", 6, "r=7d 1h 0", "r= line must follow"},
		{"v in media", head + "t=0 0\r\nm=audio 9 RTP/AVP 0\r\nv=0\r\n", 6, "v=0", "not allowed here"},
		{"c after a in media", head + "t=0 0\r\nm=audio 9 RTP/AVP 0\r\na=x\r\nc=IN IP4 0.0.0.0\r\n", 7, "c=IN IP4 0.0.0.0", "not allowed here"},
		{"t in media", head + "t=0 0\r\nm=audio 9 RTP/AVP 0\r\nt=0 0\r\n", 6, "t=0 0", "not allowed here"},
		{"bad o", "v=0\r\no=- 1 2 IN IP4\r\ns=-\r\nt=0 0\r\n", 2, "o=- 1 2 IN IP4", "want o=<username>"},
		{"o non-numeric id", "v=0\r\no=- x 2 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n", 2, "o=- x 2 IN IP4 1.2.3.4", "want o=<username>"},
		{"o double space", "v=0\r\no=-  1 2 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n", 2, "o=-  1 2 IN IP4 1.2.3.4", "want o=<username>"},
		{"bad t", head + "t=0\r\n", 4, "t=0", "want t=<start-time>"},
		{"bad b", head + "b=AS\r\nt=0 0\r\n", 4, "b=AS", "want b=<bwtype>:<bandwidth>"},
		{"bad c", head + "c=IN IP4\r\nt=0 0\r\n", 4, "c=IN IP4", "want c=<nettype>"},
		{"bad r", head + "t=0 0\r\nr=7x 1h 0\r\n", 5, "r=7x 1h 0", "bad typed time"},
		{"bad z", head + "t=0 0\r\nz=1\r\n", 5, "z=1", "want z="},
		{"bad attribute name", head + "t=0 0\r\na=a b:c\r\n", 5, "a=a b:c", "not a token"},
		{"empty attribute", head + "t=0 0\r\na=\r\n", 5, "a=", "not a token"},
		{"m without format", head + "t=0 0\r\nm=audio 9 RTP/AVP\r\n", 5, "m=audio 9 RTP/AVP", "want m=<media>"},
		{"m port too big", head + "t=0 0\r\nm=audio 65536 RTP/AVP 0\r\n", 5, "m=audio 65536 RTP/AVP 0", "port"},
		{"m bad port count", head + "t=0 0\r\nm=audio 9/0 RTP/AVP 0\r\n", 5, "m=audio 9/0 RTP/AVP 0", "number of ports"},
		{"m bad proto", head + "t=0 0\r\nm=audio 9 RTP//AVP 0\r\n", 5, "m=audio 9 RTP//AVP 0", "proto"},
		{"NUL", head + "t=0 0\r\na=x\x00\r\n", 5, "a=x\x00", "NUL or CR"},
		{"CR inside", head + "t=0 0\r\na=x\ry\r\n", 5, "a=x\ry", "NUL or CR"},
		{"mixed endings", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\ns=-\r\nt=0 0\r\n", 2, "o=- 1 2 IN IP4 127.0.0.1", "mixed CRLF and LF"},
		{"empty i", head + "i=\r\nt=0 0\r\n", 4, "i=", "empty i= line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Logf("# %s: error on line %d", tt.name, tt.line)
			wantParseError(t, tt.text, tt.line, tt.lineText, tt.msg)
		})
	}
}

func TestParseLiberal(t *testing.T) {
	t.Logf("# Firefox's o= line and an empty s= are accepted")
	wantParse(t, crlf("v=0", "o=mozilla...THIS_IS_SDPARTA-99.0 2136226519316392226 0 IN IP4 0.0.0.0", "s=", "t=0 0"))
	t.Logf("# r= and z= inside a time description (RFC 8866 §5.10, §5.11); several time descriptions")
	wantParse(t, crlf("v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "t=3034423619 3042462419", "r=604800 3600 0 90000",
		"r=7d 1h 0 25h", "z=2882844526 -1h 2898848070 0", "t=0 0", "k=prompt", "a=recvonly"))
	t.Logf("# unknown attributes are kept (RFC 8866 §5: a parser MUST ignore any attribute it doesn't understand)")
	s := wantParse(t, crlf("v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "t=0 0", "a=x-unknown:whatever  you like",
		"m=audio 9 RTP/AVP 0", "i=title", "c=IN IP4 0.0.0.0", "c=IN IP4 0.0.0.1", "b=AS:30", "b=TIAS:1", "k=prompt", "a=x-foo"))
	if v, ok := s.Attribute("x-unknown"); !ok || v != "whatever  you like" {
		t.Fatalf("Attribute(x-unknown) = %q, %v", v, ok)
	}
	if !s.Media[0].HasAttribute("x-foo") {
		t.Fatalf("media lost a=x-foo")
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := Parse([]byte("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt 0 0\r\n"))
	if got, want := err.Error(), `sdp: line 4 "t 0 0": syntax error: want "<type>=<value>"`; got != want {
		t.Fatalf("Error() = %s\nwant %s", got, want)
	}
	t.Logf("# the text in the message is cut at 100 bytes; ParseError.Text keeps it whole")
	long := "a=" + strings.Repeat("x ", 100)
	_, err = Parse([]byte("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + long + "\r\n"))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Text != long || !strings.Contains(err.Error(), `x ...":`) || len(err.Error()) > 260 {
		t.Fatalf("Error() = %s", err)
	}
	_, err = Parse(make([]byte, MaxSize+1))
	if !errors.As(err, &pe) || pe.Line != 0 || err.Error() != "sdp: description too large: 1048577 bytes, limit 1048576" {
		t.Fatalf("too large: %v", err)
	}
}

func TestParseFirefoxStyle(t *testing.T) {
	t.Logf("# hand-written in the shape Firefox uses (not recorded: no Firefox here): o= username with dots,")
	t.Logf("# fingerprint and ice-options at session level, msid-semantic with '*', an mDNS candidate")
	text := crlf("v=0",
		"o=mozilla...THIS_IS_SDPARTA-128.0 5312926453178227432 0 IN IP4 0.0.0.0",
		"s=-",
		"t=0 0",
		"a=fingerprint:sha-256 2B:03:64:71:15:F9:F4:46:ED:E6:31:75:6A:A0:2D:56:DB:19:3B:85:20:D4:FA:51:02:FD:E3:E9:76:A3:A0:2E",
		"a=group:BUNDLE 0",
		"a=ice-options:trickle",
		"a=msid-semantic:WMS *",
		"m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
		"c=IN IP4 0.0.0.0",
		"a=candidate:0 1 UDP 2122252543 0b2b5d2b-9d88-4d4e-8a8a-0b3f11c6f9c2.local 56528 typ host",
		"a=sendrecv",
		"a=end-of-candidates",
		"a=ice-pwd:0123456789abcdef0123456789abcdef",
		"a=ice-ufrag:01234567",
		"a=mid:0",
		"a=setup:actpass",
		"a=sctp-port:5000",
		"a=max-message-size:1073741823")
	s := wantParse(t, text)
	fps, err := s.Fingerprints()
	if err != nil || len(fps) != 1 {
		t.Fatalf("session Fingerprints() = %v, %v", fps, err)
	}
	if fps, err := s.Media[0].Fingerprints(); err != nil || len(fps) != 0 {
		t.Fatalf("media Fingerprints() = %v, %v", fps, err)
	}
	cs, err := s.Media[0].Candidates()
	if err != nil || len(cs) != 1 || !cs[0].IsFQDN() || cs[0].Protocol() != "udp" {
		t.Fatalf("Candidates() = %+v, %v", cs, err)
	}
	if u, p, err := s.Media[0].ICECredentials(); u != "01234567" || len(p) != 32 || err != nil {
		t.Fatalf("ICECredentials() = %q, %q, %v", u, p, err)
	}
	if n, ok, err := s.Media[0].MaxMessageSize(); n != 1073741823 || !ok || err != nil {
		t.Fatalf("MaxMessageSize() = %d, %v, %v", n, ok, err)
	}
	if !s.Media[0].EndOfCandidates() || s.MediaDirection(s.Media[0]) != DirectionSendRecv {
		t.Fatalf("end-of-candidates / direction")
	}
}

func TestParseTooLarge(t *testing.T) {
	t.Logf("# input beyond MaxSize or MaxLines is rejected before any line is stored")
	big := bytes.Repeat([]byte("a"), MaxSize+1)
	if _, err := Parse(big); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse(%d bytes) = %v, want ErrTooLarge", len(big), err)
	}
	many := bytes.Repeat([]byte("\n"), MaxLines+1)
	if _, err := Parse(many); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse(%d lines) = %v, want ErrTooLarge", MaxLines+1, err)
	}
	ok := crlf("v=0", "o=- 1 2 IN IP4 1.2.3.4", "s=-", "t=0 0") + strings.Repeat("a=x\r\n", MaxLines-4)
	wantParse(t, ok)
}

func TestParseTruncated(t *testing.T) {
	t.Logf("# prefixes of every test description parse to an error or to a description that marshals back to the prefix")
	for _, name := range testdataFiles(t) {
		b := readTestdata(t, name)
		valid := 0
		// Every cut near a line ending, and every 5th byte elsewhere (all
		// bytes would take minutes under -race).
		for n := 0; n < len(b); n++ {
			if near := bytes.IndexByte(b[max(n-2, 0):min(n+2, len(b))], '\n') >= 0; !near && n%5 != 0 {
				continue
			}
			s, err := Parse(b[:n])
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("%s[:%d]: error %T is not a *ParseError", name, n, err)
				}
				continue
			}
			valid++
			if got := s.Marshal(); !bytes.Equal(got, b[:n]) {
				t.Fatalf("%s[:%d]: Marshal = %q, want the prefix", name, n, got)
			}
		}
		if valid == 0 {
			t.Errorf("%s: no prefix parsed; expected some at line boundaries", name)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range testdataFiles(f) {
		b := readTestdata(f, name)
		f.Add(b)
		f.Add(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")))
	}
	f.Add([]byte("v=0\no=- 1 2 IN IP4 1.2.3.4\ns=\nt=0 0\nr=7d 1h 0\nz=1 -1h"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			return
		}
		out := s.Marshal()
		if !bytes.Equal(out, b) {
			t.Fatalf("Marshal = %q, want the input %q", out, b)
		}
		s2, err := Parse(out)
		if err != nil {
			t.Fatalf("reparse: %v", err)
		}
		if !reflect.DeepEqual(s, s2) {
			t.Fatalf("reparse differs")
		}
		for _, m := range s.Media {
			if _, err := m.MediaLine(); err != nil {
				t.Fatalf("MediaLine of a parsed section: %v", err)
			}
		}
		if _, err := s.Origin(); err != nil && !strings.Contains(err.Error(), "64 bits") {
			t.Fatalf("Origin of a parsed description: %v", err)
		}
	})
}
