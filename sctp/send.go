package sctp

import (
	"fmt"
	"time"
)

// Reliability is a PR-SCTP policy (RFC 3758 §4, with the policies of RFC
// 7496 §3 that WebRTC uses, RFC 8831 §6.1).
type Reliability int

// Reliability policies.
const (
	// Reliable retransmits until acknowledged.
	Reliable Reliability = iota
	// LimitedRetransmits abandons a message after MaxRetransmits
	// retransmissions (RFC 7496 §3.2; maxRetransmits in WebRTC).
	LimitedRetransmits
	// LimitedLifetime abandons a message not acknowledged within Lifetime
	// of the Send call (RFC 7496 §3.1, maxPacketLifeTime in WebRTC).
	LimitedLifetime
)

// SendOptions are the per-message options of Send.
type SendOptions struct {
	// Unordered sets the U bit (RFC 9260 §3.3.1): the message may be
	// delivered before earlier ones on its stream.
	Unordered bool
	// Policy and its limit select partial reliability (RFC 3758). They need
	// the peer's FORWARD-TSN support; without it messages are reliable.
	Policy         Reliability
	MaxRetransmits int
	Lifetime       time.Duration
	// Control keeps the message out of BufferedAmount and its low-water
	// event: it is protocol, not application data (DCEP, RFC 8832).
	Control bool
	// Immediate sets the I bit on the message's last chunk, asking the
	// peer to acknowledge it without delay (RFC 9260 §3.3.1, §6.1; the
	// sack-immediately flag of §11.1.5): for a last message after which
	// the sender goes quiet.
	Immediate bool
}

// outMsg is a message queued on a stream. Send copies it into buf; it is
// cut into chunks as packets are built (RFC 9260 §6.9), each chunk as large
// as the room left in the packet, so that a run of messages fills every
// packet up to the MTU.
type outMsg struct {
	buf     []byte // the message, from the association's buffer pool
	off     int    // bytes already cut into chunks
	serial  uint64 // fragments are abandoned together (RFC 3758 §3.5 A3)
	expires time.Time
	ppid    uint32
	fsn     uint32 // next Fragment Sequence Number (RFC 8260 §2.1)
	maxRtx  int32  // -1: no limit
	flags   uint8  // flagUnordered, flagImmediate
	control bool   // not counted in the stream's BufferedAmount
}

// outChunk is one chunk of an outgoing message, outstanding or waiting for
// retransmission.
type outChunk struct {
	data        []byte // payload: a slice of the message's buffer
	buf         []byte // on the message's last chunk: the buffer to release
	msg         uint64 // message serial: fragments are abandoned together
	expires     time.Time
	sentAt      time.Time
	deliveredAt time.Time
	firstSentAt time.Time
	txSeq       uint64
	delivered   int64
	tsn         uint32
	mid, fsn    uint32
	ppid        uint32
	maxRtx      int32 // -1: no limit
	nsent       int32
	stream      uint16
	ssn         uint16
	flags       uint8
	misses      uint8
	acked       bool
	inflight    bool
	lost        bool
	abandoned   bool
	appLimited  bool
}

// outStream is the send side of one stream.
type outStream struct {
	id           uint16
	q            ring[outMsg]
	nextSSN      uint16
	nextMID      [2]uint32 // ordered, unordered (RFC 8260 §2.1)
	curSSN       uint16
	curMID       uint32
	queued       int // bytes accepted by Send and not yet sent once
	lowThreshold int
	active       bool
	resetPending bool
	listed       bool // in sender.qStreams: q holds a buffer
}

