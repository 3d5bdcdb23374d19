package stun

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// Address families of MAPPED-ADDRESS (RFC 8489 §14.1) and
// REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).
const (
	familyIPv4 = 0x01
	familyIPv6 = 0x02
)

// maxReasonLen is the longest ERROR-CODE reason phrase (RFC 8489 §14.8).
const maxReasonLen = 763

func attrErr(t AttrType, what string) error {
	return fmt.Errorf("stun: %v: %s: %w", t, what, ErrBadAttribute)
}

// attr returns the value of attribute t or ErrAttributeNotFound.
func (m *Message) attr(t AttrType) ([]byte, error) {
	v, ok := m.Get(t)
	if !ok {
		// Not wrapped, so that probing for optional attributes does not
		// allocate.
		return nil, ErrAttributeNotFound
	}
	return v, nil
}

// Address decodes an attribute in the plain MAPPED-ADDRESS encoding (RFC
// 8489 §14.1): MAPPED-ADDRESS or ALTERNATE-SERVER.
func (m *Message) Address(t AttrType) (netip.AddrPort, error) {
	v, err := m.attr(t)
	if err != nil {
		return netip.AddrPort{}, err
	}
	return decodeAddress(t, v, nil)
}

// XORAddress decodes an attribute in the XOR-MAPPED-ADDRESS encoding (RFC
// 8489 §14.2): XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS or XOR-RELAYED-ADDRESS.
func (m *Message) XORAddress(t AttrType) (netip.AddrPort, error) {
	v, err := m.attr(t)
	if err != nil {
		return netip.AddrPort{}, err
	}
	return decodeAddress(t, v, m.Raw[4:HeaderSize])
}

// decodeAddress decodes the family/port/address layout; xor, when not nil,
// is the magic cookie and transaction id (header bytes 4..20).
func decodeAddress(t AttrType, v, xor []byte) (netip.AddrPort, error) {
	if len(v) < 4 {
		return netip.AddrPort{}, attrErr(t, "short address")
	}
	port := binary.BigEndian.Uint16(v[2:4])
	if xor != nil {
		port ^= uint16(MagicCookie >> 16)
	}
	var ip netip.Addr
	switch v[1] {
	case familyIPv4:
		if len(v) != 8 {
			return netip.AddrPort{}, attrErr(t, "IPv4 address length")
		}
		var a [4]byte
		copy(a[:], v[4:8])
		if xor != nil {
			for i := range a {
				a[i] ^= xor[i]
			}
		}
		ip = netip.AddrFrom4(a)
	case familyIPv6:
		if len(v) != 20 {
			return netip.AddrPort{}, attrErr(t, "IPv6 address length")
		}
		var a [16]byte
		copy(a[:], v[4:20])
		if xor != nil {
			for i := range a {
				a[i] ^= xor[i]
			}
		}
		ip = netip.AddrFrom16(a)
	default:
		return netip.AddrPort{}, attrErr(t, "unknown address family")
	}
	return netip.AddrPortFrom(ip, port), nil
}

// Uint32 decodes a 4-byte attribute (PRIORITY, RFC 8445 §7.1.1; LIFETIME,
// RFC 8656 §18.2).
func (m *Message) Uint32(t AttrType) (uint32, error) {
	v, err := m.attr(t)
	if err != nil {
		return 0, err
	}
	if len(v) != 4 {
		return 0, attrErr(t, "length is not 4")
	}
	return binary.BigEndian.Uint32(v), nil
}

// Uint64 decodes an 8-byte attribute (ICE-CONTROLLED, ICE-CONTROLLING, RFC
// 8445 §7.1.3; RESERVATION-TOKEN, RFC 8656 §18.10).
func (m *Message) Uint64(t AttrType) (uint64, error) {
	v, err := m.attr(t)
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, attrErr(t, "length is not 8")
	}
	return binary.BigEndian.Uint64(v), nil
}

// ErrorCode decodes ERROR-CODE (RFC 8489 §14.8): the code (class × 100 +
// number) and the reason phrase, which aliases the message.
func (m *Message) ErrorCode() (code int, reason []byte, err error) {
	v, err := m.attr(AttrErrorCode)
	if err != nil {
		return 0, nil, err
	}
	if len(v) < 4 || len(v) > 4+maxReasonLen {
		return 0, nil, attrErr(AttrErrorCode, "length")
	}
	class, num := int(v[2]&0x7), int(v[3])
	if class < 3 || class > 6 || num > 99 {
		return 0, nil, attrErr(AttrErrorCode, "code out of range")
	}
	return class*100 + num, v[4:], nil
}

