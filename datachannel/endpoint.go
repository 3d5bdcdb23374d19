package datachannel

import (
	"errors"
	"fmt"
	"time"

	"github.com/c4c1f6e1/webrtc/sctp"
)

// EventType says what an Event reports.
type EventType int

// Event types, named after the W3C events they become.
const (
	// EventOpen: the channel is open ("open" event, W3C §6.2 "announce
	// the RTCDataChannel as open").
	EventOpen EventType = iota + 1
	// EventDataChannel: the peer opened a channel in-band (the
	// RTCPeerConnection "datachannel" event); EventOpen follows.
	EventDataChannel
	// EventMessage: a message arrived; Data is valid until the next
	// PollEvent or Handle call.
	EventMessage
	// EventBufferedAmountLow: "bufferedamountlow".
	EventBufferedAmountLow
	// EventClosing: the peer started closing the channel ("closing").
	EventClosing
	// EventClose: the channel is closed ("close"); its id may be reused.
	EventClose
	// EventError: the channel failed (an "error" event; RTCErrorEvent with
	// errorDetail "sctp-failure" or "data-channel-failure"); EventClose
	// follows.
	EventError
	// EventTransportUp and EventTransportClosed report the SCTP
	// association (RTCSctpTransport state "connected" / "closed").
	EventTransportUp
	EventTransportClosed
)

// Event is something an Endpoint reports.
type Event struct {
	Type     EventType
	Channel  *Channel
	Data     []byte
	IsString bool
	Err      error
}

// Config configures an Endpoint.
type Config struct {
	// DTLSClient is true when this side is the DTLS client: it then uses
	// even stream identifiers and the peer odd ones (RFC 8832 §6).
	DTLSClient bool
	// RemoteMaxMessageSize is the peer's a=max-message-size (RFC 8841
	// §6): the largest message Send accepts. Zero means 65536, the value
	// RFC 8841 §6.1 implies when the attribute is absent; negative means
	// no limit (the attribute's 0).
	RemoteMaxMessageSize int
}

// Endpoint runs data channels (RFC 8831, DCEP RFC 8832) over one SCTP
// association, as a sans-IO state machine: pass packets and time through
// it, drain PollTransmit and PollEvent after every call.
type Endpoint struct {
	a        *sctp.Association
	cfg      Config
	channels map[uint16]*Channel
	pending  []*Channel // created before the association could carry data
	opening  []*Channel // OPEN sent before the association was up: announced open at up
	events   []Event
	up       bool
	closed   bool
	scratch  []byte
}

// NewEndpoint wraps an association that was created for this endpoint and
// has not delivered any event yet.
func NewEndpoint(a *sctp.Association, cfg Config) *Endpoint {
	if cfg.RemoteMaxMessageSize == 0 {
		cfg.RemoteMaxMessageSize = 65536
	}
	return &Endpoint{a: a, cfg: cfg, channels: make(map[uint16]*Channel)}
}

// Association returns the underlying association.
func (e *Endpoint) Association() *sctp.Association { return e.a }

// MaxMessageSize returns the largest message Send accepts (W3C
// RTCSctpTransport.maxMessageSize); 0 means unlimited.
func (e *Endpoint) MaxMessageSize() int {
	if e.cfg.RemoteMaxMessageSize < 0 {
		return 0
	}
	return e.cfg.RemoteMaxMessageSize
}

// HandleInput passes a received SCTP packet to the association.
func (e *Endpoint) HandleInput(now time.Time, p []byte) {
	e.a.HandleInput(now, p)
	e.sendPending()
}

// HandleTimeout runs the association's due timers.
func (e *Endpoint) HandleTimeout(now time.Time) { e.a.HandleTimeout(now) }

// PollTransmit returns the next SCTP packet to send.
func (e *Endpoint) PollTransmit(buf []byte) (int, bool) { return e.a.PollTransmit(buf) }

// NextDeadline returns when HandleTimeout is next due.
func (e *Endpoint) NextDeadline() time.Time { return e.a.NextDeadline() }

// Channels returns the number of channels not yet closed.
func (e *Endpoint) Channels() int { return len(e.channels) + len(e.pending) }

