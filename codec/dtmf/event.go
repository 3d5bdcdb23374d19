package dtmf

import (
	"encoding/binary"
	"errors"
)

// EventSize is the size of one named event report (RFC 4733 §2.3).
const EventSize = 4

// MaxVolume is the lowest power level the 6-bit volume field can carry,
// -63 dBm0 (RFC 4733 §2.3.4).
const MaxVolume = 63

// ErrPayload means a telephone-event payload is empty or not a whole
// number of 4-byte event reports (RFC 4733 §2.3, §2.5.1.5).
var ErrPayload = errors.New("dtmf: payload is not a sequence of 4-byte events")

// Event is one named event report (RFC 4733 §2.3).
type Event struct {
	// Code is the event number: 0-9, 10 (*), 11 (#), 12-15 (A-D) and 16
	// (flash) for DTMF (§3.2).
	Code uint8
	// End is the E bit: the report contains the end of the event.
	End bool
	// Volume is the power level in -dBm0 (0-63).
	Volume uint8
	// Duration is the duration so far in timestamp units.
	Duration uint16
}

// Unmarshal parses one event report from the first 4 bytes of b. The R bit
// is ignored (§2.3.3).
func (e *Event) Unmarshal(b []byte) error {
	if len(b) < EventSize {
		return ErrPayload
	}
	e.Code = b[0]
	e.End = b[1]&0x80 != 0
	e.Volume = b[1] & 0x3F
	e.Duration = binary.BigEndian.Uint16(b[2:])
	return nil
}

// AppendTo appends the 4-byte event report; R is sent as zero (§2.3.3)
// and the volume is masked to 6 bits.
func (e Event) AppendTo(b []byte) []byte {
	v := e.Volume & 0x3F
	if e.End {
		v |= 0x80
	}
	b = append(b, e.Code, v)
	return binary.BigEndian.AppendUint16(b, e.Duration)
}

// ParsePayload parses a telephone-event payload, which holds one event or
// several packed consecutive events (§2.5.1.5), appending them to dst.
func ParsePayload(b []byte, dst []Event) ([]Event, error) {
	if len(b) == 0 || len(b)%EventSize != 0 {
		return dst, ErrPayload
	}
	for ; len(b) > 0; b = b[EventSize:] {
		var e Event
		_ = e.Unmarshal(b)
		dst = append(dst, e)
	}
	return dst, nil
}

const digits = "0123456789*#ABCD"

// CodeForDigit returns the event code of a DTMF digit (RFC 4733 §3.2,
// Table 7): '0'-'9', '*', '#', 'A'-'D' (lower case accepted).
func CodeForDigit(r rune) (uint8, bool) {
	if r >= 'a' && r <= 'd' {
		r -= 'a' - 'A'
	}
	for i, d := range digits {
		if d == r {
			return uint8(i), true
		}
	}
	return 0, false
}

// Digit returns the DTMF digit of an event code 0-15, or 0 for others.
func Digit(code uint8) rune {
	if int(code) < len(digits) {
		return rune(digits[code])
	}
	return 0
}
