package rtcp

import "encoding/binary"

// TWCCStatus is a packet status symbol of transport-wide congestion control
// feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).
type TWCCStatus uint8

// Packet status symbols.
const (
	TWCCNotReceived TWCCStatus = 0 // 00
	TWCCSmallDelta  TWCCStatus = 1 // 01: received, 8-bit unsigned delta
	TWCCLargeDelta  TWCCStatus = 2 // 10: received, 16-bit signed delta
)

// TWCCDeltaUnit is the unit of receive deltas (§3.1.5): 250 µs.
const TWCCDeltaUnit = 250 // microseconds

// TWCCReferenceUnit is the unit of the reference time (§3.1): 64 ms.
const TWCCReferenceUnit = 64 // milliseconds

// TWCCPacket is the feedback for one transport-wide sequence number.
type TWCCPacket struct {
	Status TWCCStatus
	// Delta is the receive delta in units of 250 µs from the previous
	// received packet (from the reference time for the first one); zero if
	// not received.
	Delta int16
}

// TransportCC is a transport-wide congestion control feedback message
// (RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).
type TransportCC struct {
	SenderSSRC, MediaSSRC uint32
	// BaseSequence is the transport-wide sequence number of Packets[0].
	BaseSequence uint16
	// ReferenceTime is a signed 24-bit time in units of 64 ms.
	ReferenceTime int32
	// FeedbackCount counts the feedback packets sent.
	FeedbackCount uint8
	// Packets holds one status per sequence number from BaseSequence (at
	// most 65535).
	Packets []TWCCPacket
}

// Unmarshal parses one transport-cc feedback packet, reusing the struct's
// slice. Run-length and status-vector chunks are decoded until the packet
// status count is reached; one receive delta follows per received packet;
// at most 3 octets of zero padding may remain.
//
// One-bit status vectors use 0 for "not received" and 1 for "received,
// small delta", as in the draft's §3.1.4 Example 1 and in deployed
// implementations (the prose of §3.1.4 states the opposite mapping).
func (p *TransportCC) Unmarshal(b []byte) error {
	s, m, fci, err := feedbackBody(b, TypeTransportFeedback, FormatTWCC)
	if err != nil {
		return err
	}
	if len(fci) < 8 {
		return ErrMalformed
	}
	p.SenderSSRC, p.MediaSSRC = s, m
	p.BaseSequence = binary.BigEndian.Uint16(fci)
	count := int(binary.BigEndian.Uint16(fci[2:]))
	ref := int32(fci[4])<<16 | int32(fci[5])<<8 | int32(fci[6])
	if ref&0x800000 != 0 {
		ref -= 1 << 24
	}
	p.ReferenceTime = ref
	p.FeedbackCount = fci[7]
	off := 8
	p.Packets = p.Packets[:0]
	for len(p.Packets) < count {
		if off+2 > len(fci) {
			return ErrMalformed
		}
		c := binary.BigEndian.Uint16(fci[off:])
		off += 2
		left := count - len(p.Packets)
		switch {
		case c&0x8000 == 0: // run length chunk
			st := TWCCStatus(c >> 13 & 3)
			if st > TWCCLargeDelta {
				return ErrMalformed
			}
			// A run longer than the packets left is cut to the packet
			// status count, like the padding symbols of a vector chunk.
			for range min(int(c&0x1fff), left) {
				p.Packets = append(p.Packets, TWCCPacket{Status: st})
			}
		case c&0x4000 == 0: // status vector, 14 one-bit symbols
			for i := range min(14, left) {
				p.Packets = append(p.Packets, TWCCPacket{Status: TWCCStatus(c >> (13 - i) & 1)})
			}
		default: // status vector, 7 two-bit symbols
			for i := range min(7, left) {
				st := TWCCStatus(c >> (12 - 2*i) & 3)
				if st > TWCCLargeDelta {
					return ErrMalformed
				}
				p.Packets = append(p.Packets, TWCCPacket{Status: st})
			}
		}
	}
	for i := range p.Packets {
		switch p.Packets[i].Status {
		case TWCCSmallDelta:
			if off+1 > len(fci) {
				return ErrMalformed
			}
			p.Packets[i].Delta = int16(fci[off])
			off++
		case TWCCLargeDelta:
			if off+2 > len(fci) {
				return ErrMalformed
			}
			p.Packets[i].Delta = int16(binary.BigEndian.Uint16(fci[off:]))
			off += 2
		}
	}
	if len(fci)-off > 3 {
		return ErrMalformed
	}
	return nil
}