// CreateChannel creates a data channel (W3C webrtc-pc §6.2.1
// createDataChannel steps). It is announced in-band with DATA_CHANNEL_OPEN
// unless negotiated; EventOpen reports when it can be used.
func (e *Endpoint) CreateChannel(label string, o Options) (*Channel, error) {
	if e.closed {
		return nil, fmt.Errorf("%w: SCTP transport closed", ErrInvalidState)
	}
	switch {
	case len(label) > 65535:
		return nil, fmt.Errorf("%w: label longer than 65535 bytes", ErrType)
	case len(o.Protocol) > 65535:
		return nil, fmt.Errorf("%w: protocol longer than 65535 bytes", ErrType)
	case o.MaxPacketLifeTime != nil && o.MaxRetransmits != nil:
		return nil, fmt.Errorf("%w: both maxPacketLifeTime and maxRetransmits set", ErrType)
	case o.Negotiated && o.ID == nil:
		return nil, fmt.Errorf("%w: negotiated channel without id", ErrType)
	case o.ID != nil && *o.ID == 65535:
		return nil, fmt.Errorf("%w: id 65535", ErrType)
	}
	c := &Channel{e: e, label: label, protocol: o.Protocol, ordered: !o.Unordered, lifetime: -1, rexmit: -1,
		negotiated: o.Negotiated, priority: o.Priority}
	if c.priority == 0 {
		c.priority = PriorityLow
	}
	if o.MaxPacketLifeTime != nil {
		c.lifetime = int(*o.MaxPacketLifeTime)
	}
	if o.MaxRetransmits != nil {
		c.rexmit = int(*o.MaxRetransmits)
	}
	if o.ID != nil {
		if e.idUsed(*o.ID) {
			return nil, fmt.Errorf("%w: id %d in use", ErrOperation, *o.ID)
		}
		if e.up {
			if out, _ := e.a.Streams(); *o.ID >= out {
				return nil, fmt.Errorf("%w: id %d not below the %d negotiated streams", ErrOperation, *o.ID, out)
			}
		}
		c.id, c.hasID = *o.ID, true
	}
	if !e.up {
		e.pending = append(e.pending, c)
		e.sendPending()
		return c, nil
	}
	if !c.hasID {
		id, ok := e.allocID()
		if !ok {
			return nil, fmt.Errorf("%w: no stream id left", ErrOperation)
		}
		c.id, c.hasID = id, true
	}
	e.channels[c.id] = c
	e.openChannel(c)
	return c, nil
}

func (e *Endpoint) idUsed(id uint16) bool {
	if _, ok := e.channels[id]; ok {
		return true
	}
	for _, c := range e.pending {
		if c.hasID && c.id == id {
			return true
		}
	}
	return false
}

// allocID picks the lowest free id of our parity (RFC 8832 §6).
func (e *Endpoint) allocID() (uint16, bool) {
	out, _ := e.a.Streams()
	start := uint16(1)
	if e.cfg.DTLSClient {
		start = 0
	}
	for id := uint32(start); id < uint32(out) && id < 65535; id += 2 {
		if !e.idUsed(uint16(id)) {
			return uint16(id), true
		}
	}
	return 0, false
}

// openChannel sends DATA_CHANNEL_OPEN (unless negotiated) and announces the
// channel open.
func (e *Endpoint) openChannel(c *Channel) {
	if e.startOpen(c) {
		e.announceOpen(c)
	}
}

// startOpen sends DATA_CHANNEL_OPEN, unless the channel is negotiated, and
// reports whether that worked. RFC 8832 §6 lets the opener send data right
// after it, so nothing waits for the DATA_CHANNEL_ACK.
func (e *Endpoint) startOpen(c *Channel) bool {
	if c.lowMark > 0 {
		e.a.SetBufferedAmountLowThreshold(c.id, c.lowMark)
	}
	if c.negotiated {
		c.acked = true // negotiated: no DCEP, both sides configured alike
		return true
	}
	t, p := c.channelType()
	o := Open{ChannelType: t, Priority: uint16(c.priority), ReliabilityParameter: p, Label: c.label, Protocol: c.protocol}
	e.scratch = o.AppendTo(e.scratch[:0])
	// RFC 8832 §6: DCEP messages are sent ordered and reliably.
	err := e.a.Send(c.id, PPIDDCEP, e.scratch, sctp.SendOptions{Control: true})
	e.dropScratch()
	if err != nil {
		e.fail(c, fmt.Errorf("datachannel: sending DATA_CHANNEL_OPEN: %w", err))
		return false
	}
	return true
}

func (e *Endpoint) announceOpen(c *Channel) {
	c.state = StateOpen
	e.events = append(e.events, Event{Type: EventOpen, Channel: c})
}

