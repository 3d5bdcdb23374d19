package dtls

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// errBadMessage reports a handshake message body that does not parse.
var errBadMessage = errors.New("dtls: malformed handshake message")

// ClientHello is the DTLS ClientHello of RFC 6347 §4.2.1 (RFC 5246 §7.4.1.2
// with the cookie field).
type ClientHello struct {
	Version            uint16
	Random             [32]byte
	SessionID          []byte
	Cookie             []byte
	CipherSuites       []CipherSuite
	CompressionMethods []uint8
	Extensions         Extensions
}

// AppendTo appends the message body to b.
func (m *ClientHello) AppendTo(b []byte) []byte {
	bb := cryptobyte.NewBuilder(b)
	bb.AddUint16(m.Version)
	bb.AddBytes(m.Random[:])
	bb.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.SessionID) })
	bb.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.Cookie) })
	bb.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, s := range m.CipherSuites {
			b.AddUint16(uint16(s))
		}
	})
	bb.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.CompressionMethods) })
	m.Extensions.appendTo(bb)
	return bb.BytesOrPanic()
}

// Unmarshal parses a ClientHello body.
func (m *ClientHello) Unmarshal(body []byte) error {
	*m = ClientHello{}
	s := cryptobyte.String(body)
	var sid, cookie, comp []byte
	var suites cryptobyte.String
	if !s.ReadUint16(&m.Version) || !s.CopyBytes(m.Random[:]) ||
		!s.ReadUint8LengthPrefixed((*cryptobyte.String)(&sid)) || len(sid) > 32 ||
		!s.ReadUint8LengthPrefixed((*cryptobyte.String)(&cookie)) ||
		!s.ReadUint16LengthPrefixed(&suites) || len(suites) < 2 || len(suites)%2 != 0 ||
		!s.ReadUint8LengthPrefixed((*cryptobyte.String)(&comp)) || len(comp) < 1 {
		return errBadMessage
	}
	m.SessionID = append([]byte{}, sid...)
	m.Cookie = append([]byte{}, cookie...)
	m.CompressionMethods = append([]uint8{}, comp...)
	for !suites.Empty() {
		var v uint16
		suites.ReadUint16(&v)
		m.CipherSuites = append(m.CipherSuites, CipherSuite(v))
	}
	return m.Extensions.parse(s)
}

// ServerHello is the ServerHello of RFC 5246 §7.4.1.3.
type ServerHello struct {
	Version           uint16
	Random            [32]byte
	SessionID         []byte
	CipherSuite       CipherSuite
	CompressionMethod uint8
	Extensions        Extensions
}

// AppendTo appends the message body to b.
func (m *ServerHello) AppendTo(b []byte) []byte {
	bb := cryptobyte.NewBuilder(b)
	bb.AddUint16(m.Version)
	bb.AddBytes(m.Random[:])
	bb.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.SessionID) })
	bb.AddUint16(uint16(m.CipherSuite))
	bb.AddUint8(m.CompressionMethod)
	m.Extensions.appendTo(bb)
	return bb.BytesOrPanic()
}

// Unmarshal parses a ServerHello body.
func (m *ServerHello) Unmarshal(body []byte) error {
	*m = ServerHello{}
	s := cryptobyte.String(body)
	var sid []byte
	var suite uint16
	if !s.ReadUint16(&m.Version) || !s.CopyBytes(m.Random[:]) ||
		!s.ReadUint8LengthPrefixed((*cryptobyte.String)(&sid)) || len(sid) > 32 ||
		!s.ReadUint16(&suite) || !s.ReadUint8(&m.CompressionMethod) {
		return errBadMessage
	}
	m.SessionID = append([]byte{}, sid...)
	m.CipherSuite = CipherSuite(suite)
	return m.Extensions.parse(s)
}

// HelloVerifyRequest is the cookie exchange message of RFC 6347 §4.2.1.
type HelloVerifyRequest struct {
	Version uint16
	Cookie  []byte
}

// AppendTo appends the message body to b.
func (m *HelloVerifyRequest) AppendTo(b []byte) []byte {
	bb := cryptobyte.NewBuilder(b)
	bb.AddUint16(m.Version)
	bb.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.Cookie) })
	return bb.BytesOrPanic()
}

// Unmarshal parses a HelloVerifyRequest body.
func (m *HelloVerifyRequest) Unmarshal(body []byte) error {
	s := cryptobyte.String(body)
	var c []byte
	if !s.ReadUint16(&m.Version) || !s.ReadUint8LengthPrefixed((*cryptobyte.String)(&c)) || !s.Empty() {
		return errBadMessage
	}
	m.Cookie = append([]byte{}, c...)
	return nil
}
