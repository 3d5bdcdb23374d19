package h264

import (
	"encoding/binary"

	"github.com/c4c1f6e1/webrtc/codec"
)

// maxParamSet caps the stored SPS/PPS copies; real ones are under 100 bytes.
const maxParamSet = 1024

// Payloader packetizes H.264 access units (RFC 6184 §5.6-§5.8). Reuse one
// per stream: it keeps the last SPS and PPS.
type Payloader struct {
	// NoParameterSetInsertion disables re-sending the stored SPS and PPS
	// before an IDR picture whose access unit does not carry them.
	NoParameterSetInsertion bool
	// SingleNAL restricts the payloader to packetization-mode 0 (RFC 6184
	// §6.2): one NAL unit per packet, no STAP-A or FU-A. A NAL unit larger
	// than the MTU then fails with codec.ErrMTU.
	SingleNAL bool

	sps, pps []byte
	stap     []byte // pending STAP-A: header byte, then size+NAL units
	stapN    int
	fu       []byte
	mtu      int
}

type emitFunc = func(payload []byte, marker bool)

// Payload packetizes one access unit given as an Annex B byte stream. The
// RTP marker is set on the last packet (RFC 6184 §5.1). It fails with
// codec.ErrMalformed, before emitting anything, if a NAL unit has a type
// that H.264 leaves unspecified (0, 24-31).
func (p *Payloader) Payload(mtu int, frame []byte, emit func(payload []byte, marker bool)) error {
	if mtu < 3 { // FU indicator + FU header + one byte
		return codec.ErrMTU
	}
	// Check the whole access unit before sending anything. NAL unit types 0
	// and 24-31 are unspecified in H.264 (Table 7-1) and would be read as
	// RFC 6184 packet types (§5.2), so they are refused.
	for nal, rest := NextNAL(frame); len(nal) > 0 || len(rest) > 0; nal, rest = NextNAL(rest) {
		if len(nal) == 0 {
			continue
		}
		if typ := nal[0] & 0x1F; typ == 0 || typ >= NALSTAPA {
			return codec.ErrMalformed
		}
		if p.SingleNAL && len(nal) > mtu {
			return codec.ErrMTU
		}
	}
	p.mtu = mtu
	p.stap, p.stapN = p.stap[:0], 0
	var haveSPS, havePPS, sent bool
	nal, rest := NextNAL(frame)
	for len(nal) > 0 || len(rest) > 0 {
		next, after := NextNAL(rest)
		for len(next) == 0 && len(after) > 0 {
			next, after = NextNAL(after)
		}
		if len(nal) > 0 {
			switch nal[0] & 0x1F {
			case NALSPS:
				haveSPS = true
				p.sps = storeParam(p.sps, nal)
			case NALPPS:
				havePPS = true
				p.pps = storeParam(p.pps, nal)
			case NALIDR:
				fit := !p.SingleNAL || len(p.sps) <= mtu && len(p.pps) <= mtu
				if !p.NoParameterSetInsertion && !(haveSPS && havePPS) && len(p.sps) > 0 && len(p.pps) > 0 && fit {
					p.add(emit, p.sps, false)
					p.add(emit, p.pps, false)
					haveSPS, havePPS = true, true
				}
			}
			p.add(emit, nal, len(next) == 0)
			sent = true
		}
		nal, rest = next, after
	}
	if !sent {
		return codec.ErrShortPayload
	}
	return nil
}

func storeParam(dst, nal []byte) []byte {
	if len(nal) > maxParamSet {
		return dst[:0]
	}
	return append(dst[:0], nal...)
}

// add sends or queues one NAL unit; last says it ends the access unit.
func (p *Payloader) add(emit emitFunc, nal []byte, last bool) {
	if p.SingleNAL {
		emit(nal, last)
		return
	}
	if len(nal) > p.mtu {
		p.flush(emit, false)
		p.fragment(emit, nal, last)
		return
	}
	if p.stapN > 0 && len(p.stap)+2+len(nal) > p.mtu {
		p.flush(emit, false)
	}
	if p.stapN == 0 {
		p.stap = append(p.stap[:0], NALSTAPA)
	}
	p.stap = binary.BigEndian.AppendUint16(p.stap, uint16(len(nal)))
	p.stap = append(p.stap, nal...)
	p.stapN++
	// STAP-A header: F is the OR and NRI the maximum of the aggregated
	// units (RFC 6184 §5.7).
	p.stap[0] = p.stap[0]&0x9F | max(p.stap[0]&0x60, nal[0]&0x60) | nal[0]&0x80
	if last {
		p.flush(emit, true)
	}
}

// flush emits the pending aggregation: a single NAL unit packet when it
// holds one unit (§5.6), a STAP-A otherwise.
func (p *Payloader) flush(emit emitFunc, marker bool) {
	switch p.stapN {
	case 0:
		return
	case 1:
		emit(p.stap[3:], marker)
	default:
		emit(p.stap, marker)
	}
	p.stap, p.stapN = p.stap[:0], 0
}

