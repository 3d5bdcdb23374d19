package sctp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// State is the association state of RFC 9260 §4.
type State int

// Association states (RFC 9260 §4). Closed covers both "never opened" and
// "ended".
const (
	StateClosed State = iota
	StateCookieWait
	StateCookieEchoed
	StateEstablished
	StateShutdownPending
	StateShutdownSent
	StateShutdownReceived
	StateShutdownAckSent
)

// String returns the state name as RFC 9260 §4 writes it.
func (s State) String() string {
	return [...]string{"CLOSED", "COOKIE-WAIT", "COOKIE-ECHOED", "ESTABLISHED", "SHUTDOWN-PENDING",
		"SHUTDOWN-SENT", "SHUTDOWN-RECEIVED", "SHUTDOWN-ACK-SENT"}[s]
}

// Errors returned by the Association API or carried by
// EventAssociationLost.
var (
	ErrNotEstablished  = errors.New("sctp: association not established")
	ErrBufferFull      = errors.New("sctp: send buffer full")
	ErrMessageTooBig   = errors.New("sctp: message larger than the send buffer")
	ErrEmptyMessage    = errors.New("sctp: empty message (RFC 9260 §3.3.1 forbids empty DATA)")
	ErrInvalidStream   = errors.New("sctp: stream identifier not below the negotiated stream count")
	ErrStreamResetting = errors.New("sctp: stream is being reset")
	ErrAborted         = errors.New("sctp: association aborted by the peer")
	ErrLocalAbort      = errors.New("sctp: association aborted locally")
	ErrTimeout         = errors.New("sctp: too many retransmissions")
	ErrProtocol        = errors.New("sctp: protocol violation by the peer")
)

// AbortError is the error of EventAssociationLost when the peer sent an
// ABORT (RFC 9260 §9.1): it matches ErrAborted and carries the chunk's
// first error cause (RFC 9260 §3.3.10), so that the layer above can tell a
// User-Initiated Abort — how a peer closing its PeerConnection ends the
// association (W3C webrtc-pc §4.4.2 step 6) — from a failure.
type AbortError struct {
	// Cause is the first cause code of the ABORT, 0 when it had none.
	Cause uint16
}

func (e *AbortError) Error() string {
	if e.Cause == 0 {
		return ErrAborted.Error()
	}
	return fmt.Sprintf("%v (cause %d)", ErrAborted, e.Cause)
}

// Unwrap makes errors.Is(err, ErrAborted) hold.
func (e *AbortError) Unwrap() error { return ErrAborted }

// Stats counts what an association did; every field only grows.
type Stats struct {
	PacketsSent, PacketsReceived     int64
	DroppedPackets                   int64 // bad checksum, bad tag, malformed
	DataChunksSent, Retransmits      int64
	FastRetransmits, T3Expiries      int64
	DataChunksReceived, DupChunks    int64
	ChunksDroppedNoBuffer            int64 // receive window full
	MessagesReceived, MessagesTooBig int64
	MessagesAbandoned                int64 // PR-SCTP (RFC 3758)
	SacksSent, SacksReceived         int64
}

// ctrlChunk is a pre-encoded control chunk waiting to be sent.
type ctrlChunk struct {
	vtag   uint32 // verification tag to use; 0 means the peer's tag
	fixed  bool   // vtag is authoritative (INIT, INIT ACK, T-bit replies)
	crc    bool   // must carry a real CRC32c (RFC 9653 §5.2)
	chunk  []byte
	single bool // must be alone in its packet (INIT, INIT ACK)
}

// Association is an SCTP association over DTLS (RFC 8261) as a sans-IO state
// machine: feed it packets with HandleInput and time with HandleTimeout,
// drain PollTransmit and PollEvent after each call, and call HandleTimeout
// when NextDeadline comes. It is not safe for concurrent use.
type Association struct {
	cfg   Config
	state State
	now   time.Time
	stats Stats

	myTag, peerTag   uint32
	cookieKey        [32]byte
	initRaw          []byte // our INIT chunk, for T1 retransmission
	cookieEcho       []byte // the cookie we echo (COOKIE-ECHOED)
	t1               time.Time
	t2               time.Time
	t1Count, t2Count int32
	outStreams       uint16 // negotiated: streams we may send on
	inStreams        uint16 // negotiated: streams the peer may send on
	peerForwardTSN   bool
	peerReconfig     bool
	useIData         bool
	sendZeroChecksum bool
	trimArmed        bool // trim is due at activeAt + bufferIdleTime (trim.go)
	closedReported   bool

	ctrl   []ctrlChunk
	events ring[Event]
	held   []byte    // message buffer lent through the last EventMessage
	bufs   bufPool   // message and chunk buffers (bufpool.go)
	sack   SackChunk // scratch: the SACK being parsed or built

	activeAt time.Time // last activity that may have taken buffers
	decayAt  int64     // Unix ns: when touch runs decay next (trim.go)

	snd sender
	rcv receiver
	cc  bbr
	rst resetState

	err error
}

