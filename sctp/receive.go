package sctp

import "time"

// maxRecvWindow bounds how far beyond the cumulative TSN a chunk may be and
// still be kept (in TSNs); the byte bound is Config.MaxReceiveBuffer.
const maxRecvWindow = 1 << 16

// rxChunk is a chunk received above the cumulative TSN, kept until the
// gap below it fills.
type rxChunk struct {
	data      []byte
	ppid      uint32
	mid       uint32
	stream    uint16
	flags     uint8
	present   bool
	delivered bool // unordered single-fragment message handed up early
}

// inAsm is a message being reassembled on one stream (RFC 9260 §6.9,
// RFC 8260 §2.1).
type inAsm struct {
	buf    []byte
	ppid   uint32
	mid    uint32
	last   int // size of the previous message: the first guess for the next
	active bool
	tooBig bool
}

// inStream is the receive side of one stream: one ordered and one
// unordered message in reassembly.
type inStream struct {
	asm [2]inAsm
}

// receiver holds the receive side of the association.
//
// Chunks are processed in TSN order: a chunk at the cumulative TSN + 1 is
// handled straight from the packet (no copy), others wait in a ring indexed
// by TSN until the gap fills. Because both DATA and I-DATA senders send the
// fragments of one message in increasing TSN order, in-order processing needs
// only one message under reassembly per stream and direction. Ordered
// messages thus come out in SSN order. Unordered single-chunk messages are
// delivered as soon as they arrive, out of TSN order (RFC 9260 §6.6);
// unordered multi-chunk messages wait for the cumulative TSN.
type receiver struct {
	a        *Association
	started  bool
	ackNow   bool
	ringUsed bool // a chunk was stored out of order since the last decay
	cum      uint32
	highest  uint32
	ring     []rxChunk
	stored   int
	buffered int // all bytes held, including asmBytes
	asmBytes int // bytes in messages under reassembly
	streams  map[uint16]*inStream

	ackPending int
	ackAt      time.Time
	dups       []uint32
}

// minRecvRing is the size of the out-of-order ring when a gap first
// appears; it doubles as needed and is released when the association goes
// idle.
const minRecvRing = 64

func (r *receiver) init(a *Association) {
	r.a = a
	r.streams = make(map[uint16]*inStream)
}

// start sets the peer's initial TSN (RFC 9260 §5.1).
func (r *receiver) start(initialTSN uint32) {
	r.started = true
	r.cum = initialTSN - 1
	r.highest = r.cum
}

func (r *receiver) ackDeadline() time.Time {
	if r.ackPending > 0 && !r.ackNow {
		return r.ackAt
	}
	return time.Time{}
}

func (r *receiver) slot(tsn uint32) *rxChunk { return &r.ring[tsn&uint32(len(r.ring)-1)] }

// growRing makes the ring hold TSNs up to cum+need.
func (r *receiver) growRing(need int) {
	n := max(len(r.ring), minRecvRing)
	for n <= need {
		n *= 2
	}
	nr := make([]rxChunk, n)
	for t := r.cum + 1; tsnLTE(t, r.highest); t++ {
		nr[t&uint32(n-1)] = *r.slot(t)
	}
	r.ring = nr
}

// handleData processes one DATA or I-DATA chunk (RFC 9260 §6.2).
func (r *receiver) handleData(d *DataChunk) {
	a := r.a
	if !r.started {
		return
	}
	a.stats.DataChunksReceived++
	if d.Immediate {
		r.ackNow = true // RFC 9260 §6.2: the sender asked for a SACK without delay
	}
	tsn := d.TSN
	if tsnLTE(tsn, r.cum) {
		r.dup(tsn)
		return
	}
	off := int(tsn - r.cum)
	if off >= maxRecvWindow {
		a.stats.ChunksDroppedNoBuffer++
		return
	}
	n := len(d.Payload)
	if off == 1 {
		if r.buffered > a.cfg.MaxReceiveBuffer+a.cfg.MaxMessageSize {
			a.stats.ChunksDroppedNoBuffer++
			return
		}
		r.process(d.Stream, d.flags(), d.PPID, d.MID, d.Payload)
		r.cum = tsn
		if tsnGT(tsn, r.highest) {
			r.highest = tsn
		}
		r.cumMoved()
		r.drainRing()
		return
	}
	if off >= len(r.ring) {
		r.growRing(off)
	}
	e := r.slot(tsn)
	if e.present {
		r.dup(tsn)
		return
	}
	if r.buffered+n > a.cfg.MaxReceiveBuffer {
		a.stats.ChunksDroppedNoBuffer++ // §6.2: no room; the sender retransmits
		return
	}
	*e = rxChunk{present: true, ppid: d.PPID, mid: d.MID, stream: d.Stream, flags: d.flags()}
	r.ringUsed = true
	if d.Unordered && d.Beginning && d.Ending && d.Stream < a.inStreams {
		// RFC 9260 §6.6: unordered messages may be delivered at once.
		e.delivered = true
		r.deliver(d.Stream, d.PPID, append(a.bufs.get(n), d.Payload...), true)
	} else {
		e.data = append(a.bufs.get(n), d.Payload...)
		r.buffered += n
	}
	r.stored++
	if tsnGT(tsn, r.highest) {
		r.highest = tsn
	}
	r.ackNow = true // §6.7: out-of-order arrival is SACKed at once
}

