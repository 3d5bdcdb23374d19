package sdp

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Limits on the input accepted by Parse. A description beyond them is
// rejected with an error wrapping ErrTooLarge, so that a peer cannot make
// the parser allocate without bound.
const (
	// MaxSize is the largest description Parse accepts, in bytes.
	MaxSize = 1 << 20
	// MaxLines is the largest number of lines Parse accepts.
	MaxLines = 1 << 16
)

var (
	// ErrSyntax is wrapped by every error Parse returns for text that does
	// not follow the SDP grammar (RFC 8866 §9) or its line order (§5).
	ErrSyntax = errors.New("sdp: syntax error")
	// ErrTooLarge is wrapped by the error Parse returns for a description
	// larger than MaxSize bytes or MaxLines lines.
	ErrTooLarge = errors.New("sdp: description too large")
)

// ParseError is the error Parse returns. It says which line was wrong and
// why; errors.Is(err, ErrSyntax) or errors.Is(err, ErrTooLarge) classifies it.
type ParseError struct {
	Line int    // 1-based line number; 0 when the error concerns the whole input
	Text string // the offending line, without its line ending
	Err  error  // what was wrong
}

// Error returns a message naming the line, its text and the problem.
func (e *ParseError) Error() string {
	if e.Line == 0 {
		return e.Err.Error()
	}
	text := e.Text
	if len(text) > 100 {
		text = text[:100] + "..."
	}
	return fmt.Sprintf("sdp: line %d %q: %s", e.Line, text, strings.TrimPrefix(e.Err.Error(), "sdp: "))
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

func syntaxErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, clipArgs(args)...)...)
}

// clipArgs cuts string arguments of an error message to 64 bytes, so that
// a huge input does not make a huge message.
func clipArgs(args []any) []any {
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > 64 {
			args[i] = s[:64] + "..."
		}
	}
	return args
}

// Parse parses an SDP session description (RFC 8866). It checks the type
// letters, the line order of RFC 8866 §5 and §9 (session level v, o, s, i,
// u, e, p, c, b, t with r and z, k, a; media level m, i, c, b, k, a), v=0,
// the o=, c=, b=, t=, r=, z=, m= and a= line grammars, and that at least one
// t= line is present. Lines may end with CRLF or, liberally, with a bare LF
// (but not a mix of both); the last line ending may be missing. Attribute
// values are kept as text: the typed parsers (ParseCandidate, …) read them.
//
// Marshal on the result reproduces b byte for byte.
func Parse(b []byte) (*SessionDescription, error) {
	if len(b) > MaxSize {
		return nil, &ParseError{Err: fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), MaxSize)}
	}
	if len(b) == 0 {
		return nil, &ParseError{Line: 1, Err: syntaxErrorf("empty description, want v=0")}
	}
	n := bytes.Count(b, []byte{'\n'})
	if b[len(b)-1] != '\n' {
		n++
	}
	if n > MaxLines {
		return nil, &ParseError{Err: fmt.Errorf("%w: %d lines, limit %d", ErrTooLarge, n, MaxLines)}
	}
	text := string(b)
	s := &SessionDescription{}
	lines := make([]Line, 0, n)
	nmedia := 0
	for pos := 0; pos < len(text); {
		var raw string
		if end := strings.IndexByte(text[pos:], '\n'); end < 0 {
			raw = text[pos:]
			pos = len(text)
			s.noFinalEOL = true
		} else {
			raw = text[pos : pos+end]
			pos += end + 1
			cr := len(raw) > 0 && raw[len(raw)-1] == '\r'
			if cr {
				raw = raw[:len(raw)-1]
			}
			if len(lines) == 0 {
				s.lf = !cr
			} else if s.lf == cr {
				return nil, &ParseError{Line: len(lines) + 1, Text: raw, Err: syntaxErrorf("mixed CRLF and LF line endings")}
			}
		}
		l, err := splitLine(raw)
		if err != nil {
			return nil, &ParseError{Line: len(lines) + 1, Text: raw, Err: err}
		}
		if l.Type == 'm' {
			nmedia++
		}
		lines = append(lines, l)
	}
	if err := checkLines(lines); err != nil {
		return nil, err
	}

	// Split into the session part and the media sections. All share one
	// backing array; the three-index slices make an append on any of them
	// copy instead of overwriting its neighbour.
	i := 0
	for i < len(lines) && lines[i].Type != 'm' {
		i++
	}
	s.Lines = lines[:i:i]
	if nmedia > 0 {
		media := make([]MediaDescription, nmedia)
		s.Media = make([]*MediaDescription, nmedia)
		for k := range media {
			j := i + 1
			for j < len(lines) && lines[j].Type != 'm' {
				j++
			}
			media[k].Lines = lines[i:j:j]
			s.Media[k] = &media[k]
			i = j
		}
	}
	return s, nil
}

