package webrtc

import (
	"errors"
	"math"
	"unicode/utf8"

	"github.com/c4c1f6e1/webrtc/datachannel"
)

// DataChannelInit is the W3C RTCDataChannelInit (§6.2). Nil pointers are the
// spec's absent members.
type DataChannelInit struct {
	// Ordered is whether messages arrive in order; nil means true.
	Ordered *bool `json:"ordered,omitempty"`
	// MaxPacketLifeTime limits, in milliseconds, how long a message is
	// retransmitted (partial reliability, RFC 3758).
	MaxPacketLifeTime *uint16 `json:"maxPacketLifeTime,omitempty"`
	// MaxRetransmits limits how often a message is retransmitted.
	MaxRetransmits *uint16 `json:"maxRetransmits,omitempty"`
	// Protocol is the subprotocol name.
	Protocol string `json:"protocol,omitempty"`
	// Negotiated means the application agreed on the channel out of band and
	// gives its ID; no DCEP open is sent (RFC 8832).
	Negotiated bool `json:"negotiated,omitempty"`
	// ID is the SCTP stream id of a negotiated channel.
	ID *uint16 `json:"id,omitempty"`
}

// DataChannelMessage is a message received on a data channel.
type DataChannelMessage struct {
	// IsString is true for a text message (PPID 51 or 56, RFC 8831 §8).
	IsString bool
	// Data is the message; valid after the handler returns.
	Data []byte
}

// DataChannel is the W3C RTCDataChannel (§6.2): a bidirectional message
// channel over the connection's SCTP association.
//
// A channel is "connecting" until the SCTP association is up and (for an
// in-band channel) DCEP has opened it; Send before then is an
// ErrInvalidState, as the spec says.
type DataChannel struct {
	pc                *PeerConnection
	d                 *driver
	ch                *datachannel.Channel // nil until the association exists
	label, protocol   string
	ordered           bool
	maxPacketLifeTime *uint16
	maxRetransmits    *uint16
	negotiated        bool
	id                uint16
	hasID             bool

	readyState                 DataChannelState
	bufferedAmountLowThreshold uint64

	messagesSent, messagesReceived uint32
	bytesSent, bytesReceived       uint64

	onOpen              func()
	onMessage           func(DataChannelMessage)
	onError             func(error)
	onClosing           func()
	onClose             func()
	onBufferedAmountLow func()
}

// maxChannelID is the highest SCTP stream id a data channel may use (§6.1
// step 17). maxPacketLifeTime and maxRetransmits need no cap (step 16): they
// are 16-bit here and DCEP carries 32 bits (RFC 8832 §5.1).
const maxChannelID = 65534

