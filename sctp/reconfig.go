package sctp

import (
	"fmt"
	"time"
)

// resetState is the stream reset machinery of RFC 6525 (outgoing SSN reset
// requests only, which is what data channels use, RFC 8831 §6.7).
type resetState struct {
	// Our requests.
	pending     []uint16 // streams waiting for their data to be sent
	inflight    []uint16 // streams in the outstanding request
	outstanding bool
	reqSeq      uint32 // §5.1.1: starts at our initial TSN
	lastTSN     uint32
	timer       time.Time
	sendNow     bool

	// The peer's requests.
	peerReqSeq uint32 // next expected request sequence number
	lastResult uint32 // result sent for peerReqSeq-1
	deferred   bool
	defLastTSN uint32
	defStreams []uint16
	responses  []ReconfigParam
}

// ResetStreams asks the peer to reset the given outgoing streams (RFC 6525
// §5.1.2), after every message already queued on them is sent. Send on
// these streams fails until EventOutgoingStreamReset reports the reset.
func (a *Association) ResetStreams(streams ...uint16) error {
	if a.state != StateEstablished {
		return ErrNotEstablished
	}
	if !a.peerReconfig {
		return fmt.Errorf("sctp: peer does not support RE-CONFIG (RFC 6525)")
	}
	for _, id := range streams {
		if id >= a.outStreams {
			return fmt.Errorf("%w: %d", ErrInvalidStream, id)
		}
	}
	for _, id := range streams {
		st := a.snd.stream(id)
		if st.resetPending {
			continue
		}
		st.resetPending = true
		a.rst.pending = append(a.rst.pending, id)
	}
	a.tryStartReset()
	return nil
}

// tryStartReset sends a request for the pending streams whose queued data
// has all been sent.
func (a *Association) tryStartReset() {
	r := &a.rst
	if r.outstanding || len(r.pending) == 0 {
		return
	}
	keep := r.pending[:0]
	r.inflight = r.inflight[:0]
	for _, id := range r.pending {
		st := a.snd.streams[id]
		if st != nil && (st.q.len() > 0 || a.snd.cur == st) {
			keep = append(keep, id)
			continue
		}
		r.inflight = append(r.inflight, id)
	}
	r.pending = keep
	if len(r.inflight) == 0 {
		return
	}
	r.outstanding = true
	r.lastTSN = a.snd.nextTSN - 1
	r.sendNow = true
	r.timer = a.now.Add(a.snd.rto)
}

func (a *Association) onResetTimer(now time.Time) {
	r := &a.rst
	if !r.outstanding {
		r.timer = time.Time{}
		return
	}
	r.sendNow = true
	r.timer = now.Add(a.snd.rto)
}

// appendReconfig appends a RE-CONFIG chunk with our outstanding request
// and/or pending responses.
func (a *Association) appendReconfig(b []byte) []byte {
	r := &a.rst
	var c ReconfigChunk
	if r.outstanding {
		c.Params = append(c.Params, ReconfigParam{Type: paramOutgoingReset, ReqSeq: r.reqSeq,
			RespSeq: r.peerReqSeq - 1, LastTSN: r.lastTSN, Streams: r.inflight})
	}
	for len(r.responses) > 0 && len(c.Params) < 2 {
		c.Params = append(c.Params, r.responses[0])
		r.responses = r.responses[1:]
	}
	if len(r.responses) > 0 {
		defer func() { r.sendNow = true }()
	}
	if len(c.Params) == 0 {
		return b
	}
	return c.AppendTo(b)
}

func (a *Association) respond(seq, result uint32) {
	r := &a.rst
	if len(r.responses) < 8 {
		r.responses = append(r.responses, ReconfigParam{Type: paramReconfigResponse, ReqSeq: seq, Result: result})
	}
	r.sendNow = true
}

// handleReconfig processes a RE-CONFIG chunk (RFC 6525 §5.2).
func (a *Association) handleReconfig(c *ReconfigChunk) {
	if a.state < StateEstablished {
		return
	}
	r := &a.rst
	for i := range c.Params {
		p := &c.Params[i]
		switch p.Type {
		case paramOutgoingReset:
			a.handleOutgoingResetRequest(p)
		case paramReconfigResponse:
			a.handleReconfigResponse(p)
		default:
			// Incoming SSN, SSN/TSN and add-stream requests (§4.2, §4.3,
			// §4.5, §4.6) are not supported: deny them (§5.2).
			if p.ReqSeq == r.peerReqSeq {
				r.peerReqSeq++
				r.lastResult = ReconfigDenied
			}
			a.respond(p.ReqSeq, ReconfigDenied)
		}
	}
}

// handleOutgoingResetRequest is RFC 6525 §5.2.2.
func (a *Association) handleOutgoingResetRequest(p *ReconfigParam) {
	r := &a.rst
	switch {
	case p.ReqSeq == r.peerReqSeq-1:
		a.respond(p.ReqSeq, r.lastResult) // retransmission: same answer
		return
	case p.ReqSeq != r.peerReqSeq:
		a.respond(p.ReqSeq, ReconfigErrorBadSeq)
		return
	}
	r.peerReqSeq++
	if r.deferred {
		r.lastResult = ReconfigInProgress
		a.respond(p.ReqSeq, ReconfigErrorInProgress)
		return
	}
	streams := p.Streams
	if len(streams) == 0 { // all streams
		streams = streams[:0]
		for id := range a.rcv.streams {
			streams = append(streams, id)
		}
	}
	r.defStreams = append(r.defStreams[:0], streams...)
	r.defLastTSN = p.LastTSN
	if tsnLTE(p.LastTSN, a.rcv.cum) {
		a.performDeferredReset()
		a.respond(p.ReqSeq, ReconfigSuccessPerformed)
		return
	}
	r.deferred = true
	r.lastResult = ReconfigInProgress
	a.respond(p.ReqSeq, ReconfigInProgress)
}

// performDeferredReset resets the incoming streams of the last request.
func (a *Association) performDeferredReset() {
	r := &a.rst
	r.deferred = false
	r.lastResult = ReconfigSuccessPerformed
	for _, id := range r.defStreams {
		a.rcv.resetStream(id)
		a.pushEvent(Event{Type: EventIncomingStreamReset, Stream: id})
	}
	r.defStreams = r.defStreams[:0]
}

// handleReconfigResponse is RFC 6525 §5.2.7.
func (a *Association) handleReconfigResponse(p *ReconfigParam) {
	r := &a.rst
	if !r.outstanding || p.ReqSeq != r.reqSeq {
		return
	}
	switch p.Result {
	case ReconfigInProgress:
		r.timer = a.now.Add(a.snd.rto)
		return
	case ReconfigSuccessPerformed, ReconfigSuccessNothing:
		for _, id := range r.inflight {
			st := a.snd.stream(id)
			st.nextSSN, st.nextMID = 0, [2]uint32{}
			st.resetPending = false
			a.pushEvent(Event{Type: EventOutgoingStreamReset, Stream: id})
		}
	default:
		for _, id := range r.inflight {
			a.snd.stream(id).resetPending = false
			a.pushEvent(Event{Type: EventOutgoingStreamReset, Stream: id,
				Err: fmt.Errorf("sctp: stream reset refused (result %d)", p.Result)})
		}
	}
	r.outstanding = false
	r.inflight = r.inflight[:0]
	r.timer = time.Time{}
	r.reqSeq++
	a.tryStartReset()
}

// afterAck runs after a SACK was processed.
func (a *Association) afterAck() {
	if a.state == StateShutdownPending || a.state == StateShutdownReceived {
		a.maybeShutdown()
	}
}
