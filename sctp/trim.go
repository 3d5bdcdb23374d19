package sctp

import "time"

// Idle memory.
//
// An association takes its buffers (the retransmission queue, stream
// queues, the out-of-order ring, message buffers, the event queue) when
// traffic needs them and keeps them while traffic goes on, so that a busy
// association reaches a steady state without allocating. Once nothing has
// happened for bufferIdleTime, HandleTimeout gives back every buffer that
// is empty: an idle association holds only its fixed state. The one
// deadline this takes is armed by activity, so an idle association has no
// timer and no periodic wakeup.

// bufferIdleTime is how long buffers are kept after the last activity.
// It is longer than the delayed SACK time, so a request/response exchange
// keeps its buffers, and short enough that a connection that went quiet
// gives its memory back within a second.
const bufferIdleTime = 500 * time.Millisecond

// touch records activity that may have taken buffers. While traffic goes
// on it also runs decay once every bufferIdleTime.
func (a *Association) touch() {
	a.activeAt = a.now
	a.trimArmed = true
	if t := a.now.UnixNano(); t >= a.decayAt {
		a.decayAt = t + int64(bufferIdleTime)
		a.decay()
	}
}

// decay gives back, while traffic goes on, what a past burst left behind:
// pooled buffers that were not taken during the last bufferIdleTime, and
// the out-of-order ring if no chunk needed it meanwhile. A steady flow
// keeps everything it uses, so nothing is allocated again.
func (a *Association) decay() {
	a.bufs.decay()
	r := &a.rcv
	if r.stored == 0 && !r.ringUsed {
		r.ring = nil
	}
	r.ringUsed = false
}

// holdsBuffers reports whether trim would have something to release. It
// is O(1).
func (a *Association) holdsBuffers() bool {
	s, r := &a.snd, &a.rcv
	return a.bufs.held() || a.events.buf != nil || s.out.buf != nil || s.rtxq.buf != nil ||
		s.active.buf != nil || len(s.qStreams) > 0 || r.ring != nil || cap(a.sack.Gaps) > 0 ||
		cap(a.sack.Dups) > 0 || cap(r.dups) > 0
}

// trimDeadline returns when trim is due, or zero. It is armed only while
// the association is quiet (nothing queued or outstanding, no gap in the
// received TSNs): while traffic goes on, other timers run and every packet
// counts as activity.
func (a *Association) trimDeadline() time.Time {
	if !a.trimArmed || a.state == StateClosed || !a.snd.idle() || a.rcv.stored > 0 || !a.holdsBuffers() {
		return time.Time{}
	}
	return a.activeAt.Add(bufferIdleTime)
}

// trim releases every buffer that is empty. What is still in use (data
// waiting for a retransmission, a gap in the received TSNs) is kept and
// looked at again after the next activity.
func (a *Association) trim() {
	a.trimArmed = false
	s, r := &a.snd, &a.rcv
	a.bufs.release()
	if a.events.len() == 0 {
		a.events = ring[Event]{}
	}
	if s.out.len() == 0 {
		s.out = ring[outChunk]{}
	}
	if s.rtxq.len() == 0 {
		s.rtxq = ring[uint32]{}
	}
	if s.active.len() == 0 {
		s.active = ring[*outStream]{}
	}
	keep := s.qStreams[:0]
	for _, st := range s.qStreams {
		if st.q.len() == 0 {
			st.q = ring[outMsg]{}
			st.listed = false
			continue
		}
		keep = append(keep, st)
	}
	clear(s.qStreams[len(keep):])
	s.qStreams = keep
	if len(keep) == 0 {
		s.qStreams = nil
	}
	if r.stored == 0 {
		r.ring = nil
	}
	a.sack.Gaps, a.sack.Dups = nil, nil
	if len(r.dups) == 0 {
		r.dups = nil
	}
	s.fwdScratch.Streams = nil
}
