package srtp

import (
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

const (
	srtcpEBit     = 1 << 31
	srtcpMaxIndex = 1<<31 - 1
	srtcpCMTagLen = 10 // 80 bits for both AES-CM profiles (RFC 5764 §4.1.2)
	gcmTagLen     = 16
)

// EncryptRTCP protects the RTCP (compound) packet and returns the SRTCP
// packet (RFC 3711 §3.4; RFC 7714 §9 for AES-GCM) written to the storage of
// dst (dst = packet with capacity for Profile().RTCPOverhead() more octets
// works in place; dst must otherwise not overlap packet). The first 8 octets
// stay in the clear, the rest is encrypted, the E flag is set and the SRTCP
// index of the sender SSRC is incremented (§3.4).
func (c *Context) EncryptRTCP(dst, packet []byte) ([]byte, error) {
	ssrc, ok := rtcpHeaderOK(packet)
	if !ok {
		return nil, fmt.Errorf("%w: RTCP header of %d-octet packet", ErrMalformed, len(packet))
	}
	s, err := c.state(ssrc, true)
	if err != nil {
		return nil, err
	}
	index := s.rtcpNext
	if index > srtcpMaxIndex {
		return nil, ErrKeyExhausted
	}
	n := len(packet)
	out := outBuf(dst, n, c.profile.RTCPOverhead())
	copy(out[:8], packet[:8])
	if c.rtcp.aead != nil {
		gcmRTCPIV(&c.rtcp.iv, &c.rtcp.salt12, ssrc, index)
		copy(c.aad[:8], packet[:8])
		binary.BigEndian.PutUint32(c.aad[8:], srtcpEBit|index)
		// Associated data: header, SSRC, E flag and index; the tag goes
		// before E || index (RFC 7714 §9.2).
		c.rtcp.aead.Seal(out[8:8], c.rtcp.iv[:], packet[8:n], c.aad[:])
		out = out[:n+gcmTagLen+4]
		binary.BigEndian.PutUint32(out[n+gcmTagLen:], srtcpEBit|index)
	} else {
		iv := cmIV(&c.rtcp.salt, ssrc, uint64(index))
		if c.scratch, err = c.rtcp.ks.xorKeyStream(out[8:n], packet[8:n], &iv, c.scratch); err != nil {
			return nil, err
		}
		out = out[:n+4]
		binary.BigEndian.PutUint32(out[n:], srtcpEBit|index)
		tag := c.rtcpMAC(out)
		out = out[:n+4+srtcpCMTagLen]
		copy(out[n+4:], tag[:srtcpCMTagLen])
	}
	s.rtcpNext = index + 1
	return out, nil
}

// gcmRTCPIV builds the AES-GCM SRTCP IV of RFC 7714 §9.1:
// (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.
func gcmRTCPIV(iv *[12]byte, salt *[12]byte, ssrc uint32, index uint32) {
	binary.BigEndian.PutUint32(iv[0:], binary.BigEndian.Uint32(salt[0:])^ssrc>>16)
	binary.BigEndian.PutUint32(iv[4:], binary.BigEndian.Uint32(salt[4:])^ssrc<<16)
	binary.BigEndian.PutUint32(iv[8:], binary.BigEndian.Uint32(salt[8:])^index&srtcpMaxIndex)
}

func (c *Context) rtcpMAC(authPortion []byte) []byte {
	m := c.rtcp.mac
	m.Reset()
	m.Write(authPortion)
	return m.Sum(c.tag[:0])
}

// DecryptRTCP verifies and, if its E flag is set, decrypts the SRTCP packet
// and returns the RTCP packet written to the storage of dst (dst = packet
// works in place). Replays of an SRTCP index are rejected with a replay list
// separate from SRTP's (RFC 3711 §3.4). On error the packet must be dropped.
func (c *Context) DecryptRTCP(dst, packet []byte) ([]byte, error) {
	ssrc, ok := rtcpHeaderOK(packet)
	tl := srtcpCMTagLen
	if c.rtcp.aead != nil {
		tl = gcmTagLen
	}
	if !ok || len(packet) < 8+4+tl {
		return nil, fmt.Errorf("%w: SRTCP packet of %d octets", ErrMalformed, len(packet))
	}
	s, err := c.state(ssrc, false)
	if err != nil {
		return nil, err
	}
	if s == nil && len(c.states) >= c.cfg.maxSSRCs {
		return nil, fmt.Errorf("%w: cap of %d reached, SSRC %#08x refused", ErrTooManySSRCs, c.cfg.maxSSRCs, ssrc)
	}
	var eIndex uint32
	var n int // length of the RTCP packet
	if c.rtcp.aead != nil {
		eIndex = binary.BigEndian.Uint32(packet[len(packet)-4:])
		n = len(packet) - 4 - gcmTagLen
	} else {
		n = len(packet) - srtcpCMTagLen - 4
		eIndex = binary.BigEndian.Uint32(packet[n:])
	}
	index := eIndex & srtcpMaxIndex
	encrypted := eIndex&srtcpEBit != 0
	if s != nil && !s.rtcpRecv.check(uint64(index)) {
		return nil, fmt.Errorf("%w: SRTCP index %d of SSRC %#08x", ErrReplayed, index, ssrc)
	}
	out := outBuf(dst, n, 0)
	if c.rtcp.aead != nil {
		err = c.openRTCPGCM(out, packet, n, ssrc, eIndex, encrypted)
	} else {
		err = c.decryptRTCPCM(out, packet, n, ssrc, index, encrypted)
	}
	if err != nil {
		return nil, err
	}
	if s == nil {
		if s, err = c.state(ssrc, true); err != nil {
			return nil, err
		}
	}
	s.rtcpRecv.accept(uint64(index))
	return out, nil
}

func (c *Context) decryptRTCPCM(out, packet []byte, n int, ssrc, index uint32, encrypted bool) error {
	tag := c.rtcpMAC(packet[:n+4])
	if subtle.ConstantTimeCompare(tag[:srtcpCMTagLen], packet[n+4:]) != 1 {
		return ErrAuthFailed
	}
	copy(out[:8], packet[:8])
	if !encrypted {
		// §3.4: with E = 0 the payload is left unmodified.
		copy(out[8:n], packet[8:n])
		return nil
	}
	iv := cmIV(&c.rtcp.salt, ssrc, uint64(index))
	var err error
	c.scratch, err = c.rtcp.ks.xorKeyStream(out[8:n], packet[8:n], &iv, c.scratch)
	return err
}

func (c *Context) openRTCPGCM(out, packet []byte, n int, ssrc, eIndex uint32, encrypted bool) error {
	gcmRTCPIV(&c.rtcp.iv, &c.rtcp.salt12, ssrc, eIndex)
	iv := c.rtcp.iv[:]
	if encrypted {
		copy(c.aad[:8], packet[:8])
		binary.BigEndian.PutUint32(c.aad[8:], eIndex)
		copy(out[:8], packet[:8])
		if _, err := c.rtcp.aead.Open(out[8:8], iv, packet[8:n+gcmTagLen], c.aad[:]); err != nil {
			return ErrAuthFailed
		}
		return nil
	}
	// E = 0: the whole RTCP packet and E || index are associated data and
	// the cipher is the tag alone (RFC 7714 §9.3).
	need := n + 4
	if cap(c.scratch) < need {
		c.scratch = make([]byte, 0, need+256)
	}
	aad := append(c.scratch[:0], packet[:n]...)
	aad = binary.BigEndian.AppendUint32(aad, eIndex)
	var empty [0]byte
	if _, err := c.rtcp.aead.Open(empty[:0], iv, packet[n:n+gcmTagLen], aad); err != nil {
		return ErrAuthFailed
	}
	copy(out[:n], packet[:n])
	return nil
}