// sendPending gives stream ids to the channels created before the
// association could carry data and sends their DATA_CHANNEL_OPEN as soon as
// it can: a client's in the packet with the COOKIE ECHO (RFC 9260 §5.1 C),
// a server's with the COOKIE ACK (§5.1 D), which saves a round trip on the
// way to an open channel on the other side. They are announced open once
// the association is up (W3C webrtc-pc §6.2: after the SCTP transport is
// connected).
func (e *Endpoint) sendPending() {
	if len(e.pending) == 0 || e.closed {
		return
	}
	if st := e.a.State(); st != sctp.StateCookieEchoed && st != sctp.StateEstablished {
		return
	}
	pend := e.pending
	e.pending = nil
	for _, c := range pend {
		if !c.hasID {
			id, ok := e.allocID()
			if !ok {
				e.fail(c, fmt.Errorf("%w: no stream id left", ErrOperation))
				continue
			}
			c.id, c.hasID = id, true
		}
		if out, _ := e.a.Streams(); c.id >= out {
			e.fail(c, fmt.Errorf("%w: id %d not below the %d negotiated streams", ErrOperation, c.id, out))
			continue
		}
		e.channels[c.id] = c
		if !e.startOpen(c) {
			continue
		}
		if e.up {
			e.announceOpen(c)
		} else {
			e.opening = append(e.opening, c)
		}
	}
}

func (e *Endpoint) fail(c *Channel, err error) {
	e.events = append(e.events, Event{Type: EventError, Channel: c, Err: err})
	e.finish(c)
}

// finish closes c for good.
func (e *Endpoint) finish(c *Channel) {
	if c.state == StateClosed {
		return
	}
	c.state = StateClosed
	if c.hasID && e.channels[c.id] == c {
		delete(e.channels, c.id)
	}
	e.events = append(e.events, Event{Type: EventClose, Channel: c})
}

func (e *Endpoint) startClose(c *Channel) {
	if !e.up && c.hasID && e.channels[c.id] == c {
		return // its OPEN is on the way: the stream is reset once up
	}
	if !c.hasID || !e.up {
		for i, p := range e.pending {
			if p == c {
				e.pending = append(e.pending[:i], e.pending[i+1:]...)
				break
			}
		}
		e.finish(c)
		return
	}
	e.resetOut(c)
}

func (e *Endpoint) resetOut(c *Channel) {
	if c.resetReq {
		return
	}
	c.resetReq = true
	if err := e.a.ResetStreams(c.id); err != nil {
		if errors.Is(err, sctp.ErrNotEstablished) {
			// The association ended while the channel was closing (a
			// peer's stream reset followed by its ABORT, as a closing
			// browser sends them): there is no stream left to reset, and
			// the end of the association says whether it was an error.
			e.finish(c)
			return
		}
		e.fail(c, fmt.Errorf("datachannel: resetting stream %d: %w", c.id, err))
	}
}

// PollEvent returns the next event. Message data is valid until the next
// PollEvent or Handle call.
func (e *Endpoint) PollEvent() (Event, bool) {
	for {
		if len(e.events) > 0 {
			ev := e.events[0]
			e.events[0] = Event{}
			e.events = e.events[1:]
			if len(e.events) == 0 {
				e.events = nil
			}
			return ev, true
		}
		se, ok := e.a.PollEvent()
		if !ok {
			return Event{}, false
		}
		if ev, ok := e.handle(&se); ok {
			return ev, true
		}
	}
}

// handle translates one association event; a message event is returned
// directly so its data need not be copied.
func (e *Endpoint) handle(se *sctp.Event) (Event, bool) {
	switch se.Type {
	case sctp.EventAssociationUp:
		e.up = true
		e.events = append(e.events, Event{Type: EventTransportUp})
		for _, c := range e.opening {
			switch c.state {
			case StateConnecting:
				e.announceOpen(c)
			case StateClosing: // closed while its OPEN was on the way
				e.resetOut(c)
			}
		}
		e.opening = nil
		e.sendPending()
	case sctp.EventAssociationLost, sctp.EventAssociationClosed:
		e.closed = true
		e.up = false
		failed := se.Type == sctp.EventAssociationLost && !endedOnPurpose(se.Err)
		for _, c := range e.sorted() {
			if failed {
				e.events = append(e.events, Event{Type: EventError, Channel: c, Err: se.Err})
			}
			e.finish(c)
		}
		for _, c := range e.pending {
			e.finish(c)
		}
		e.pending, e.opening = nil, nil
		e.events = append(e.events, Event{Type: EventTransportClosed, Err: se.Err})
	case sctp.EventMessage:
		return e.handleMessage(se)
	case sctp.EventBufferedAmountLow:
		if c := e.channels[se.Stream]; c != nil && c.state != StateClosed {
			return Event{Type: EventBufferedAmountLow, Channel: c}, true
		}
	case sctp.EventIncomingStreamReset:
		c := e.channels[se.Stream]
		if c == nil {
			return Event{}, false
		}
		// RFC 8831 §6.7: the peer closed; close our side too.
		c.inReset = true
		if c.state != StateClosing {
			c.state = StateClosing
			e.events = append(e.events, Event{Type: EventClosing, Channel: c})
		}
		e.resetOut(c)
		if c.outReset {
			e.finish(c)
		}
	case sctp.EventOutgoingStreamReset:
		c := e.channels[se.Stream]
		if c == nil {
			return Event{}, false
		}
		c.outReset = true
		if se.Err != nil || c.inReset {
			e.finish(c)
		}
	}
	return Event{}, false
}

