package datachannel

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// DCEP message types (RFC 8832 §8.2.1).
const (
	msgAck  = 0x02
	msgOpen = 0x03
)

// ChannelType is the Channel Type of DATA_CHANNEL_OPEN (RFC 8832 §5.1).
type ChannelType uint8

// Channel types (RFC 8832 §5.1, §8.2.2).
const (
	ChannelReliable                   ChannelType = 0x00
	ChannelReliableUnordered          ChannelType = 0x80
	ChannelPartialReliableRexmit      ChannelType = 0x01
	ChannelPartialReliableRexmitUnord ChannelType = 0x81
	ChannelPartialReliableTimed       ChannelType = 0x02
	ChannelPartialReliableTimedUnord  ChannelType = 0x82
)

// Unordered reports whether the type's high bit asks for unordered delivery.
func (t ChannelType) Unordered() bool { return t&0x80 != 0 }

// ErrMalformed reports a DCEP message that does not parse.
var ErrMalformed = errors.New("datachannel: malformed DCEP message")

// Open is a DATA_CHANNEL_OPEN message (RFC 8832 §5.1).
type Open struct {
	ChannelType ChannelType
	// Priority is the channel priority (RFC 8832 §5.1, values of RFC 8831
	// §6.4: 128 below normal, 256 normal, 512 high, 1024 extra high).
	Priority uint16
	// ReliabilityParameter is the retransmission count or the lifetime in
	// milliseconds, by ChannelType; 0 for reliable channels.
	ReliabilityParameter uint32
	Label                string
	Protocol             string
}

// ParseOpen parses a DATA_CHANNEL_OPEN message.
func ParseOpen(b []byte) (Open, error) {
	if len(b) < 12 || b[0] != msgOpen {
		return Open{}, fmt.Errorf("%w: short or not DATA_CHANNEL_OPEN", ErrMalformed)
	}
	o := Open{
		ChannelType:          ChannelType(b[1]),
		Priority:             binary.BigEndian.Uint16(b[2:]),
		ReliabilityParameter: binary.BigEndian.Uint32(b[4:]),
	}
	switch o.ChannelType {
	case ChannelReliable, ChannelReliableUnordered, ChannelPartialReliableRexmit,
		ChannelPartialReliableRexmitUnord, ChannelPartialReliableTimed, ChannelPartialReliableTimedUnord:
	default:
		return Open{}, fmt.Errorf("%w: unknown channel type %#x", ErrMalformed, b[1])
	}
	ll := int(binary.BigEndian.Uint16(b[8:]))
	pl := int(binary.BigEndian.Uint16(b[10:]))
	if len(b) != 12+ll+pl {
		return Open{}, fmt.Errorf("%w: label %d + protocol %d bytes in a %d-byte message", ErrMalformed, ll, pl, len(b))
	}
	o.Label = string(b[12 : 12+ll])
	o.Protocol = string(b[12+ll:])
	return o, nil
}

// AppendTo appends the encoded message. Label and Protocol must be at most
// 65535 bytes (checked by the channel constructor).
func (o *Open) AppendTo(b []byte) []byte {
	b = append(b, msgOpen, byte(o.ChannelType))
	b = binary.BigEndian.AppendUint16(b, o.Priority)
	b = binary.BigEndian.AppendUint32(b, o.ReliabilityParameter)
	b = binary.BigEndian.AppendUint16(b, uint16(len(o.Label)))
	b = binary.BigEndian.AppendUint16(b, uint16(len(o.Protocol)))
	b = append(b, o.Label...)
	return append(b, o.Protocol...)
}

// IsAck reports whether b is a DATA_CHANNEL_ACK message (RFC 8832 §5.2).
func IsAck(b []byte) bool { return len(b) == 1 && b[0] == msgAck }

// AppendAck appends a DATA_CHANNEL_ACK message.
func AppendAck(b []byte) []byte { return append(b, msgAck) }

// Payload protocol identifiers (RFC 8831 §8, RFC 8832 §8.1).
const (
	PPIDDCEP        = 50
	PPIDString      = 51
	PPIDBinaryPart  = 52 // deprecated; received as binary
	PPIDBinary      = 53
	PPIDStringPart  = 54 // deprecated; received as string
	PPIDStringEmpty = 56
	PPIDBinaryEmpty = 57
)
