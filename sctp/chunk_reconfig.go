package sctp

import (
	"encoding/binary"
	"fmt"
)

// Reconfiguration results (RFC 6525 §4.4).
const (
	ReconfigSuccessNothing   = 0
	ReconfigSuccessPerformed = 1
	ReconfigDenied           = 2
	ReconfigErrorWrongSSN    = 3
	ReconfigErrorInProgress  = 4
	ReconfigErrorBadSeq      = 5
	ReconfigInProgress       = 6
)

// ReconfigParam is one parameter of a RE-CONFIG chunk (RFC 6525 §4): an
// Outgoing SSN Reset Request (§4.1), an Incoming SSN Reset Request (§4.2) or
// a Re-configuration Response (§4.4). Other request types are kept with
// their type so they can be answered "denied".
type ReconfigParam struct {
	Type    uint16
	ReqSeq  uint32   // request sequence number (requests) or response sequence number (responses)
	RespSeq uint32   // Outgoing SSN Reset Request: the request it responds to
	LastTSN uint32   // Outgoing SSN Reset Request: sender's last assigned TSN
	Result  uint32   // response
	Streams []uint16 // SSN reset requests; empty means all streams
}

// ReconfigChunk is a RE-CONFIG chunk (RFC 6525 §3.1) with one or two
// parameters.
type ReconfigChunk struct {
	Params []ReconfigParam
}

// Unmarshal parses the chunk value.
func (r *ReconfigChunk) Unmarshal(v []byte) error {
	r.Params = r.Params[:0]
	for len(v) > 0 {
		typ, val, rest, err := nextParam(v)
		if err != nil {
			return err
		}
		v = rest
		if len(r.Params) == 2 {
			return fmt.Errorf("%w: RE-CONFIG with more than two parameters", ErrMalformed)
		}
		p := ReconfigParam{Type: typ}
		var streams []byte
		switch typ {
		case paramOutgoingReset:
			if len(val) < 12 || len(val)%2 != 0 {
				return errBadLength
			}
			p.ReqSeq = binary.BigEndian.Uint32(val)
			p.RespSeq = binary.BigEndian.Uint32(val[4:])
			p.LastTSN = binary.BigEndian.Uint32(val[8:])
			streams = val[12:]
		case paramIncomingReset:
			if len(val) < 4 || len(val)%2 != 0 {
				return errBadLength
			}
			p.ReqSeq = binary.BigEndian.Uint32(val)
			streams = val[4:]
		case paramReconfigResponse:
			if len(val) != 8 && len(val) != 16 {
				return errBadLength
			}
			p.ReqSeq = binary.BigEndian.Uint32(val)
			p.Result = binary.BigEndian.Uint32(val[4:])
		default:
			if len(val) >= 4 {
				p.ReqSeq = binary.BigEndian.Uint32(val)
			}
		}
		for ; len(streams) >= 2; streams = streams[2:] {
			p.Streams = append(p.Streams, binary.BigEndian.Uint16(streams))
		}
		r.Params = append(r.Params, p)
	}
	if len(r.Params) == 0 {
		return fmt.Errorf("%w: empty RE-CONFIG", ErrMalformed)
	}
	return nil
}

// AppendTo appends the chunk.
func (r *ReconfigChunk) AppendTo(b []byte) []byte {
	b, start := appendChunkHeader(b, ChunkReconfig, 0)
	for _, p := range r.Params {
		ps := len(b)
		b = append(b, 0, 0, 0, 0)
		switch p.Type {
		case paramOutgoingReset:
			b = binary.BigEndian.AppendUint32(b, p.ReqSeq)
			b = binary.BigEndian.AppendUint32(b, p.RespSeq)
			b = binary.BigEndian.AppendUint32(b, p.LastTSN)
		case paramReconfigResponse:
			b = binary.BigEndian.AppendUint32(b, p.ReqSeq)
			b = binary.BigEndian.AppendUint32(b, p.Result)
		default:
			b = binary.BigEndian.AppendUint32(b, p.ReqSeq)
		}
		if p.Type == paramOutgoingReset || p.Type == paramIncomingReset {
			for _, s := range p.Streams {
				b = binary.BigEndian.AppendUint16(b, s)
			}
		}
		binary.BigEndian.PutUint16(b[ps:], p.Type)
		binary.BigEndian.PutUint16(b[ps+2:], uint16(len(b)-ps))
		for (len(b)-ps)%4 != 0 {
			b = append(b, 0)
		}
	}
	return finishChunk(b, start)
}