// CreateDataChannel creates a data channel (§6.1 createDataChannel),
// following the spec's checks: ErrInvalidState when closed, ErrType for a
// label or protocol over 65535 bytes, a negotiated channel without an ID,
// both maxPacketLifeTime and maxRetransmits, or ID 65535; ErrOperation for an
// ID already in use. The first channel updates the negotiation-needed flag.
func (pc *PeerConnection) CreateDataChannel(label string, init *DataChannelInit) (*DataChannel, error) {
	if init == nil {
		init = &DataChannelInit{}
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.isClosed {
		return nil, newError(ErrInvalidState, "createDataChannel on a closed RTCPeerConnection")
	}
	if len(label) > math.MaxUint16 || !utf8.ValidString(label) {
		return nil, newError(ErrType, "label is %d bytes (or not UTF-8); at most 65535 bytes", len(label))
	}
	if len(init.Protocol) > math.MaxUint16 || !utf8.ValidString(init.Protocol) {
		return nil, newError(ErrType, "protocol is %d bytes (or not UTF-8); at most 65535 bytes", len(init.Protocol))
	}
	dc := &DataChannel{
		pc: pc, label: label, protocol: init.Protocol, ordered: init.Ordered == nil || *init.Ordered,
		negotiated: init.Negotiated, readyState: DataChannelStateConnecting,
	}
	if init.MaxPacketLifeTime != nil {
		v := *init.MaxPacketLifeTime
		dc.maxPacketLifeTime = &v
	}
	if init.MaxRetransmits != nil {
		v := *init.MaxRetransmits
		dc.maxRetransmits = &v
	}
	if init.Negotiated && init.ID != nil {
		dc.id, dc.hasID = *init.ID, true
	}
	if dc.negotiated && !dc.hasID {
		return nil, newError(ErrType, "a negotiated data channel needs an id")
	}
	if dc.maxPacketLifeTime != nil && dc.maxRetransmits != nil {
		return nil, newError(ErrType, "maxPacketLifeTime (%d) and maxRetransmits (%d) cannot both be set", *dc.maxPacketLifeTime, *dc.maxRetransmits)
	}
	if dc.hasID && dc.id > maxChannelID {
		return nil, newError(ErrType, "id %d is above the maximum 65534", dc.id)
	}
	if !dc.hasID && pc.dtlsRole != dtlsRoleUnknown {
		id, ok := pc.allocateChannelID()
		if !ok {
			return nil, newError(ErrOperation, "no data channel id is free")
		}
		dc.id, dc.hasID = id, true
	}
	if dc.hasID && pc.channelIDInUse(dc.id) {
		return nil, newError(ErrOperation, "data channel id %d is in use", dc.id)
	}
	first := !pc.dataChannelsCreated
	pc.dataChannelsCreated = true
	pc.dataChannels = append(pc.dataChannels, dc)
	if first {
		pc.updateNegotiationNeeded()
	}
	pc.mu.Unlock()
	pc.drv.bindLate(dc)
	pc.mu.Lock()
	return dc, nil
}

func (pc *PeerConnection) channelIDInUse(id uint16) bool {
	for _, dc := range pc.dataChannels {
		if dc.hasID && dc.id == id && dc.readyState != DataChannelStateClosed {
			return true
		}
	}
	return false
}

// allocateChannelID picks the lowest free stream id of the parity RFC 8832
// §6 gives our DTLS role: even for the DTLS client, odd for the server.
func (pc *PeerConnection) allocateChannelID() (uint16, bool) {
	start := uint16(0)
	if pc.dtlsRole == dtlsRoleServer {
		start = 1
	}
	for id := uint32(start); id <= maxChannelID; id += 2 {
		if !pc.channelIDInUse(uint16(id)) {
			return uint16(id), true
		}
	}
	return 0, false
}

// assignChannelIDs gives every channel without an id one, now that the DTLS
// role is known (§4.4.1.4 step 10.2); channels that get none are closed.
func (pc *PeerConnection) assignChannelIDs() []*DataChannel {
	var failed []*DataChannel
	for _, dc := range pc.dataChannels {
		if dc.hasID || dc.readyState == DataChannelStateClosed {
			continue
		}
		if id, ok := pc.allocateChannelID(); ok {
			dc.id, dc.hasID = id, true
		} else {
			dc.readyState = DataChannelStateClosed
			failed = append(failed, dc)
		}
	}
	return failed
}

// closeAbruptly sets the channel closed without the closing procedure, as
// "close the connection" does (§4.4.2 step 5). Called with pc.mu held.
func (dc *DataChannel) closeAbruptly() { dc.readyState = DataChannelStateClosed }

func (dc *DataChannel) lock() func() {
	dc.pc.mu.Lock()
	return dc.pc.mu.Unlock
}

// Label returns the channel's label.
func (dc *DataChannel) Label() string { return dc.label }

// Protocol returns the channel's subprotocol.
func (dc *DataChannel) Protocol() string { return dc.protocol }

// Ordered reports whether messages are delivered in order.
func (dc *DataChannel) Ordered() bool { return dc.ordered }

// Negotiated reports whether the channel was negotiated by the application.
func (dc *DataChannel) Negotiated() bool { return dc.negotiated }

// MaxPacketLifeTime returns the partial-reliability lifetime in
// milliseconds; ok is false when it is null.
func (dc *DataChannel) MaxPacketLifeTime() (ms uint16, ok bool) {
	if dc.maxPacketLifeTime == nil {
		return 0, false
	}
	return *dc.maxPacketLifeTime, true
}

// MaxRetransmits returns the partial-reliability retransmission limit; ok
// is false when it is null.
func (dc *DataChannel) MaxRetransmits() (n uint16, ok bool) {
	if dc.maxRetransmits == nil {
		return 0, false
	}
	return *dc.maxRetransmits, true
}

// ID returns the SCTP stream id; ok is false while it is null (before the
// DTLS role is known).
func (dc *DataChannel) ID() (id uint16, ok bool) {
	defer dc.lock()()
	return dc.id, dc.hasID
}

// ReadyState returns the channel's state.
func (dc *DataChannel) ReadyState() DataChannelState {
	defer dc.lock()()
	return dc.readyState
}

// BufferedAmount returns the bytes queued by Send and not yet handed to
// the transport.
func (dc *DataChannel) BufferedAmount() uint64 {
	d, ch := dc.binding()
	if ch == nil {
		return 0
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return uint64(ch.BufferedAmount())
}

func (dc *DataChannel) binding() (*driver, *datachannel.Channel) {
	defer dc.lock()()
	return dc.d, dc.ch
}

// BufferedAmountLowThreshold returns the threshold of the bufferedamountlow
// event.
func (dc *DataChannel) BufferedAmountLowThreshold() uint64 {
	defer dc.lock()()
	return dc.bufferedAmountLowThreshold
}

// SetBufferedAmountLowThreshold sets the threshold at or below which
// OnBufferedAmountLow fires when the buffered amount falls.
func (dc *DataChannel) SetBufferedAmountLowThreshold(n uint64) {
	dc.pc.mu.Lock()
	dc.bufferedAmountLowThreshold = n
	d, ch := dc.d, dc.ch
	dc.pc.mu.Unlock()
	if ch != nil {
		d.mu.Lock()
		ch.SetBufferedAmountLowThreshold(int(min(n, 1<<62)))
		d.mu.Unlock()
	}
}

// OnOpen sets the handler of the open event.
func (dc *DataChannel) OnOpen(f func()) { defer dc.lock()(); dc.onOpen = f }

// OnMessage sets the handler of the message event.
func (dc *DataChannel) OnMessage(f func(DataChannelMessage)) { defer dc.lock()(); dc.onMessage = f }

// OnError sets the handler of the error event.
func (dc *DataChannel) OnError(f func(error)) { defer dc.lock()(); dc.onError = f }

// OnClosing sets the handler of the closing event.
func (dc *DataChannel) OnClosing(f func()) { defer dc.lock()(); dc.onClosing = f }

// OnClose sets the handler of the close event.
func (dc *DataChannel) OnClose(f func()) { defer dc.lock()(); dc.onClose = f }

// OnBufferedAmountLow sets the handler of the bufferedamountlow event.
func (dc *DataChannel) OnBufferedAmountLow(f func()) { defer dc.lock()(); dc.onBufferedAmountLow = f }

// Send sends a binary message (§6.2 send): ErrInvalidState unless the
// channel is open.
func (dc *DataChannel) Send(data []byte) error { return dc.send(data, false) }

// SendText sends a text message (§6.2 send with a string).
func (dc *DataChannel) SendText(s string) error { return dc.send([]byte(s), true) }

func (dc *DataChannel) send(data []byte, text bool) error {
	dc.pc.mu.Lock()
	state, d, ch := dc.readyState, dc.d, dc.ch
	dc.pc.mu.Unlock()
	if state != DataChannelStateOpen || ch == nil {
		return newError(ErrInvalidState, "send on a data channel in state %q", state)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var err error
	if text {
		err = ch.SendText(string(data))
	} else {
		err = ch.Send(data)
	}
	if err != nil {
		return mapChannelError(err)
	}
	dc.pc.mu.Lock()
	dc.messagesSent++
	dc.bytesSent += uint64(len(data))
	dc.pc.mu.Unlock()
	d.flush()
	return nil
}

// Close starts the closing procedure (§6.2 close): the channel becomes
// "closing", and "closed" once the transport has reset its stream. With no
// transport yet, it closes at once.
func (dc *DataChannel) Close() error {
	pc := dc.pc
	pc.mu.Lock()
	if dc.readyState == DataChannelStateClosing || dc.readyState == DataChannelStateClosed {
		pc.mu.Unlock()
		return nil
	}
	if d, ch := dc.d, dc.ch; ch != nil {
		// RFC 8831 §6.7: reset the outgoing stream; "closed" comes with the
		// peer's reset (the endpoint's close event).
		dc.readyState = DataChannelStateClosing
		pc.mu.Unlock()
		d.mu.Lock()
		ch.Close()
		d.flush()
		d.mu.Unlock()
		return nil
	}
	dc.readyState = DataChannelStateClosed
	pc.mu.Unlock()
	pc.queueTask(func() { dc.fire(func() func() { return dc.onClose }) })
	return nil
}

// mapChannelError turns the data-channel layer's errors into the spec's
// exception kinds.
func mapChannelError(err error) error {
	switch {
	case errors.Is(err, datachannel.ErrType):
		return newError(ErrType, "%v", err)
	case errors.Is(err, datachannel.ErrInvalidState):
		return newError(ErrInvalidState, "%v", err)
	}
	return newError(ErrOperation, "%v", err)
}
