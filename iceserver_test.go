package webrtc

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

// The rows below follow the W3C "validate an ICE server URL" algorithm
// (§4.4.1.5) step by step, with the WHATWG URL Standard's parsing, and the
// cases of web-platform-tests webrtc/RTCConfiguration-iceServers.html.

type iceURLValid struct {
	url  string
	want ICEServerURL
	why  string
}

var iceURLValidRows = []iceURLValid{
	{"stun:stun1.example.net", ICEServerURL{Scheme: "stun", Host: "stun1.example.net", Port: 3478}, "the spec's EXAMPLE 1; RFC 7064 §3.2: default port 3478"},
	{"stuns:stun.example.net", ICEServerURL{Scheme: "stuns", Host: "stun.example.net", Port: 5349}, "RFC 7064 §3.2: default port for STUN over TLS is 5349"},
	{"turn:turn.example.net", ICEServerURL{Scheme: "turn", Host: "turn.example.net", Port: 3478}, "RFC 7065 §3.2: default port 3478"},
	{"turns:turn.example.org", ICEServerURL{Scheme: "turns", Host: "turn.example.org", Port: 5349}, "RFC 7065 §3.2: default port for TURN over TLS is 5349"},
	{"STUN:Example.NET:19302", ICEServerURL{Scheme: "stun", Host: "example.net", Port: 19302}, "WHATWG: scheme and ASCII domain are lower-cased"},
	{"stun:192.0.2.1:3479", ICEServerURL{Scheme: "stun", Host: "192.0.2.1", Port: 3479}, "IPv4 literal host"},
	{"stun:[2001:DB8::1]:443", ICEServerURL{Scheme: "stun", Host: "2001:db8::1", Port: 443}, "IPv6 literal in brackets; 443 (the https default) is kept"},
	{"stun:[::ffff:192.0.2.1]", ICEServerURL{Scheme: "stun", Host: "::ffff:c000:201", Port: 3478}, "IPv6 with embedded IPv4, serialized the WHATWG way"},
	{"stun:[::]", ICEServerURL{Scheme: "stun", Host: "::", Port: 3478}, "the unspecified IPv6 address parses"},
	{"stun:[1:0:0:2:0:0:0:3]", ICEServerURL{Scheme: "stun", Host: "1:0:0:2::3", Port: 3478}, "WHATWG IPv6 serializer compresses the longest zero run"},
	{"turn:turn.example.org?transport=udp", ICEServerURL{Scheme: "turn", Host: "turn.example.org", Port: 3478, Transport: "udp"}, "RFC 7065 §3.1 transport=udp; step 6 allows it"},
	{"turn:turn.example.org:3479?transport=tcp", ICEServerURL{Scheme: "turn", Host: "turn.example.org", Port: 3479, Transport: "tcp"}, "port and transport=tcp"},
	{"turns:[::1]:5350?transport=tcp", ICEServerURL{Scheme: "turns", Host: "::1", Port: 5350, Transport: "tcp"}, "turns with IPv6, port and transport"},
	{"  stun:example.org \n", ICEServerURL{Scheme: "stun", Host: "example.org", Port: 3478}, "WHATWG: leading and trailing C0 control or space are stripped"},
	{"stun:exa\tmple.or\ng", ICEServerURL{Scheme: "stun", Host: "example.org", Port: 3478}, "WHATWG: ASCII tab or newline is removed anywhere"},
	{"turn:h.example?transport=u\tdp", ICEServerURL{Scheme: "turn", Host: "h.example", Port: 3478, Transport: "udp"}, "tab removal applies before the step 6 query comparison"},
	{"stun:example.org:", ICEServerURL{Scheme: "stun", Host: "example.org", Port: 3478}, "WHATWG port state: an empty port is no port (RFC 3986 port = *DIGIT)"},
	{"stun:example.org:03479", ICEServerURL{Scheme: "stun", Host: "example.org", Port: 3479}, "leading zeros in a port are decimal"},
	{"stun:example.org:0", ICEServerURL{Scheme: "stun", Host: "example.org", Port: 0}, "WHATWG port state accepts 0 and the algorithm does not forbid it; sending to it fails later"},
	{"stun:example.org:65535", ICEServerURL{Scheme: "stun", Host: "example.org", Port: 65535}, "65535 is the largest port"},
	{"stun:0x7f.1", ICEServerURL{Scheme: "stun", Host: "127.0.0.1", Port: 3478}, "WHATWG IPv4 parser: hex and short forms"},
	{"stun:0300.0250.0.1", ICEServerURL{Scheme: "stun", Host: "192.168.0.1", Port: 3478}, "WHATWG IPv4 parser: octal parts"},
	{"stun:3232235521", ICEServerURL{Scheme: "stun", Host: "192.168.0.1", Port: 3478}, "WHATWG IPv4 parser: one 32-bit number"},
	{"stun:1.2.3.4.", ICEServerURL{Scheme: "stun", Host: "1.2.3.4", Port: 3478}, "WHATWG IPv4 parser: one trailing dot is allowed"},
	{"stun:example.org.", ICEServerURL{Scheme: "stun", Host: "example.org.", Port: 3478}, "a fully qualified name keeps its dot"},
	{"stun:%45xample.org", ICEServerURL{Scheme: "stun", Host: "example.org", Port: 3478}, "WHATWG host parser percent-decodes, then lower-cases"},
	{"stun:a_b.example", ICEServerURL{Scheme: "stun", Host: "a_b.example", Port: 3478}, "UTS #46 with UseSTD3ASCIIRules=false allows '_'"},
	{"stun:xn--bcher-kva.example", ICEServerURL{Scheme: "stun", Host: "xn--bcher-kva.example", Port: 3478}, "an IDN given in its ASCII (xn--) form"},
	{"stun:stun.l.google.com:19302", ICEServerURL{Scheme: "stun", Host: "stun.l.google.com", Port: 19302}, "the most common public STUN server URL"},
}

