package rtcp

import (
	"encoding/binary"
	"math/bits"
)

// NackPair is one Generic NACK FCI entry (RFC 4585 §6.2.1): the lost packet
// PacketID and a bitmask of the 16 following packets also lost (bit i means
// PacketID+i+1).
type NackPair struct {
	PacketID    uint16
	LostPackets uint16
}

// Count returns how many packets the entry reports lost.
func (n NackPair) Count() int { return 1 + bits.OnesCount16(n.LostPackets) }

// AppendSequences appends the sequence numbers the entry reports lost.
func (n NackPair) AppendSequences(dst []uint16) []uint16 {
	dst = append(dst, n.PacketID)
	for i := range 16 {
		if n.LostPackets&(1<<i) != 0 {
			dst = append(dst, n.PacketID+uint16(i)+1)
		}
	}
	return dst
}

// AppendNackPairs appends NACK entries covering the lost sequence numbers,
// which must be in increasing order modulo 2^16.
func AppendNackPairs(dst []NackPair, lost []uint16) []NackPair {
	for i := 0; i < len(lost); {
		p := NackPair{PacketID: lost[i]}
		i++
		for i < len(lost) {
			d := lost[i] - p.PacketID
			if d == 0 || d > 16 {
				break
			}
			p.LostPackets |= 1 << (d - 1)
			i++
		}
		dst = append(dst, p)
	}
	return dst
}

// TransportLayerNack is a Generic NACK (RTPFB FMT 1, RFC 4585 §6.2.1).
type TransportLayerNack struct {
	SenderSSRC, MediaSSRC uint32
	// Nacks holds at least one entry (§6.2.1: the FCI MUST contain at
	// least one Generic NACK).
	Nacks []NackPair
}

// Unmarshal parses one Generic NACK packet, reusing the struct's slice.
func (p *TransportLayerNack) Unmarshal(b []byte) error {
	s, m, fci, err := feedbackBody(b, TypeTransportFeedback, FormatNACK)
	if err != nil {
		return err
	}
	if len(fci) == 0 || len(fci)%4 != 0 {
		return ErrMalformed
	}
	p.SenderSSRC, p.MediaSSRC = s, m
	p.Nacks = p.Nacks[:0]
	for i := 0; i < len(fci); i += 4 {
		p.Nacks = append(p.Nacks, NackPair{binary.BigEndian.Uint16(fci[i:]), binary.BigEndian.Uint16(fci[i+2:])})
	}
	return nil
}

// MarshalSize returns the encoded length of the packet.
func (p *TransportLayerNack) MarshalSize() int { return HeaderLen + 8 + 4*len(p.Nacks) }

// AppendTo appends the encoded packet to b.
func (p *TransportLayerNack) AppendTo(b []byte) []byte {
	b = appendFeedbackHeader(b, FormatNACK, TypeTransportFeedback, p.MarshalSize(), p.SenderSSRC, p.MediaSSRC)
	for _, n := range p.Nacks {
		b = binary.BigEndian.AppendUint16(b, n.PacketID)
		b = binary.BigEndian.AppendUint16(b, n.LostPackets)
	}
	return b
}