// NewAssociation creates an association. A client queues its INIT at once;
// call PollTransmit to send it. now starts the INIT timer.
func NewAssociation(now time.Time, cfg Config) (*Association, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	a := &Association{cfg: c, now: now}
	a.bufs.max = c.MaxSendBuffer + c.MaxReceiveBuffer + c.MaxMessageSize
	if _, err := io.ReadFull(c.Rand, a.cookieKey[:]); err != nil {
		return nil, fmt.Errorf("sctp: reading cookie key: %w", err)
	}
	a.myTag = a.randNonZero()
	a.snd.init(a, a.randUint32())
	a.rcv.init(a)
	a.cc.init(c.MTU)
	if c.Client {
		a.sendInit(now)
	}
	return a, nil
}

func (a *Association) randUint32() uint32 {
	var b [4]byte
	if _, err := io.ReadFull(a.cfg.Rand, b[:]); err != nil {
		panic("BUG: sctp: Config.Rand failed: " + err.Error())
	}
	return binary.BigEndian.Uint32(b[:])
}

func (a *Association) randNonZero() uint32 {
	for {
		if v := a.randUint32(); v != 0 {
			return v
		}
	}
}

// State returns the association state.
func (a *Association) State() State { return a.state }

// Stats returns a copy of the counters.
func (a *Association) Stats() Stats { return a.stats }

// Err returns why the association ended abnormally, or nil.
func (a *Association) Err() error { return a.err }

// MTU returns the largest packet PollTransmit emits.
func (a *Association) MTU() int { return a.cfg.MTU }

// Streams returns the negotiated numbers of outbound and inbound streams
// (RFC 9260 §5.1.1), valid once established.
func (a *Association) Streams() (out, in uint16) { return a.outStreams, a.inStreams }

// IData reports whether I-DATA (RFC 8260) was negotiated.
func (a *Association) IData() bool { return a.useIData }

// ZeroChecksum reports whether packets to the peer carry a zero checksum
// (RFC 9653 §5.2).
func (a *Association) ZeroChecksum() bool { return a.sendZeroChecksum }

// SRTT returns the smoothed round-trip time (RFC 9260 §6.3.1), zero before
// the first measurement.
func (a *Association) SRTT() time.Duration { return a.snd.srtt }

// Cwnd returns the congestion window in bytes.
func (a *Association) Cwnd() int { return a.cc.cwnd }

func (a *Association) queueCtrl(c ctrlChunk) {
	if len(a.ctrl) >= 64 { // bounded: the peer can only provoke a few per packet
		return
	}
	a.ctrl = append(a.ctrl, c)
}

func (a *Association) pushEvent(e Event) { a.events.pushBack(e) }

// PollEvent returns the next event, if any. The Data of an EventMessage is
// valid until the next PollEvent or Handle call.
func (a *Association) PollEvent() (Event, bool) {
	a.releaseHeld()
	if a.events.len() == 0 {
		if !a.trimArmed || a.state == StateClosed {
			a.events = ring[Event]{} // drained after the idle release (trim.go) or the end
		}
		return Event{}, false
	}
	e := a.events.popFront()
	if e.Type == EventMessage {
		a.held = e.Data
		a.rcv.buffered -= len(e.Data)
	}
	return e, true
}

func (a *Association) releaseHeld() {
	if a.held != nil {
		if a.trimArmed { // otherwise idle buffers were released: let it go too
			a.bufs.put(a.held)
		}
		a.held = nil
	}
}

// NextDeadline returns when HandleTimeout must next be called, or the zero
// time if no timer runs. It is O(1).
func (a *Association) NextDeadline() time.Time {
	var d time.Time
	take := func(t time.Time) {
		if !t.IsZero() && (d.IsZero() || t.Before(d)) {
			d = t
		}
	}
	take(a.t1)
	take(a.t2)
	take(a.snd.t3)
	take(a.rcv.ackDeadline())
	take(a.rst.timer)
	take(a.trimDeadline())
	if a.snd.hasSendable() {
		take(a.snd.pacingAt)
	}
	return d
}

