package stun

import (
	"encoding/binary"
	"errors"
	"net/netip"
)

// MaxMessageSize is the largest message the Builder produces: the header
// length field is 16 bits (RFC 8489 §5).
const MaxMessageSize = HeaderSize + 0xfffc

// ErrTooLong is reported by Builder.Err when an attribute value or the
// message exceeds the sizes the 16-bit length fields can express.
var ErrTooLong = errors.New("stun: attribute or message too long")

// Builder appends a STUN message to a caller-owned buffer. After every Add
// the header length field is correct, so the bytes are a valid message at
// any point. A Builder reused with Reset does not allocate when the buffer
// is large enough.
type Builder struct {
	buf   []byte
	start int
	err   error
}

// Reset starts a new message of type t with transaction id id, appended to
// dst (whose contents, for example a framing prefix, are kept).
func (w *Builder) Reset(dst []byte, t MessageType, id TransactionID) {
	w.start = len(dst)
	w.err = nil
	dst = binary.BigEndian.AppendUint16(dst, t.Value())
	dst = append(dst, 0, 0)
	dst = binary.BigEndian.AppendUint32(dst, MagicCookie)
	w.buf = append(dst, id[:]...)
}

// Bytes returns the buffer: the prefix given to Reset followed by the
// message.
func (w *Builder) Bytes() []byte { return w.buf }

// Message returns the message bytes only (without the prefix).
func (w *Builder) Message() []byte { return w.buf[w.start:] }

// Err returns the first error met while adding attributes (ErrTooLong).
func (w *Builder) Err() error { return w.err }

// setLength writes the header length field as n bytes of attributes.
func (w *Builder) setLength(n int) {
	binary.BigEndian.PutUint16(w.buf[w.start+2:], uint16(n))
}

// begin appends an attribute header for a value of length n and returns
// the offset of the value; pad must be called after the value is written.
func (w *Builder) begin(t AttrType, n int) int {
	if n > 0xffff || len(w.buf)-w.start+4+n+3 > MaxMessageSize {
		if w.err == nil {
			w.err = ErrTooLong
		}
		return -1
	}
	w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(t))
	w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(n))
	return len(w.buf)
}

// end pads the value to a multiple of 4 with zero bytes (RFC 8489 §14) and
// updates the header length.
func (w *Builder) end() {
	for (len(w.buf)-w.start)%4 != 0 {
		w.buf = append(w.buf, 0)
	}
	w.setLength(len(w.buf) - w.start - HeaderSize)
}

// Add appends an attribute with the given raw value.
func (w *Builder) Add(t AttrType, v []byte) {
	if w.begin(t, len(v)) < 0 {
		return
	}
	w.buf = append(w.buf, v...)
	w.end()
}

// AddString appends an attribute whose value is the bytes of s (USERNAME,
// REALM, NONCE, SOFTWARE: RFC 8489 §14.3, §14.9, §14.10, §14.14).
func (w *Builder) AddString(t AttrType, s string) {
	if w.begin(t, len(s)) < 0 {
		return
	}
	w.buf = append(w.buf, s...)
	w.end()
}

// AddFlag appends an attribute with an empty value (USE-CANDIDATE, RFC 8445
// §7.1.2; DONT-FRAGMENT, RFC 8656 §18.9).
func (w *Builder) AddFlag(t AttrType) {
	if w.begin(t, 0) < 0 {
		return
	}
	w.end()
}

// AddUint32 appends a 32-bit attribute (PRIORITY, RFC 8445 §7.1.1;
// LIFETIME, RFC 8656 §18.2).
func (w *Builder) AddUint32(t AttrType, v uint32) {
	if w.begin(t, 4) < 0 {
		return
	}
	w.buf = binary.BigEndian.AppendUint32(w.buf, v)
	w.end()
}

// AddUint64 appends a 64-bit attribute (ICE-CONTROLLED and ICE-CONTROLLING,
// RFC 8445 §7.1.3; RESERVATION-TOKEN, RFC 8656 §18.10).
func (w *Builder) AddUint64(t AttrType, v uint64) {
	if w.begin(t, 8) < 0 {
		return
	}
	w.buf = binary.BigEndian.AppendUint64(w.buf, v)
	w.end()
}

// AddAddress appends an address attribute in the plain encoding of
// MAPPED-ADDRESS (RFC 8489 §14.1), also used by ALTERNATE-SERVER (§14.15).
// IPv4-mapped IPv6 addresses are written as IPv4.
func (w *Builder) AddAddress(t AttrType, a netip.AddrPort) {
	w.addAddress(t, a, false)
}

// AddXORAddress appends an address attribute in the XOR encoding of
// XOR-MAPPED-ADDRESS (RFC 8489 §14.2), also used by XOR-PEER-ADDRESS and
// XOR-RELAYED-ADDRESS (RFC 8656 §18.3, §18.5). It must be called after
// Reset, since the transaction id enters the XOR for IPv6.
func (w *Builder) AddXORAddress(t AttrType, a netip.AddrPort) {
	w.addAddress(t, a, true)
}

