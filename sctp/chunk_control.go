package sctp

import (
	"encoding/binary"
	"fmt"
)

// This file holds the small control chunks of RFC 9260 §3.3.5–§3.3.13:
// HEARTBEAT and HEARTBEAT ACK, ABORT, SHUTDOWN, SHUTDOWN ACK, SHUTDOWN
// COMPLETE, ERROR, COOKIE ECHO and COOKIE ACK.

// flagT is the T bit of ABORT and SHUTDOWN COMPLETE (RFC 9260 §3.3.7,
// §3.3.13): the sender reflected the peer's tag.
const flagT = 1

// Error cause codes (RFC 9260 §3.3.10) that this package sends.
const (
	CauseInvalidStream      = 1
	CauseMissingParam       = 2
	CauseNoUserData         = 9
	CauseProtocolViolation  = 13
	CauseUserInitiatedAbort = 12
)

// ParseHeartbeat returns the Heartbeat Information of a HEARTBEAT or
// HEARTBEAT ACK value (RFC 9260 §3.3.5, §3.3.6).
func ParseHeartbeat(v []byte) ([]byte, error) {
	typ, info, _, err := nextParam(v)
	if err != nil {
		return nil, err
	}
	if typ != paramHeartbeatInfo {
		return nil, fmt.Errorf("%w: HEARTBEAT without Heartbeat Info", ErrMalformed)
	}
	return info, nil
}

// AppendHeartbeat appends a HEARTBEAT (ack false) or HEARTBEAT ACK chunk
// carrying info.
func AppendHeartbeat(b []byte, ack bool, info []byte) []byte {
	t := ChunkHeartbeat
	if ack {
		t = ChunkHeartbeatAck
	}
	b, start := appendChunkHeader(b, t, 0)
	b = appendParam(b, paramHeartbeatInfo, info)
	return finishChunk(b, start)
}

// ErrorCause is one cause of an ABORT or ERROR chunk (RFC 9260 §3.3.10).
type ErrorCause struct {
	Code uint16
	Info []byte
}

// ParseErrorCause returns the first error cause in an ABORT or ERROR value,
// or ok false when there is none.
func ParseErrorCause(v []byte) (c ErrorCause, ok bool) {
	typ, val, _, err := nextParam(v)
	if err != nil {
		return ErrorCause{}, false
	}
	return ErrorCause{Code: typ, Info: val}, true
}

// AppendAbort appends an ABORT chunk with at most one cause (code 0: none);
// t sets the T bit (RFC 9260 §3.3.7).
func AppendAbort(b []byte, t bool, code uint16, info []byte) []byte {
	var f uint8
	if t {
		f = flagT
	}
	b, start := appendChunkHeader(b, ChunkAbort, f)
	if code != 0 {
		b = appendParam(b, code, info)
	}
	return finishChunk(b, start)
}

// AppendShutdown appends a SHUTDOWN chunk (RFC 9260 §3.3.8).
func AppendShutdown(b []byte, cumTSN uint32) []byte {
	b, start := appendChunkHeader(b, ChunkShutdown, 0)
	b = binary.BigEndian.AppendUint32(b, cumTSN)
	return finishChunk(b, start)
}

// ParseShutdown returns the Cumulative TSN Ack of a SHUTDOWN value.
func ParseShutdown(v []byte) (uint32, error) {
	if len(v) != 4 {
		return 0, errBadLength
	}
	return binary.BigEndian.Uint32(v), nil
}

// AppendEmptyChunk appends a chunk without value: SHUTDOWN ACK, COOKIE ACK
// or SHUTDOWN COMPLETE (with flags carrying the T bit).
func AppendEmptyChunk(b []byte, t ChunkType, flags uint8) []byte {
	b, start := appendChunkHeader(b, t, flags)
	return finishChunk(b, start)
}

// AppendCookieEcho appends a COOKIE ECHO chunk (RFC 9260 §3.3.11).
func AppendCookieEcho(b []byte, cookie []byte) []byte {
	b, start := appendChunkHeader(b, ChunkCookieEcho, 0)
	b = append(b, cookie...)
	return finishChunk(b, start)
}
