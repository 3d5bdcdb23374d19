package rtcp

import "encoding/binary"

// Packet is implemented by every RTCP packet type of this package.
type Packet interface {
	// Unmarshal parses exactly one RTCP packet of the type.
	Unmarshal(b []byte) error
	// MarshalSize returns the encoded length.
	MarshalSize() int
	// AppendTo appends the encoded packet.
	AppendTo(b []byte) []byte
}

var (
	_ Packet = (*SenderReport)(nil)
	_ Packet = (*ReceiverReport)(nil)
	_ Packet = (*SourceDescription)(nil)
	_ Packet = (*Goodbye)(nil)
	_ Packet = (*ApplicationDefined)(nil)
	_ Packet = (*TransportLayerNack)(nil)
	_ Packet = (*PictureLossIndication)(nil)
	_ Packet = (*FullIntraRequest)(nil)
	_ Packet = (*ReceiverEstimatedMaximumBitrate)(nil)
	_ Packet = (*TransportCC)(nil)
	_ Packet = (*CongestionControlFeedback)(nil)
	_ Packet = (*RawPacket)(nil)
)

// RawPacket is an RTCP packet of a type or format this package does not
// parse (for example XR, TMMBR); RFC 3550 §A.2 says unknown types are to be
// ignored, so a Compound keeps them aside.
type RawPacket struct {
	Header Header
	// Data is the whole packet, header included.
	Data []byte
}

// Unmarshal checks the header and length of one packet and copies it.
func (p *RawPacket) Unmarshal(b []byte) error {
	if err := p.Header.Unmarshal(b); err != nil {
		return err
	}
	if len(b) != (int(p.Header.Length)+1)*4 {
		return ErrBadLength
	}
	p.Data = append(p.Data[:0], b...)
	return nil
}

// MarshalSize returns len(Data).
func (p *RawPacket) MarshalSize() int { return len(p.Data) }

// AppendTo appends Data.
func (p *RawPacket) AppendTo(b []byte) []byte { return append(b, p.Data...) }

// Kind identifies the parsed form of a packet within a Compound.
type Kind uint8

// Kinds of packets in a Compound.
const (
	KindUnknown Kind = iota
	KindSenderReport
	KindReceiverReport
	KindSourceDescription
	KindGoodbye
	KindApplicationDefined
	KindNack
	KindPLI
	KindFIR
	KindREMB
	KindTransportCC
	KindCCFB
)

// Ref locates the i-th packet of a Compound: its Kind and its index in the
// slice of that kind.
type Ref struct {
	Kind  Kind
	Index int
}

// Compound is a parsed compound (RFC 3550 §6.1) or reduced-size (RFC 5506)
// RTCP packet. Unmarshal reuses every slice, element and byte buffer from
// the previous call, so parsing a stream of packets into one Compound does
// not allocate once it has seen packets of similar shape.
type Compound struct {
	// Packets lists the packets in wire order.
	Packets []Ref

	SenderReports      []SenderReport
	ReceiverReports    []ReceiverReport
	SourceDescriptions []SourceDescription
	Goodbyes           []Goodbye
	ApplicationDefined []ApplicationDefined
	Nacks              []TransportLayerNack
	PLIs               []PictureLossIndication
	FIRs               []FullIntraRequest
	REMBs              []ReceiverEstimatedMaximumBitrate
	TransportCCs       []TransportCC
	CCFeedbacks        []CongestionControlFeedback
	Unknown            []RawPacket

	twccStatuses int
}

// MaxTWCCStatuses caps the packet statuses of all transport-cc feedback
// packets in one Compound (one packet's status count field cannot exceed
// it either).
const MaxTWCCStatuses = 0xffff

// Reset empties the Compound, keeping its storage.
func (c *Compound) Reset() {
	c.Packets = c.Packets[:0]
	c.SenderReports = c.SenderReports[:0]
	c.ReceiverReports = c.ReceiverReports[:0]
	c.SourceDescriptions = c.SourceDescriptions[:0]
	c.Goodbyes = c.Goodbyes[:0]
	c.ApplicationDefined = c.ApplicationDefined[:0]
	c.Nacks = c.Nacks[:0]
	c.PLIs = c.PLIs[:0]
	c.FIRs = c.FIRs[:0]
	c.REMBs = c.REMBs[:0]
	c.TransportCCs = c.TransportCCs[:0]
	c.CCFeedbacks = c.CCFeedbacks[:0]
	c.Unknown = c.Unknown[:0]
	c.twccStatuses = 0
}

// Reduced reports whether the packet is reduced-size (RFC 5506 §3): its
// first packet is not an SR or RR.
func (c *Compound) Reduced() bool {
	return len(c.Packets) > 0 && c.Packets[0].Kind != KindSenderReport && c.Packets[0].Kind != KindReceiverReport
}

