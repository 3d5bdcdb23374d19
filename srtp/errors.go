package srtp

import "errors"

// Errors returned by this package; match them with errors.Is.
var (
	// ErrUnsupportedProfile reports a protection profile this package does not implement.
	ErrUnsupportedProfile = errors.New("srtp: unsupported protection profile")
	// ErrInvalidKey reports a master key or salt of the wrong length.
	ErrInvalidKey = errors.New("srtp: invalid key or salt length")
	// ErrMalformed reports a packet too short or not RTP/RTCP version 2.
	ErrMalformed = errors.New("srtp: malformed packet")
	// ErrAuthFailed reports a packet whose authentication tag does not verify
	// (RFC 3711 §3.3 step 5).
	ErrAuthFailed = errors.New("srtp: authentication failed")
	// ErrReplayed reports a packet already received or older than the
	// replay window (RFC 3711 §3.3.2).
	ErrReplayed = errors.New("srtp: replayed or too old packet")
	// ErrTooManySSRCs reports that the per-SSRC state cap was reached.
	ErrTooManySSRCs = errors.New("srtp: too many SSRCs")
	// ErrKeyExhausted reports that the packet index space of the master key
	// is used up (2^48 SRTP, 2^31 SRTCP packets; RFC 3711 §9.2): rekey.
	ErrKeyExhausted = errors.New("srtp: master key exhausted, rekey needed")
)