type sender struct {
	a          *Association
	initialTSN uint32
	nextTSN    uint32
	cumAck     uint32
	out        ring[outChunk] // TSN cumAck+1+i at index i
	unacked    int            // outstanding chunks neither acked nor abandoned
	streams    map[uint16]*outStream
	qStreams   []*outStream // streams whose queue holds a buffer (released by trim)
	active     ring[*outStream]
	cur        *outStream // DATA: stream whose message is being fragmented
	rtxq       ring[uint32]
	flight     int
	buffered   int // bytes in stream queues and outstanding
	peerRwnd   int
	txSeq      uint64
	msgSerial  uint64

	t3                time.Time
	rto, srtt, rttvar time.Duration
	rttProbe          uint32
	advancedPeerAck   uint32
	t3Errors          int
	pacingAt          time.Time // when new data may leave (cc.go nextSendTime)
	pacingSched       time.Time // the pacing schedule: pacingAt plus one quantum

	fwdNeeded         bool
	lastSackTruncated bool
	fwdScratch        ForwardTSNChunk
}

func (s *sender) init(a *Association, initialTSN uint32) {
	s.a = a
	s.initialTSN = initialTSN
	s.nextTSN = initialTSN
	s.cumAck = initialTSN - 1
	s.advancedPeerAck = s.cumAck
	s.rttProbe = initialTSN
	s.rto = a.cfg.RTOInitial
	s.streams = make(map[uint16]*outStream)
}

// chunkHeaderLen is the size of a DATA or I-DATA chunk header.
func (a *Association) chunkHeaderLen() int {
	if a.useIData {
		return idataHeaderLen
	}
	return dataHeaderLen
}

func (s *sender) stream(id uint16) *outStream {
	st := s.streams[id]
	if st == nil {
		st = &outStream{id: id}
		s.streams[id] = st
	}
	return st
}

// Send queues msg on stream with the payload protocol identifier ppid
// (RFC 9260 §11.1.5 SEND). It copies msg. The message is fragmented as
// packets are built (§6.9), bundled with other messages up to the MTU
// (§6.10) and scheduled fairly with other streams' messages; with I-DATA
// (RFC 8260) fragments of messages on different streams interleave.
// Lifetimes are measured from the time of the last Handle call.
//
// Send works once the association is established, and already in
// COOKIE-ECHOED: a client's first messages then travel in the packet that
// carries the COOKIE ECHO (RFC 9260 §5.1 C).
func (a *Association) Send(stream uint16, ppid uint32, msg []byte, opt SendOptions) error {
	s := &a.snd
	switch {
	case a.state != StateEstablished && a.state != StateCookieEchoed:
		return ErrNotEstablished
	case len(msg) == 0:
		return ErrEmptyMessage
	case stream >= a.outStreams:
		return fmt.Errorf("%w: %d ≥ %d", ErrInvalidStream, stream, a.outStreams)
	case len(msg) > a.cfg.MaxSendBuffer:
		return fmt.Errorf("%w: %d bytes", ErrMessageTooBig, len(msg))
	case s.buffered+len(msg) > a.cfg.MaxSendBuffer:
		return ErrBufferFull
	}
	st := s.stream(stream)
	if st.resetPending {
		return ErrStreamResetting
	}
	a.touch()
	s.msgSerial++
	m := outMsg{serial: s.msgSerial, ppid: ppid, maxRtx: -1, control: opt.Control}
	if opt.Unordered {
		m.flags |= flagUnordered
	}
	if opt.Immediate {
		m.flags |= flagImmediate
	}
	if a.peerForwardTSN {
		switch opt.Policy {
		case LimitedRetransmits:
			m.maxRtx = int32(max(0, min(opt.MaxRetransmits, 1<<30)))
		case LimitedLifetime:
			m.expires = a.now.Add(max(0, opt.Lifetime))
		}
	}
	m.buf = append(a.bufs.get(len(msg)), msg...)
	if !st.listed {
		st.listed = true
		s.qStreams = append(s.qStreams, st)
	}
	st.q.pushBack(m)
	if !opt.Control {
		st.queued += len(msg)
	}
	s.buffered += len(msg)
	if !st.active {
		st.active = true
		s.active.pushBack(st)
	}
	return nil
}