// Unmarshal parses a compound or reduced-size RTCP packet. It applies the
// checks of RFC 3550 §A.2: every packet has version 2, only the last one may
// be padded, and the length fields add up to len(b) exactly. Whether the
// first packet is an SR or RR is not required here, since RFC 5506 allows
// reduced-size RTCP; see Reduced and UnmarshalStrict. Packets of unknown
// type or format are kept in Unknown. On error the Compound's contents are
// unspecified.
func (c *Compound) Unmarshal(b []byte) error {
	c.Reset()
	if len(b) == 0 {
		return ErrEmptyCompound
	}
	for len(b) > 0 {
		var h Header
		if err := h.Unmarshal(b); err != nil {
			return err
		}
		n := (int(h.Length) + 1) * 4
		if n > len(b) {
			return ErrBadLength
		}
		if h.Padding && n != len(b) {
			return ErrBadPadding // §A.2: padding only on the last packet
		}
		if err := c.add(h, b[:n]); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// UnmarshalStrict is Unmarshal plus the RFC 3550 §6.1 rule that a compound
// packet starts with an SR or RR, as required for regular RTCP and SRTCP
// (RFC 3711 §3.4).
func (c *Compound) UnmarshalStrict(b []byte) error {
	if err := c.Unmarshal(b); err != nil {
		return err
	}
	if c.Reduced() {
		return ErrBadCompound
	}
	return nil
}

func addTo[T any, P interface {
	*T
	Packet
}](c *Compound, s *[]T, k Kind, b []byte) error {
	var p *T
	*s, p = grow(*s)
	if err := P(p).Unmarshal(b); err != nil {
		*s = (*s)[:len(*s)-1]
		return err
	}
	c.Packets = append(c.Packets, Ref{Kind: k, Index: len(*s) - 1})
	return nil
}

func (c *Compound) add(h Header, b []byte) error {
	switch h.Type {
	case TypeSenderReport:
		return addTo(c, &c.SenderReports, KindSenderReport, b)
	case TypeReceiverReport:
		return addTo(c, &c.ReceiverReports, KindReceiverReport, b)
	case TypeSourceDescription:
		return addTo(c, &c.SourceDescriptions, KindSourceDescription, b)
	case TypeGoodbye:
		return addTo(c, &c.Goodbyes, KindGoodbye, b)
	case TypeApplicationDefined:
		return addTo(c, &c.ApplicationDefined, KindApplicationDefined, b)
	case TypeTransportFeedback:
		switch h.Count {
		case FormatNACK:
			return addTo(c, &c.Nacks, KindNack, b)
		case FormatTWCC:
			// A 2-octet run-length chunk can declare 8191 statuses, so
			// the statuses, not the octets, bound the memory a datagram
			// can make a reused Compound hold: cap their total.
			if len(b) >= 16 {
				c.twccStatuses += int(binary.BigEndian.Uint16(b[14:]))
				if c.twccStatuses > MaxTWCCStatuses {
					return ErrTooManyItems
				}
			}
			return addTo(c, &c.TransportCCs, KindTransportCC, b)
		case FormatCCFB:
			return addTo(c, &c.CCFeedbacks, KindCCFB, b)
		}
	case TypePayloadFeedback:
		switch {
		case h.Count == FormatPLI:
			return addTo(c, &c.PLIs, KindPLI, b)
		case h.Count == FormatFIR:
			return addTo(c, &c.FIRs, KindFIR, b)
		case h.Count == FormatAFB && IsREMB(b):
			return addTo(c, &c.REMBs, KindREMB, b)
		}
	}
	return addTo(c, &c.Unknown, KindUnknown, b)
}

// Packet returns the packet r refers to.
func (c *Compound) Packet(r Ref) Packet {
	switch r.Kind {
	case KindSenderReport:
		return &c.SenderReports[r.Index]
	case KindReceiverReport:
		return &c.ReceiverReports[r.Index]
	case KindSourceDescription:
		return &c.SourceDescriptions[r.Index]
	case KindGoodbye:
		return &c.Goodbyes[r.Index]
	case KindApplicationDefined:
		return &c.ApplicationDefined[r.Index]
	case KindNack:
		return &c.Nacks[r.Index]
	case KindPLI:
		return &c.PLIs[r.Index]
	case KindFIR:
		return &c.FIRs[r.Index]
	case KindREMB:
		return &c.REMBs[r.Index]
	case KindTransportCC:
		return &c.TransportCCs[r.Index]
	case KindCCFB:
		return &c.CCFeedbacks[r.Index]
	}
	return &c.Unknown[r.Index]
}

// AppendTo appends the packets in the order of Packets.
func (c *Compound) AppendTo(b []byte) []byte {
	for _, r := range c.Packets {
		b = c.Packet(r).AppendTo(b)
	}
	return b
}

// MarshalSize returns the encoded length of all packets.
func (c *Compound) MarshalSize() int {
	n := 0
	for _, r := range c.Packets {
		n += c.Packet(r).MarshalSize()
	}
	return n
}

// AppendCompound appends the packets one after another: a compound packet
// when the first is an SR or RR (RFC 3550 §6.1), reduced-size otherwise.
func AppendCompound(b []byte, pkts ...Packet) []byte {
	for _, p := range pkts {
		b = p.AppendTo(b)
	}
	return b
}
