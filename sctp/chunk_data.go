package sctp

import "encoding/binary"

// Flag bits of DATA (RFC 9260 §3.3.1) and I-DATA (RFC 8260 §2.1) chunks.
const (
	flagEnding      = 1 << 0
	flagBeginning   = 1 << 1
	flagUnordered   = 1 << 2
	flagImmediate   = 1 << 3
	dataHeaderLen   = 16 // chunk header + TSN, SID, SSN, PPID
	idataHeaderLen  = 20 // chunk header + TSN, SID, reserved, MID, PPID/FSN
	maxDataOverhead = idataHeaderLen
)

// DataChunk is a DATA chunk (RFC 9260 §3.3.1) or, when IData is set, an
// I-DATA chunk (RFC 8260 §2.1). Payload aliases the parsed bytes.
type DataChunk struct {
	IData     bool
	Unordered bool // U bit
	Beginning bool // B bit
	Ending    bool // E bit
	Immediate bool // I bit (RFC 7053 / RFC 9260 §3.3.1)
	TSN       uint32
	Stream    uint16
	SSN       uint16 // DATA only
	MID       uint32 // I-DATA only: Message Identifier
	FSN       uint32 // I-DATA only: Fragment Sequence Number (0 when Beginning)
	PPID      uint32 // DATA, or I-DATA with Beginning set
	Payload   []byte
}

// Unmarshal parses the value of a DATA chunk (IData false) or an I-DATA chunk
// (IData true) with the given flags. An empty payload is an error (RFC 9260
// §3.3.1: a DATA chunk with no user data is answered with an ABORT).
func (d *DataChunk) Unmarshal(idata bool, flags uint8, v []byte) error {
	d.IData = idata
	d.Unordered = flags&flagUnordered != 0
	d.Beginning = flags&flagBeginning != 0
	d.Ending = flags&flagEnding != 0
	d.Immediate = flags&flagImmediate != 0
	if !idata {
		if len(v) < dataHeaderLen-4 {
			return errShort
		}
		d.TSN = binary.BigEndian.Uint32(v)
		d.Stream = binary.BigEndian.Uint16(v[4:])
		d.SSN = binary.BigEndian.Uint16(v[6:])
		d.PPID = binary.BigEndian.Uint32(v[8:])
		d.MID, d.FSN = 0, 0
		d.Payload = v[12:]
	} else {
		if len(v) < idataHeaderLen-4 {
			return errShort
		}
		d.TSN = binary.BigEndian.Uint32(v)
		d.Stream = binary.BigEndian.Uint16(v[4:])
		d.SSN = 0
		d.MID = binary.BigEndian.Uint32(v[8:])
		x := binary.BigEndian.Uint32(v[12:])
		if d.Beginning {
			d.PPID, d.FSN = x, 0
		} else {
			d.PPID, d.FSN = 0, x
		}
		d.Payload = v[16:]
	}
	if len(d.Payload) == 0 {
		return errEmptyData
	}
	return nil
}

func (d *DataChunk) flags() uint8 {
	var f uint8
	if d.Ending {
		f |= flagEnding
	}
	if d.Beginning {
		f |= flagBeginning
	}
	if d.Unordered {
		f |= flagUnordered
	}
	if d.Immediate {
		f |= flagImmediate
	}
	return f
}

// AppendTo appends the chunk, header and padding included.
func (d *DataChunk) AppendTo(b []byte) []byte {
	t := ChunkData
	if d.IData {
		t = ChunkIData
	}
	b, start := appendChunkHeader(b, t, d.flags())
	b = binary.BigEndian.AppendUint32(b, d.TSN)
	b = binary.BigEndian.AppendUint16(b, d.Stream)
	if !d.IData {
		b = binary.BigEndian.AppendUint16(b, d.SSN)
		b = binary.BigEndian.AppendUint32(b, d.PPID)
	} else {
		b = append(b, 0, 0)
		b = binary.BigEndian.AppendUint32(b, d.MID)
		if d.Beginning {
			b = binary.BigEndian.AppendUint32(b, d.PPID)
		} else {
			b = binary.BigEndian.AppendUint32(b, d.FSN)
		}
	}
	b = append(b, d.Payload...)
	return finishChunk(b, start)
}