// splitLine splits "<type>=<value>" (RFC 8866 §5: type is one lower-case
// letter, no space around "=", the value is a byte-string without NUL or CR).
func splitLine(raw string) (Line, error) {
	if len(raw) < 2 || raw[1] != '=' {
		return Line{}, syntaxErrorf(`want "<type>=<value>"`)
	}
	if !knownType[raw[0]] {
		return Line{}, syntaxErrorf("unknown type letter %q", raw[0])
	}
	v := raw[2:]
	if strings.IndexByte(v, '\r') >= 0 || strings.IndexByte(v, 0) >= 0 {
		return Line{}, syntaxErrorf("NUL or CR inside a line")
	}
	return Line{Type: raw[0], Value: v}, nil
}

// knownType is the set of type letters of RFC 8866 §5.
var knownType = [256]bool{'v': true, 'o': true, 's': true, 'i': true, 'u': true, 'e': true, 'p': true,
	'c': true, 'b': true, 't': true, 'r': true, 'z': true, 'k': true, 'a': true, 'm': true}

// Session-level phases in the order of RFC 8866 §9 "session-description".
const (
	phaseV = iota
	phaseO
	phaseS
	phaseI
	phaseU
	phaseE
	phaseP
	phaseC
	phaseB
	phaseT
	phaseK
	phaseA
)

var sessionPhase = [256]int8{
	'v': phaseV, 'o': phaseO, 's': phaseS, 'i': phaseI, 'u': phaseU, 'e': phaseE,
	'p': phaseP, 'c': phaseC, 'b': phaseB, 't': phaseT, 'r': phaseT, 'z': phaseT,
	'k': phaseK, 'a': phaseA,
}

// Media-level phases in the order of RFC 8866 §9 "media-description".
var mediaPhase = [256]int8{'m': 0, 'i': 1, 'c': 2, 'b': 3, 'k': 4, 'a': 5}

// repeatable reports whether a line type may appear more than once in a row
// of its phase (RFC 8866 §9: "*" in the grammar).
func repeatable(t byte) bool {
	switch t {
	case 'e', 'p', 'b', 't', 'r', 'a', 'c':
		return true
	}
	return false
}

// checkLines checks the order of the lines and the grammar of each line,
// in one pass, so that the first wrong line is the one reported.
func checkLines(lines []Line) error {
	fail := func(i int, err error) error {
		return &ParseError{Line: i + 1, Text: string(lines[i].Type) + "=" + lines[i].Value, Err: err}
	}
	want := [...]byte{'v', 'o', 's'}
	for i, t := range want {
		if i >= len(lines) {
			return &ParseError{Line: i + 1, Err: syntaxErrorf("missing %c= line", t)}
		}
		if lines[i].Type != t {
			return fail(i, syntaxErrorf("want a %c= line here (RFC 8866 §5 order v=, o=, s=)", t))
		}
		if err := checkLine(lines[i]); err != nil {
			return fail(i, err)
		}
	}
	phase := int8(phaseS)
	var prev byte = 's'
	times := 0
	zone := false // a z= line was seen in the current time description
	media := false
	for i := 3; i < len(lines); i++ {
		t := lines[i].Type
		switch {
		case t == 'm':
			if times == 0 {
				return fail(i, syntaxErrorf("missing t= line before the first m= line (RFC 8866 §5.9)"))
			}
			media = true
			phase = 0
		case media:
			p := mediaPhase[t]
			if p == 0 || p < phase || (p == phase && t == prev && !repeatable(t)) {
				return fail(i, syntaxErrorf("%c= line not allowed here in a media description (RFC 8866 §5)", t))
			}
			phase = p
		default:
			if t == 'c' && prev == 'c' {
				return fail(i, syntaxErrorf("more than one c= line at session level"))
			}
			p := sessionPhase[t]
			if t == 'v' || t == 'o' || t == 's' || p < phase || (p == phase && t == prev && !repeatable(t)) {
				return fail(i, syntaxErrorf("%c= line out of order (RFC 8866 §5)", t))
			}
			switch t {
			case 't':
				times++
				zone = false
			case 'r':
				if prev != 't' && prev != 'r' {
					return fail(i, syntaxErrorf("r= line must follow a t= line (RFC 8866 §5.10)"))
				}
			case 'z':
				if prev != 't' && prev != 'r' || zone {
					return fail(i, syntaxErrorf("z= line must follow a t= or r= line (RFC 8866 §5.11)"))
				}
				zone = true
			}
			phase = p
		}
		prev = t
		if err := checkLine(lines[i]); err != nil {
			return fail(i, err)
		}
	}
	if times == 0 {
		return &ParseError{Line: len(lines) + 1, Err: syntaxErrorf("missing t= line (RFC 8866 §5.9)")}
	}
	return nil
}