func (e *Endpoint) handleMessage(se *sctp.Event) (Event, bool) {
	c := e.channels[se.Stream]
	if se.PPID == PPIDDCEP {
		if IsAck(se.Data) {
			if c != nil {
				c.acked = true
			}
			return Event{}, false
		}
		o, err := ParseOpen(se.Data)
		if err != nil || c != nil || e.ownParity(se.Stream) {
			// RFC 8832 §6: a bad or conflicting OPEN closes the stream
			// and is not acknowledged.
			if c == nil {
				e.rejectStream(se.Stream)
			}
			return Event{}, false
		}
		c = &Channel{e: e, id: se.Stream, hasID: true, label: o.Label, protocol: o.Protocol,
			ordered: !o.ChannelType.Unordered(), lifetime: -1, rexmit: -1, priority: Priority(o.Priority), acked: true}
		switch o.ChannelType &^ 0x80 {
		case ChannelPartialReliableRexmit:
			c.rexmit = int(min(o.ReliabilityParameter, 65535))
		case ChannelPartialReliableTimed:
			c.lifetime = int(min(o.ReliabilityParameter, 65535))
		}
		e.channels[c.id] = c
		// The opener has nothing to answer the ACK with: ask for the SACK
		// at once (RFC 9260 §3.3.1 I bit) rather than after the delayed-ack
		// time, so neither side keeps a timer or a buffer for it.
		e.scratch = AppendAck(e.scratch[:0])
		if err := e.a.Send(c.id, PPIDDCEP, e.scratch, sctp.SendOptions{Control: true, Immediate: true}); err != nil {
			e.fail(c, fmt.Errorf("datachannel: sending DATA_CHANNEL_ACK: %w", err))
			return Event{}, false
		}
		c.state = StateOpen
		e.events = append(e.events, Event{Type: EventDataChannel, Channel: c}, Event{Type: EventOpen, Channel: c})
		return Event{}, false
	}
	if c == nil {
		// RFC 8832 §6: user data on an unused stream is an error.
		e.rejectStream(se.Stream)
		return Event{}, false
	}
	c.acked = true
	if c.state == StateClosed || c.inReset {
		return Event{}, false
	}
	ev := Event{Type: EventMessage, Channel: c, Data: se.Data}
	switch se.PPID {
	case PPIDString, PPIDStringPart:
		ev.IsString = true
	case PPIDBinary, PPIDBinaryPart:
	case PPIDStringEmpty:
		ev.IsString, ev.Data = true, se.Data[:0]
	case PPIDBinaryEmpty:
		ev.Data = se.Data[:0]
	default:
		return Event{}, false // unknown PPID: not a WebRTC message
	}
	return ev, true
}

// dropScratch lets a large scratch buffer go after use: the association
// copies what it is given, and an idle endpoint keeps only small state.
func (e *Endpoint) dropScratch() {
	if cap(e.scratch) > 1<<10 {
		e.scratch = nil
	}
}

// endedOnPurpose reports whether a lost association was ended on purpose
// by one of the endpoints: by our own Abort, or by the peer's ABORT with
// the User-Initiated Abort cause, which is how a peer's close() tears the
// association down (W3C webrtc-pc §4.4.2 step 6). The channels then close
// without an error event: §6.2.5 step 5 fires one only when the transport
// closed with an error (a timeout, a protocol violation, another cause).
func endedOnPurpose(err error) bool {
	var abort *sctp.AbortError
	if errors.As(err, &abort) {
		return abort.Cause == sctp.CauseUserInitiatedAbort
	}
	return errors.Is(err, sctp.ErrLocalAbort)
}

// ownParity reports whether id is one we allocate: the peer must not open
// it (RFC 8832 §6 odd/even rule).
func (e *Endpoint) ownParity(id uint16) bool { return (id%2 == 0) == e.cfg.DTLSClient }

func (e *Endpoint) rejectStream(id uint16) {
	if out, _ := e.a.Streams(); id < out {
		_ = e.a.ResetStreams(id)
	}
}

// sorted returns the open channels in id order (deterministic events).
func (e *Endpoint) sorted() []*Channel {
	out := make([]*Channel, 0, len(e.channels))
	for id := 0; id < 65536 && len(out) < len(e.channels); id++ {
		if c, ok := e.channels[uint16(id)]; ok {
			out = append(out, c)
		}
	}
	return out
}
