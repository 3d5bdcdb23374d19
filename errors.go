package webrtc

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors named after the DOMException names the W3C specification
// throws. Every error this package returns for a spec-defined failure matches
// exactly one of them with errors.Is, and its message says what was wrong and
// which value was seen.
var (
	// ErrInvalidState is the spec's InvalidStateError: the object is in the
	// wrong state for the call (for example, closed).
	ErrInvalidState = errors.New("InvalidStateError")
	// ErrInvalidAccess is the spec's InvalidAccessError.
	ErrInvalidAccess = errors.New("InvalidAccessError")
	// ErrInvalidModification is the spec's InvalidModificationError.
	ErrInvalidModification = errors.New("InvalidModificationError")
	// ErrOperation is the spec's OperationError.
	ErrOperation = errors.New("OperationError")
	// ErrSyntax is the spec's SyntaxError.
	ErrSyntax = errors.New("SyntaxError")
	// ErrNotSupported is the spec's NotSupportedError.
	ErrNotSupported = errors.New("NotSupportedError")
	// ErrType is the spec's (ECMAScript) TypeError.
	ErrType = errors.New("TypeError")
	// ErrRange is the spec's (ECMAScript) RangeError.
	ErrRange = errors.New("RangeError")
)

// domError is an error of one of the sentinel kinds with a specific message.
type domError struct {
	kind error
	msg  string
}

func (e *domError) Error() string { return e.kind.Error() + ": " + e.msg }
func (e *domError) Unwrap() error { return e.kind }

func newError(kind error, format string, args ...any) error {
	return &domError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// RTCErrorDetailType is the W3C RTCErrorDetailType enum (§11.1.2).
type RTCErrorDetailType string

// The RTCErrorDetailType values of the W3C specification.
const (
	ErrorDetailDataChannelFailure          RTCErrorDetailType = "data-channel-failure"
	ErrorDetailDTLSFailure                 RTCErrorDetailType = "dtls-failure"
	ErrorDetailFingerprintFailure          RTCErrorDetailType = "fingerprint-failure"
	ErrorDetailSCTPFailure                 RTCErrorDetailType = "sctp-failure"
	ErrorDetailSDPSyntaxError              RTCErrorDetailType = "sdp-syntax-error"
	ErrorDetailHardwareEncoderNotAvailable RTCErrorDetailType = "hardware-encoder-not-available"
	ErrorDetailHardwareEncoderError        RTCErrorDetailType = "hardware-encoder-error"
)

// RTCError is the W3C RTCError (§11.1): an OperationError with a detail
// that says which part of WebRTC failed. Use errors.As to get one; it also
// matches ErrOperation with errors.Is.
type RTCError struct {
	// ErrorDetail says what failed.
	ErrorDetail RTCErrorDetailType
	// SDPLineNumber is the 1-based line of an SDP syntax error, or 0.
	SDPLineNumber int
	// SCTPCauseCode is the SCTP cause code of an sctp-failure, or 0.
	SCTPCauseCode int
	// ReceivedAlert and SentAlert are the DTLS alert numbers of a
	// dtls-failure, or -1 when no alert was received or sent.
	ReceivedAlert, SentAlert int
	// Message describes the failure.
	Message string
	// Err is the underlying cause, if any.
	Err error
}

func (e *RTCError) Error() string {
	s := "OperationError (" + string(e.ErrorDetail) + ")"
	if e.SDPLineNumber > 0 {
		s += " at SDP line " + strconv.Itoa(e.SDPLineNumber)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap lets errors.Is match ErrOperation and the underlying cause.
func (e *RTCError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrOperation, e.Err}
	}
	return []error{ErrOperation}
}
