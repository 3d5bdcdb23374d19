package mdns

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
)

// DNS record types and class (RFC 1035 §3.2.2, §3.2.4; RFC 3596 §2.1).
const (
	TypeA    uint16 = 1
	TypeAAAA uint16 = 28
	ClassIN  uint16 = 1
	// classTopBit is the unicast-response bit in questions (RFC 6762 §5.4)
	// and the cache-flush bit in answers (§10.2).
	classTopBit uint16 = 0x8000
)

// Limits of the format (RFC 1035 §2.3.4) and of this parser.
const (
	maxNameLen    = 255
	maxLabelLen   = 63
	maxRecords    = 32 // questions or answers kept per message
	maxPointerHop = 16
	headerLen     = 12
)

// Errors returned by Parse.
var (
	ErrTruncated = errors.New("mdns: message truncated")
	ErrBadName   = errors.New("mdns: malformed name")
	ErrTooMany   = errors.New("mdns: too many records")
	// ErrIgnored is returned for messages RFC 6762 says to ignore: a
	// non-zero OPCODE (§18.3) or RCODE (§18.11).
	ErrIgnored = errors.New("mdns: non-zero OPCODE or RCODE")
)

// Question is a question entry (RFC 1035 §4.1.2).
type Question struct {
	Name  string // lower case, without the trailing dot
	Type  uint16
	Class uint16 // without the unicast-response bit
	// Unicast is the QU bit (RFC 6762 §5.4).
	Unicast bool
}

// Answer is an A or AAAA resource record (RFC 1035 §4.1.3, RFC 3596).
type Answer struct {
	Name       string // lower case, without the trailing dot
	Type       uint16
	CacheFlush bool // RFC 6762 §10.2
	TTL        uint32
	Addr       netip.Addr
}

// Message is a parsed DNS message. Records other than IN A and AAAA in the
// answer, authority and additional sections are skipped.
type Message struct {
	ID        uint16
	Response  bool // QR bit
	Questions []Question
	Answers   []Answer
}

// Parse parses a DNS message (RFC 1035 §4.1).
func Parse(b []byte) (Message, error) {
	var m Message
	if len(b) < headerLen {
		return m, ErrTruncated
	}
	m.ID = binary.BigEndian.Uint16(b)
	m.Response = b[2]&0x80 != 0
	if b[2]&0x78 != 0 || b[3]&0x0f != 0 {
		return m, ErrIgnored
	}
	qd := int(binary.BigEndian.Uint16(b[4:]))
	rr := int(binary.BigEndian.Uint16(b[6:])) + int(binary.BigEndian.Uint16(b[8:])) + int(binary.BigEndian.Uint16(b[10:]))
	off := headerLen
	for i := 0; i < qd; i++ {
		name, n, err := readName(b, off)
		if err != nil {
			return m, err
		}
		off = n
		if len(b)-off < 4 {
			return m, ErrTruncated
		}
		t, c := binary.BigEndian.Uint16(b[off:]), binary.BigEndian.Uint16(b[off+2:])
		off += 4
		if len(m.Questions) >= maxRecords {
			return m, ErrTooMany
		}
		m.Questions = append(m.Questions, Question{Name: name, Type: t, Class: c &^ classTopBit, Unicast: c&classTopBit != 0})
	}
	for i := 0; i < rr; i++ {
		name, n, err := readName(b, off)
		if err != nil {
			return m, err
		}
		off = n
		if len(b)-off < 10 {
			return m, ErrTruncated
		}
		t, c := binary.BigEndian.Uint16(b[off:]), binary.BigEndian.Uint16(b[off+2:])
		ttl := binary.BigEndian.Uint32(b[off+4:])
		l := int(binary.BigEndian.Uint16(b[off+8:]))
		off += 10
		if len(b)-off < l {
			return m, ErrTruncated
		}
		data := b[off : off+l]
		off += l
		if c&^classTopBit != ClassIN {
			continue
		}
		var addr netip.Addr
		switch {
		case t == TypeA && l == 4:
			addr = netip.AddrFrom4([4]byte(data))
		case t == TypeAAAA && l == 16:
			addr = netip.AddrFrom16([16]byte(data))
		default:
			continue
		}
		if len(m.Answers) >= maxRecords {
			return m, ErrTooMany
		}
		m.Answers = append(m.Answers, Answer{Name: name, Type: t, CacheFlush: c&classTopBit != 0, TTL: ttl, Addr: addr})
	}
	return m, nil
}

