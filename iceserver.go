package webrtc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ICEServer is the W3C RTCIceServer dictionary (§4.2.2): one STUN or TURN
// server, given by one or more URLs (RFC 7064, RFC 7065), with the long-term
// credentials a TURN server needs.
type ICEServer struct {
	// URLs are the server's stun:, stuns:, turn: or turns: URLs.
	URLs []string `json:"urls"`
	// Username is the TURN username (RFC 8489 §14.3). Go cannot tell a
	// missing username from an empty one, so "" counts as missing.
	Username string `json:"username,omitempty"`
	// Credential is the TURN long-term password (RFC 8489 §9.2). "" counts
	// as missing.
	Credential string `json:"credential,omitempty"`
}

// UnmarshalJSON decodes an RTCIceServer as JavaScript writes it, where
// "urls" is a string or an array of strings (W3C §4.2.2; "set the
// configuration" step 6.2 turns a string into a one-item list). A missing or
// null "urls", which the dictionary requires, or a value of the wrong type is
// an ErrType error. Unknown members are ignored, as WebIDL does.
func (s *ICEServer) UnmarshalJSON(b []byte) error {
	var raw struct {
		URLs       json.RawMessage `json:"urls"`
		Username   *string         `json:"username"`
		Credential *string         `json:"credential"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return newError(ErrType, "RTCIceServer: %v", err)
	}
	var out ICEServer
	switch u := bytes.TrimSpace(raw.URLs); {
	case len(u) == 0 || string(u) == "null":
		return newError(ErrType, "RTCIceServer: the required member \"urls\" is missing")
	case u[0] == '"':
		var one string
		if err := json.Unmarshal(u, &one); err != nil {
			return newError(ErrType, "RTCIceServer.urls: %v", err)
		}
		out.URLs = []string{one}
	default:
		if err := json.Unmarshal(u, &out.URLs); err != nil {
			return newError(ErrType, "RTCIceServer.urls is neither a string nor an array of strings: %v", err)
		}
		if out.URLs == nil {
			out.URLs = []string{}
		}
	}
	if raw.Username != nil {
		out.Username = *raw.Username
	}
	if raw.Credential != nil {
		out.Credential = *raw.Credential
	}
	*s = out
	return nil
}

// ICEServerURL is an ICE server URL that passed the W3C "validate an ICE
// server URL" algorithm (§4.4.1.5), split into the parts the ICE agent needs.
type ICEServerURL struct {
	// Scheme is "stun", "stuns", "turn" or "turns", in lower case.
	Scheme string
	// Host is the server's domain name (ASCII, lower case) or IP address
	// literal (IPv6 without brackets), serialized as the WHATWG URL host
	// parser does.
	Host string
	// Port is the port given in the URL or, when it has none, the default:
	// 3478 for stun and turn, 5349 for stuns and turns (RFC 7064 §3.2,
	// RFC 7065 §3.2).
	Port int
	// Transport is "udp" or "tcp" when a turn or turns URL has a
	// "?transport=" query (RFC 7065 §3.1), and "" otherwise.
	Transport string
	// Username and Credential are copied from the ICEServer for turn and
	// turns URLs; they are empty for stun and stuns URLs.
	Username, Credential string
}

// The default ports of RFC 7064 §3.2 and RFC 7065 §3.2.
const (
	defaultSTUNPort  = 3478
	defaultSTUNSPort = 5349
)

// maxSTUNUsernameBytes bounds the UTF-8 length of a TURN username: RFC 8489
// §14.3 says it MUST be "fewer than 509 bytes".
const maxSTUNUsernameBytes = 508

// implementedICESchemes are the schemes step 3 of "validate an ICE server URL"
// accepts; the others raise NotSupportedError. It is a variable so that tests
// can exercise step 3.
var implementedICESchemes = map[string]bool{"stun": true, "stuns": true, "turn": true, "turns": true}

// ParseICEServerURL runs steps 1–6 of the W3C "validate an ICE server URL"
// algorithm (§4.4.1.5) on rawURL, with the WHATWG URL Standard's parsing
// semantics, and returns the URL's parts. Errors match ErrSyntax for a URL
// that is malformed or not a stun/stuns/turn/turns URL, and ErrNotSupported
// for a scheme this package does not implement (step 3) or a host that needs
// IDNA processing (see "IDNA" below).
//
// Hosts: an ASCII domain is lower-cased; "[...]" is an IPv6 literal; a domain
// whose last label is a number is parsed as an IPv4 address in the WHATWG
// way (so "stun:0x7f.1" is 127.0.0.1, and "stun:1.2.3.256" is a SyntaxError).
//
// IDNA: the WHATWG host parser runs UTS #46 ToASCII on a domain. This package
// has no Unicode IDNA tables, so a host with non-ASCII characters is rejected
// with ErrNotSupported (give its "xn--" form instead), and "xn--" labels are
// passed through lower-cased without checking that they decode.
func ParseICEServerURL(rawURL string) (ICEServerURL, error) {
	// Step 1: parse url (WHATWG basic URL parser, no base URL).
	scheme, path, query, hasQuery, err := parseICEURLSyntax(rawURL)
	if err != nil {
		return ICEServerURL{}, err
	}
	// Step 2, last condition: stun and stuns URLs take no query.
	if (scheme == "stun" || scheme == "stuns") && hasQuery {
		return ICEServerURL{}, newError(ErrSyntax, "ICE server URL %q: a %s URL cannot have a query", rawURL, scheme)
	}
	// Step 3.
	if !implementedICESchemes[scheme] {
		return ICEServerURL{}, newError(ErrNotSupported, "ICE server URL %q: scheme %q is not implemented", rawURL, scheme)
	}
	// Steps 4 and 5: parse "https://" + path; it must be a host and an
	// optional port, with no path, username or password.
	host, port, hasPort, err := parseICEHostAndPort(path)
	if err != nil {
		return ICEServerURL{}, wrapHostError(err, rawURL)
	}
	u := ICEServerURL{Scheme: scheme, Host: host, Port: port}
	if !hasPort {
		u.Port = defaultSTUNPort
		if scheme == "stuns" || scheme == "turns" {
			u.Port = defaultSTUNSPort
		}
	}
	// Step 6. The WHATWG parser percent-encodes the query, but encoding only
	// adds "%", which neither allowed value contains, so comparing the
	// unencoded query gives the same answer.
	if hasQuery {
		switch query {
		case "transport=udp":
			u.Transport = "udp"
		case "transport=tcp":
			u.Transport = "tcp"
		default:
			return ICEServerURL{}, newError(ErrSyntax, "ICE server URL %q: query %q is neither \"transport=udp\" nor \"transport=tcp\"", rawURL, query)
		}
	}
	return u, nil
}

// Validate runs steps 1–4 of the W3C "set the configuration" ICE server
// checks (§4.4.1.5 steps 6.1–6.4) on s: it rejects an empty URL list with an
// ErrSyntax error and runs "validate an ICE server URL" on each URL in order,
// returning the first failure. Step 7 of that algorithm rejects a turn or turns
// URL with an ErrInvalidAccess error when s.Username or s.Credential is
// missing (empty, in Go) or does not conform to RFC 8489 §14.3 (username) or
// RFC 8265 §4.1 (password); see validICECredential for what is checked.
// The result holds one ICEServerURL per URL, with the credentials copied into
// the turn and turns ones.
func (s ICEServer) Validate() ([]ICEServerURL, error) {
	if len(s.URLs) == 0 {
		return nil, newError(ErrSyntax, "ICE server has no URLs")
	}
	out := make([]ICEServerURL, 0, len(s.URLs))
	for _, raw := range s.URLs {
		u, err := ParseICEServerURL(raw)
		if err != nil {
			return nil, err
		}
		if u.Scheme == "turn" || u.Scheme == "turns" {
			if err := validICECredential(s.Username, maxSTUNUsernameBytes); err != nil {
				return nil, newError(ErrInvalidAccess, "ICE server URL %q: username %s", raw, err.Error())
			}
			if err := validICECredential(s.Credential, 0); err != nil {
				return nil, newError(ErrInvalidAccess, "ICE server URL %q: credential %s", raw, err.Error())
			}
			u.Username, u.Credential = s.Username, s.Credential
		}
		out = append(out, u)
	}
	return out, nil
}

// String serializes u as a URL that ParseICEServerURL maps back to u (without
// the credentials): scheme ":" host ":" port ["?transport=" transport], with an
// IPv6 host in brackets and the port always written.
func (u ICEServerURL) String() string {
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteByte(':')
	if strings.IndexByte(u.Host, ':') >= 0 {
		b.WriteByte('[')
		b.WriteString(u.Host)
		b.WriteByte(']')
	} else {
		b.WriteString(u.Host)
	}
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(u.Port))
	if u.Transport != "" {
		b.WriteString("?transport=")
		b.WriteString(u.Transport)
	}
	return b.String()
}

// validICECredential reports why s is not an acceptable TURN username or
// password, or nil. It checks what can be checked without the Unicode PRECIS
// tables: s is present (non-empty), valid UTF-8, at most maxBytes long when
// maxBytes > 0 (RFC 8489 §14.3), and free of control characters, which the
// PRECIS FreeformClass underlying the OpaqueString profile disallows
// (RFC 8264 §4.3, §9.12). NFC normalization and the unassigned-code-point
// rules of OpaqueString (RFC 8265 §4.2) are not checked.
func validICECredential(s string, maxBytes int) error {
	switch {
	case s == "":
		return credMissing
	case !utf8.ValidString(s):
		return credNotUTF8
	case maxBytes > 0 && len(s) > maxBytes:
		return credTooLong
	}
	for _, r := range s {
		if unicode.Is(unicode.Cc, r) {
			return credControl
		}
	}
	return nil
}

// credentialProblem is a short reason a TURN username or credential is refused.
type credentialProblem string

func (p credentialProblem) Error() string { return string(p) }

const (
	credMissing credentialProblem = "is missing"
	credNotUTF8 credentialProblem = "is not valid UTF-8"
	credTooLong credentialProblem = "is 509 bytes or longer (RFC 8489 §14.3)"
	credControl credentialProblem = "contains a control character (RFC 8265 OpaqueString)"
)

// hostError is a failure of the host-and-port parse (steps 4–5), before the
// URL is known for the message.
type hostError struct {
	kind error
	msg  string
}

func (e *hostError) Error() string { return e.msg }

func wrapHostError(err error, rawURL string) error {
	he, ok := err.(*hostError)
	if !ok {
		panic("BUG: host parser returned " + err.Error())
	}
	return newError(he.kind, "ICE server URL %q: %s", rawURL, he.msg)
}

func hostSyntaxError(format string, args ...any) error {
	return &hostError{kind: ErrSyntax, msg: fmt.Sprintf(format, args...)}
}

// parseICEURLSyntax is the part of the WHATWG basic URL parser (no base URL)
// that an ICE server URL exercises, with step 2 of "validate an ICE server URL"
// applied as it goes. It returns the lower-cased scheme, the opaque path
// (percent-encoded as the parser does) and the query (not percent-encoded).
func parseICEURLSyntax(raw string) (scheme, path, query string, hasQuery bool, err error) {
	// Remove leading and trailing C0 control or space, then all ASCII tab or
	// newline.
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= 0x20 })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	// Scheme start and scheme states: ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") ":".
	// Anything else falls to the "no scheme" state, which fails without a base.
	i := 0
	for i < len(s) && (urlIsAlpha(s[i]) || (i > 0 && (urlIsDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))) {
		i++
	}
	if i == 0 || i == len(s) || s[i] != ':' {
		return "", "", "", false, newError(ErrSyntax, "ICE server URL %q is not a URL: it does not start with a scheme and \":\"", raw)
	}
	scheme = strings.ToLower(s[:i])
	rest := s[i+1:]
	switch scheme {
	case "stun", "stuns", "turn", "turns":
	default:
		return "", "", "", false, newError(ErrSyntax, "ICE server URL %q: scheme %q is not stun, stuns, turn or turns", raw, scheme)
	}
	// These schemes are not special: after ":" a "/" leads to the "path or
	// authority" state, and no opaque path.
	if strings.HasPrefix(rest, "/") {
		return "", "", "", false, newError(ErrSyntax, "ICE server URL %q: %q after %q is a hierarchical path, not an opaque one (write %s:host[:port])", raw, "/", scheme+":", scheme)
	}
	// A fragment ("#" in the opaque path or query states) is never allowed.
	if strings.IndexByte(rest, '#') >= 0 {
		return "", "", "", false, newError(ErrSyntax, "ICE server URL %q has a fragment", raw)
	}
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		query, hasQuery = rest[q+1:], true
		rest = rest[:q]
	}
	if j := strings.IndexAny(rest, "/@"); j >= 0 {
		return "", "", "", false, newError(ErrSyntax, "ICE server URL %q: the part after the scheme contains %q", raw, rest[j:j+1])
	}
	// Opaque path state: UTF-8 percent-encode with the C0 control
	// percent-encode set; a space just before "?" becomes "%20".
	var b strings.Builder
	for k, r := range rest {
		switch {
		case r == ' ' && k == len(rest)-1 && hasQuery:
			b.WriteString("%20")
		case r < 0x20 || r > 0x7e:
			// An invalid byte reads as U+FFFD (utf8.RuneError), as it would
			// in a USVString.
			var buf [utf8.UTFMax]byte
			for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
				b.WriteString(urlPercentByte(c))
			}
		default:
			b.WriteRune(r)
		}
	}
	return scheme, b.String(), query, hasQuery, nil
}

// parseICEHostAndPort parses "https://" + path with the WHATWG URL parser's
// authority, host and port states (steps 4 and 5). path contains no "/", "?",
// "#" or "@" (step 2 and the caller's split removed them), so no username,
// password, query or fragment can appear. A "\" would start the https URL's
// path, which step 5 forbids.
func parseICEHostAndPort(path string) (host string, port int, hasPort bool, err error) {
	if j := strings.IndexByte(path, '\\'); j >= 0 {
		return "", 0, false, hostSyntaxError("%q would start a path after the host", `\`)
	}
	// Host state: the host ends at the first ":" outside "[...]".
	end := len(path)
	inBrackets := false
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == '[' {
			inBrackets = true
		} else if c == ']' {
			inBrackets = false
		} else if c == ':' && !inBrackets {
			end = i
			break
		}
	}
	if end == 0 {
		return "", 0, false, hostSyntaxError("the host is missing")
	}
	host, err = urlParseHost(path[:end])
	if err != nil {
		return "", 0, false, err
	}
	if end == len(path) {
		return host, 0, false, nil
	}
	// Port state: ASCII digits only, at most 65535; empty means no port.
	digits := path[end+1:]
	if digits == "" {
		return host, 0, false, nil
	}
	for i := 0; i < len(digits); i++ {
		if !urlIsDigit(digits[i]) {
			return "", 0, false, hostSyntaxError("port %q is not a decimal number", digits)
		}
		port = port*10 + int(digits[i]-'0')
		if port > 65535 {
			return "", 0, false, hostSyntaxError("port %q is larger than 65535", digits)
		}
	}
	return host, port, true, nil
}

// urlParseHost is the WHATWG host parser for a special URL (isOpaque false).
// It returns the serialized host.
func urlParseHost(input string) (string, error) {
	if strings.HasPrefix(input, "[") {
		if !strings.HasSuffix(input, "]") || len(input) < 2 {
			return "", hostSyntaxError("IPv6 address %q has no closing \"]\"", input)
		}
		addr, ok := urlParseIPv6(input[1 : len(input)-1])
		if !ok {
			return "", hostSyntaxError("%q is not a valid IPv6 address", input)
		}
		return urlSerializeIPv6(addr), nil
	}
	domain := urlPercentDecode(input)
	// Domain to ASCII, then the forbidden domain code point check. A
	// forbidden ASCII code point fails whatever UTS #46 would do with the
	// rest, so it is checked first.
	for i := 0; i < len(domain); i++ {
		if c := domain[i]; c < 0x80 && urlForbiddenDomainByte(c) {
			return "", hostSyntaxError("host %q contains the forbidden character %q", input, string(rune(c)))
		}
	}
	for i := 0; i < len(domain); i++ {
		if domain[i] >= 0x80 {
			// Invalid UTF-8 decodes to U+FFFD, which UTS #46 disallows.
			if !utf8.ValidString(domain) || strings.ContainsRune(domain, utf8.RuneError) {
				return "", hostSyntaxError("host %q is not valid UTF-8, or contains U+FFFD, once percent-decoded", input)
			}
			return "", &hostError{kind: ErrNotSupported, msg: fmt.Sprintf("host %q is an internationalized domain name; IDNA (UTS #46) processing is not implemented, give its xn-- form", domain)}
		}
	}
	// For an ASCII domain, UTS #46 ToASCII with the WHATWG flags is ASCII
	// lower-casing (xn-- labels are not verified here).
	ascii := strings.ToLower(domain)
	if urlEndsInANumber(ascii) {
		v, ok := urlParseIPv4(ascii)
		if !ok {
			return "", hostSyntaxError("host %q ends in a number but is not a valid IPv4 address", input)
		}
		return urlSerializeIPv4(v), nil
	}
	return ascii, nil
}

// urlForbiddenDomainByte reports whether ASCII byte c is a WHATWG forbidden
// domain code point: a forbidden host code point, a C0 control, "%" or DEL.
func urlForbiddenDomainByte(c byte) bool {
	if c <= 0x20 || c == 0x7f {
		return true // C0 controls (NUL, tab, LF, CR among them), space, DEL
	}
	return strings.IndexByte("#/:<>?@[\\]^|%", c) >= 0
}

// urlPercentDecode is the WHATWG percent-decode of a string: "%" and two hex
// digits become that byte; any other "%" stays.
func urlPercentDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && urlIsHex(s[i+1]) && urlIsHex(s[i+2]) {
			b = append(b, urlHexVal(s[i+1])<<4|urlHexVal(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// urlEndsInANumber is the WHATWG "ends in a number checker".
func urlEndsInANumber(s string) bool {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.TrimLeft(last, "0123456789") == "" {
		return true
	}
	_, ok := urlParseIPv4Number(last)
	return ok
}

// urlParseIPv4Number is the WHATWG IPv4 number parser: decimal, octal with a
// leading "0", or hex with "0x". Values of 2^32 and above saturate at 2^32,
// which every caller rejects.
func urlParseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	radix := uint64(10)
	if len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s, radix = s[2:], 16
	} else if len(s) >= 2 && s[0] == '0' {
		s, radix = s[1:], 8
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d uint64
		switch {
		case urlIsDigit(c) && uint64(c-'0') < radix:
			d = uint64(c - '0')
		case radix == 16 && urlIsHex(c):
			d = uint64(urlHexVal(c))
		default:
			return 0, false
		}
		v = v*radix + d
		if v > 1<<32 {
			v = 1 << 32
		}
	}
	return v, true
}

// urlParseIPv4 is the WHATWG IPv4 parser.
func urlParseIPv4(s string) (uint32, bool) {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, false
	}
	var nums [4]uint64
	for i, p := range parts {
		n, ok := urlParseIPv4Number(p)
		if !ok {
			return 0, false
		}
		nums[i] = n
	}
	n := len(parts)
	for _, v := range nums[:n-1] {
		if v > 255 {
			return 0, false
		}
	}
	if nums[n-1] >= 1<<(8*(5-n)) {
		return 0, false
	}
	v := nums[n-1]
	for i, x := range nums[:n-1] {
		v += x << (8 * (3 - i))
	}
	return uint32(v), true
}

func urlSerializeIPv4(v uint32) string {
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&0xff)) + "." +
		strconv.Itoa(int(v>>8&0xff)) + "." + strconv.Itoa(int(v&0xff))
}

// urlParseIPv6 is the WHATWG IPv6 parser.
func urlParseIPv6(s string) ([8]uint16, bool) {
	var addr [8]uint16
	piece, compress := 0, -1
	p := 0
	at := func(i int) int { // the code point at i, or -1 for EOF
		if i < len(s) {
			return int(s[i])
		}
		return -1
	}
	if at(p) == ':' {
		if at(p+1) != ':' {
			return addr, false
		}
		p += 2
		piece++
		compress = piece
	}
	for at(p) != -1 {
		if piece == 8 {
			return addr, false
		}
		if at(p) == ':' {
			if compress != -1 {
				return addr, false
			}
			p++
			piece++
			compress = piece
			continue
		}
		value, length := 0, 0
		for length < 4 && at(p) != -1 && urlIsHex(s[p]) {
			value = value*16 + int(urlHexVal(s[p]))
			p++
			length++
		}
		if at(p) == '.' {
			// An IPv4 address in the last 32 bits.
			if length == 0 {
				return addr, false
			}
			p -= length
			if piece > 6 {
				return addr, false
			}
			seen := 0
			for at(p) != -1 {
				v4 := -1
				if seen > 0 {
					if at(p) == '.' && seen < 4 {
						p++
					} else {
						return addr, false
					}
				}
				if at(p) == -1 || !urlIsDigit(s[p]) {
					return addr, false
				}
				for at(p) != -1 && urlIsDigit(s[p]) {
					n := int(s[p] - '0')
					switch v4 {
					case -1:
						v4 = n
					case 0:
						return addr, false
					default:
						v4 = v4*10 + n
					}
					if v4 > 255 {
						return addr, false
					}
					p++
				}
				addr[piece] = addr[piece]<<8 | uint16(v4)
				seen++
				if seen == 2 || seen == 4 {
					piece++
				}
			}
			if seen != 4 {
				return addr, false
			}
			break
		} else if at(p) == ':' {
			p++
			if at(p) == -1 {
				return addr, false
			}
		} else if at(p) != -1 {
			return addr, false
		}
		addr[piece] = uint16(value)
		piece++
	}
	if compress != -1 {
		swaps := piece - compress
		piece = 7
		for piece != 0 && swaps > 0 {
			addr[piece], addr[compress+swaps-1] = addr[compress+swaps-1], addr[piece]
			piece--
			swaps--
		}
	} else if piece != 8 {
		return addr, false
	}
	return addr, true
}

// urlSerializeIPv6 is the WHATWG IPv6 serializer: lower-case hex pieces, with the
// first longest run of two or more zero pieces written as "::".
func urlSerializeIPv6(a [8]uint16) string {
	best, bestLen := -1, 1
	for i := 0; i < 8; {
		if a[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && a[j] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if i == best {
			if i == 0 {
				b.WriteString("::")
			} else {
				b.WriteByte(':')
			}
			i += bestLen - 1
			continue
		}
		b.WriteString(strconv.FormatUint(uint64(a[i]), 16))
		if i != 7 {
			b.WriteByte(':')
		}
	}
	return b.String()
}

func urlIsAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func urlIsDigit(c byte) bool { return c >= '0' && c <= '9' }
func urlIsHex(c byte) bool   { return urlIsDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }

func urlHexVal(c byte) byte {
	if urlIsDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

func urlPercentByte(c byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'%', hex[c>>4], hex[c&0xf]})
}