type iceURLInvalid struct {
	url  string
	kind error
	why  string
}

var iceURLInvalidRows = []iceURLInvalid{
	// Step 2: parsedURL is failure.
	{"", ErrSyntax, "step 2: the empty string is not a URL"},
	{"relative-url", ErrSyntax, "step 2 (WPT 'relative url'): no scheme, and there is no base URL"},
	{"stun", ErrSyntax, "step 2: no ':' after the scheme"},
	{"1stun:example.org", ErrSyntax, "step 2: a scheme starts with an ASCII letter"},
	{":example.org", ErrSyntax, "step 2: empty scheme"},
	// Step 2: the scheme is not stun, stuns, turn or turns.
	{"http://example.com", ErrSyntax, "step 2 (WPT 'http url'): scheme is not stun/stuns/turn/turns"},
	{"https:example.com", ErrSyntax, "step 2: scheme https"},
	{"stunx:example.org", ErrSyntax, "step 2: scheme stunx"},
	// Step 2: no opaque path.
	{"stun://example.org", ErrSyntax, "step 2 (WPT): 'stun://host' has an authority, not an opaque path"},
	{"turn://example.org?transport=udp", ErrSyntax, "step 2: 'turn://host' has no opaque path"},
	{"stun:/example.org", ErrSyntax, "step 2: a path starting with '/' is not opaque"},
	// Step 2: "/" or "@" in the opaque path.
	{"stun:example.org/path", ErrSyntax, "step 2: opaque path contains '/'"},
	{"stun:user@example.org", ErrSyntax, "step 2: opaque path contains '@' (no userinfo in a STUN URI)"},
	{"turn:user:pass@example.org", ErrSyntax, "step 2: opaque path contains '@'"},
	// Step 2: a fragment.
	{"stun:example.org#frag", ErrSyntax, "step 2: parsedURL's fragment is non-null"},
	{"stun:example.org#", ErrSyntax, "step 2: an empty fragment is still non-null"},
	{"turn:example.org?transport=udp#x", ErrSyntax, "step 2: fragment after the query"},
	// Step 2: stun/stuns with a query.
	{"stun:example.org?transport=udp", ErrSyntax, "step 2: stun URL with a query"},
	{"stuns:example.org?", ErrSyntax, "step 2: an empty query is still non-null"},
	// Step 5: the host and port.
	{"stun:", ErrSyntax, "step 5: no host"},
	{"stun::3478", ErrSyntax, "step 5: empty host before the port"},
	{"stun:example.org:65536", ErrSyntax, "step 5: port out of range"},
	{"stun:example.org:99999999999999999999999", ErrSyntax, "step 5: huge port"},
	{"stun:example.org:-1", ErrSyntax, "step 5: port is not digits"},
	{"stun:example.org:http", ErrSyntax, "step 5: port is not digits"},
	{"stun:example.org:3478:1", ErrSyntax, "step 5: two ports"},
	{"stun:::1", ErrSyntax, "step 5: IPv6 without brackets"},
	{"stun:[::1", ErrSyntax, "step 5: IPv6 without ']'"},
	{"stun:[::1]x", ErrSyntax, "step 5: text after ']'"},
	{"stun:x[::1]", ErrSyntax, "step 5: '[' inside a domain"},
	{"stun:[]", ErrSyntax, "step 5: empty IPv6 literal"},
	{"stun:[1:2:3:4:5:6:7:8:9]", ErrSyntax, "step 5: nine IPv6 pieces"},
	{"stun:[1:2:3:4:5:6:7]", ErrSyntax, "step 5: seven IPv6 pieces without '::'"},
	{"stun:[1::2::3]", ErrSyntax, "step 5: two '::'"},
	{"stun:[12345::1]", ErrSyntax, "step 5: IPv6 piece of five hex digits"},
	{"stun:[::1%25eth0]", ErrSyntax, "step 5: WHATWG IPv6 has no zone identifiers"},
	{"stun:[::1.2.3.04]", ErrSyntax, "step 5: leading zero in embedded IPv4"},
	{"stun:[::1.2.3]", ErrSyntax, "step 5: embedded IPv4 with three parts"},
	{"stun:[1:]", ErrSyntax, "step 5: IPv6 ending in a single ':'"},
	{"stun:1.2.3.256", ErrSyntax, "step 5: ends in a number but is not IPv4"},
	{"stun:1.2.3.4.5", ErrSyntax, "step 5: five IPv4 parts"},
	{"stun:1..2", ErrSyntax, "step 5: empty IPv4 part"},
	{"stun:example.123", ErrSyntax, "step 5: ends in a number, so must be IPv4"},
	{"stun:example.0x1", ErrSyntax, "step 5: ends in a hex number, so must be IPv4"},
	{"stun:4294967296", ErrSyntax, "step 5: IPv4 number too large"},
	{"stun:exa mple.org", ErrSyntax, "step 5: space is a forbidden host code point"},
	{`stun:example.org\path`, ErrSyntax, `step 5: '\' starts the https URL's path`},
	{"stun:exa%2Fmple.org", ErrSyntax, "step 5: percent-decodes to '/'"},
	{"stun:exa%25mple.org", ErrSyntax, "step 5: percent-decodes to '%', a forbidden domain code point"},
	{"stun:exa%zzmple.org", ErrSyntax, "step 5: a '%' that does not decode stays and is forbidden"},
	{"stun:exa<mple.org", ErrSyntax, "step 5: '<' is forbidden"},
	{"stun:exa^mple.org", ErrSyntax, "step 5: '^' is forbidden"},
	{"stun:exa|mple.org", ErrSyntax, "step 5: '|' is forbidden"},
	{"stun:exa\x01mple.org", ErrSyntax, "step 5: a C0 control is forbidden"},
	{"stun:exa\x7fmple.org", ErrSyntax, "step 5: DEL is forbidden"},
	{"stun:\xff.example", ErrSyntax, "step 5: invalid UTF-8 decodes to U+FFFD, which UTS #46 disallows"},
	{"turn:host.example ?transport=udp", ErrSyntax, "step 5: a space before '?' stays in the host as %20"},
	// Step 6: the query of turn/turns.
	{"turn:example.org?transport=foo", ErrSyntax, "step 6: unknown transport"},
	{"turn:example.org?transport=UDP", ErrSyntax, "step 6: the comparison is exact"},
	{"turn:example.org?", ErrSyntax, "step 6: empty query"},
	{"turn:example.org?transport=udp&x=1", ErrSyntax, "step 6: extra parameters"},
	{"turns:example.org?foo=bar", ErrSyntax, "step 6: not a transport"},
	// Hosts this package cannot process.
	{"stun:bücher.example", ErrNotSupported, "UTS #46 (IDNA) processing is not implemented; the xn-- form works"},
}

