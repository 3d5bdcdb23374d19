package rtcp

import "encoding/binary"

// SDES item types (RFC 3550 §6.5).
const (
	SDESEnd   = 0
	SDESCNAME = 1
	SDESName  = 2
	SDESEmail = 3
	SDESPhone = 4
	SDESLoc   = 5
	SDESTool  = 6
	SDESNote  = 7
	SDESPriv  = 8
)

// SDESItem is one SDES item: a type and up to 255 octets of text (RFC 3550
// §6.5). PRIV items keep their prefix length and prefix inside Text.
type SDESItem struct {
	Type uint8
	Text []byte
}

// SDESChunk is the list of items describing one SSRC or CSRC.
type SDESChunk struct {
	Source uint32
	Items  []SDESItem
}

// SourceDescription is an SDES packet (RFC 3550 §6.5).
type SourceDescription struct {
	// Chunks holds at most 31 chunks; AppendTo writes only the first 31.
	Chunks []SDESChunk
}

// Unmarshal parses one SDES packet, reusing the struct's slices. Each
// chunk's item list must end with a null octet and padding to a 32-bit
// boundary (§6.5).
func (p *SourceDescription) Unmarshal(b []byte) error {
	h, body, err := body(b, TypeSourceDescription, -1)
	if err != nil {
		return err
	}
	p.Chunks = p.Chunks[:0]
	off := 0
	for range int(h.Count) {
		if len(body)-off < 4 {
			return ErrMalformed
		}
		var c *SDESChunk
		p.Chunks, c = grow(p.Chunks)
		c.Source = binary.BigEndian.Uint32(body[off:])
		c.Items = c.Items[:0]
		off += 4
		for {
			if off >= len(body) {
				return ErrMalformed // no terminating null octet
			}
			t := body[off]
			if t == SDESEnd {
				off = pad4(off + 1)
				if off > len(body) {
					return ErrMalformed
				}
				break
			}
			if off+2 > len(body) || off+2+int(body[off+1]) > len(body) {
				return ErrMalformed
			}
			n := int(body[off+1])
			var it *SDESItem
			c.Items, it = grow(c.Items)
			it.Type = t
			it.Text = append(it.Text[:0], body[off+2:off+2+n]...)
			off += 2 + n
		}
	}
	if off != len(body) {
		return ErrMalformed
	}
	return nil
}

func (c *SDESChunk) size() int {
	n := 4
	for _, it := range c.Items {
		n += 2 + min(len(it.Text), 255)
	}
	return pad4(n + 1) // at least one null octet
}

// MarshalSize returns the encoded length of the packet.
func (p *SourceDescription) MarshalSize() int {
	n := HeaderLen
	for i := range min(len(p.Chunks), 31) {
		n += p.Chunks[i].size()
	}
	return n
}

// AppendTo appends the encoded packet to b. Item texts longer than 255
// octets are truncated.
func (p *SourceDescription) AppendTo(b []byte) []byte {
	nc := min(len(p.Chunks), 31)
	b = appendHeader(b, uint8(nc), TypeSourceDescription, p.MarshalSize())
	for i := range nc {
		c := &p.Chunks[i]
		start := len(b)
		b = binary.BigEndian.AppendUint32(b, c.Source)
		for _, it := range c.Items {
			t := it.Text[:min(len(it.Text), 255)]
			b = append(b, it.Type, byte(len(t)))
			b = append(b, t...)
		}
		b = append(b, SDESEnd)
		for (len(b)-start)%4 != 0 {
			b = append(b, 0)
		}
	}
	return b
}
