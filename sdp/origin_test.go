package sdp

import "testing"

func TestParseOrigin(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Origin
	}{
		{"- 3086714679920040928 2 IN IP4 127.0.0.1", Origin{"-", 3086714679920040928, 2, "IN", "IP4", "127.0.0.1"}},
		{"mozilla...THIS_IS_SDPARTA-99.0 2136226519316392226 0 IN IP4 0.0.0.0", Origin{"mozilla...THIS_IS_SDPARTA-99.0", 2136226519316392226, 0, "IN", "IP4", "0.0.0.0"}},
		{"- 18446744073709551615 1 IN IP6 ::1", Origin{"-", 18446744073709551615, 1, "IN", "IP6", "::1"}},
	} {
		o, err := ParseOrigin(tt.in)
		if err != nil || o != tt.want || o.String() != tt.in {
			t.Fatalf("ParseOrigin(%q) = %+v, %v", tt.in, o, err)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{"- 1 2 IN IP4", "want o="},
		{"- 1 2 IN IP4 1.2.3.4 x", "want o="},
		{"- -1 2 IN IP4 1.2.3.4", "want o="},
		{"- 18446744073709551616 2 IN IP4 1.2.3.4", "64 bits"},
	} {
		_, err := ParseOrigin(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}
	t.Logf("# the grammar accepts any digit string in o=; only Origin() needs 64 bits")
	wantParse(t, crlf("v=0", "o=- 18446744073709551616 2 IN IP4 1.2.3.4", "s=-", "t=0 0"))
	if _, err := (&SessionDescription{}).Origin(); err == nil {
		t.Fatalf("Origin() without o= line succeeded")
	}
}

func FuzzParseOrigin(f *testing.F) {
	f.Add("- 3086714679920040928 2 IN IP4 127.0.0.1")
	f.Add("mozilla...THIS_IS_SDPARTA-99.0 2136226519316392226 0 IN IP4 0.0.0.0")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseOrigin) })
}
