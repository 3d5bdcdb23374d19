package dtls

import (
	"errors"
	"fmt"
)

// HandshakeType is the msg_type of a handshake message (RFC 5246 §7.4,
// RFC 6347 §4.3.2).
type HandshakeType uint8

// Handshake message types of RFC 5246 §7.4 and RFC 6347 §4.2.1.
const (
	TypeHelloRequest       HandshakeType = 0
	TypeClientHello        HandshakeType = 1
	TypeServerHello        HandshakeType = 2
	TypeHelloVerifyRequest HandshakeType = 3
	TypeCertificate        HandshakeType = 11
	TypeServerKeyExchange  HandshakeType = 12
	TypeCertificateRequest HandshakeType = 13
	TypeServerHelloDone    HandshakeType = 14
	TypeCertificateVerify  HandshakeType = 15
	TypeClientKeyExchange  HandshakeType = 16
	TypeFinished           HandshakeType = 20
)

// String returns the RFC 5246 name of the message type.
func (t HandshakeType) String() string {
	switch t {
	case TypeHelloRequest:
		return "hello_request"
	case TypeClientHello:
		return "client_hello"
	case TypeServerHello:
		return "server_hello"
	case TypeHelloVerifyRequest:
		return "hello_verify_request"
	case TypeCertificate:
		return "certificate"
	case TypeServerKeyExchange:
		return "server_key_exchange"
	case TypeCertificateRequest:
		return "certificate_request"
	case TypeServerHelloDone:
		return "server_hello_done"
	case TypeCertificateVerify:
		return "certificate_verify"
	case TypeClientKeyExchange:
		return "client_key_exchange"
	case TypeFinished:
		return "finished"
	}
	return fmt.Sprintf("handshake_type(%d)", uint8(t))
}

// HandshakeHeaderLen is the size of the DTLS handshake header (RFC 6347 §4.2.2).
const HandshakeHeaderLen = 12

// HandshakeFragment is one handshake message fragment as carried in a
// record (RFC 6347 §4.2.2–4.2.3): the header and fragment_length bytes of
// body starting at fragment_offset.
type HandshakeFragment struct {
	Type     HandshakeType
	Length   uint32 // total body length of the message (24 bits)
	Seq      uint16 // message_seq
	Offset   uint32 // fragment_offset (24 bits)
	Fragment []byte // fragment_length bytes
}

// Errors of the handshake fragment parser.
var (
	ErrShortHandshake = errors.New("dtls: handshake fragment truncated")
	ErrFragmentRange  = errors.New("dtls: handshake fragment outside its message")
)

func u24(b []byte) uint32 { return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) }

// ParseHandshakeFragment reads one fragment from the front of b (a record
// may hold several, RFC 6347 §4.2.3) and returns it with the bytes used.
func ParseHandshakeFragment(b []byte) (HandshakeFragment, int, error) {
	var f HandshakeFragment
	if len(b) < HandshakeHeaderLen {
		return f, 0, ErrShortHandshake
	}
	f.Type = HandshakeType(b[0])
	f.Length = u24(b[1:4])
	f.Seq = uint16(b[4])<<8 | uint16(b[5])
	f.Offset = u24(b[6:9])
	fl := u24(b[9:12])
	if int(fl) > len(b)-HandshakeHeaderLen {
		return f, 0, ErrShortHandshake
	}
	if uint64(f.Offset)+uint64(fl) > uint64(f.Length) {
		return f, 0, ErrFragmentRange
	}
	n := HandshakeHeaderLen + int(fl)
	f.Fragment = b[HandshakeHeaderLen:n]
	return f, n, nil
}

// AppendTo appends the fragment, header included, to b.
func (f *HandshakeFragment) AppendTo(b []byte) []byte {
	n := len(f.Fragment)
	if f.Length >= 1<<24 || uint64(f.Offset)+uint64(n) > uint64(f.Length) {
		panic("BUG: dtls: handshake fragment outside its message")
	}
	b = append(b, byte(f.Type), byte(f.Length>>16), byte(f.Length>>8), byte(f.Length),
		byte(f.Seq>>8), byte(f.Seq), byte(f.Offset>>16), byte(f.Offset>>8), byte(f.Offset),
		byte(n>>16), byte(n>>8), byte(n))
	return append(b, f.Fragment...)
}

// appendHandshakeMessage appends a whole message as the single fragment the
// transcript hash uses (RFC 6347 §4.2.6: as if sent unfragmented).
func appendHandshakeMessage(b []byte, typ HandshakeType, seq uint16, body []byte) []byte {
	f := HandshakeFragment{Type: typ, Length: uint32(len(body)), Seq: seq, Fragment: body}
	return f.AppendTo(b)
}
