package dtls

import (
	"bytes"
	"reflect"
	"testing"
)

// message is what every handshake body type implements.
type message interface {
	AppendTo([]byte) []byte
	Unmarshal([]byte) error
}

func newMessage(t HandshakeType) message {
	switch t {
	case TypeClientHello:
		return &ClientHello{}
	case TypeServerHello:
		return &ServerHello{}
	case TypeHelloVerifyRequest:
		return &HelloVerifyRequest{}
	case TypeCertificate:
		return &CertificateMessage{}
	case TypeServerKeyExchange:
		return &ServerKeyExchange{}
	case TypeCertificateRequest:
		return &CertificateRequest{}
	case TypeCertificateVerify:
		return &CertificateVerify{}
	case TypeClientKeyExchange:
		return &ClientKeyExchange{}
	case TypeFinished:
		return &Finished{}
	}
	return nil
}

// sampleMessages has one filled-in value of every message type.
func sampleMessages() map[HandshakeType]message {
	return map[HandshakeType]message{
		TypeClientHello: &ClientHello{Version: VersionDTLS12, Random: [32]byte{1, 2, 3}, SessionID: []byte{}, Cookie: []byte{9, 9},
			CipherSuites: []CipherSuite{0xc02b, 0xc02f}, CompressionMethods: []uint8{0},
			Extensions: Extensions{SupportedGroups: []Group{29, 23}, PointFormats: []uint8{0},
				SignatureSchemes: []SignatureScheme{0x0403, 0x0804}, UseSRTP: true,
				SRTPProfiles: []SRTPProtectionProfile{7, 1}, SRTPMKI: []byte{}, ALPN: []string{"webrtc", "c-webrtc"},
				ExtendedMasterSecret: true, RenegotiationInfo: true, RenegotiatedConn: []byte{},
				Other: []RawExtension{{Type: 0x1234, Data: []byte{5, 6}}}}},
		TypeServerHello: &ServerHello{Version: VersionDTLS12, Random: [32]byte{4}, SessionID: []byte{1, 2}, CipherSuite: 0xc02b,
			Extensions: Extensions{ExtendedMasterSecret: true, UseSRTP: true, SRTPProfiles: []SRTPProtectionProfile{7}, SRTPMKI: []byte{}}},
		TypeHelloVerifyRequest: &HelloVerifyRequest{Version: VersionDTLS10, Cookie: bytes.Repeat([]byte{7}, 32)},
		TypeCertificate:        &CertificateMessage{Certificates: [][]byte{{1, 2, 3}, {4}}},
		TypeServerKeyExchange:  &ServerKeyExchange{Group: GroupX25519, PublicKey: bytes.Repeat([]byte{3}, 32), Scheme: 0x0403, Signature: []byte{1, 2, 3, 4}},
		TypeCertificateRequest: &CertificateRequest{CertificateTypes: []uint8{64, 1}, SignatureSchemes: []SignatureScheme{0x0403}, Authorities: [][]byte{{1}}},
		TypeCertificateVerify:  &CertificateVerify{Scheme: 0x0804, Signature: []byte{5, 5, 5}},
		TypeClientKeyExchange:  &ClientKeyExchange{PublicKey: []byte{4, 1, 2}},
		TypeFinished:           &Finished{VerifyData: bytes.Repeat([]byte{8}, 12)},
	}
}

func TestMessageRoundTrip(t *testing.T) {
	for typ, m := range sampleMessages() {
		b := m.AppendTo(nil)
		got := newMessage(typ)
		if err := got.Unmarshal(b); err != nil {
			t.Fatalf("%v: %v", typ, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("%v: round trip\n got %+v\nwant %+v", typ, got, m)
		}
		if b2 := got.AppendTo(nil); !bytes.Equal(b, b2) {
			t.Fatalf("%v: re-encoding differs", typ)
		}
	}
}

// TestMessageNoStrictPrefix: no strict prefix of an encoding parses, so a
// truncated message is always detected. ClientHello and ServerHello are
// the exception the spec makes: the extensions block may be absent
// altogether (RFC 5246 §7.4.1.2), so only prefixes cut inside it count.
func TestMessageNoStrictPrefix(t *testing.T) {
	for typ, m := range sampleMessages() {
		b := m.AppendTo(nil)
		minLen := 0
		switch v := m.(type) {
		case *ClientHello:
			c := *v
			c.Extensions = Extensions{}
			minLen = len(c.AppendTo(nil))
		case *ServerHello:
			c := *v
			c.Extensions = Extensions{}
			minLen = len(c.AppendTo(nil))
		}
		for i := 0; i < len(b); i++ {
			if i == minLen && minLen > 0 {
				continue // the hello without extensions
			}
			if err := newMessage(typ).Unmarshal(b[:i]); err == nil {
				t.Fatalf("%v: prefix of %d/%d bytes parses", typ, i, len(b))
			}
		}
	}
}

func TestDuplicateExtensionRejected(t *testing.T) {
	ch := &ClientHello{Version: VersionDTLS12, SessionID: []byte{}, Cookie: []byte{}, CipherSuites: []CipherSuite{0xc02b},
		CompressionMethods: []uint8{0}, Extensions: Extensions{Other: []RawExtension{{Type: 23}, {Type: 23}}}}
	t.Logf("# RFC 5246 §7.4.1.4: there MUST NOT be more than one extension of the same type")
	if err := new(ClientHello).Unmarshal(ch.AppendTo(nil)); err == nil {
		t.Fatal("duplicate extension accepted")
	}
}

func TestHandshakeFragmentRoundTrip(t *testing.T) {
	f := HandshakeFragment{Type: TypeCertificate, Length: 1000, Seq: 3, Offset: 200, Fragment: bytes.Repeat([]byte{1}, 300)}
	b := f.AppendTo(nil)
	g, n, err := ParseHandshakeFragment(b)
	if err != nil || n != len(b) || !reflect.DeepEqual(f, g) {
		t.Fatalf("round trip: %v %d %+v", err, n, g)
	}
	for i := 0; i < len(b); i++ {
		if _, _, err := ParseHandshakeFragment(b[:i]); err == nil {
			t.Fatalf("prefix %d parses", i)
		}
	}
}

// FuzzHandshakeMessage parses arbitrary bodies as every message type and,
// when one parses, checks that parse → marshal → parse agrees; it also
// parses the input as a fragment.
func FuzzHandshakeMessage(f *testing.F) {
	for typ, m := range sampleMessages() {
		f.Add(uint8(typ), m.AppendTo(nil))
	}
	f.Add(uint8(TypeServerHelloDone), []byte{})
	f.Fuzz(func(t *testing.T, typ uint8, body []byte) {
		if fr, n, err := ParseHandshakeFragment(body); err == nil {
			if b := fr.AppendTo(nil); !bytes.Equal(b, body[:n]) {
				t.Fatalf("fragment re-encodes differently")
			}
		}
		m := newMessage(HandshakeType(typ))
		if m == nil {
			return
		}
		if err := m.Unmarshal(body); err != nil {
			return
		}
		b := m.AppendTo(nil)
		m2 := newMessage(HandshakeType(typ))
		if err := m2.Unmarshal(b); err != nil {
			t.Fatalf("%v: re-encoding does not parse: %v", HandshakeType(typ), err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("%v: parse → marshal → parse differs\n%+v\n%+v", HandshakeType(typ), m, m2)
		}
	})
}