func TestICEServerURLValid(t *testing.T) {
	for _, r := range iceURLValidRows {
		t.Logf("# %q: %s", r.url, r.why)
		got, err := ParseICEServerURL(r.url)
		if err != nil {
			t.Errorf("ParseICEServerURL(%q): %v, want success", r.url, err)
			continue
		}
		if got != r.want {
			t.Errorf("ParseICEServerURL(%q) = %+v, want %+v", r.url, got, r.want)
		}
		// String gives a URL that parses back to the same value.
		again, err := ParseICEServerURL(got.String())
		if err != nil || again != got {
			t.Errorf("ParseICEServerURL(%q) (String of %q) = %+v, %v; want %+v", got.String(), r.url, again, err, got)
		}
	}
}

func TestICEServerURLInvalid(t *testing.T) {
	for _, r := range iceURLInvalidRows {
		t.Logf("# %q: %s", r.url, r.why)
		got, err := ParseICEServerURL(r.url)
		if !errors.Is(err, r.kind) {
			t.Errorf("ParseICEServerURL(%q) = %+v, %v; want %v", r.url, got, err, r.kind)
			continue
		}
		if got != (ICEServerURL{}) {
			t.Errorf("ParseICEServerURL(%q) returned %+v with its error", r.url, got)
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("%q", r.url)) && r.url != "" {
			t.Errorf("ParseICEServerURL(%q) error %q does not quote the URL", r.url, err)
		}
	}
}

