package datachannel

import (
	"fmt"
	"time"

	"github.com/c4c1f6e1/webrtc/sctp"
)

// ReadyState is RTCDataChannelState (W3C webrtc-pc §6.2.2).
type ReadyState int

// Ready states.
const (
	StateConnecting ReadyState = iota
	StateOpen
	StateClosing
	StateClosed
)

// String returns the W3C enum value.
func (s ReadyState) String() string {
	return [...]string{"connecting", "open", "closing", "closed"}[s]
}

// Priority is RTCPriorityType with the DCEP values of RFC 8831 §6.4.
type Priority uint16

// Priorities (RFC 8832 §5.1 values; W3C RTCPriorityType).
const (
	PriorityVeryLow Priority = 128
	PriorityLow     Priority = 256
	PriorityMedium  Priority = 512
	PriorityHigh    Priority = 1024
)

// Options are the RTCDataChannelInit members (W3C webrtc-pc §6.2).
type Options struct {
	// Unordered is the negation of RTCDataChannelInit.ordered (default
	// ordered).
	Unordered bool
	// MaxPacketLifeTime (ms) and MaxRetransmits select partial
	// reliability; setting both is a TypeError.
	MaxPacketLifeTime *uint16
	MaxRetransmits    *uint16
	Protocol          string
	// Negotiated channels are not announced in-band; ID is then required.
	Negotiated bool
	ID         *uint16
	// Priority defaults to PriorityLow ("low" is the W3C default).
	Priority Priority
}

// Channel is one data channel (RFC 8831) on an Endpoint. Its methods must be
// called from the goroutine that drives the Endpoint.
type Channel struct {
	e          *Endpoint
	id         uint16
	hasID      bool
	label      string
	protocol   string
	ordered    bool
	lifetime   int // ms, -1 none
	rexmit     int // -1 none
	negotiated bool
	priority   Priority
	state      ReadyState
	// acked: a DCEP ACK or any message arrived, so unordered channels may
	// send unordered (RFC 8832 §6).
	acked    bool
	outReset bool // our outgoing stream reset completed
	inReset  bool // the peer reset its outgoing stream
	resetReq bool // we asked for the outgoing reset
	lowMark  int
	// User is free for the layer above (the webrtc.DataChannel wrapper).
	User any
}

// Label returns the channel label.
func (c *Channel) Label() string { return c.label }

// Protocol returns the subprotocol.
func (c *Channel) Protocol() string { return c.protocol }

// ID returns the stream identifier and whether one is assigned yet (W3C:
// null until the SCTP transport connects, for non-negotiated channels).
func (c *Channel) ID() (uint16, bool) { return c.id, c.hasID }

// Ordered reports RTCDataChannel.ordered.
func (c *Channel) Ordered() bool { return c.ordered }

// MaxPacketLifeTime returns the lifetime limit in ms, if set.
func (c *Channel) MaxPacketLifeTime() (uint16, bool) { return uint16(c.lifetime), c.lifetime >= 0 }

// MaxRetransmits returns the retransmission limit, if set.
func (c *Channel) MaxRetransmits() (uint16, bool) { return uint16(c.rexmit), c.rexmit >= 0 }

// Negotiated reports RTCDataChannel.negotiated.
func (c *Channel) Negotiated() bool { return c.negotiated }

// Priority returns the channel priority.
func (c *Channel) Priority() Priority { return c.priority }

// ReadyState returns the channel state (W3C webrtc-pc §6.2.2).
func (c *Channel) ReadyState() ReadyState { return c.state }

// BufferedAmount returns the bytes queued by Send and not yet transmitted
// (W3C bufferedAmount).
func (c *Channel) BufferedAmount() int {
	if !c.hasID || c.e.a == nil {
		return 0
	}
	return c.e.a.BufferedAmount(c.id)
}

// BufferedAmountLowThreshold returns the threshold set below.
func (c *Channel) BufferedAmountLowThreshold() int { return c.lowMark }

// SetBufferedAmountLowThreshold sets the level at or below which a drop of
// BufferedAmount reports EventBufferedAmountLow (W3C §6.2).
func (c *Channel) SetBufferedAmountLowThreshold(n int) {
	c.lowMark = max(0, n)
	if c.hasID {
		c.e.a.SetBufferedAmountLowThreshold(c.id, c.lowMark)
	}
}

// Send sends a binary message (W3C RTCDataChannel.send with an
// ArrayBuffer; PPID 53, or 57 for an empty message, RFC 8831 §6.6).
func (c *Channel) Send(b []byte) error { return c.send(b, false) }

// SendText sends a string message (PPID 51, or 56 when empty).
func (c *Channel) SendText(s string) error {
	c.e.scratch = append(c.e.scratch[:0], s...)
	err := c.send(c.e.scratch, true)
	c.e.dropScratch()
	return err
}

var emptyPayload = []byte{0}

func (c *Channel) send(b []byte, text bool) error {
	if c.state != StateOpen {
		return fmt.Errorf("%w: channel %q is %s", ErrInvalidState, c.label, c.state)
	}
	if m := c.e.MaxMessageSize(); m > 0 && len(b) > m {
		return fmt.Errorf("%w: message of %d bytes exceeds maxMessageSize %d", ErrType, len(b), m)
	}
	ppid := uint32(PPIDBinary)
	if text {
		ppid = PPIDString
	}
	if len(b) == 0 {
		// RFC 8831 §6.6: empty messages carry one byte with the "empty"
		// PPIDs, since SCTP cannot send empty user messages.
		b = emptyPayload
		ppid = PPIDBinaryEmpty
		if text {
			ppid = PPIDStringEmpty
		}
	}
	opt := sctp.SendOptions{Unordered: !c.ordered && c.acked}
	switch {
	case c.rexmit >= 0:
		opt.Policy, opt.MaxRetransmits = sctp.LimitedRetransmits, c.rexmit
	case c.lifetime >= 0:
		opt.Policy, opt.Lifetime = sctp.LimitedLifetime, time.Duration(c.lifetime)*time.Millisecond
	}
	if err := c.e.a.Send(c.id, ppid, b, opt); err != nil {
		return fmt.Errorf("%w: %v", ErrOperation, err)
	}
	return nil
}

// Close starts the closing procedure (W3C webrtc-pc §6.2.4, RFC 8831 §6.7):
// the outgoing stream is reset once queued messages are sent, the peer
// resets its own, and the channel reaches closed.
func (c *Channel) Close() {
	if c.state == StateClosing || c.state == StateClosed {
		return
	}
	c.state = StateClosing
	c.e.startClose(c)
}

// channelType returns the DCEP channel type and reliability parameter.
func (c *Channel) channelType() (ChannelType, uint32) {
	var t ChannelType
	var p uint32
	switch {
	case c.rexmit >= 0:
		t, p = ChannelPartialReliableRexmit, uint32(c.rexmit)
	case c.lifetime >= 0:
		t, p = ChannelPartialReliableTimed, uint32(c.lifetime)
	}
	if !c.ordered {
		t |= 0x80
	}
	return t, p
}
