package sctp

import (
	"encoding/binary"
	"fmt"
)

// InitChunk is an INIT (RFC 9260 §3.3.2) or INIT ACK (§3.3.3) chunk with the
// optional parameters this package understands. Unknown parameters are
// skipped or stop the parse as their type's high bits say (§3.2.1).
type InitChunk struct {
	Ack             bool // INIT ACK rather than INIT
	InitiateTag     uint32
	ARwnd           uint32
	OutStreams      uint16
	InStreams       uint16
	InitialTSN      uint32
	Cookie          []byte      // State Cookie (INIT ACK only); aliases the input
	ForwardTSN      bool        // Forward-TSN-Supported (RFC 3758 §3.1)
	Extensions      []ChunkType // Supported Extensions (RFC 5061 §4.2.7)
	ZeroChecksum    bool        // Zero Checksum Acceptable present (RFC 9653 §4)
	ZeroChecksumEDM uint32      // its EDMID
	// Unrecognized holds parameters with the "report" bit that were not
	// understood, to return in an Unrecognized Parameter (§3.3.3).
	Unrecognized int
}

// HasExtension reports whether t is listed in Supported Extensions.
func (c *InitChunk) HasExtension(t ChunkType) bool {
	for _, e := range c.Extensions {
		if e == t {
			return true
		}
	}
	return false
}

// Unmarshal parses the value of an INIT (ack false) or INIT ACK chunk.
func (c *InitChunk) Unmarshal(ack bool, v []byte) error {
	*c = InitChunk{Ack: ack, Extensions: c.Extensions[:0]}
	if len(v) < 16 {
		return errShort
	}
	c.InitiateTag = binary.BigEndian.Uint32(v)
	c.ARwnd = binary.BigEndian.Uint32(v[4:])
	c.OutStreams = binary.BigEndian.Uint16(v[8:])
	c.InStreams = binary.BigEndian.Uint16(v[10:])
	c.InitialTSN = binary.BigEndian.Uint32(v[12:])
	// RFC 9260 §3.3.2: a zero Initiate Tag, or zero stream counts, are
	// protocol violations.
	if c.InitiateTag == 0 || c.OutStreams == 0 || c.InStreams == 0 {
		return fmt.Errorf("%w: INIT with zero tag or stream count", ErrMalformed)
	}
	p := v[16:]
params:
	for len(p) > 0 {
		typ, val, rest, err := nextParam(p)
		if err != nil {
			return err
		}
		p = rest
		switch typ {
		case paramStateCookie:
			if !ack {
				return fmt.Errorf("%w: State Cookie in INIT", ErrMalformed)
			}
			c.Cookie = val
		case paramForwardTSN:
			c.ForwardTSN = true
		case paramSupportedExt:
			for _, t := range val {
				if len(c.Extensions) < 32 {
					c.Extensions = append(c.Extensions, ChunkType(t))
				}
			}
		case paramZeroChecksum:
			if len(val) != 4 {
				return fmt.Errorf("%w: Zero Checksum Acceptable length %d", ErrMalformed, len(val)+4)
			}
			c.ZeroChecksum = true
			c.ZeroChecksumEDM = binary.BigEndian.Uint32(val)
		case 5, 6, 11, 12, paramCookiePreservative, paramUnrecognized, 0x8000:
			// IPv4/IPv6/host name/address types, cookie preservative,
			// ECN: understood as "nothing for us to do" over DTLS.
		default:
			skip, report := unknownAction(uint8(typ >> 8))
			if report {
				c.Unrecognized++
			}
			if !skip {
				break params // §3.2.1: stop processing the parameters
			}
		}
	}
	if ack && len(c.Cookie) == 0 {
		return fmt.Errorf("%w: INIT ACK without State Cookie", ErrMalformed)
	}
	return nil
}

// AppendTo appends the chunk, header and padding included.
func (c *InitChunk) AppendTo(b []byte) []byte {
	t := ChunkInit
	if c.Ack {
		t = ChunkInitAck
	}
	b, start := appendChunkHeader(b, t, 0)
	b = binary.BigEndian.AppendUint32(b, c.InitiateTag)
	b = binary.BigEndian.AppendUint32(b, c.ARwnd)
	b = binary.BigEndian.AppendUint16(b, c.OutStreams)
	b = binary.BigEndian.AppendUint16(b, c.InStreams)
	b = binary.BigEndian.AppendUint32(b, c.InitialTSN)
	if c.Ack {
		b = appendParam(b, paramStateCookie, c.Cookie)
	}
	if c.ForwardTSN {
		b = appendParam(b, paramForwardTSN, nil)
	}
	if len(c.Extensions) > 0 {
		ext := make([]byte, 0, 8)
		for _, e := range c.Extensions {
			ext = append(ext, byte(e))
		}
		b = appendParam(b, paramSupportedExt, ext)
	}
	if c.ZeroChecksum {
		b = appendParam(b, paramZeroChecksum, binary.BigEndian.AppendUint32(nil, c.ZeroChecksumEDM))
	}
	return finishChunk(b, start)
}