func TestICEServerURLStep3NotImplemented(t *testing.T) {
	t.Log("# step 3: If parsedURL's scheme is not implemented by the user agent, then throw a NotSupportedError.")
	saved := implementedICESchemes
	t.Cleanup(func() { implementedICESchemes = saved })
	implementedICESchemes = map[string]bool{"stun": true, "turn": true}
	if _, err := ParseICEServerURL("stuns:example.org"); !errors.Is(err, ErrNotSupported) {
		t.Errorf("stuns without stuns support: %v, want ErrNotSupported", err)
	}
	t.Log("# step 2 comes first: a bad stuns URL is still a SyntaxError")
	if _, err := ParseICEServerURL("stuns:example.org?x"); !errors.Is(err, ErrSyntax) {
		t.Errorf("stuns with query: %v, want ErrSyntax", err)
	}
	if _, err := ParseICEServerURL("stun:example.org"); err != nil {
		t.Errorf("stun: %v", err)
	}
}

func TestICEServerURLString(t *testing.T) {
	for _, c := range []struct {
		u    ICEServerURL
		want string
	}{
		{ICEServerURL{Scheme: "stun", Host: "example.org", Port: 3478}, "stun:example.org:3478"},
		{ICEServerURL{Scheme: "turns", Host: "2001:db8::1", Port: 5349, Transport: "tcp", Username: "u", Credential: "c"}, "turns:[2001:db8::1]:5349?transport=tcp"},
	} {
		if got := c.u.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q (credentials are never written)", c.u, got, c.want)
		}
	}
}