// UnknownAttributes appends the types listed in UNKNOWN-ATTRIBUTES (RFC 8489
// §14.13) to dst.
func (m *Message) UnknownAttributes(dst []AttrType) ([]AttrType, error) {
	v, err := m.attr(AttrUnknownAttributes)
	if err != nil {
		return dst, err
	}
	if len(v)%2 != 0 {
		return dst, attrErr(AttrUnknownAttributes, "odd length")
	}
	for i := 0; i < len(v); i += 2 {
		dst = append(dst, AttrType(binary.BigEndian.Uint16(v[i:])))
	}
	return dst, nil
}

// RequestedTransport decodes REQUESTED-TRANSPORT (RFC 8656 §18.8): the IP
// protocol number.
func (m *Message) RequestedTransport() (uint8, error) {
	v, err := m.attr(AttrRequestedTransport)
	if err != nil {
		return 0, err
	}
	if len(v) != 4 {
		return 0, attrErr(AttrRequestedTransport, "length is not 4")
	}
	return v[0], nil
}

// RequestedAddressFamily decodes REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6)
// or ADDITIONAL-ADDRESS-FAMILY (§18.11) given as t: 0x01 IPv4, 0x02 IPv6.
func (m *Message) RequestedAddressFamily(t AttrType) (uint8, error) {
	v, err := m.attr(t)
	if err != nil {
		return 0, err
	}
	if len(v) != 4 {
		return 0, attrErr(t, "length is not 4")
	}
	if v[0] != familyIPv4 && v[0] != familyIPv6 {
		return 0, attrErr(t, "unknown family")
	}
	return v[0], nil
}

// ChannelNumber decodes CHANNEL-NUMBER (RFC 8656 §18.1).
func (m *Message) ChannelNumber() (uint16, error) {
	v, err := m.attr(AttrChannelNumber)
	if err != nil {
		return 0, err
	}
	if len(v) != 4 {
		return 0, attrErr(AttrChannelNumber, "length is not 4")
	}
	return binary.BigEndian.Uint16(v), nil
}

// EvenPort decodes EVEN-PORT (RFC 8656 §18.7): whether the R bit is set.
func (m *Message) EvenPort() (reserve bool, err error) {
	v, err := m.attr(AttrEvenPort)
	if err != nil {
		return false, err
	}
	if len(v) != 1 {
		return false, attrErr(AttrEvenPort, "length is not 1")
	}
	return v[0]&0x80 != 0, nil
}

// PasswordAlgorithm identifies a long-term password algorithm (RFC 8489
// §18.5).
type PasswordAlgorithm uint16

// Password algorithms registered by RFC 8489 §18.5.
const (
	PasswordAlgorithmMD5    PasswordAlgorithm = 0x0001
	PasswordAlgorithmSHA256 PasswordAlgorithm = 0x0002
)

// PasswordAlgorithm decodes PASSWORD-ALGORITHM (RFC 8489 §14.12). Parameters
// (none are defined) are checked for framing and skipped.
func (m *Message) PasswordAlgorithm() (PasswordAlgorithm, error) {
	v, err := m.attr(AttrPasswordAlgorithm)
	if err != nil {
		return 0, err
	}
	algs, rest, err := nextPasswordAlgorithm(v)
	if err != nil || len(rest) != 0 {
		return 0, attrErr(AttrPasswordAlgorithm, "framing")
	}
	return algs, nil
}

// PasswordAlgorithms appends the algorithms listed in PASSWORD-ALGORITHMS
// (RFC 8489 §14.11) to dst.
func (m *Message) PasswordAlgorithms(dst []PasswordAlgorithm) ([]PasswordAlgorithm, error) {
	v, err := m.attr(AttrPasswordAlgorithms)
	if err != nil {
		return dst, err
	}
	for len(v) > 0 {
		var a PasswordAlgorithm
		a, v, err = nextPasswordAlgorithm(v)
		if err != nil {
			return dst, attrErr(AttrPasswordAlgorithms, "framing")
		}
		dst = append(dst, a)
	}
	return dst, nil
}

// nextPasswordAlgorithm reads one algorithm/parameters entry (RFC 8489
// §14.11: parameters are padded to 32 bits).
func nextPasswordAlgorithm(v []byte) (PasswordAlgorithm, []byte, error) {
	if len(v) < 4 {
		return 0, nil, ErrTruncated
	}
	a := PasswordAlgorithm(binary.BigEndian.Uint16(v))
	n := int(binary.BigEndian.Uint16(v[2:]))
	p := 4 + (n+3)&^3
	if p > len(v) {
		return 0, nil, ErrTruncated
	}
	return a, v[p:], nil
}