// checkLine checks the grammar of one line's value (RFC 8866 §9).
func checkLine(l Line) error {
	v := l.Value
	switch l.Type {
	case 'v':
		if v != "0" {
			return syntaxErrorf("unsupported version, want v=0 (RFC 8866 §5.1)")
		}
	case 'o':
		return checkOrigin(v)
	case 's':
		// RFC 8866 §5.3 asks for at least one character, but empty names
		// are seen in the wild; accept them.
	case 'i', 'u', 'e', 'p', 'k':
		if v == "" {
			return syntaxErrorf("empty %c= line", l.Type)
		}
	case 'c':
		var buf [4]string
		f := splitSP(v, buf[:0])
		if len(f) != 3 || !isToken(f[0]) || !isToken(f[1]) || !isNonWS(f[2]) {
			return syntaxErrorf("want c=<nettype> <addrtype> <connection-address> (RFC 8866 §5.7)")
		}
	case 'b':
		typ, bw, ok := strings.Cut(v, ":")
		if !ok || !isToken(typ) || !isDigits(bw) {
			return syntaxErrorf("want b=<bwtype>:<bandwidth> (RFC 8866 §5.8)")
		}
	case 't':
		start, stop, ok := strings.Cut(v, " ")
		if !ok || !isDigits(start) || !isDigits(stop) {
			return syntaxErrorf("want t=<start-time> <stop-time> (RFC 8866 §5.9)")
		}
	case 'r':
		var buf [8]string
		f := splitSP(v, buf[:0])
		if len(f) < 3 {
			return syntaxErrorf("want r=<repeat interval> <active duration> <offsets from start-time> (RFC 8866 §5.10)")
		}
		for _, x := range f {
			if !isTypedTime(x) {
				return syntaxErrorf("bad typed time %q in r= line (RFC 8866 §5.10)", x)
			}
		}
	case 'z':
		var buf [8]string
		f := splitSP(v, buf[:0])
		if len(f)%2 != 0 {
			return syntaxErrorf("want z=<adjustment time> <offset> ... (RFC 8866 §5.11)")
		}
		for k := 0; k < len(f); k += 2 {
			off := strings.TrimPrefix(f[k+1], "-")
			if !isDigits(f[k]) || !isTypedTime(off) {
				return syntaxErrorf("want z=<adjustment time> <offset> ... (RFC 8866 §5.11)")
			}
		}
	case 'a':
		name, _, _ := strings.Cut(v, ":")
		if !isToken(name) {
			return syntaxErrorf("attribute name %q is not a token (RFC 8866 §5.13)", name)
		}
	case 'm':
		_, err := parseMediaLine(v, false)
		return err
	}
	return nil
}

// isTypedTime reports whether s is a typed-time: 1*DIGIT [d|h|m|s]
// (RFC 8866 §9).
func isTypedTime(s string) bool {
	if n := len(s); n > 1 && strings.IndexByte("dhms", s[n-1]) >= 0 {
		s = s[:n-1]
	}
	return isDigits(s)
}