// BufferedAmount returns the bytes queued on stream by Send and not yet
// transmitted once (W3C RTCDataChannel bufferedAmount).
func (a *Association) BufferedAmount(stream uint16) int {
	if st := a.snd.streams[stream]; st != nil {
		return st.queued
	}
	return 0
}

// SetBufferedAmountLowThreshold sets the level at or below which a drop of
// BufferedAmount(stream) reports EventBufferedAmountLow.
func (a *Association) SetBufferedAmountLowThreshold(stream uint16, n int) {
	a.snd.stream(stream).lowThreshold = max(0, n)
}

// BufferedTotal returns the bytes held by the send side: queued and not yet
// acknowledged.
func (a *Association) BufferedTotal() int { return a.snd.buffered }

// idle reports that nothing is queued or outstanding.
func (s *sender) idle() bool { return s.active.len() == 0 && s.unacked == 0 && s.cur == nil }

// dropAll releases everything on association end.
func (s *sender) dropAll() {
	for s.out.len() > 0 {
		c := s.out.popFront()
		s.a.bufs.put(c.buf)
	}
	for _, st := range s.qStreams {
		for st.q.len() > 0 {
			m := st.q.popFront()
			s.a.bufs.put(m.buf)
		}
		st.active, st.queued = false, 0
	}
	for s.active.len() > 0 {
		s.active.dropFront()
	}
	s.cur = nil
	s.unacked, s.flight, s.buffered = 0, 0, 0
	for s.rtxq.len() > 0 {
		s.rtxq.dropFront()
	}
	s.t3 = time.Time{}
}

// outAt returns the outstanding chunk with the given TSN, or nil.
func (s *sender) outAt(tsn uint32) *outChunk {
	i := int(tsn - s.cumAck - 1)
	if i < 0 || i >= s.out.len() {
		return nil
	}
	return s.out.at(i)
}

// dataAllowed reports whether DATA may be sent in this state. In
// COOKIE-ECHOED it may only go in the packet that carries the COOKIE ECHO
// (RFC 9260 §5.1 C), which PollTransmit checks.
func (s *sender) dataAllowed() bool {
	st := s.a.state
	return st == StateEstablished || st == StateShutdownPending || st == StateShutdownReceived || st == StateCookieEchoed
}

// peekRtx returns the next chunk to retransmit, dropping stale entries and
// abandoning chunks whose PR-SCTP limit is reached (RFC 3758 §3.5 A3).
func (s *sender) peekRtx() *outChunk {
	for s.rtxq.len() > 0 {
		c := s.outAt(*s.rtxq.front())
		if c == nil || c.acked || c.abandoned || !c.lost {
			s.rtxq.dropFront()
			continue
		}
		if (c.maxRtx >= 0 && c.nsent > c.maxRtx) || (!c.expires.IsZero() && !s.a.now.Before(c.expires)) {
			s.rtxq.dropFront()
			s.abandon(c.msg, c.stream)
			continue
		}
		return c
	}
	return nil
}

// peekNew returns the stream whose head message is cut next, dropping
// messages that expired before any fragment was sent (RFC 3758 §3.5 A3).
func (s *sender) peekNew() *outStream {
	for {
		st := s.cur
		if st == nil {
			if s.active.len() == 0 {
				return nil
			}
			st = *s.active.front()
		}
		if st.q.len() == 0 {
			if s.cur == st {
				s.cur = nil
			} else {
				s.active.dropFront()
				st.active = false
			}
			continue
		}
		if h := st.q.front(); h.off == 0 && !h.expires.IsZero() && !s.a.now.Before(h.expires) {
			s.dropHead(st)
			s.a.stats.MessagesAbandoned++
			if s.cur == st {
				s.cur = nil
			}
			continue
		}
		return st
	}
}

// hasSendable reports whether data waits only for the pacing time.
func (s *sender) hasSendable() bool {
	if !s.dataAllowed() || !s.pacingAt.After(s.a.now) {
		return false
	}
	if s.rtxq.len() == 0 && s.active.len() == 0 && s.cur == nil {
		return false
	}
	return s.flight < s.a.cc.cwnd
}

