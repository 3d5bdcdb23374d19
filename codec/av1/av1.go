package av1

import "github.com/c4c1f6e1/webrtc/codec"

// Aggregation header bits (§4.4).
const (
	aggZ = 0x80 // first element continues an OBU from the previous packet
	aggY = 0x40 // last element continues in the next packet
	aggN = 0x08 // first packet of a coded video sequence
)

type obuRef struct {
	hdr     [2]byte
	hdrLen  int
	payload []byte
}

func (o *obuRef) size() int { return o.hdrLen + len(o.payload) }

// appendRange appends bytes [off, off+n) of the OBU element (header with
// obu_has_size_field cleared, then payload).
func (o *obuRef) appendRange(b []byte, off, n int) []byte {
	for off < o.hdrLen && n > 0 {
		b = append(b, o.hdr[off])
		off++
		n--
	}
	if n == 0 {
		return b
	}
	p := off - o.hdrLen
	return append(b, o.payload[p:p+n]...)
}

type elemRef struct{ obu, off, n int }

// Payloader packetizes AV1 temporal units given in the low-overhead
// bitstream format (AV1 §5.2: OBUs with size fields). Reuse one per stream.
type Payloader struct {
	obus  []obuRef
	elems []elemRef
	buf   []byte
}

// maxOBUs caps the OBUs per temporal unit a Payloader keeps track of.
const maxOBUs = 4096

// Payload packetizes one temporal unit. Temporal delimiters and tile list
// OBUs are dropped (§5); obu_has_size_field is cleared in every element,
// whose length is given by the aggregation instead (§4.5).
func (p *Payloader) Payload(mtu int, tu []byte, emit func(payload []byte, marker bool)) error {
	if mtu < 3 { // aggregation header, length byte, one OBU byte
		return codec.ErrMTU
	}
	p.obus = p.obus[:0]
	newCVS := false
	for b := tu; len(b) > 0; {
		hdr, payload, rest, err := NextOBU(b)
		if err != nil {
			return err
		}
		b = rest
		switch OBUType(hdr[0]) {
		case OBUTemporalDelimiter, OBUTileList:
			continue
		case OBUSequenceHeader:
			newCVS = true
		}
		if len(p.obus) == maxOBUs {
			return codec.ErrMalformed
		}
		o := obuRef{hdrLen: len(hdr), payload: payload}
		copy(o.hdr[:], hdr)
		o.hdr[0] &^= obuHasSize
		p.obus = append(p.obus, o)
	}
	if len(p.obus) == 0 {
		return codec.ErrShortPayload
	}
	obu, off := 0, 0
	first := true
	for obu < len(p.obus) {
		agg := byte(0)
		if off > 0 {
			agg |= aggZ
		}
		if first && newCVS {
			agg |= aggN
		}
		p.elems = p.elems[:0]
		room := mtu - 1
		for obu < len(p.obus) && room > 0 {
			remain := p.obus[obu].size() - off
			if need := LEB128Size(uint64(remain)) + remain; need <= room {
				p.elems = append(p.elems, elemRef{obu, off, remain})
				room -= need
				obu, off = obu+1, 0
				continue
			}
			n := room - LEB128Size(uint64(room))
			for n > 0 && LEB128Size(uint64(n))+n > room {
				n--
			}
			if n < 1 {
				break
			}
			p.elems = append(p.elems, elemRef{obu, off, n})
			off += n
			agg |= aggY
			break
		}
		if len(p.elems) == 0 {
			return codec.ErrMTU
		}
		// W counts the elements when there are at most three; the last one
		// then has no length field (§4.4).
		w := 0
		if len(p.elems) <= 3 {
			w = len(p.elems)
		}
		p.buf = append(p.buf[:0], agg|byte(w)<<4)
		for i, e := range p.elems {
			if w == 0 || i < w-1 {
				p.buf = AppendLEB128(p.buf, uint64(e.n))
			}
			p.buf = p.obus[e.obu].appendRange(p.buf, e.off, e.n)
		}
		emit(p.buf, obu == len(p.obus))
		first = false
	}
	return nil
}

