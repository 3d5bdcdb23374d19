package dtls

import (
	"golang.org/x/crypto/cryptobyte"
)

// CertificateMessage is the Certificate message of RFC 5246 §7.4.2: the DER
// chain, end-entity certificate first.
type CertificateMessage struct {
	Certificates [][]byte
}

// AppendTo appends the message body to b.
func (m *CertificateMessage) AppendTo(b []byte) []byte {
	bb := cryptobyte.NewBuilder(b)
	bb.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, c := range m.Certificates {
			b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(c) })
		}
	})
	return bb.BytesOrPanic()
}

// Unmarshal parses a Certificate body.
func (m *CertificateMessage) Unmarshal(body []byte) error {
	*m = CertificateMessage{}
	s := cryptobyte.String(body)
	var list cryptobyte.String
	if !s.ReadUint24LengthPrefixed(&list) || !s.Empty() {
		return errBadMessage
	}
	m.Certificates = [][]byte{}
	for !list.Empty() {
		var c []byte
		if !list.ReadUint24LengthPrefixed((*cryptobyte.String)(&c)) || len(c) == 0 {
			return errBadMessage
		}
		m.Certificates = append(m.Certificates, append([]byte{}, c...))
	}
	return nil
}

// Client certificate types of RFC 5246 §7.4.4 and RFC 8422 §5.5.
const (
	certTypeRSASign   uint8 = 1
	certTypeECDSASign uint8 = 64
)

// CertificateRequest is the TLS 1.2 CertificateRequest of RFC 5246 §7.4.4.
type CertificateRequest struct {
	CertificateTypes []uint8
	SignatureSchemes []SignatureScheme
	Authorities      [][]byte
}

// AppendTo appends the message body to b.
func (m *CertificateRequest) AppendTo(b []byte) []byte {
	bb := cryptobyte.NewBuilder(b)
	bb.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.CertificateTypes) })
	bb.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, s := range m.SignatureSchemes {
			b.AddUint16(uint16(s))
		}
	})
	bb.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, a := range m.Authorities {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(a) })
		}
	})
	return bb.BytesOrPanic()
}

// Unmarshal parses a CertificateRequest body.
func (m *CertificateRequest) Unmarshal(body []byte) error {
	*m = CertificateRequest{}
	s := cryptobyte.String(body)
	var types []byte
	var schemes, auths cryptobyte.String
	if !s.ReadUint8LengthPrefixed((*cryptobyte.String)(&types)) || len(types) == 0 ||
		!s.ReadUint16LengthPrefixed(&schemes) || len(schemes) < 2 || len(schemes)%2 != 0 ||
		!s.ReadUint16LengthPrefixed(&auths) || !s.Empty() {
		return errBadMessage
	}
	m.CertificateTypes = append([]uint8{}, types...)
	for !schemes.Empty() {
		var v uint16
		schemes.ReadUint16(&v)
		m.SignatureSchemes = append(m.SignatureSchemes, SignatureScheme(v))
	}
	for !auths.Empty() {
		var a []byte
		if !auths.ReadUint16LengthPrefixed((*cryptobyte.String)(&a)) || len(a) == 0 {
			return errBadMessage
		}
		m.Authorities = append(m.Authorities, append([]byte{}, a...))
	}
	return nil
}

// curveTypeNamed is ECCurveType named_curve (RFC 8422 §5.4).
const curveTypeNamed = 3

// ServerKeyExchange is the ECDHE ServerKeyExchange of RFC 8422 §5.4 with
// the TLS 1.2 signature (RFC 5246 §4.7, §7.4.3).
type ServerKeyExchange struct {
	Group     Group
	PublicKey []byte
	Scheme    SignatureScheme
	Signature []byte
}

// appendParams appends ServerECDHParams, the part covered by the signature.
func (m *ServerKeyExchange) appendParams(b []byte) []byte {
	b = append(b, curveTypeNamed, byte(m.Group>>8), byte(m.Group), byte(len(m.PublicKey)))
	return append(b, m.PublicKey...)
}

