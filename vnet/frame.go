package vnet

import (
	"encoding/binary"
	"errors"
	"net/netip"
)

// A datagram travels through the Links of a Network as a frame: a small
// header carrying the source and destination transport addresses, then the
// UDP payload. The header is padded to the size of the real IP and UDP
// headers (RFC 791 §3.1 and RFC 8200 §3: 20 and 40 bytes; RFC 768: 8 bytes),
// so that a Link's MTU and bandwidth account for them as on a real path.
const (
	frameHeader4 = 20 + 8 // IPv4 + UDP
	frameHeader6 = 40 + 8 // IPv6 + UDP
	frameV4      = 4
	frameV6      = 6
)

var errBadFrame = errors.New("vnet: malformed frame")

// frameHeaderLen returns the header length of a well-formed frame.
func frameHeaderLen(b []byte) int {
	if b[0] == frameV4 {
		return frameHeader4
	}
	return frameHeader6
}

// appendFrame appends the frame of a datagram from src to dst carrying
// payload. src and dst must be of the same family.
func appendFrame(b []byte, src, dst netip.AddrPort, payload []byte) []byte {
	if src.Addr().Is4() != dst.Addr().Is4() {
		panic("BUG: vnet: frame with mixed address families")
	}
	start := len(b)
	if src.Addr().Is4() {
		b = append(b, frameV4)
		s, d := src.Addr().As4(), dst.Addr().As4()
		b = append(b, s[:]...)
		b = binary.BigEndian.AppendUint16(b, src.Port())
		b = append(b, d[:]...)
		b = binary.BigEndian.AppendUint16(b, dst.Port())
		for len(b)-start < frameHeader4 {
			b = append(b, 0)
		}
	} else {
		b = append(b, frameV6)
		s, d := src.Addr().As16(), dst.Addr().As16()
		b = append(b, s[:]...)
		b = binary.BigEndian.AppendUint16(b, src.Port())
		b = append(b, d[:]...)
		b = binary.BigEndian.AppendUint16(b, dst.Port())
		for len(b)-start < frameHeader6 {
			b = append(b, 0)
		}
	}
	return append(b, payload...)
}

// parseFrame splits a frame into its addresses and payload; payload aliases
// b.
func parseFrame(b []byte) (src, dst netip.AddrPort, payload []byte, err error) {
	if len(b) == 0 {
		return src, dst, nil, errBadFrame
	}
	switch b[0] {
	case frameV4:
		if len(b) < frameHeader4 {
			return src, dst, nil, errBadFrame
		}
		src = netip.AddrPortFrom(netip.AddrFrom4([4]byte(b[1:5])), binary.BigEndian.Uint16(b[5:7]))
		dst = netip.AddrPortFrom(netip.AddrFrom4([4]byte(b[7:11])), binary.BigEndian.Uint16(b[11:13]))
		return src, dst, b[frameHeader4:], nil
	case frameV6:
		if len(b) < frameHeader6 {
			return src, dst, nil, errBadFrame
		}
		src = netip.AddrPortFrom(netip.AddrFrom16([16]byte(b[1:17])), binary.BigEndian.Uint16(b[17:19]))
		dst = netip.AddrPortFrom(netip.AddrFrom16([16]byte(b[19:35])), binary.BigEndian.Uint16(b[35:37]))
		return src, dst, b[frameHeader6:], nil
	}
	return src, dst, nil, errBadFrame
}

// rewriteFrame overwrites the addresses of a frame in place (a NAT
// translation); the families must match the frame's.
func rewriteFrame(b []byte, src, dst netip.AddrPort) {
	if b[0] == frameV4 {
		s, d := src.Addr().As4(), dst.Addr().As4()
		copy(b[1:5], s[:])
		binary.BigEndian.PutUint16(b[5:7], src.Port())
		copy(b[7:11], d[:])
		binary.BigEndian.PutUint16(b[11:13], dst.Port())
		return
	}
	s, d := src.Addr().As16(), dst.Addr().As16()
	copy(b[1:17], s[:])
	binary.BigEndian.PutUint16(b[17:19], src.Port())
	copy(b[19:35], d[:])
	binary.BigEndian.PutUint16(b[35:37], dst.Port())
}