func (r *receiver) dup(tsn uint32) {
	r.a.stats.DupChunks++
	if len(r.dups) < 16 {
		r.dups = append(r.dups, tsn)
	}
	r.ackNow = true // §6.2: duplicates are reported immediately
}

// drainRing processes stored chunks that became in-order.
func (r *receiver) drainRing() {
	for r.stored > 0 {
		e := r.slot(r.cum + 1)
		if !e.present {
			return
		}
		r.cum++
		r.stored--
		r.ackNow = true // a gap was filled: SACK at once (§6.7)
		r.consume(e)
		r.cumMoved()
	}
}

// cumMoved runs a deferred stream reset once the cumulative TSN reaches the
// peer's Sender's Last Assigned TSN (RFC 6525 §5.2.2).
func (r *receiver) cumMoved() {
	if r.a.rst.deferred && tsnGTE(r.cum, r.a.rst.defLastTSN) {
		r.a.performDeferredReset()
	}
}

func (r *receiver) consume(e *rxChunk) {
	if !e.delivered {
		r.buffered -= len(e.data)
		r.process(e.stream, e.flags, e.ppid, e.mid, e.data)
	}
	r.a.bufs.put(e.data)
	*e = rxChunk{}
}

// process adds an in-order chunk to its stream's reassembly.
func (r *receiver) process(stream uint16, flags uint8, ppid, mid uint32, payload []byte) {
	a := r.a
	if stream >= a.inStreams {
		return // RFC 9260 §6.5: invalid stream; acknowledged and discarded
	}
	st := r.streams[stream]
	if st == nil {
		st = &inStream{}
		r.streams[stream] = st
	}
	u := 0
	if flags&flagUnordered != 0 {
		u = 1
	}
	asm := &st.asm[u]
	if flags&flagBeginning != 0 {
		if asm.active {
			r.dropAsm(asm)
		}
		if flags&flagEnding != 0 && len(payload) <= a.cfg.MaxMessageSize {
			// A message in one chunk, the common case: no reassembly.
			r.deliver(stream, ppid, append(a.bufs.get(len(payload)), payload...), u == 1)
			return
		}
		// The previous message's size is the guess for this one.
		last := asm.last
		*asm = inAsm{active: true, ppid: ppid, mid: mid, last: last,
			buf: a.bufs.get(min(max(last, 2*len(payload)), a.cfg.MaxMessageSize))}
	}
	if !asm.active || (a.useIData && mid != asm.mid) {
		return // rest of a message whose start was skipped or abandoned
	}
	if !asm.tooBig {
		if len(asm.buf)+len(payload) > a.cfg.MaxMessageSize {
			asm.tooBig = true
			r.buffered -= len(asm.buf)
			r.asmBytes -= len(asm.buf)
			a.bufs.put(asm.buf)
			asm.buf = nil
			a.stats.MessagesTooBig++
		} else {
			if len(asm.buf)+len(payload) > cap(asm.buf) {
				// Grow within the pool's size classes, so the old and
				// the new buffer are both reused later.
				nb := a.bufs.get(min(max(2*cap(asm.buf), len(asm.buf)+len(payload)), a.cfg.MaxMessageSize))
				nb = append(nb, asm.buf...)
				a.bufs.put(asm.buf)
				asm.buf = nb
			}
			asm.buf = append(asm.buf, payload...)
			r.buffered += len(payload)
			r.asmBytes += len(payload)
		}
	}
	if flags&flagEnding != 0 {
		asm.active = false
		if !asm.tooBig {
			r.buffered -= len(asm.buf)
			r.asmBytes -= len(asm.buf)
			asm.last = len(asm.buf)
			r.deliver(stream, asm.ppid, asm.buf, u == 1)
		}
		asm.buf = nil
	}
}

func (r *receiver) dropAsm(asm *inAsm) {
	r.buffered -= len(asm.buf)
	r.asmBytes -= len(asm.buf)
	r.a.bufs.put(asm.buf)
	*asm = inAsm{last: asm.last}
}

