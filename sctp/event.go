package sctp

// EventType says what an Event reports.
type EventType int

// Event types.
const (
	// EventAssociationUp: the association reached ESTABLISHED (RFC 9260
	// §5.1, the COMMUNICATION UP notification of §11.2.2).
	EventAssociationUp EventType = iota + 1
	// EventAssociationLost: the association ended abnormally (ABORT sent or
	// received, or too many retransmissions); Err says why (RFC 9260
	// §11.2.3 COMMUNICATION LOST).
	EventAssociationLost
	// EventAssociationClosed: the graceful SHUTDOWN of RFC 9260 §9.2
	// completed (§11.2.9 SHUTDOWN COMPLETE).
	EventAssociationClosed
	// EventMessage: a complete user message arrived on Stream with PPID;
	// Data stays valid until the next call to PollEvent or a Handle method.
	EventMessage
	// EventIncomingStreamReset: the peer reset its outgoing Stream (RFC
	// 6525 §5.2.2); no more messages arrive on it before it is reused.
	EventIncomingStreamReset
	// EventOutgoingStreamReset: our reset request for Stream was performed
	// by the peer (RFC 6525 §5.2.7); the stream's sequence numbers restart.
	EventOutgoingStreamReset
	// EventBufferedAmountLow: the bytes queued on Stream and not yet sent
	// fell to or below the threshold set with SetBufferedAmountLowThreshold.
	EventBufferedAmountLow
)

// String names the event type.
func (t EventType) String() string {
	switch t {
	case EventAssociationUp:
		return "association-up"
	case EventAssociationLost:
		return "association-lost"
	case EventAssociationClosed:
		return "association-closed"
	case EventMessage:
		return "message"
	case EventIncomingStreamReset:
		return "incoming-stream-reset"
	case EventOutgoingStreamReset:
		return "outgoing-stream-reset"
	case EventBufferedAmountLow:
		return "buffered-amount-low"
	}
	return "unknown"
}

// Event is something the association reports to the layer above.
type Event struct {
	Type   EventType
	Stream uint16
	PPID   uint32
	// Data is the message (EventMessage). It is owned by the association
	// and valid until the next PollEvent or Handle call; copy to keep it.
	Data []byte
	// Unordered reports that the message was sent unordered.
	Unordered bool
	Err       error
}
