package datachannel

import "errors"

// Errors named after the DOMException (or TypeError) the W3C text throws;
// match them with errors.Is. The webrtc package maps them to its own.
var (
	// ErrType is a TypeError (W3C webrtc-pc §6.2.1 createDataChannel,
	// §6.2 send): bad options, or a message over maxMessageSize.
	ErrType = errors.New("datachannel: TypeError")
	// ErrInvalidState is an InvalidStateError: sending on a channel that is
	// not open.
	ErrInvalidState = errors.New("datachannel: InvalidStateError")
	// ErrOperation is an OperationError: the id is taken, or the send
	// buffer is full.
	ErrOperation = errors.New("datachannel: OperationError")
)