func TestICEServerValidate(t *testing.T) {
	long := strings.Repeat("a", 508)
	rows := []struct {
		server ICEServer
		kind   error // nil: valid
		why    string
	}{
		{ICEServer{URLs: []string{"stun:stun1.example.net"}}, nil, "WPT: one stun URL, no credentials"},
		{ICEServer{URLs: []string{"stun:stun1.example.net", "stun:stun2.example.net"}}, nil, "WPT: two stun URLs"},
		{ICEServer{URLs: []string{"turns:turn.example.org", "turn:turn.example.net"}, Username: "user", Credential: "myPassword"}, nil, "the spec's EXAMPLE 1"},
		{ICEServer{URLs: []string{"stun:x.example"}, Username: "user"}, nil, "step 7 applies to turn/turns only"},
		{ICEServer{URLs: []string{"turn:x.example"}, Username: long, Credential: "p"}, nil, "RFC 8489 §14.3: 508 bytes is fewer than 509"},
		{ICEServer{URLs: []string{"turn:x.example"}, Username: "jöhn", Credential: "pässwörd ✓"}, nil, "non-ASCII credentials are fine"},
		{ICEServer{URLs: nil}, ErrSyntax, "set the configuration step 6.3: If urls is empty, throw a SyntaxError"},
		{ICEServer{URLs: []string{}}, ErrSyntax, "WPT: empty urls list"},
		{ICEServer{URLs: []string{"relative-url"}}, ErrSyntax, "WPT: relative url"},
		{ICEServer{URLs: []string{"stun:ok.example", "http://example.com"}}, ErrSyntax, "every URL is validated, not just the first"},
		{ICEServer{URLs: []string{"turn:turn.example.org"}}, ErrInvalidAccess, "WPT: turn without username and credential"},
		{ICEServer{URLs: []string{"turns:turn.example.org"}}, ErrInvalidAccess, "WPT: turns without username and credential"},
		{ICEServer{URLs: []string{"turn:turn.example.org"}, Username: "user"}, ErrInvalidAccess, "WPT: turn with username only"},
		{ICEServer{URLs: []string{"turn:turn.example.org"}, Credential: "cred"}, ErrInvalidAccess, "WPT: turn with credential only"},
		{ICEServer{URLs: []string{"turn:turn.example.org"}, Username: "", Credential: ""}, ErrInvalidAccess, "empty strings count as missing in Go (WPT's JS empty-string case cannot be told apart)"},
		{ICEServer{URLs: []string{"stun:ok.example", "turn:turn.example.org"}}, ErrInvalidAccess, "a turn URL after a stun one still needs credentials"},
		{ICEServer{URLs: []string{"turn:turn.example.org", "bad"}}, ErrInvalidAccess, "URLs are checked in order: the turn URL fails step 7 first"},
		{ICEServer{URLs: []string{"bad", "turn:turn.example.org"}}, ErrSyntax, "URLs are checked in order: the first fails step 2 first"},
		{ICEServer{URLs: []string{"turn:x.example"}, Username: long + "a", Credential: "p"}, ErrInvalidAccess, "RFC 8489 §14.3: username MUST be fewer than 509 bytes"},
		{ICEServer{URLs: []string{"turn:x.example"}, Username: "us\x00er", Credential: "p"}, ErrInvalidAccess, "OpaqueString (FreeformClass) disallows control characters"},
		{ICEServer{URLs: []string{"turn:x.example"}, Username: "user", Credential: "pa\nss"}, ErrInvalidAccess, "control character in the credential"},
		{ICEServer{URLs: []string{"turn:x.example"}, Username: "user", Credential: "p\xffss"}, ErrInvalidAccess, "the credential's UTF-8 representation must be valid"},
	}
	for _, r := range rows {
		t.Logf("# %+v: %s", r.server, r.why)
		got, err := r.server.Validate()
		if r.kind == nil {
			if err != nil {
				t.Errorf("Validate(%+v): %v", r.server, err)
				continue
			}
			if len(got) != len(r.server.URLs) {
				t.Fatalf("Validate(%+v) returned %d URLs for %d", r.server, len(got), len(r.server.URLs))
			}
			for i, u := range got {
				want, _ := ParseICEServerURL(r.server.URLs[i])
				if u.Scheme == "turn" || u.Scheme == "turns" {
					want.Username, want.Credential = r.server.Username, r.server.Credential
				}
				if u != want {
					t.Errorf("Validate(%+v)[%d] = %+v, want %+v (credentials only on turn/turns)", r.server, i, u, want)
				}
			}
			continue
		}
		if !errors.Is(err, r.kind) || got != nil {
			t.Errorf("Validate(%+v) = %v, %v; want %v", r.server, got, err, r.kind)
		}
	}
}

func TestICEServerJSON(t *testing.T) {
	t.Log("# RTCIceServer.urls is (USVString or sequence<USVString>) and is required (§4.2.2)")
	for _, c := range []struct {
		in   string
		want ICEServer
	}{
		{`{"urls":"stun:a.example"}`, ICEServer{URLs: []string{"stun:a.example"}}},
		{`{"urls":["turn:a.example","turns:b.example"],"username":"u","credential":"c","extra":1}`, ICEServer{URLs: []string{"turn:a.example", "turns:b.example"}, Username: "u", Credential: "c"}},
		{`{"urls":[]}`, ICEServer{URLs: []string{}}},
	} {
		var got ICEServer
		if err := json.Unmarshal([]byte(c.in), &got); err != nil {
			t.Errorf("Unmarshal(%s): %v", c.in, err)
			continue
		}
		if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", c.want) {
			t.Errorf("Unmarshal(%s) = %#v, want %#v", c.in, got, c.want)
		}
	}
	for _, in := range []string{`{}`, `{"urls":null}`, `{"urls":3}`, `{"urls":[3]}`, `{"urls":"x","username":4}`, `[]`} {
		var got ICEServer
		if err := json.Unmarshal([]byte(in), &got); !errors.Is(err, ErrType) {
			t.Errorf("Unmarshal(%s) = %v, want ErrType", in, err)
		}
	}
	t.Log("# Marshal writes urls as an array, which Unmarshal reads back")
	s := ICEServer{URLs: []string{"turn:a.example"}, Username: "u", Credential: "c"}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"urls":["turn:a.example"],"username":"u","credential":"c"}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back ICEServer
	if err := json.Unmarshal(b, &back); err != nil || fmt.Sprint(back) != fmt.Sprint(s) {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, s)
	}
}

