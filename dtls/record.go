package dtls

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ContentType is the DTLSPlaintext.type field (RFC 5246 §6.2.1, RFC 6347 §4.1).
type ContentType uint8

// Content types of RFC 5246 §6.2.1.
const (
	ContentChangeCipherSpec ContentType = 20
	ContentAlert            ContentType = 21
	ContentHandshake        ContentType = 22
	ContentApplicationData  ContentType = 23
)

// String returns the RFC 5246 name of the content type.
func (t ContentType) String() string {
	switch t {
	case ContentChangeCipherSpec:
		return "change_cipher_spec"
	case ContentAlert:
		return "alert"
	case ContentHandshake:
		return "handshake"
	case ContentApplicationData:
		return "application_data"
	}
	return fmt.Sprintf("content_type(%d)", uint8(t))
}

// Protocol versions on the wire (RFC 6347 §4.1: the one's complement of the
// DTLS version, so 1.2 is {254, 253}).
const (
	VersionDTLS10 uint16 = 0xfeff
	VersionDTLS12 uint16 = 0xfefd
)

// RecordHeaderLen is the size of a DTLS 1.2 record header (RFC 6347 §4.1).
const RecordHeaderLen = 13

// maxSeq is the largest 48-bit record sequence number (RFC 6347 §4.1).
const maxSeq = 1<<48 - 1

// maxCiphertext bounds DTLSCiphertext.length (RFC 5246 §6.2.3: 2^14+2048).
const maxCiphertext = 1<<14 + 2048

// RecordHeader is the fixed part of a DTLS 1.2 record (RFC 6347 §4.1):
// type, version, epoch, 48-bit sequence number and payload length.
type RecordHeader struct {
	Type    ContentType
	Version uint16
	Epoch   uint16
	Seq     uint64 // 48 bits
	Length  uint16
}

// Errors returned by the record parser.
var (
	ErrShortRecord  = errors.New("dtls: record truncated")
	ErrRecordLength = errors.New("dtls: record length exceeds 2^14+2048")
	ErrBadVersion   = errors.New("dtls: record version is not DTLS")
)

// ParseRecordHeader reads a record header from the front of b (RFC 6347
// §4.1). It checks that the payload announced by Length is present in b.
func ParseRecordHeader(b []byte) (RecordHeader, error) {
	var h RecordHeader
	if len(b) < RecordHeaderLen {
		return h, ErrShortRecord
	}
	h.Type = ContentType(b[0])
	h.Version = binary.BigEndian.Uint16(b[1:3])
	h.Epoch = binary.BigEndian.Uint16(b[3:5])
	h.Seq = uint64(b[5])<<40 | uint64(b[6])<<32 | uint64(binary.BigEndian.Uint32(b[7:11]))
	h.Length = binary.BigEndian.Uint16(b[11:13])
	if b[1] != 0xfe {
		return h, ErrBadVersion
	}
	if h.Length > maxCiphertext {
		return h, ErrRecordLength
	}
	if len(b)-RecordHeaderLen < int(h.Length) {
		return h, ErrShortRecord
	}
	return h, nil
}

// AppendTo appends the 13-byte header to b.
func (h *RecordHeader) AppendTo(b []byte) []byte {
	if h.Seq > maxSeq {
		panic("BUG: dtls: record sequence number exceeds 48 bits")
	}
	return append(b, byte(h.Type), byte(h.Version>>8), byte(h.Version),
		byte(h.Epoch>>8), byte(h.Epoch),
		byte(h.Seq>>40), byte(h.Seq>>32), byte(h.Seq>>24), byte(h.Seq>>16), byte(h.Seq>>8), byte(h.Seq),
		byte(h.Length>>8), byte(h.Length))
}

// Record is one DTLS record: its header and its (possibly protected) payload.
type Record struct {
	Header  RecordHeader
	Payload []byte
}

// ParseRecord reads one record from the front of a datagram (RFC 6347 §4.1:
// several records may share a datagram). It returns the record, which
// aliases b, and the number of bytes it used.
func ParseRecord(b []byte) (Record, int, error) {
	h, err := ParseRecordHeader(b)
	if err != nil {
		return Record{}, 0, err
	}
	n := RecordHeaderLen + int(h.Length)
	return Record{Header: h, Payload: b[RecordHeaderLen:n]}, n, nil
}

// AppendTo appends the record to b, with Header.Length set from the payload.
func (r *Record) AppendTo(b []byte) []byte {
	if len(r.Payload) > maxCiphertext {
		panic("BUG: dtls: record payload too long")
	}
	h := r.Header
	h.Length = uint16(len(r.Payload))
	b = h.AppendTo(b)
	return append(b, r.Payload...)
}