// status returns the symbol AppendTo writes for packet i: a small delta
// out of [0, 255] is sent as a large delta.
func (p *TransportCC) status(i int) TWCCStatus {
	pk := p.Packets[i]
	if pk.Status == TWCCSmallDelta && (pk.Delta < 0 || pk.Delta > 255) {
		return TWCCLargeDelta
	}
	if pk.Status > TWCCLargeDelta {
		return TWCCNotReceived
	}
	return pk.Status
}

// chunk returns the next packet status chunk starting at packet i and how
// many packets it covers. Runs of 14 or more equal symbols become run-length
// chunks; otherwise a one-bit vector is used when the next 14 symbols have
// no large delta, else a two-bit vector of 7.
func (p *TransportCC) chunk(i int) (uint16, int) {
	n := len(p.Packets)
	st := p.status(i)
	run := 1
	for i+run < n && run < 0x1fff && p.status(i+run) == st {
		run++
	}
	if run >= 14 || i+run == n && run >= 7 {
		return uint16(st)<<13 | uint16(run), run
	}
	oneBit := true
	for j := i; j < min(i+14, n); j++ {
		if p.status(j) == TWCCLargeDelta {
			oneBit = false
			break
		}
	}
	c := uint16(0x8000)
	if oneBit {
		k := min(14, n-i)
		for j := range k {
			c |= uint16(p.status(i+j)) << (13 - j)
		}
		return c, k
	}
	c |= 0x4000
	k := min(7, n-i)
	for j := range k {
		c |= uint16(p.status(i+j)) << (12 - 2*j)
	}
	return c, k
}

// MarshalSize returns the encoded length of the packet.
func (p *TransportCC) MarshalSize() int {
	n := HeaderLen + 8 + 8
	for i := 0; i < len(p.Packets); {
		_, k := p.chunk(i)
		i += k
		n += 2
	}
	for i := range p.Packets {
		switch p.status(i) {
		case TWCCSmallDelta:
			n++
		case TWCCLargeDelta:
			n += 2
		}
	}
	return pad4(n)
}

// AppendTo appends the encoded packet to b. At most 65535 packets are
// encoded.
func (p *TransportCC) AppendTo(b []byte) []byte {
	if len(p.Packets) > 0xffff {
		q := *p
		q.Packets = q.Packets[:0xffff]
		return q.AppendTo(b)
	}
	start := len(b)
	// The length field is patched once the chunks and deltas are written.
	b = appendFeedbackHeader(b, FormatTWCC, TypeTransportFeedback, 4, p.SenderSSRC, p.MediaSSRC)
	b = binary.BigEndian.AppendUint16(b, p.BaseSequence)
	b = binary.BigEndian.AppendUint16(b, uint16(len(p.Packets)))
	ref := uint32(p.ReferenceTime) & 0xffffff
	b = append(b, byte(ref>>16), byte(ref>>8), byte(ref), p.FeedbackCount)
	for i := 0; i < len(p.Packets); {
		c, k := p.chunk(i)
		b = binary.BigEndian.AppendUint16(b, c)
		i += k
	}
	for i, pk := range p.Packets {
		switch p.status(i) {
		case TWCCSmallDelta:
			b = append(b, byte(pk.Delta))
		case TWCCLargeDelta:
			b = binary.BigEndian.AppendUint16(b, uint16(pk.Delta))
		}
	}
	size := pad4(len(b) - start)
	binary.BigEndian.PutUint16(b[start+2:], uint16(size/4-1))
	for len(b)-start < size {
		b = append(b, 0)
	}
	return b
}