// dropHead drops the unsent rest of the head message of st.
func (s *sender) dropHead(st *outStream) {
	m := st.q.popFront()
	n := len(m.buf) - m.off
	before := st.queued
	if !m.control {
		st.queued -= n
	}
	s.buffered -= n
	if m.off == 0 {
		s.a.bufs.put(m.buf) // otherwise sent chunks still point into it
	}
	s.checkLow(st, before)
}

// splittable reports whether the head message of st may be cut to fill
// the space left in a packet that already carries chunks. A message
// that would fit in a chunk of its own is kept whole when it is unordered
// or partially reliable: in one chunk it is delivered on arrival (RFC 9260
// §6.6) or abandoned on its own, split in two it would wait for both.
func (s *sender) splittable(st *outStream) bool {
	m := st.q.front()
	if m.off > 0 || len(m.buf) > s.maxPayload() {
		return true
	}
	return m.flags&flagUnordered == 0 && m.maxRtx < 0 && m.expires.IsZero()
}

// maxPayload is the largest chunk payload: what fits in a packet alone.
func (s *sender) maxPayload() int {
	return s.a.cfg.MTU - headerLen - s.a.chunkHeaderLen()
}

// headLen returns how many bytes of the head message of st are left to cut.
func headLen(st *outStream) int {
	m := st.q.front()
	return len(m.buf) - m.off
}

// takeNew cuts the next chunk of at most n bytes from the head message of
// st and moves it to the outstanding queue with the next TSN, assigning
// SSN or MID when a message starts (so that a message dropped before
// sending leaves no hole in the sequence). Fragments of one message get
// consecutive TSNs with DATA (RFC 9260 §6.9) and increasing ones with
// I-DATA (RFC 8260 §2.1).
func (s *sender) takeNew(st *outStream, n int) *outChunk {
	m := st.q.front()
	n = min(n, len(m.buf)-m.off)
	f := s.out.pushBackZero()
	f.data, f.msg, f.expires, f.ppid = m.buf[m.off:m.off+n], m.serial, m.expires, m.ppid
	f.maxRtx, f.stream, f.fsn, f.flags = m.maxRtx, st.id, m.fsn, m.flags&flagUnordered
	u := 0
	if f.flags&flagUnordered != 0 {
		u = 1
	}
	if m.off == 0 {
		f.flags |= flagBeginning
		if u == 0 {
			st.curSSN = st.nextSSN
			st.nextSSN++
		}
		st.curMID = st.nextMID[u]
		st.nextMID[u]++
	}
	m.off += n
	m.fsn++
	control := m.control
	if m.off == len(m.buf) {
		f.flags |= flagEnding | m.flags&flagImmediate
		f.buf = m.buf
		st.q.dropFront()
	}
	f.ssn, f.mid = st.curSSN, st.curMID
	if u == 1 {
		f.ssn = 0
	}
	f.tsn = s.nextTSN
	s.nextTSN++
	if !control {
		before := st.queued
		st.queued -= n
		s.checkLow(st, before)
	}
	if s.a.useIData {
		// RFC 8260: interleave; rotate after every fragment.
		s.rotate(st)
	} else if f.flags&flagEnding != 0 {
		s.rotate(st)
	} else {
		if s.cur == nil {
			s.cur = st
			if s.active.len() > 0 && *s.active.front() == st {
				s.active.dropFront()
				st.active = false
			}
		}
	}
	s.unacked++
	return f
}

// rotate moves st from the front of the active ring to its back if it
// still has queued fragments (round-robin scheduling).
func (s *sender) rotate(st *outStream) {
	if s.cur == st {
		s.cur = nil
		if st.q.len() > 0 && !st.active {
			st.active = true
			s.active.pushBack(st)
		}
		return
	}
	if s.active.len() > 0 && *s.active.front() == st {
		s.active.dropFront()
		if st.q.len() > 0 {
			s.active.pushBack(st)
		} else {
			st.active = false
		}
	}
}

