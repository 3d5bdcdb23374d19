package sdp

import (
	"reflect"
	"testing"
)

func TestLex(t *testing.T) {
	t.Logf("# token-char of RFC 8866 §9: ALPHA, DIGIT and !#$%%&'*+-.^_`{|}~")
	for _, s := range []string{"a", "Z9", "!#$%&'*+-.^_`{|}~"} {
		if !isToken(s) {
			t.Errorf("isToken(%q) = false", s)
		}
	}
	for _, s := range []string{"", " ", "a b", "a:b", "a/b", "a=b", "(a)", "a\"", "\x80"} {
		if isToken(s) {
			t.Errorf("isToken(%q) = true", s)
		}
	}
	if !isNonWS("a:b/\x80") || isNonWS("") || isNonWS("a b") || isNonWS("a\x7f") || isNonWS("\t") {
		t.Errorf("isNonWS")
	}
	if !isDigits("0123") || isDigits("") || isDigits("1a") || isDigits("-1") {
		t.Errorf("isDigits")
	}
	if v, ok := parseUint("65535", 65535); !ok || v != 65535 {
		t.Errorf("parseUint(65535)")
	}
	for _, s := range []string{"65536", "+1", "1_0", "", "99999999999999999999"} {
		if _, ok := parseUint(s, 65535); ok {
			t.Errorf("parseUint(%q) ok", s)
		}
	}
	var buf [2]string
	if got := splitSP("a  b c", buf[:0]); !reflect.DeepEqual(got, []string{"a", "", "b", "c"}) {
		t.Errorf("splitSP = %q", got)
	}
	if got := splitSPN("a b c d", nil, 2); !reflect.DeepEqual(got, []string{"a", "b", "c d"}) {
		t.Errorf("splitSPN = %q", got)
	}
	if !isTypedTime("7d") || !isTypedTime("3600") || isTypedTime("d") || isTypedTime("7w") {
		t.Errorf("isTypedTime")
	}
}