// readName reads a possibly compressed name at off (RFC 1035 §4.1.4) and
// returns it in lower case and the offset after it.
func readName(b []byte, off int) (string, int, error) {
	var sb strings.Builder
	end := -1
	hops := 0
	for {
		if off >= len(b) {
			return "", 0, ErrTruncated
		}
		l := int(b[off])
		switch {
		case l == 0:
			if end < 0 {
				end = off + 1
			}
			return sb.String(), end, nil
		case l&0xc0 == 0xc0:
			if off+1 >= len(b) {
				return "", 0, ErrTruncated
			}
			if hops++; hops > maxPointerHop {
				return "", 0, ErrBadName
			}
			if end < 0 {
				end = off + 2
			}
			ptr := int(binary.BigEndian.Uint16(b[off:]) & 0x3fff)
			if ptr >= off {
				// Pointers go backwards; anything else could loop.
				return "", 0, ErrBadName
			}
			off = ptr
		case l&0xc0 != 0:
			return "", 0, ErrBadName
		default:
			if off+1+l > len(b) {
				return "", 0, ErrTruncated
			}
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			if sb.Len()+l > maxNameLen {
				return "", 0, ErrBadName
			}
			if bytes.IndexByte(b[off+1:off+1+l], '.') >= 0 {
				// A dot inside a label cannot be told apart from a label
				// boundary in the text form; host names never have one.
				return "", 0, ErrBadName
			}
			for _, c := range b[off+1 : off+1+l] {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				sb.WriteByte(c)
			}
			off += 1 + l
		}
	}
}

// appendName writes name uncompressed (RFC 1035 §3.1).
func appendName(b []byte, name string) ([]byte, error) {
	name = strings.TrimSuffix(name, ".")
	if len(name) == 0 || len(name) > maxNameLen-2 {
		return b, ErrBadName
	}
	for _, label := range strings.Split(name, ".") {
		if len(label) == 0 || len(label) > maxLabelLen {
			return b, ErrBadName
		}
		b = append(b, byte(len(label)))
		b = append(b, label...)
	}
	return append(b, 0), nil
}

// AppendTo appends the message in wire format (names uncompressed).
func (m *Message) AppendTo(b []byte) ([]byte, error) {
	b = binary.BigEndian.AppendUint16(b, m.ID)
	var flags uint16
	if m.Response {
		// QR and AA (RFC 6762 §18.2, §18.4).
		flags = 0x8400
	}
	b = binary.BigEndian.AppendUint16(b, flags)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Questions)))
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Answers)))
	b = append(b, 0, 0, 0, 0)
	var err error
	for _, q := range m.Questions {
		if b, err = appendName(b, q.Name); err != nil {
			return b, err
		}
		c := q.Class
		if q.Unicast {
			c |= classTopBit
		}
		b = binary.BigEndian.AppendUint16(b, q.Type)
		b = binary.BigEndian.AppendUint16(b, c)
	}
	for _, a := range m.Answers {
		if b, err = appendName(b, a.Name); err != nil {
			return b, err
		}
		c := ClassIN
		if a.CacheFlush {
			c |= classTopBit
		}
		b = binary.BigEndian.AppendUint16(b, a.Type)
		b = binary.BigEndian.AppendUint16(b, c)
		b = binary.BigEndian.AppendUint32(b, a.TTL)
		if a.Addr.Is4() {
			v := a.Addr.As4()
			b = binary.BigEndian.AppendUint16(b, 4)
			b = append(b, v[:]...)
		} else {
			v := a.Addr.As16()
			b = binary.BigEndian.AppendUint16(b, 16)
			b = append(b, v[:]...)
		}
	}
	return b, nil
}
