package dtls

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// Extension types used here (IANA TLS ExtensionType registry).
const (
	extSupportedGroups      uint16 = 10     // RFC 8422 §5.1.1
	extPointFormats         uint16 = 11     // RFC 8422 §5.1.2
	extSignatureAlgorithms  uint16 = 13     // RFC 5246 §7.4.1.4.1
	extUseSRTP              uint16 = 14     // RFC 5764 §4.1.1
	extALPN                 uint16 = 16     // RFC 7301 §3.1
	extExtendedMasterSecret uint16 = 23     // RFC 7627 §5.1
	extRenegotiationInfo    uint16 = 0xff01 // RFC 5746 §3.2
)

// pointFormatUncompressed is ECPointFormat uncompressed (RFC 8422 §5.1.2).
const pointFormatUncompressed = 0

// RawExtension is an extension this package does not interpret, kept so that
// a parsed hello re-encodes to the same fields.
type RawExtension struct {
	Type uint16
	Data []byte
}

// Extensions holds the hello extensions this package understands
// (RFC 5246 §7.4.1.4) and the others verbatim.
type Extensions struct {
	SupportedGroups      []Group           // RFC 8422 §5.1.1
	PointFormats         []uint8           // RFC 8422 §5.1.2
	SignatureSchemes     []SignatureScheme // RFC 5246 §7.4.1.4.1
	UseSRTP              bool              // use_srtp present (RFC 5764 §4.1.1)
	SRTPProfiles         []SRTPProtectionProfile
	SRTPMKI              []byte
	ALPN                 []string // RFC 7301 §3.1
	ExtendedMasterSecret bool     // RFC 7627 §5.1
	RenegotiationInfo    bool     // renegotiation_info present (RFC 5746 §3.2)
	RenegotiatedConn     []byte
	Other                []RawExtension
}

var errDuplicateExtension = errors.New("dtls: duplicate extension")

// appendTo appends the extensions block (with its length) to b; an empty set
// is omitted altogether as RFC 5246 §7.4.1.2 allows.
func (e *Extensions) appendTo(b *cryptobyte.Builder) {
	if e.empty() {
		return
	}
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		if e.SupportedGroups != nil {
			b.AddUint16(extSupportedGroups)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, g := range e.SupportedGroups {
						b.AddUint16(uint16(g))
					}
				})
			})
		}
		if e.PointFormats != nil {
			b.AddUint16(extPointFormats)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(e.PointFormats) })
			})
		}
		if e.SignatureSchemes != nil {
			b.AddUint16(extSignatureAlgorithms)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, s := range e.SignatureSchemes {
						b.AddUint16(uint16(s))
					}
				})
			})
		}
		if e.UseSRTP {
			b.AddUint16(extUseSRTP)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, p := range e.SRTPProfiles {
						b.AddUint16(uint16(p))
					}
				})
				b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(e.SRTPMKI) })
			})
		}
		if e.ALPN != nil {
			b.AddUint16(extALPN)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, p := range e.ALPN {
						b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte(p)) })
					}
				})
			})
		}
		if e.ExtendedMasterSecret {
			b.AddUint16(extExtendedMasterSecret)
			b.AddUint16(0)
		}
		if e.RenegotiationInfo {
			b.AddUint16(extRenegotiationInfo)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(e.RenegotiatedConn) })
			})
		}
		for _, x := range e.Other {
			b.AddUint16(x.Type)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(x.Data) })
		}
	})
}

func (e *Extensions) empty() bool {
	return e.SupportedGroups == nil && e.PointFormats == nil && e.SignatureSchemes == nil && !e.UseSRTP &&
		e.ALPN == nil && !e.ExtendedMasterSecret && !e.RenegotiationInfo && len(e.Other) == 0
}

var errBadExtension = errors.New("dtls: malformed extension")

// parse reads the extensions block that ends a hello; s holds whatever
// follows the fixed fields (empty means no extensions).
func (e *Extensions) parse(s cryptobyte.String) error {
	*e = Extensions{}
	if s.Empty() {
		return nil
	}
	var all cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&all) || !s.Empty() {
		return errBadExtension
	}
	seen := map[uint16]bool{}
	for !all.Empty() {
		var typ uint16
		var data cryptobyte.String
		if !all.ReadUint16(&typ) || !all.ReadUint16LengthPrefixed(&data) {
			return errBadExtension
		}
		if seen[typ] {
			// RFC 5246 §7.4.1.4: no more than one extension of a type.
			return errDuplicateExtension
		}
		seen[typ] = true
		ok := true
		switch typ {
		case extSupportedGroups:
			var l cryptobyte.String
			ok = data.ReadUint16LengthPrefixed(&l) && data.Empty() && len(l)%2 == 0
			e.SupportedGroups = []Group{}
			for ok && !l.Empty() {
				var v uint16
				l.ReadUint16(&v)
				e.SupportedGroups = append(e.SupportedGroups, Group(v))
			}
		case extPointFormats:
			var l []byte
			ok = data.ReadUint8LengthPrefixed((*cryptobyte.String)(&l)) && data.Empty()
			e.PointFormats = append([]uint8{}, l...)
		case extSignatureAlgorithms:
			var l cryptobyte.String
			ok = data.ReadUint16LengthPrefixed(&l) && data.Empty() && len(l)%2 == 0
			e.SignatureSchemes = []SignatureScheme{}
			for ok && !l.Empty() {
				var v uint16
				l.ReadUint16(&v)
				e.SignatureSchemes = append(e.SignatureSchemes, SignatureScheme(v))
			}
		case extUseSRTP:
			var l cryptobyte.String
			var mki []byte
			ok = data.ReadUint16LengthPrefixed(&l) && len(l)%2 == 0 &&
				data.ReadUint8LengthPrefixed((*cryptobyte.String)(&mki)) && data.Empty()
			e.UseSRTP = true
			for ok && !l.Empty() {
				var v uint16
				l.ReadUint16(&v)
				e.SRTPProfiles = append(e.SRTPProfiles, SRTPProtectionProfile(v))
			}
			e.SRTPMKI = append([]byte{}, mki...)
		case extALPN:
			var l cryptobyte.String
			ok = data.ReadUint16LengthPrefixed(&l) && data.Empty()
			e.ALPN = []string{}
			for ok && !l.Empty() {
				var p []byte
				ok = l.ReadUint8LengthPrefixed((*cryptobyte.String)(&p)) && len(p) > 0
				e.ALPN = append(e.ALPN, string(p))
			}
		case extExtendedMasterSecret:
			ok = data.Empty()
			e.ExtendedMasterSecret = true
		case extRenegotiationInfo:
			var l []byte
			ok = data.ReadUint8LengthPrefixed((*cryptobyte.String)(&l)) && data.Empty()
			e.RenegotiationInfo = true
			e.RenegotiatedConn = append([]byte{}, l...)
		default:
			e.Other = append(e.Other, RawExtension{Type: typ, Data: append([]byte{}, data...)})
		}
		if !ok {
			return errBadExtension
		}
	}
	return nil
}
