package sctp

import (
	"encoding/binary"
	"fmt"
)

// GapBlock is a Gap Ack Block of a SACK (RFC 9260 §3.3.4): TSNs
// CumTSN+Start … CumTSN+End were received.
type GapBlock struct{ Start, End uint16 }

// SackChunk is a Selective Acknowledgement (RFC 9260 §3.3.4). Unmarshal
// reuses the Gaps and Dups slices, so a long-lived SackChunk parses without
// allocating.
type SackChunk struct {
	CumTSN uint32
	ARwnd  uint32
	Gaps   []GapBlock
	Dups   []uint32
}

// maxSackBlocks bounds what Unmarshal keeps (a 64 KiB chunk holds at most
// 16 K entries; we keep what fits in any sane MTU).
const maxSackBlocks = 1 << 12

// Unmarshal parses the value of a SACK chunk.
func (s *SackChunk) Unmarshal(v []byte) error {
	if len(v) < 12 {
		return errShort
	}
	s.CumTSN = binary.BigEndian.Uint32(v)
	s.ARwnd = binary.BigEndian.Uint32(v[4:])
	ng := int(binary.BigEndian.Uint16(v[8:]))
	nd := int(binary.BigEndian.Uint16(v[10:]))
	if len(v) != 12+4*ng+4*nd {
		return fmt.Errorf("%w: SACK with %d gap blocks and %d dups in %d bytes", ErrMalformed, ng, nd, len(v))
	}
	s.Gaps, s.Dups = s.Gaps[:0], s.Dups[:0]
	p := v[12:]
	for i := 0; i < ng; i++ {
		g := GapBlock{binary.BigEndian.Uint16(p), binary.BigEndian.Uint16(p[2:])}
		p = p[4:]
		if len(s.Gaps) < maxSackBlocks {
			s.Gaps = append(s.Gaps, g)
		}
	}
	for i := 0; i < nd; i++ {
		if len(s.Dups) < maxSackBlocks {
			s.Dups = append(s.Dups, binary.BigEndian.Uint32(p))
		}
		p = p[4:]
	}
	return nil
}

// AppendTo appends the chunk.
func (s *SackChunk) AppendTo(b []byte) []byte {
	b, start := appendChunkHeader(b, ChunkSack, 0)
	b = binary.BigEndian.AppendUint32(b, s.CumTSN)
	b = binary.BigEndian.AppendUint32(b, s.ARwnd)
	b = binary.BigEndian.AppendUint16(b, uint16(len(s.Gaps)))
	b = binary.BigEndian.AppendUint16(b, uint16(len(s.Dups)))
	for _, g := range s.Gaps {
		b = binary.BigEndian.AppendUint16(b, g.Start)
		b = binary.BigEndian.AppendUint16(b, g.End)
	}
	for _, d := range s.Dups {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return finishChunk(b, start)
}
