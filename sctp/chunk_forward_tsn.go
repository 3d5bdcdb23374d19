package sctp

import (
	"encoding/binary"
	"fmt"
)

// SkippedStream is one entry of a FORWARD TSN (RFC 3758 §3.2: stream and
// SSN) or I-FORWARD-TSN (RFC 8260 §2.3: stream, U flag and MID) chunk.
type SkippedStream struct {
	Stream    uint16
	SSN       uint16 // FORWARD TSN
	Unordered bool   // I-FORWARD-TSN
	MID       uint32 // I-FORWARD-TSN
}

// ForwardTSNChunk is a FORWARD TSN (RFC 3758 §3.2) or, with IForward set, an
// I-FORWARD-TSN chunk (RFC 8260 §2.3). Unmarshal reuses Streams.
type ForwardTSNChunk struct {
	IForward  bool
	NewCumTSN uint32
	Streams   []SkippedStream
}

// Unmarshal parses the chunk value.
func (f *ForwardTSNChunk) Unmarshal(iforward bool, v []byte) error {
	f.IForward = iforward
	f.Streams = f.Streams[:0]
	if len(v) < 4 {
		return errShort
	}
	f.NewCumTSN = binary.BigEndian.Uint32(v)
	p := v[4:]
	step := 4
	if iforward {
		step = 8
	}
	if len(p)%step != 0 {
		return fmt.Errorf("%w: %s with trailing bytes", ErrMalformed, map[bool]string{false: "FORWARD TSN", true: "I-FORWARD-TSN"}[iforward])
	}
	for ; len(p) > 0; p = p[step:] {
		s := SkippedStream{Stream: binary.BigEndian.Uint16(p)}
		if iforward {
			s.Unordered = p[3]&1 != 0
			s.MID = binary.BigEndian.Uint32(p[4:])
		} else {
			s.SSN = binary.BigEndian.Uint16(p[2:])
		}
		if len(f.Streams) < maxSackBlocks {
			f.Streams = append(f.Streams, s)
		}
	}
	return nil
}

// AppendTo appends the chunk.
func (f *ForwardTSNChunk) AppendTo(b []byte) []byte {
	t := ChunkForwardTSN
	if f.IForward {
		t = ChunkIForwardTSN
	}
	b, start := appendChunkHeader(b, t, 0)
	b = binary.BigEndian.AppendUint32(b, f.NewCumTSN)
	for _, s := range f.Streams {
		b = binary.BigEndian.AppendUint16(b, s.Stream)
		if f.IForward {
			var u byte
			if s.Unordered {
				u = 1
			}
			b = append(b, 0, u)
			b = binary.BigEndian.AppendUint32(b, s.MID)
		} else {
			b = binary.BigEndian.AppendUint16(b, s.SSN)
		}
	}
	return finishChunk(b, start)
}
