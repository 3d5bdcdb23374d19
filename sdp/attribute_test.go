package sdp

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// typedParsers maps attribute names to a function that parses a value and
// writes it back, for the round-trip tests below.
var typedParsers = map[string]func(string) (string, error){
	AttrGroup:       func(v string) (string, error) { x, err := ParseGroup(v); return x.String(), err },
	AttrMid:         ParseMid,
	AttrICEUfrag:    ParseICEUfrag,
	AttrICEPwd:      ParseICEPwd,
	AttrICEOptions:  func(v string) (string, error) { x, err := ParseICEOptions(v); return strings.Join(x, " "), err },
	AttrCandidate:   func(v string) (string, error) { x, err := ParseCandidate(v); return x.String(), err },
	AttrFingerprint: func(v string) (string, error) { x, err := ParseFingerprint(v); return x.String(), err },
	AttrSetup:       func(v string) (string, error) { x, err := ParseSetup(v); return x.String(), err },
	AttrSCTPPort: func(v string) (string, error) {
		x, err := ParseSCTPPort(v)
		return string(appendUint(nil, uint64(x))), err
	},
	AttrMaxMessageSize: func(v string) (string, error) {
		x, err := ParseMaxMessageSize(v)
		return string(appendUint(nil, x)), err
	},
	AttrRTCP:         func(v string) (string, error) { x, err := ParseRTCP(v); return x.String(), err },
	AttrRTPMap:       func(v string) (string, error) { x, err := ParseRTPMap(v); return x.String(), err },
	AttrFMTP:         func(v string) (string, error) { x, err := ParseFMTP(v); return x.String(), err },
	AttrRTCPFeedback: func(v string) (string, error) { x, err := ParseRTCPFeedback(v); return x.String(), err },
	AttrExtMap:       func(v string) (string, error) { x, err := ParseExtMap(v); return x.String(), err },
	AttrMSID:         func(v string) (string, error) { x, err := ParseMSID(v); return x.String(), err },
	AttrSSRC:         func(v string) (string, error) { x, err := ParseSSRC(v); return x.String(), err },
	AttrSSRCGroup:    func(v string) (string, error) { x, err := ParseSSRCGroup(v); return x.String(), err },
	AttrRID:          func(v string) (string, error) { x, err := ParseRID(v); return x.String(), err },
	AttrSimulcast:    func(v string) (string, error) { x, err := ParseSimulcast(v); return x.String(), err },
}

func TestTypedAttributesOfTestdata(t *testing.T) {
	t.Logf("# every attribute with a typed parser, in every test description, parses and String() writes back the same text")
	counts := map[string]int{}
	for _, name := range testdataFiles(t) {
		s, err := Parse(readTestdata(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		lines := append([]Line(nil), s.Lines...)
		for _, m := range s.Media {
			lines = append(lines, m.Lines...)
		}
		for _, l := range lines {
			if l.Type != 'a' {
				continue
			}
			key, value, _ := strings.Cut(l.Value, ":")
			parse, ok := typedParsers[key]
			if !ok {
				continue
			}
			got, err := parse(value)
			if err != nil {
				t.Errorf("%s: a=%s: %v", name, l.Value, err)
				continue
			}
			if got != value {
				t.Errorf("%s: a=%s: String() = %q", name, l.Value, got)
			}
			counts[key]++
		}
	}
	t.Logf("# attributes checked: %v", counts)
	for key := range typedParsers {
		if counts[key] == 0 {
			t.Errorf("no test description has a=%s", key)
		}
	}
}

// wantAttrError fails the test unless err is a syntax error whose message
// contains msg.
func wantAttrError(t *testing.T, what string, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want one containing %q", what, msg)
	}
	if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), msg) {
		t.Fatalf("%s: error %q, want an ErrSyntax containing %q", what, err, msg)
	}
}

// fuzzTyped checks parse → String → parse: the second parse must succeed,
// equal the first, and print the same text.
func fuzzTyped[T interface{ String() string }](t *testing.T, v string, parse func(string) (T, error)) {
	x, err := parse(v)
	if err != nil {
		if !errors.Is(err, ErrSyntax) {
			t.Fatalf("error %v does not wrap ErrSyntax", err)
		}
		return
	}
	s := x.String()
	y, err := parse(s)
	if err != nil {
		t.Fatalf("parse(%q) ok, but its String %q does not parse: %v", v, s, err)
	}
	if !reflect.DeepEqual(x, y) {
		t.Fatalf("parse(%q) = %#v\nparse(String) = %#v", v, x, y)
	}
	if s2 := y.String(); s2 != s {
		t.Fatalf("String not stable: %q then %q", s, s2)
	}
}

// seedAttrs adds every value of the attribute key found in the test
// descriptions, plus extra, to the fuzz corpus.
func seedAttrs(f *testing.F, key string, extra ...string) {
	for _, name := range testdataFiles(f) {
		s, err := Parse(readTestdata(f, name))
		if err != nil {
			f.Fatal(err)
		}
		for _, v := range s.Attributes(key) {
			f.Add(v)
		}
		for _, m := range s.Media {
			for _, v := range m.Attributes(key) {
				f.Add(v)
			}
		}
	}
	for _, v := range extra {
		f.Add(v)
	}
}

func TestAttributeAccessors(t *testing.T) {
	m := &MediaDescription{Lines: []Line{{'m', "video 9 RTP/AVP 96 97"}, {'a', "rtpmap:96 VP8/90000"}, {'a', "rtcp-mux"},
		{'a', "rtpmap:97 rtx/90000"}, {'a', "rtcp-mux-only"}, {'a', "rtpmapx:1"}}}
	t.Logf("# a=key matches only the exact name: a=rtcp-mux-only is not a=rtcp-mux, a=rtpmapx is not a=rtpmap")
	if got := m.Attributes("rtpmap"); !reflect.DeepEqual(got, []string{"96 VP8/90000", "97 rtx/90000"}) {
		t.Fatalf("Attributes(rtpmap) = %q", got)
	}
	if got := m.Attributes("rtcp-mux"); !reflect.DeepEqual(got, []string{""}) {
		t.Fatalf("Attributes(rtcp-mux) = %q", got)
	}
	if v, ok := m.Attribute("rtcp-mux-only"); !ok || v != "" {
		t.Fatalf("Attribute(rtcp-mux-only) = %q, %v", v, ok)
	}
	if m.HasAttribute("rtcp") || m.HasAttribute("mid") {
		t.Fatalf("HasAttribute matched a prefix or a missing name")
	}
	if got := m.Attributes("mid"); got != nil {
		t.Fatalf("Attributes(mid) = %q, want nil", got)
	}
}
