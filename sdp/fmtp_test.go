package sdp

import (
	"reflect"
	"testing"
)

func TestParseFMTP(t *testing.T) {
	f, err := ParseFMTP("102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f")
	if err != nil || f.Format != "102" {
		t.Fatalf("ParseFMTP = %+v, %v", f, err)
	}
	want := []FMTPParameter{{"level-asymmetry-allowed", "1"}, {"packetization-mode", "1"}, {"profile-level-id", "42001f"}}
	if got := f.Parameters(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Parameters() = %q", got)
	}
	t.Logf("# RFC 6838 §4.3: parameter names are case-insensitive")
	if v, ok := f.Parameter("Profile-Level-Id"); !ok || v != "42001f" {
		t.Fatalf("Parameter(Profile-Level-Id) = %q, %v", v, ok)
	}
	if _, ok := f.Parameter("apt"); ok {
		t.Fatalf("Parameter(apt) found")
	}
	if FormatFMTPParameters(want) != f.Params {
		t.Fatalf("FormatFMTPParameters = %q", FormatFMTPParameters(want))
	}

	t.Logf("# items without '=', spaces after ';' and empty items")
	g, err := ParseFMTP("97 0-15")
	if err != nil || !reflect.DeepEqual(g.Parameters(), []FMTPParameter{{"", "0-15"}}) || g.String() != "97 0-15" {
		t.Fatalf("ParseFMTP(97 0-15) = %+v, %v", g, err)
	}
	if _, ok := g.Parameter(""); ok {
		t.Fatalf("Parameter(\"\") matched a bare item")
	}
	if got := ParseFMTPParameters(" minptime=10; useinbandfec = 1;;=x"); !reflect.DeepEqual(got, []FMTPParameter{{"minptime", "10"}, {"useinbandfec", "1"}, {"", "=x"}}) {
		t.Fatalf("ParseFMTPParameters = %q", got)
	}
	if h, err := ParseFMTP("96"); err != nil || h.Params != "" || h.String() != "96" {
		t.Fatalf("ParseFMTP(96) = %+v, %v", h, err)
	}
	for _, bad := range []string{"", " 96 x", "9:6 x"} {
		_, err := ParseFMTP(bad)
		wantAttrError(t, bad, err, "not a token")
	}

	s, err := Parse(readTestdata(t, "chromium-audio-video-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.Media[1].FMTPs()
	if err != nil || len(fs) == 0 {
		t.Fatalf("FMTPs() = %v, %v", fs, err)
	}
	rtx, ok := s.Media[1].FMTP("97")
	if !ok {
		t.Fatalf("FMTP(97) missing")
	}
	if apt, ok := rtx.Parameter("apt"); !ok || apt != "96" {
		t.Fatalf("rtx apt = %q, %v", apt, ok)
	}
	if _, ok := s.Media[1].FMTP("1"); ok {
		t.Fatalf("FMTP(1) found")
	}
}

func FuzzParseFMTP(f *testing.F) {
	seedAttrs(f, AttrFMTP, "96", "96 ")
	f.Fuzz(func(t *testing.T, v string) {
		fuzzTyped(t, v, ParseFMTP)
		if x, err := ParseFMTP(v); err == nil {
			ps := x.Parameters()
			if again := ParseFMTPParameters(FormatFMTPParameters(ps)); !reflect.DeepEqual(again, ps) && !(len(ps) == 0 && len(again) == 0) {
				t.Fatalf("parameters %q → %q → %q", x.Params, FormatFMTPParameters(ps), again)
			}
		}
	})
}
