package stun

import (
	"net/netip"
	"testing"
)

// The STUN work of a connected ICE agent is consent freshness (RFC 7675
// §5.1): Binding requests with USERNAME, PRIORITY, ICE-CONTROLLING,
// MESSAGE-INTEGRITY and FINGERPRINT, answered with XOR-MAPPED-ADDRESS,
// MESSAGE-INTEGRITY and FINGERPRINT. These benchmarks time each half with
// the message shapes ICE uses.

var consentKey = NewKey(ShortTermKey("pppppppppppppppppppppppp"))

func consentRequest(dst []byte) []byte {
	var w Builder
	w.Reset(dst, BindingRequest, TransactionID{1, 2, 3})
	w.AddString(AttrUsername, "aaaaaaaa:bbbbbbbb")
	w.AddUint32(AttrPriority, 0x6e7fff00)
	w.AddUint64(AttrICEControlling, 0x0102030405060708)
	w.AddMessageIntegrityKey(consentKey)
	w.AddFingerprint()
	return w.Bytes()
}

func consentResponse(dst []byte, id TransactionID) []byte {
	var w Builder
	w.Reset(dst, BindingSuccessResponse, id)
	w.AddXORAddress(AttrXORMappedAddress, netip.MustParseAddrPort("192.0.2.1:5000"))
	w.AddMessageIntegrityKey(consentKey)
	w.AddFingerprint()
	return w.Bytes()
}

// BenchmarkConsentRequestBuild builds a signed consent request.
func BenchmarkConsentRequestBuild(b *testing.B) {
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = consentRequest(buf[:0])
	}
}

// BenchmarkConsentRequestVerify parses a consent request and checks its
// FINGERPRINT and MESSAGE-INTEGRITY.
func BenchmarkConsentRequestVerify(b *testing.B) {
	req := consentRequest(nil)
	var m Message
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Unmarshal(req); err != nil {
			b.Fatal(err)
		}
		if err := m.CheckFingerprint(); err != nil {
			b.Fatal(err)
		}
		if err := m.CheckIntegrityKey(consentKey); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConsentResponseBuild builds the signed success response.
func BenchmarkConsentResponseBuild(b *testing.B) {
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = consentResponse(buf[:0], TransactionID{1, 2, 3})
	}
}

// BenchmarkConsentResponseVerify parses and checks a success response.
func BenchmarkConsentResponseVerify(b *testing.B) {
	resp := consentResponse(nil, TransactionID{1, 2, 3})
	var m Message
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Unmarshal(resp); err != nil {
			b.Fatal(err)
		}
		if err := m.CheckFingerprint(); err != nil {
			b.Fatal(err)
		}
		if err := m.CheckIntegrityKey(consentKey); err != nil {
			b.Fatal(err)
		}
		if _, err := m.XORAddress(AttrXORMappedAddress); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnknownComprehensionRequired is the 420 check every request
// goes through (RFC 8489 §6.3.1).
func BenchmarkUnknownComprehensionRequired(b *testing.B) {
	var m Message
	if err := m.Unmarshal(consentRequest(nil)); err != nil {
		b.Fatal(err)
	}
	known := func(t AttrType) bool { return t.Known() }
	b.ReportAllocs()
	for b.Loop() {
		if u := m.UnknownComprehensionRequired(nil, known); len(u) != 0 {
			b.Fatal(u)
		}
	}
}
