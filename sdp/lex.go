package sdp

import (
	"strconv"
	"strings"
)

// isTokenChar reports whether c is a token-char (RFC 8866 §9).
func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '{', '|', '}', '~':
		return true
	}
	return false
}

// isToken reports whether s is a token: 1*token-char (RFC 8866 §9).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return false
		}
	}
	return true
}

// isDigits reports whether s is 1*DIGIT.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isNonWS reports whether s is a non-ws-string: 1*(VCHAR / %x80-FF)
// (RFC 8866 §9).
func isNonWS(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// parseUint parses 1*DIGIT as a number no larger than max. Unlike
// strconv.ParseUint it rejects signs and underscores.
func parseUint(s string, max uint64) (uint64, bool) {
	if !isDigits(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil || v > max {
		return 0, false
	}
	return v, true
}

// appendUint appends the decimal form of v.
func appendUint(b []byte, v uint64) []byte {
	return strconv.AppendUint(b, v, 10)
}

// splitSP splits s at every space, appending the fields to dst. With a
// dst backed by a local array this does not allocate for short lines.
func splitSP(s string, dst []string) []string {
	for {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
}

// splitSPN is splitSP that stops after n fields: the rest of s, however
// many spaces it holds, is the last element (so up to n+1 elements).
func splitSPN(s string, dst []string, n int) []string {
	for range n {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
	return append(dst, s)
}
