package stun

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// MagicCookie is the fixed value of the second header word (RFC 8489 §5).
const MagicCookie uint32 = 0x2112A442

// HeaderSize is the size of the STUN message header in bytes (RFC 8489 §5).
const HeaderSize = 20

// MaxAttributes caps the number of attributes a parsed message may carry.
// Real messages carry a dozen at most; the cap bounds the work a peer can
// cause with a message made of empty attributes.
const MaxAttributes = 64

// Errors returned by the parser. They can be matched with errors.Is.
var (
	ErrNotSTUN            = errors.New("stun: not a STUN message")
	ErrTruncated          = errors.New("stun: message truncated")
	ErrBadLength          = errors.New("stun: header length does not match the data")
	ErrTooManyAttributes  = errors.New("stun: too many attributes")
	ErrAttributeNotFound  = errors.New("stun: attribute not found")
	ErrBadAttribute       = errors.New("stun: malformed attribute value")
	ErrIntegrityMismatch  = errors.New("stun: message integrity check failed")
	ErrFingerprintMissing = errors.New("stun: FINGERPRINT missing")
	ErrFingerprintBad     = errors.New("stun: FINGERPRINT mismatch")
)

// Class is the class of a STUN message (RFC 8489 §5): request, success
// response, error response or indication.
type Class uint8

// The four message classes of RFC 8489 §5.
const (
	ClassRequest         Class = 0
	ClassIndication      Class = 1
	ClassSuccessResponse Class = 2
	ClassErrorResponse   Class = 3
)

// String returns the class name used in RFC 8489.
func (c Class) String() string {
	switch c {
	case ClassRequest:
		return "request"
	case ClassIndication:
		return "indication"
	case ClassSuccessResponse:
		return "success response"
	case ClassErrorResponse:
		return "error response"
	}
	return fmt.Sprintf("class(%d)", uint8(c))
}

// Method is a 12-bit STUN method (RFC 8489 §18.2, RFC 8656 §17).
type Method uint16

// Methods defined by RFC 8489 §18.2 and RFC 8656 §17.
const (
	MethodBinding          Method = 0x001
	MethodAllocate         Method = 0x003
	MethodRefresh          Method = 0x004
	MethodSend             Method = 0x006
	MethodData             Method = 0x007
	MethodCreatePermission Method = 0x008
	MethodChannelBind      Method = 0x009
)

// String returns the method name from the IANA registry.
func (m Method) String() string {
	switch m {
	case MethodBinding:
		return "Binding"
	case MethodAllocate:
		return "Allocate"
	case MethodRefresh:
		return "Refresh"
	case MethodSend:
		return "Send"
	case MethodData:
		return "Data"
	case MethodCreatePermission:
		return "CreatePermission"
	case MethodChannelBind:
		return "ChannelBind"
	}
	return fmt.Sprintf("method(0x%03x)", uint16(m))
}

// MessageType is a method and a class, as carried in the 14-bit message type
// field (RFC 8489 §5, Figure 3).
type MessageType struct {
	Method Method
	Class  Class
}

// Common message types.
var (
	BindingRequest         = MessageType{MethodBinding, ClassRequest}
	BindingSuccessResponse = MessageType{MethodBinding, ClassSuccessResponse}
	BindingErrorResponse   = MessageType{MethodBinding, ClassErrorResponse}
	BindingIndication      = MessageType{MethodBinding, ClassIndication}
)

// Value encodes the type into the 16-bit header field: the class bits C1 C0
// sit at bit positions 8 and 4 and the method bits are split around them
// (RFC 8489 §5, Figure 3).
func (t MessageType) Value() uint16 {
	m := uint16(t.Method) & 0xfff
	c := uint16(t.Class) & 0x3
	return (m & 0x000f) | (m&0x0070)<<1 | (m&0x0f80)<<2 | (c&1)<<4 | (c&2)<<7
}

// typeFromValue decodes the 16-bit header field (RFC 8489 §5, Figure 3).
func typeFromValue(v uint16) MessageType {
	m := (v & 0x000f) | (v&0x00e0)>>1 | (v&0x3e00)>>2
	c := (v>>4)&1 | (v>>7)&2
	return MessageType{Method: Method(m), Class: Class(c)}
}

// String returns "Method class", for example "Binding request".
func (t MessageType) String() string { return t.Method.String() + " " + t.Class.String() }

// TransactionID is the 96-bit transaction identifier (RFC 8489 §5).
type TransactionID [12]byte

// RawAttribute is one attribute of a parsed message. Value aliases the
// message bytes (without padding); Offset is the position of the attribute
// header within Message.Raw.
type RawAttribute struct {
	Type   AttrType
	Value  []byte
	Offset int
}