func (r *receiver) deliver(stream uint16, ppid uint32, data []byte, unordered bool) {
	r.buffered += len(data)
	r.a.stats.MessagesReceived++
	r.a.pushEvent(Event{Type: EventMessage, Stream: stream, PPID: ppid, Data: data, Unordered: unordered})
}

// afterPacket applies the SACK rules of RFC 9260 §6.2 once per packet that
// carried DATA: acknowledge at least every second packet, at once when
// out of order, otherwise within the delayed-ack time.
func (r *receiver) afterPacket() {
	r.ackPending++
	if r.ackPending >= 2 || r.stored > 0 || r.ackNow {
		r.ackNow = true
	} else if r.ackAt.IsZero() || r.ackPending == 1 {
		r.ackAt = r.a.now.Add(r.a.cfg.DelayedAckTime)
	}
}

// arwnd returns the advertised receiver window (RFC 9260 §6.2): the free
// part of MaxReceiveBuffer. Up to MaxMessageSize bytes of in-order messages
// under reassembly are not counted, so that a message larger than the window
// can still arrive; the memory bound is MaxReceiveBuffer + MaxMessageSize.
func (r *receiver) arwnd() uint32 {
	used := r.buffered - min(r.asmBytes, r.a.cfg.MaxMessageSize)
	return uint32(max(0, r.a.cfg.MaxReceiveBuffer-used))
}

// appendSack appends a SACK of the current receive state in at most room
// bytes, truncating the gap list if needed (RFC 9260 §6.2).
func (r *receiver) appendSack(b []byte, room int) []byte {
	s := &r.a.sack
	s.CumTSN = r.cum
	s.ARwnd = r.arwnd()
	s.Gaps = s.Gaps[:0]
	s.Dups = s.Dups[:0]
	maxEntries := (room - 16) / 4
	if r.stored > 0 {
		var start uint32
		in := false
		for t := r.cum + 1; tsnLTE(t, r.highest); t++ {
			p := r.slot(t).present
			if p && !in {
				start, in = t, true
			} else if !p && in {
				in = false
				s.Gaps = append(s.Gaps, GapBlock{uint16(start - r.cum), uint16(t - 1 - r.cum)})
				if len(s.Gaps) >= maxEntries {
					break
				}
			}
		}
		if in && len(s.Gaps) < maxEntries {
			s.Gaps = append(s.Gaps, GapBlock{uint16(start - r.cum), uint16(r.highest - r.cum)})
		}
	}
	for _, d := range r.dups {
		if len(s.Gaps)+len(s.Dups) < maxEntries {
			s.Dups = append(s.Dups, d)
		}
	}
	r.dups = r.dups[:0]
	r.ackNow, r.ackPending, r.ackAt = false, 0, time.Time{}
	r.a.stats.SacksSent++
	return s.AppendTo(b)
}

// handleForwardTSN moves the cumulative TSN forward over abandoned chunks
// (RFC 3758 §3.6, RFC 8260 §2.3).
func (r *receiver) handleForwardTSN(f *ForwardTSNChunk) {
	a := r.a
	if !r.started {
		return
	}
	r.ackNow = true
	if f.IForward != a.useIData {
		return
	}
	newCum := f.NewCumTSN
	if tsnLTE(newCum, r.cum) || int(newCum-r.cum) >= maxRecvWindow {
		return
	}
	if f.IForward {
		for _, s := range f.Streams {
			st := r.streams[s.Stream]
			if st == nil {
				continue
			}
			u := 0
			if s.Unordered {
				u = 1
			}
			if asm := &st.asm[u]; asm.active && tsnLTE(asm.mid, s.MID) {
				r.dropAsm(asm)
			}
		}
	}
	dropped := false
	for tsnLT(r.cum, newCum) {
		t := r.cum + 1
		var e *rxChunk
		if r.stored > 0 && tsnLTE(t, r.highest) {
			e = r.slot(t)
		}
		r.cum = t
		if e != nil && e.present {
			r.stored--
			r.consume(e)
			dropped = false
			r.cumMoved()
			continue
		}
		r.cumMoved()
		if !f.IForward && !dropped {
			dropped = true
			// A skipped chunk ends every message in reassembly: with
			// DATA only one can be, and it was abandoned (RFC 3758 §3.5
			// abandons all fragments of a message).
			for _, st := range r.streams {
				for i := range st.asm {
					if st.asm[i].active {
						r.dropAsm(&st.asm[i])
					}
				}
			}
		}
	}
	if tsnGT(r.cum, r.highest) {
		r.highest = r.cum
	}
	r.drainRing()
}

// resetStream forgets the reassembly state of an incoming stream (RFC 6525
// §5.2.2).
func (r *receiver) resetStream(id uint16) {
	if st := r.streams[id]; st != nil {
		for i := range st.asm {
			if st.asm[i].active {
				r.dropAsm(&st.asm[i])
			}
		}
	}
}