// AppendTo appends the message body to b.
func (m *ServerKeyExchange) AppendTo(b []byte) []byte {
	if len(m.PublicKey) == 0 || len(m.PublicKey) > 255 || len(m.Signature) >= 1<<16 {
		panic("BUG: dtls: ServerKeyExchange field out of range")
	}
	b = m.appendParams(b)
	b = append(b, byte(m.Scheme>>8), byte(m.Scheme), byte(len(m.Signature)>>8), byte(len(m.Signature)))
	return append(b, m.Signature...)
}

// Unmarshal parses an ECDHE ServerKeyExchange body.
func (m *ServerKeyExchange) Unmarshal(body []byte) error {
	*m = ServerKeyExchange{}
	s := cryptobyte.String(body)
	var ct uint8
	var g, sch uint16
	var pub, sig []byte
	if !s.ReadUint8(&ct) || ct != curveTypeNamed || !s.ReadUint16(&g) ||
		!s.ReadUint8LengthPrefixed((*cryptobyte.String)(&pub)) || len(pub) == 0 ||
		!s.ReadUint16(&sch) || !s.ReadUint16LengthPrefixed((*cryptobyte.String)(&sig)) || !s.Empty() {
		return errBadMessage
	}
	m.Group, m.Scheme = Group(g), SignatureScheme(sch)
	m.PublicKey = append([]byte{}, pub...)
	m.Signature = append([]byte{}, sig...)
	return nil
}

// ClientKeyExchange is the ECDHE ClientKeyExchange of RFC 8422 §5.7.
type ClientKeyExchange struct {
	PublicKey []byte
}

// AppendTo appends the message body to b.
func (m *ClientKeyExchange) AppendTo(b []byte) []byte {
	if len(m.PublicKey) == 0 || len(m.PublicKey) > 255 {
		panic("BUG: dtls: ClientKeyExchange point out of range")
	}
	b = append(b, byte(len(m.PublicKey)))
	return append(b, m.PublicKey...)
}

// Unmarshal parses a ClientKeyExchange body.
func (m *ClientKeyExchange) Unmarshal(body []byte) error {
	s := cryptobyte.String(body)
	var pub []byte
	if !s.ReadUint8LengthPrefixed((*cryptobyte.String)(&pub)) || len(pub) == 0 || !s.Empty() {
		return errBadMessage
	}
	m.PublicKey = append([]byte{}, pub...)
	return nil
}

// CertificateVerify is the TLS 1.2 CertificateVerify of RFC 5246 §7.4.8.
type CertificateVerify struct {
	Scheme    SignatureScheme
	Signature []byte
}

// AppendTo appends the message body to b.
func (m *CertificateVerify) AppendTo(b []byte) []byte {
	if len(m.Signature) >= 1<<16 {
		panic("BUG: dtls: signature too long")
	}
	b = append(b, byte(m.Scheme>>8), byte(m.Scheme), byte(len(m.Signature)>>8), byte(len(m.Signature)))
	return append(b, m.Signature...)
}

// Unmarshal parses a CertificateVerify body.
func (m *CertificateVerify) Unmarshal(body []byte) error {
	s := cryptobyte.String(body)
	var sch uint16
	var sig []byte
	if !s.ReadUint16(&sch) || !s.ReadUint16LengthPrefixed((*cryptobyte.String)(&sig)) || !s.Empty() {
		return errBadMessage
	}
	m.Scheme = SignatureScheme(sch)
	m.Signature = append([]byte{}, sig...)
	return nil
}

// Finished is the Finished message of RFC 5246 §7.4.9.
type Finished struct {
	VerifyData []byte
}

// AppendTo appends the message body to b.
func (m *Finished) AppendTo(b []byte) []byte { return append(b, m.VerifyData...) }

// Unmarshal parses a Finished body (12 bytes for every suite here).
func (m *Finished) Unmarshal(body []byte) error {
	if len(body) != finishedLen {
		return errBadMessage
	}
	m.VerifyData = append([]byte{}, body...)
	return nil
}