// TestICEServerURLNoStrictPrefix checks that no strict prefix of a valid URL
// parses to the same value, except by cutting characters the WHATWG parser
// ignores at the end: C0 controls and spaces (stripped), tab and newline
// (removed), an empty port after ":" and the one trailing "." an IPv4 address
// may have.
func TestICEServerURLNoStrictPrefix(t *testing.T) {
	for _, r := range iceURLValidRows {
		for i := 0; i < len(r.url); i++ {
			p, cut := r.url[:i], r.url[i:]
			if strings.Trim(cut, " \t\n:.") == "" {
				continue
			}
			if got, err := ParseICEServerURL(p); err == nil && got == r.want {
				t.Errorf("strict prefix %q of %q parses to the same %+v", p, r.url, got)
			}
		}
	}
}

func FuzzParseICEServerURL(f *testing.F) {
	for _, r := range iceURLValidRows {
		f.Add(r.url)
	}
	for _, r := range iceURLInvalidRows {
		f.Add(r.url)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseICEServerURL(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrNotSupported) {
				t.Fatalf("ParseICEServerURL(%q): error %v is neither SyntaxError nor NotSupportedError", s, err)
			}
			return
		}
		if u.Port < 0 || u.Port > 65535 || u.Host == "" {
			t.Fatalf("ParseICEServerURL(%q) = %+v: bad port or empty host", s, u)
		}
		again, err := ParseICEServerURL(u.String())
		if err != nil || again != u {
			t.Fatalf("ParseICEServerURL(%q) = %+v; its String %q parses to %+v, %v", s, u, u.String(), again, err)
		}
	})
}

// FuzzIPv6AgainstNetip checks the WHATWG IPv6 parser and serializer against
// net/netip, which accepts the same syntax apart from zones ("%"), which are
// skipped, and writes IPv4-mapped addresses in dotted form.
func FuzzIPv6AgainstNetip(f *testing.F) {
	for _, s := range []string{"::1", "1::", "::", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "1::2:3.4.5.6", "1:0:0:2::3", "1::2::3", ":1", "1:2:3:4:5:6:7:8:9", "::1.2.3.04"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "%") {
			return
		}
		got, ok := urlParseIPv6(s)
		want, err := netip.ParseAddr(s)
		if err == nil && !want.Is6() {
			err = errors.New("an IPv4 address")
		}
		if ok != (err == nil) {
			t.Fatalf("%q: WHATWG parser ok=%v, netip error %v", s, ok, err)
		}
		if !ok {
			return
		}
		b := want.As16()
		for i := range got {
			if got[i] != uint16(b[2*i])<<8|uint16(b[2*i+1]) {
				t.Fatalf("%q: WHATWG %x, netip %v", s, got, want)
			}
		}
		if ser := urlSerializeIPv6(got); !strings.Contains(want.String(), ".") && ser != want.String() {
			t.Fatalf("%q: serialized %q, netip %q", s, ser, want.String())
		}
	})
}

func ExampleICEServer_Validate() {
	server := ICEServer{
		URLs:       []string{"stun:stun.example.org", "turns:[2001:db8::1]?transport=tcp"},
		Username:   "user",
		Credential: "secret",
	}
	urls, err := server.Validate()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range urls {
		fmt.Printf("%s host=%s port=%d transport=%q username=%q\n", u.Scheme, u.Host, u.Port, u.Transport, u.Username)
	}
	_, err = ICEServer{URLs: []string{"turn:turn.example.org"}}.Validate()
	fmt.Println(err)
	// Output:
	// stun host=stun.example.org port=3478 transport="" username=""
	// turns host=2001:db8::1 port=5349 transport="tcp" username="user"
	// InvalidAccessError: ICE server URL "turn:turn.example.org": username is missing
}