// HandleTimeout runs the timers that are due at now (RFC 9260 §6.3.3 T3-rtx,
// §5.1 T1-init/T1-cookie, §9.2 T2-shutdown, §6.2 delayed SACK, RFC 6525 §5.1
// reconfiguration retransmission, pacing, and the release of idle buffers).
func (a *Association) HandleTimeout(now time.Time) {
	a.releaseHeld()
	if now.After(a.now) {
		a.now = now
	}
	now = a.now
	due := func(t time.Time) bool { return !t.IsZero() && !now.Before(t) }
	if due(a.t1) || due(a.t2) || due(a.snd.t3) || due(a.rst.timer) {
		a.touch() // retransmissions may take buffers
	}
	if due(a.t1) {
		a.onT1(now)
	}
	if due(a.t2) {
		a.onT2(now)
	}
	if due(a.snd.t3) {
		a.snd.onT3(now)
	}
	if due(a.rcv.ackDeadline()) {
		a.rcv.ackNow = true
	}
	if due(a.rst.timer) {
		a.onResetTimer(now)
	}
	if due(a.trimDeadline()) {
		a.trim()
	}
	// Pacing needs no action: PollTransmit sends once pacingAt has passed.
}

// HandleInput processes one received SCTP packet (the payload of one DTLS
// record, RFC 8261 §4). Bad packets are counted and dropped; they never
// panic.
func (a *Association) HandleInput(now time.Time, p []byte) {
	a.releaseHeld()
	if now.After(a.now) {
		a.now = now
	}
	a.touch()
	if err := a.handlePacket(p); err != nil {
		a.stats.DroppedPackets++
		return
	}
	a.stats.PacketsReceived++
}

func (a *Association) handlePacket(p []byte) error {
	h, chunks, err := ParseHeader(p)
	if err != nil {
		return err
	}
	if !VerifyChecksum(p, !a.cfg.DisableZeroChecksum) {
		return fmt.Errorf("%w: bad checksum", ErrMalformed)
	}
	if h.DstPort != a.cfg.SourcePort || h.SrcPort != a.cfg.DestinationPort {
		return fmt.Errorf("%w: wrong port", ErrMalformed)
	}
	if len(chunks) == 0 {
		return errShort
	}
	first := ChunkType(chunks[0])
	// RFC 9260 §8.5 and §8.5.1: verification tag rules.
	switch first {
	case ChunkInit:
		if h.VerificationTag != 0 {
			return fmt.Errorf("%w: INIT with non-zero tag", ErrMalformed)
		}
	case ChunkAbort, ChunkShutdownComplete:
		t := len(chunks) > 1 && chunks[1]&flagT != 0
		if (t && h.VerificationTag != a.peerTag) || (!t && h.VerificationTag != a.myTag) {
			return fmt.Errorf("%w: bad tag on %s", ErrMalformed, first)
		}
	case ChunkCookieEcho:
		// checked against the cookie in handleCookieEcho
	case ChunkShutdownAck:
		if h.VerificationTag != a.myTag && a.state != StateCookieWait && a.state != StateCookieEchoed {
			return fmt.Errorf("%w: bad tag", ErrMalformed)
		}
	default:
		if h.VerificationTag != a.myTag {
			return fmt.Errorf("%w: bad tag", ErrMalformed)
		}
	}
	sawData, sawCookie := false, false
	for len(chunks) > 0 {
		typ, flags, v, rest, err := NextChunk(chunks)
		if err != nil {
			return err
		}
		chunks = rest
		if (typ == ChunkInit || typ == ChunkInitAck || typ == ChunkShutdownComplete) && (len(rest) > 0) {
			// RFC 9260 §6.10: these MUST NOT be bundled.
			return fmt.Errorf("%w: %s bundled", ErrMalformed, typ)
		}
		switch typ {
		case ChunkData, ChunkIData:
			if a.state < StateEstablished && a.state != StateCookieEchoed {
				continue
			}
			if (typ == ChunkIData) != a.useIData {
				// RFC 8260 §2.2: DATA when I-DATA was negotiated (or the
				// reverse) is a protocol violation.
				a.abort(CauseProtocolViolation, ErrProtocol)
				return nil
			}
			var d DataChunk
			if err := d.Unmarshal(typ == ChunkIData, flags, v); err != nil {
				if errors.Is(err, errEmptyData) {
					a.abort(CauseNoUserData, ErrProtocol)
					return nil
				}
				return err
			}
			a.rcv.handleData(&d)
			sawData = true
		case ChunkSack:
			if err := a.snd.handleSack(v); err != nil {
				return err
			}
		case ChunkInit:
			a.handleInit(h, v)
		case ChunkInitAck:
			a.handleInitAck(v)
		case ChunkCookieEcho:
			if err := a.handleCookieEcho(h, v); err != nil {
				return err
			}
			sawCookie = true
		case ChunkCookieAck:
			if a.state == StateCookieEchoed {
				a.t1 = time.Time{}
				a.cookieEcho = nil
				a.established()
			}
		case ChunkHeartbeat:
			info, err := ParseHeartbeat(v)
			if err != nil {
				return err
			}
			a.queueCtrl(ctrlChunk{chunk: AppendHeartbeat(nil, true, info)})
		case ChunkHeartbeatAck:
			// We send no HEARTBEATs yet; nothing to match.
		case ChunkAbort:
			err := &AbortError{}
			if c, ok := ParseErrorCause(v); ok {
				err.Cause = c.Code
			}
			a.terminate(err)
			return nil
		case ChunkShutdown:
			cum, err := ParseShutdown(v)
			if err != nil {
				return err
			}
			a.handleShutdown(cum)
		case ChunkShutdownAck:
			a.handleShutdownAck()
		case ChunkShutdownComplete:
			if a.state == StateShutdownAckSent {
				a.t2 = time.Time{}
				a.closeGracefully()
			}
		case ChunkError:
			// Operational errors (RFC 9260 §3.3.10) are informational here.
		case ChunkForwardTSN, ChunkIForwardTSN:
			if a.state < StateEstablished {
				continue
			}
			var f ForwardTSNChunk
			if err := f.Unmarshal(typ == ChunkIForwardTSN, v); err != nil {
				return err
			}
			a.rcv.handleForwardTSN(&f)
			sawData = true
		case ChunkReconfig:
			var r ReconfigChunk
			if err := r.Unmarshal(v); err != nil {
				return err
			}
			a.handleReconfig(&r)
		case ChunkPad:
		default:
			skip, _ := unknownAction(uint8(typ))
			if !skip {
				return nil
			}
		}
	}
	if sawData {
		if sawCookie {
			// RFC 9260 §5.1.5 step 7: DATA bundled with the COOKIE ECHO
			// is acknowledged at once.
			a.rcv.ackNow = true
		}
		a.rcv.afterPacket()
	}
	return nil
}