func (s *sender) checkLow(st *outStream, before int) {
	if before > st.lowThreshold && st.queued <= st.lowThreshold {
		s.a.pushEvent(Event{Type: EventBufferedAmountLow, Stream: st.id})
	}
}

// abandon marks every fragment of message m abandoned (RFC 3758 §3.5 A3:
// all fragments of a message go together), outstanding or still queued.
func (s *sender) abandon(m uint64, stream uint16) {
	for i := 0; i < s.out.len(); i++ {
		c := s.out.at(i)
		if c.msg != m || c.abandoned {
			continue
		}
		if !c.acked {
			s.unacked--
		}
		if c.inflight {
			s.flight -= len(c.data)
		}
		s.buffered -= len(c.data)
		c.abandoned, c.inflight, c.lost = true, false, false
		c.data = nil
		s.a.bufs.put(c.buf) // the message's last chunk: no other chunk uses it now
		c.buf = nil
	}
	if st := s.streams[stream]; st != nil {
		if st.q.len() > 0 && st.q.front().serial == m {
			h := st.q.front()
			if h.off > 0 {
				s.a.bufs.put(h.buf) // partly sent: its chunks were abandoned above
			}
			s.dropHead(st)
		}
		if s.cur == st {
			s.cur = nil
			if st.q.len() > 0 && !st.active {
				st.active = true
				s.active.pushBack(st)
			}
		}
	}
	s.a.stats.MessagesAbandoned++
	s.advanceFwd()
	if s.unacked == 0 {
		s.t3 = time.Time{}
	}
}

// advanceFwd moves Advanced.Peer.Ack.Point over abandoned chunks (RFC 3758
// §3.5 C1–C3) and asks for a FORWARD TSN when it passes the cumulative ack.
func (s *sender) advanceFwd() {
	if tsnLT(s.advancedPeerAck, s.cumAck) {
		s.advancedPeerAck = s.cumAck
	}
	for {
		c := s.outAt(s.advancedPeerAck + 1)
		if c == nil || !c.abandoned {
			break
		}
		s.advancedPeerAck++
	}
	if tsnGT(s.advancedPeerAck, s.cumAck) {
		s.fwdNeeded = true
	}
}

// appendForwardTSN appends the FORWARD TSN or I-FORWARD-TSN chunk (RFC
// 3758 §3.2, RFC 8260 §2.3) for the current advanced ack point.
func (s *sender) appendForwardTSN(b []byte) []byte {
	f := &s.fwdScratch
	f.IForward = s.a.useIData
	f.NewCumTSN = s.advancedPeerAck
	f.Streams = f.Streams[:0]
	for t := s.cumAck + 1; tsnLTE(t, s.advancedPeerAck); t++ {
		c := s.outAt(t)
		if c == nil {
			break
		}
		u := c.flags&flagUnordered != 0
		if !f.IForward && u {
			continue // FORWARD TSN lists ordered streams only
		}
		e := SkippedStream{Stream: c.stream, SSN: c.ssn, Unordered: u, MID: c.mid}
		found := false
		for i := range f.Streams {
			if f.Streams[i].Stream == e.Stream && f.Streams[i].Unordered == e.Unordered {
				f.Streams[i] = e // later TSN: later SSN/MID
				found = true
				break
			}
		}
		if !found && len(f.Streams) < 64 {
			f.Streams = append(f.Streams, e)
		}
	}
	return f.AppendTo(b)
}

// ackUpTo treats cum as a cumulative ack (SHUTDOWN carries one, §9.2).
func (s *sender) ackUpTo(cum uint32) {
	if tsnLTE(cum, s.cumAck) || !tsnLT(cum, s.nextTSN) {
		return
	}
	var sk SackChunk
	sk.CumTSN, sk.ARwnd = cum, uint32(s.peerRwnd)
	s.processSack(&sk)
}
