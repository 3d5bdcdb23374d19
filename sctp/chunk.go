package sctp

import "strconv"

// ChunkType is the Chunk Type field of RFC 9260 §3.2 (and of the extensions
// this package implements).
type ChunkType uint8

// Chunk types (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1, RFC 8260 §2).
const (
	ChunkData             ChunkType = 0
	ChunkInit             ChunkType = 1
	ChunkInitAck          ChunkType = 2
	ChunkSack             ChunkType = 3
	ChunkHeartbeat        ChunkType = 4
	ChunkHeartbeatAck     ChunkType = 5
	ChunkAbort            ChunkType = 6
	ChunkShutdown         ChunkType = 7
	ChunkShutdownAck      ChunkType = 8
	ChunkError            ChunkType = 9
	ChunkCookieEcho       ChunkType = 10
	ChunkCookieAck        ChunkType = 11
	ChunkShutdownComplete ChunkType = 14
	ChunkIData            ChunkType = 64
	ChunkReconfig         ChunkType = 130
	ChunkPad              ChunkType = 132
	ChunkForwardTSN       ChunkType = 192
	ChunkIForwardTSN      ChunkType = 194
)

// String returns the chunk type's name as the RFCs spell it.
func (t ChunkType) String() string {
	switch t {
	case ChunkData:
		return "DATA"
	case ChunkInit:
		return "INIT"
	case ChunkInitAck:
		return "INIT ACK"
	case ChunkSack:
		return "SACK"
	case ChunkHeartbeat:
		return "HEARTBEAT"
	case ChunkHeartbeatAck:
		return "HEARTBEAT ACK"
	case ChunkAbort:
		return "ABORT"
	case ChunkShutdown:
		return "SHUTDOWN"
	case ChunkShutdownAck:
		return "SHUTDOWN ACK"
	case ChunkError:
		return "ERROR"
	case ChunkCookieEcho:
		return "COOKIE ECHO"
	case ChunkCookieAck:
		return "COOKIE ACK"
	case ChunkShutdownComplete:
		return "SHUTDOWN COMPLETE"
	case ChunkIData:
		return "I-DATA"
	case ChunkReconfig:
		return "RE-CONFIG"
	case ChunkPad:
		return "PAD"
	case ChunkForwardTSN:
		return "FORWARD TSN"
	case ChunkIForwardTSN:
		return "I-FORWARD-TSN"
	}
	return "chunk(" + strconv.Itoa(int(t)) + ")"
}

// unknownAction is what RFC 9260 §3.2 says to do with a chunk (or, §3.2.1,
// a parameter) of an unrecognized type, from its two high-order bits.
func unknownAction(t uint8) (skip, report bool) {
	return t&0x80 != 0, t&0x40 != 0
}