// Depacketizer rebuilds AV1 temporal units in the low-overhead bitstream
// format. The zero value is ready to use.
type Depacketizer struct {
	started bool
	open    bool // an OBU continues in the next packet
	start   int  // offset in the frame of the OBU being built
}

// Reset prepares for a new temporal unit.
func (d *Depacketizer) Reset() { *d = Depacketizer{} }

var zeros [8]byte

// Depacketize appends the OBUs of payload to frame, each with its
// obu_has_size_field set and size restored; the first call after Reset
// starts the temporal unit with a temporal delimiter OBU. Temporal
// delimiters and tile list OBUs in the payload are ignored (§5).
func (d *Depacketizer) Depacketize(payload, frame []byte) ([]byte, error) {
	if len(payload) < 2 {
		return frame, codec.ErrShortPayload
	}
	agg := payload[0]
	z, y, w := agg&aggZ != 0, agg&aggY != 0, int(agg>>4&0x03)
	if z != d.open || d.open && d.start >= len(frame) {
		// §4.4: Z continues the previous packet's last OBU, which must be
		// open (and still in the frame buffer the caller passes back).
		return frame, codec.ErrMalformed
	}
	if !d.started {
		d.started = true
		frame = append(frame, OBUTemporalDelimiter<<3|obuHasSize, 0)
	}
	b := payload[1:]
	k := 0
	for ; len(b) > 0; k++ {
		var elem []byte
		if w == 0 || k < w-1 {
			l, n, err := ReadLEB128(b)
			if err != nil {
				return frame, err
			}
			b = b[n:]
			if l > uint64(len(b)) {
				return frame, codec.ErrShortPayload
			}
			elem, b = b[:l], b[l:]
		} else {
			elem, b = b, nil
		}
		if len(elem) == 0 {
			return frame, codec.ErrMalformed
		}
		if k > 0 || !z {
			d.start = len(frame)
		}
		frame = append(frame, elem...)
		if len(b) == 0 && y {
			d.open = true
			continue
		}
		d.open = false
		var err error
		if frame, err = d.finish(frame); err != nil {
			return frame, err
		}
	}
	if w != 0 && k != w {
		return frame, codec.ErrMalformed
	}
	return frame, nil
}

// finish completes the OBU at frame[d.start:]: drops it if it is a
// temporal delimiter or tile list, and otherwise makes sure it has a size.
func (d *Depacketizer) finish(frame []byte) ([]byte, error) {
	obu := frame[d.start:]
	if obu[0]&obuForbidden != 0 {
		return frame, codec.ErrMalformed
	}
	hl := obuHeaderLen(obu[0])
	if len(obu) < hl {
		return frame, codec.ErrMalformed
	}
	switch OBUType(obu[0]) {
	case OBUTemporalDelimiter, OBUTileList:
		return frame[:d.start], nil
	}
	if obu[0]&obuHasSize != 0 {
		size, n, err := ReadLEB128(obu[hl:])
		if err != nil {
			return frame, err
		}
		if size != uint64(len(obu)-hl-n) {
			return frame, codec.ErrMalformed
		}
		return frame, nil
	}
	size := len(obu) - hl
	m := LEB128Size(uint64(size))
	pos := d.start + hl
	frame = append(frame, zeros[:m]...)
	copy(frame[pos+m:], frame[pos:len(frame)-m])
	AppendLEB128(frame[pos:pos], uint64(size))
	frame[d.start] |= obuHasSize
	return frame, nil
}

// IsKeyframe reports the N bit: the packet starts a coded video sequence,
// which begins with a key frame (§4.4).
func (d *Depacketizer) IsKeyframe(payload []byte) bool {
	return len(payload) > 0 && payload[0]&aggN != 0
}

// IsFrameStart reports whether payload certainly starts a temporal unit:
// N is set and Z is clear.
func (d *Depacketizer) IsFrameStart(payload []byte) bool {
	return len(payload) > 0 && payload[0]&aggN != 0 && payload[0]&aggZ == 0
}

// IsFrameEnd reports the RTP marker, set on the last packet of a temporal
// unit (§4.1).
func (d *Depacketizer) IsFrameEnd(payload []byte, marker bool) bool { return marker }