func (w *Builder) addAddress(t AttrType, a netip.AddrPort, xor bool) {
	ip := a.Addr().Unmap()
	n, fam := 8, byte(familyIPv4)
	if ip.Is6() {
		n, fam = 20, familyIPv6
	}
	v := w.begin(t, n)
	if v < 0 {
		return
	}
	port := a.Port()
	if xor {
		port ^= uint16(MagicCookie >> 16)
	}
	w.buf = append(w.buf, 0, fam)
	w.buf = binary.BigEndian.AppendUint16(w.buf, port)
	if ip.Is6() {
		b := ip.As16()
		w.buf = append(w.buf, b[:]...)
	} else {
		b := ip.As4()
		w.buf = append(w.buf, b[:]...)
	}
	if xor {
		// RFC 8489 §14.2: the address is XORed with the magic cookie
		// followed (for IPv6) by the transaction id, which are bytes 4..20
		// of the header.
		hdr := w.buf[w.start+4 : w.start+HeaderSize]
		addr := w.buf[v+4:]
		for i := range addr {
			addr[i] ^= hdr[i]
		}
	}
	w.end()
}

// AddErrorCode appends ERROR-CODE (RFC 8489 §14.8): the class (hundreds
// digit, 3–6) and number (0–99) of code, then the UTF-8 reason phrase
// (truncated to the 763 bytes the RFC allows).
func (w *Builder) AddErrorCode(code int, reason string) {
	if len(reason) > maxReasonLen {
		reason = reason[:maxReasonLen]
	}
	if w.begin(AttrErrorCode, 4+len(reason)) < 0 {
		return
	}
	w.buf = append(w.buf, 0, 0, byte(code/100)&0x7, byte(code%100))
	w.buf = append(w.buf, reason...)
	w.end()
}

// AddUnknownAttributes appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.13).
func (w *Builder) AddUnknownAttributes(types []AttrType) {
	if w.begin(AttrUnknownAttributes, 2*len(types)) < 0 {
		return
	}
	for _, t := range types {
		w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(t))
	}
	w.end()
}

// AddRequestedTransport appends REQUESTED-TRANSPORT with the IP protocol
// number proto, 17 for UDP (RFC 8656 §18.8).
func (w *Builder) AddRequestedTransport(proto uint8) {
	if w.begin(AttrRequestedTransport, 4) < 0 {
		return
	}
	w.buf = append(w.buf, proto, 0, 0, 0)
	w.end()
}

// AddRequestedAddressFamily appends REQUESTED-ADDRESS-FAMILY (RFC 8656
// §18.6) or, with t = AttrAdditionalAddressFamily, ADDITIONAL-ADDRESS-FAMILY
// (§18.11): family is 0x01 for IPv4, 0x02 for IPv6.
func (w *Builder) AddRequestedAddressFamily(t AttrType, family uint8) {
	if w.begin(t, 4) < 0 {
		return
	}
	w.buf = append(w.buf, family, 0, 0, 0)
	w.end()
}

// AddChannelNumber appends CHANNEL-NUMBER (RFC 8656 §18.1).
func (w *Builder) AddChannelNumber(n uint16) {
	if w.begin(AttrChannelNumber, 4) < 0 {
		return
	}
	w.buf = binary.BigEndian.AppendUint16(w.buf, n)
	w.buf = append(w.buf, 0, 0)
	w.end()
}

// AddEvenPort appends EVEN-PORT (RFC 8656 §18.7) with the R bit set when
// reserve is true.
func (w *Builder) AddEvenPort(reserve bool) {
	if w.begin(AttrEvenPort, 1) < 0 {
		return
	}
	var b byte
	if reserve {
		b = 0x80
	}
	w.buf = append(w.buf, b)
	w.end()
}

// AddPasswordAlgorithm appends PASSWORD-ALGORITHM (RFC 8489 §14.12) with
// no parameters.
func (w *Builder) AddPasswordAlgorithm(a PasswordAlgorithm) {
	if w.begin(AttrPasswordAlgorithm, 4) < 0 {
		return
	}
	w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(a))
	w.buf = append(w.buf, 0, 0)
	w.end()
}

// AddPasswordAlgorithms appends PASSWORD-ALGORITHMS (RFC 8489 §14.11)
// listing algs, each with no parameters.
func (w *Builder) AddPasswordAlgorithms(algs []PasswordAlgorithm) {
	if w.begin(AttrPasswordAlgorithms, 4*len(algs)) < 0 {
		return
	}
	for _, a := range algs {
		w.buf = binary.BigEndian.AppendUint16(w.buf, uint16(a))
		w.buf = append(w.buf, 0, 0)
	}
	w.end()
}