// fragment sends nal as FU-A packets (RFC 6184 §5.8).
func (p *Payloader) fragment(emit emitFunc, nal []byte, last bool) {
	indicator := nal[0]&0xE0 | NALFUA
	typ := nal[0] & 0x1F
	data := nal[1:]
	room := p.mtu - 2
	for start := true; len(data) > 0; start = false {
		n := min(room, len(data))
		hdr := typ
		if start {
			hdr |= 0x80
		}
		if n == len(data) {
			hdr |= 0x40
		}
		p.fu = append(p.fu[:0], indicator, hdr)
		p.fu = append(p.fu, data[:n]...)
		data = data[n:]
		emit(p.fu, last && len(data) == 0)
	}
}

// Depacketizer rebuilds Annex B access units from RFC 6184 payloads. The
// zero value is ready to use.
type Depacketizer struct {
	fuOpen bool
	fuType byte
}

var annexB = []byte{0, 0, 0, 1}

// Reset forgets an unfinished FU-A.
func (d *Depacketizer) Reset() { d.fuOpen = false }

// Depacketize appends the NAL units of payload to frame, each after a
// 4-byte start code. Reserved types 0, 30 and 31 are ignored (RFC 6184
// §5.2, Table 3); interleaved-mode types fail with codec.ErrUnsupported.
func (d *Depacketizer) Depacketize(payload, frame []byte) ([]byte, error) {
	if len(payload) < 1 {
		return frame, codec.ErrShortPayload
	}
	typ := payload[0] & 0x1F
	if d.fuOpen && typ != NALFUA {
		// §5.8: fragments of one NAL unit are sent consecutively.
		return frame, codec.ErrMalformed
	}
	switch {
	case typ >= 1 && typ <= 23:
		frame = append(frame, annexB...)
		return append(frame, payload...), nil
	case typ == NALSTAPA:
		// §5.7.1: one or more units, each a 16-bit size then the NAL unit.
		b := payload[1:]
		if len(b) == 0 {
			return frame, codec.ErrShortPayload
		}
		start := len(frame)
		for len(b) > 0 {
			if len(b) < 2 {
				return frame[:start], codec.ErrShortPayload
			}
			n := int(binary.BigEndian.Uint16(b))
			b = b[2:]
			if n == 0 {
				return frame[:start], codec.ErrMalformed
			}
			if n > len(b) {
				return frame[:start], codec.ErrShortPayload
			}
			frame = append(frame, annexB...)
			frame = append(frame, b[:n]...)
			b = b[n:]
		}
		return frame, nil
	case typ == NALFUA:
		if len(payload) < 3 {
			return frame, codec.ErrShortPayload
		}
		hdr := payload[1]
		s, e := hdr&0x80 != 0, hdr&0x40 != 0
		if s && e {
			// §5.8: Start and End bits MUST NOT both be set.
			return frame, codec.ErrMalformed
		}
		if s {
			if d.fuOpen {
				return frame, codec.ErrMalformed
			}
			d.fuOpen, d.fuType = true, hdr&0x1F
			frame = append(frame, annexB...)
			frame = append(frame, payload[0]&0xE0|hdr&0x1F)
			return append(frame, payload[2:]...), nil
		}
		if !d.fuOpen || hdr&0x1F != d.fuType {
			return frame, codec.ErrMalformed
		}
		if e {
			d.fuOpen = false
		}
		return append(frame, payload[2:]...), nil
	case typ == NALSTAPB || typ == NALMTAP16 || typ == NALMTAP24 || typ == NALFUB:
		return frame, codec.ErrUnsupported
	default: // 0, 30, 31: reserved, MUST be ignored
		return frame, nil
	}
}

// IsKeyframe reports whether payload carries the start of an IDR slice, as
// a single NAL unit, inside a STAP-A, or in a starting FU-A.
func (d *Depacketizer) IsKeyframe(payload []byte) bool {
	if len(payload) < 1 {
		return false
	}
	switch typ := payload[0] & 0x1F; typ {
	case NALIDR:
		return true
	case NALSTAPA:
		for b := payload[1:]; len(b) > 2; {
			n := int(binary.BigEndian.Uint16(b))
			b = b[2:]
			if n == 0 || n > len(b) {
				return false
			}
			if b[0]&0x1F == NALIDR {
				return true
			}
			b = b[n:]
		}
	case NALFUA:
		return len(payload) >= 2 && payload[1]&0x80 != 0 && payload[1]&0x1F == NALIDR
	}
	return false
}

// IsFrameStart reports whether payload starts with an access unit
// delimiter, which H.264 §7.4.1.2.3 places first in an access unit. Other
// payloads give no certain answer.
func (d *Depacketizer) IsFrameStart(payload []byte) bool {
	if len(payload) < 1 {
		return false
	}
	switch payload[0] & 0x1F {
	case NALAUD:
		return true
	case NALSTAPA:
		return len(payload) >= 4 && payload[3]&0x1F == NALAUD
	}
	return false
}

// IsFrameEnd reports the RTP marker, set on the last packet of an access
// unit (RFC 6184 §5.1).
func (d *Depacketizer) IsFrameEnd(payload []byte, marker bool) bool { return marker }