// established enters ESTABLISHED and reports it.
func (a *Association) established() {
	a.state = StateEstablished
	a.initRaw = nil
	if a.snd.unacked > 0 && a.snd.t3.IsZero() {
		a.snd.t3 = a.now.Add(a.snd.rto) // DATA sent with the COOKIE ECHO
	}
	a.pushEvent(Event{Type: EventAssociationUp})
}

// abort sends an ABORT with the given cause and ends the association
// (RFC 9260 §9.1).
func (a *Association) abort(cause uint16, err error) {
	if a.state == StateClosed && a.peerTag == 0 {
		a.terminate(err)
		return
	}
	a.ctrl = a.ctrl[:0]
	a.queueCtrl(ctrlChunk{chunk: AppendAbort(nil, false, cause, nil)})
	a.terminate(err)
}

// Abort ends the association at once with an ABORT chunk (RFC 9260 §9.1).
func (a *Association) Abort() {
	if a.state == StateClosed {
		return
	}
	a.abort(CauseUserInitiatedAbort, ErrLocalAbort)
}

func (a *Association) terminate(err error) {
	if a.state == StateClosed && a.closedReported {
		return
	}
	a.state = StateClosed
	a.err = err
	a.t1, a.t2, a.snd.t3, a.rst.timer = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	a.rcv.ackNow, a.rcv.ackPending = false, 0
	a.snd.dropAll()
	a.trim() // an ended association keeps no buffers
	a.closedReported = true
	a.pushEvent(Event{Type: EventAssociationLost, Err: err})
}

func (a *Association) closeGracefully() {
	a.state = StateClosed
	a.t1, a.t2, a.snd.t3, a.rst.timer = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	a.rcv.ackNow, a.rcv.ackPending = false, 0
	a.snd.dropAll()
	a.trim()
	a.closedReported = true
	a.pushEvent(Event{Type: EventAssociationClosed})
}