// Message is a parsed STUN message. Raw holds the original bytes, which the
// Message does not copy: the caller must not modify them while the Message
// is in use.
type Message struct {
	Type          MessageType
	TransactionID TransactionID
	// Attributes lists the attributes in wire order. Attributes that follow
	// MESSAGE-INTEGRITY (other than MESSAGE-INTEGRITY-SHA256 and
	// FINGERPRINT) or MESSAGE-INTEGRITY-SHA256 (other than FINGERPRINT) are
	// not listed, since RFC 8489 §14.5 and §14.6 say agents MUST ignore them.
	Attributes []RawAttribute
	Raw        []byte
	// hdr is scratch space for the length-adjusted header of the
	// FINGERPRINT check, kept here so that the check does not allocate.
	hdr [HeaderSize]byte
}

// IsMessage reports whether b looks like a STUN message: at least a header,
// the two top bits zero and the magic cookie in place (RFC 8489 §5, RFC 7983
// §7 demultiplexing by first byte 0..3).
func IsMessage(b []byte) bool {
	return len(b) >= HeaderSize && b[0]&0xc0 == 0 && binary.BigEndian.Uint32(b[4:8]) == MagicCookie
}

// Parse parses a STUN message. The returned Message aliases b.
func Parse(b []byte) (Message, error) {
	var m Message
	err := m.Unmarshal(b)
	return m, err
}

// Unmarshal parses b into m, reusing m's attribute slice so that parsing
// into a reused Message does not allocate. m aliases b afterwards.
//
// It checks the framing rules of RFC 8489 §5 and §14: the two top bits are
// zero, the magic cookie is present, the length is a multiple of 4 and
// matches the data, and every attribute (with its padding) fits.
func (m *Message) Unmarshal(b []byte) error {
	m.Attributes = m.Attributes[:0]
	m.Raw = nil
	if len(b) < HeaderSize {
		return ErrTruncated
	}
	if b[0]&0xc0 != 0 || binary.BigEndian.Uint32(b[4:8]) != MagicCookie {
		return ErrNotSTUN
	}
	n := int(binary.BigEndian.Uint16(b[2:4]))
	if n%4 != 0 || HeaderSize+n != len(b) {
		return ErrBadLength
	}
	m.Type = typeFromValue(binary.BigEndian.Uint16(b[0:2]))
	copy(m.TransactionID[:], b[8:20])
	// seen: 0 before MESSAGE-INTEGRITY, 1 after it, 2 after
	// MESSAGE-INTEGRITY-SHA256, 3 after FINGERPRINT.
	seen := 0
	off := HeaderSize
	count := 0
	for off < len(b) {
		if len(b)-off < 4 {
			return ErrTruncated
		}
		t := AttrType(binary.BigEndian.Uint16(b[off:]))
		l := int(binary.BigEndian.Uint16(b[off+2:]))
		end := off + 4 + l
		padded := off + 4 + (l+3)&^3
		if padded > len(b) {
			return ErrTruncated
		}
		count++
		if count > MaxAttributes {
			return ErrTooManyAttributes
		}
		keep := false
		switch {
		case seen == 3:
			// RFC 8489 §14.7: FINGERPRINT MUST be the last attribute.
			return fmt.Errorf("stun: attribute %v after FINGERPRINT: %w", t, ErrBadAttribute)
		case t == AttrFingerprint:
			keep, seen = true, 3
		case t == AttrMessageIntegritySHA256 && seen <= 1:
			keep, seen = true, 2
		case t == AttrMessageIntegrity && seen == 0:
			keep, seen = true, 1
		case seen == 0:
			keep = true
		}
		if keep {
			m.Attributes = append(m.Attributes, RawAttribute{Type: t, Value: b[off+4 : end : end], Offset: off})
		}
		off = padded
	}
	m.Raw = b
	return nil
}

// Get returns the value of the first attribute of type t.
func (m *Message) Get(t AttrType) ([]byte, bool) {
	for i := range m.Attributes {
		if m.Attributes[i].Type == t {
			return m.Attributes[i].Value, true
		}
	}
	return nil, false
}

// Has reports whether the message carries an attribute of type t.
func (m *Message) Has(t AttrType) bool {
	_, ok := m.Get(t)
	return ok
}

// find returns the attribute of type t, or nil.
func (m *Message) find(t AttrType) *RawAttribute {
	for i := range m.Attributes {
		if m.Attributes[i].Type == t {
			return &m.Attributes[i]
		}
	}
	return nil
}

// UnknownComprehensionRequired appends to dst the comprehension-required
// attribute types (0x0000–0x7FFF) of m that known does not accept, as needed
// for a 420 response with UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1, §7.3.1).
func (m *Message) UnknownComprehensionRequired(dst []AttrType, known func(AttrType) bool) []AttrType {
	for i := range m.Attributes {
		t := m.Attributes[i].Type
		if t.ComprehensionRequired() && !known(t) {
			dst = append(dst, t)
		}
	}
	return dst
}

// String describes the message for logs.
func (m *Message) String() string {
	return fmt.Sprintf("%v id=%x attrs=%d len=%d", m.Type, m.TransactionID[:], len(m.Attributes), len(m.Raw))
}
