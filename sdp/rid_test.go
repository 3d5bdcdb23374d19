package sdp

import (
	"reflect"
	"testing"
)

func TestParseRID(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want RID
	}{
		{"h send", RID{ID: "h", Direction: RIDSend}},
		{"1 send pt=96,97;max-width=1280;max-height=720", RID{"1", RIDSend, []string{"96", "97"}, []RIDParam{{"max-width", "1280"}, {"max-height", "720"}}}},
		{"5 send pt=99,102;max-br=64000;max-width=1280;max-height=720;max-fps=30", RID{"5", RIDSend, []string{"99", "102"},
			[]RIDParam{{"max-br", "64000"}, {"max-width", "1280"}, {"max-height", "720"}, {"max-fps", "30"}}}},
		{"r-1_x recv max-width=640;depend=a,b;x-flag", RID{"r-1_x", RIDRecv, nil, []RIDParam{{"max-width", "640"}, {"depend", "a,b"}, {"x-flag", ""}}}},
		{"a recv pt=96", RID{"a", RIDRecv, []string{"96"}, nil}},
		{"a send max-bpp=1.5", RID{"a", RIDSend, nil, []RIDParam{{"max-bpp", "1.5"}}}},
		{"a send x=with space", RID{"a", RIDSend, nil, []RIDParam{{"x", "with space"}}}},
	} {
		r, err := ParseRID(tt.in)
		if err != nil || !reflect.DeepEqual(r, tt.want) || r.String() != tt.in {
			t.Fatalf("ParseRID(%q) = %#v, %v; String %q", tt.in, r, err, r.String())
		}
	}
	r, _ := ParseRID("1 send pt=96;max-width=1280")
	if v, ok := r.Param("max-width"); !ok || v != "1280" {
		t.Fatalf("Param(max-width) = %q, %v", v, ok)
	}
	if _, ok := r.Param("max-height"); ok {
		t.Fatalf("Param(max-height) found")
	}
	t.Logf("# RFC 8851 §10: rid-dir is exactly send or recv; rid-id is alpha-numeric, '-' and '_'")
	for _, tt := range []struct{ in, msg string }{
		{"", "want <rid-id>"},
		{"h", "want <rid-id>"},
		{"h Send", "want <rid-id>"},
		{"h sendrecv", "want <rid-id>"},
		{"h.1 send", "want <rid-id>"},
		{"h send ", "empty restriction"},
		{"h send pt=", "payload type"},
		{"h send pt=96,", "payload type"},
		{"h send pt=96;", "empty restriction"},
		{"h send max_width=1", "restriction name"},
		{"h send =1", "empty restriction"},
		{"h send x=\x01", "non-printable"},
	} {
		_, err := ParseRID(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}
}

func FuzzParseRID(f *testing.F) {
	seedAttrs(f, AttrRID, "1 send pt=96,97;max-width=1280;max-height=720", "r-1_x recv max-width=640;depend=a,b;x-flag", "a send x=")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseRID) })
}
