package srtp

import (
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

// maxIndex bounds the 48-bit SRTP packet index (RFC 3711 §3.3.1, §9.2).
const maxIndex = 1<<48 - 1

// EncryptRTP protects the RTP packet and returns the SRTP packet (RFC 3711
// §3.3; RFC 7714 §8 for AES-GCM), written to the storage of dst: pass
// dst = packet (or packet[:0]) with capacity for Profile().RTPOverhead() more
// octets to encrypt in place without allocating. dst must otherwise not
// overlap packet. If cap(dst) is too small a new slice is allocated.
//
// The packet index is ROC || SEQ; the ROC is tracked per SSRC from the
// sequence numbers sent (RFC 3711 §3.3.1), so retransmitted old sequence
// numbers are protected with the ROC they had.
func (c *Context) EncryptRTP(dst, packet []byte) ([]byte, error) {
	h, seq, ssrc, ok := rtpHeaderLen(packet)
	if !ok {
		return nil, fmt.Errorf("%w: RTP header of %d-octet packet", ErrMalformed, len(packet))
	}
	s, err := c.state(ssrc, true)
	if err != nil {
		return nil, err
	}
	var index uint64
	if s.sendStarted {
		if index, ok = estimateIndex(s.sendHighest, seq); !ok {
			return nil, fmt.Errorf("%w: SEQ %d precedes the first packet sent", ErrMalformed, seq)
		}
	} else {
		index = uint64(s.initROC)<<16 | uint64(seq)
	}
	if index > maxIndex {
		return nil, ErrKeyExhausted
	}
	n := len(packet)
	out := outBuf(dst, n, c.rtpOverhead)
	if c.rtp.aead != nil {
		out, err = c.sealRTPGCM(out, packet, h, ssrc, index)
	} else {
		out, err = c.encryptRTPCM(out, packet, h, ssrc, index)
	}
	if err != nil {
		return nil, err
	}
	if !s.sendStarted || index > s.sendHighest {
		s.sendHighest, s.sendStarted = index, true
	}
	return out, nil
}

// cmIV builds the AES-CM IV of RFC 3711 §4.1.1:
// IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).
func cmIV(salt *[14]byte, ssrc uint32, index uint64) (iv [16]byte) {
	copy(iv[:14], salt[:])
	binary.BigEndian.PutUint32(iv[4:], binary.BigEndian.Uint32(iv[4:])^ssrc)
	hi := binary.BigEndian.Uint16(iv[8:]) ^ uint16(index>>32)
	lo := binary.BigEndian.Uint32(iv[10:]) ^ uint32(index)
	binary.BigEndian.PutUint16(iv[8:], hi)
	binary.BigEndian.PutUint32(iv[10:], lo)
	return iv
}

func (c *Context) encryptRTPCM(out, packet []byte, h int, ssrc uint32, index uint64) ([]byte, error) {
	n := len(packet)
	copy(out[:h], packet[:h])
	iv := cmIV(&c.rtp.salt, ssrc, index)
	var err error
	if c.scratch, err = c.rtp.ks.xorKeyStream(out[h:n], packet[h:n], &iv, c.scratch); err != nil {
		return nil, err
	}
	// Authentication tag over the authenticated portion || ROC (§4.2).
	tag := c.rtpMAC(out[:n], uint32(index>>16))
	tl := c.rtpOverhead
	out = out[:n+tl]
	copy(out[n:], tag[:tl])
	return out, nil
}

func (c *Context) rtpMAC(authPortion []byte, roc uint32) []byte {
	m := c.rtp.mac
	m.Reset()
	m.Write(authPortion)
	binary.BigEndian.PutUint32(c.roc[:], roc)
	m.Write(c.roc[:])
	return m.Sum(c.tag[:0])
}

// gcmIV builds the AES-GCM SRTP IV of RFC 7714 §8.1:
// (00 00 || SSRC || ROC || SEQ) XOR salt, three 32-bit words at a time.
func gcmIV(iv *[12]byte, salt *[12]byte, ssrc uint32, index uint64) {
	roc := uint32(index >> 16)
	binary.BigEndian.PutUint32(iv[0:], binary.BigEndian.Uint32(salt[0:])^ssrc>>16)
	binary.BigEndian.PutUint32(iv[4:], binary.BigEndian.Uint32(salt[4:])^(ssrc<<16|roc>>16))
	binary.BigEndian.PutUint32(iv[8:], binary.BigEndian.Uint32(salt[8:])^(roc<<16|uint32(index&0xffff)))
}

func (c *Context) sealRTPGCM(out, packet []byte, h int, ssrc uint32, index uint64) ([]byte, error) {
	n := len(packet)
	if &out[0] != &packet[0] {
		copy(out[:h], packet[:h])
	}
	gcmIV(&c.rtp.iv, &c.rtp.salt12, ssrc, index)
	// The header is the associated data, the payload the plaintext (§8.2).
	c.rtp.aead.Seal(out[h:h], c.rtp.iv[:], packet[h:n], out[:h])
	return out[:n+16], nil
}

// DecryptRTP verifies and decrypts the SRTP packet and returns the RTP
// packet, written to the storage of dst (pass dst = packet for in place;
// dst must otherwise not overlap packet). It estimates the packet index from
// the SSRC's ROC and highest sequence number (RFC 3711 §3.3.1), rejects
// replays (§3.3.2) and updates ROC, s_l and the replay list only after the
// packet authenticated. On error the packet must be dropped; the contents of
// dst are then unspecified.
func (c *Context) DecryptRTP(dst, packet []byte) ([]byte, error) {
	h, seq, ssrc, ok := rtpHeaderLen(packet)
	if !ok {
		return nil, fmt.Errorf("%w: RTP header of %d-octet packet", ErrMalformed, len(packet))
	}
	tl := c.rtpOverhead
	n := len(packet) - tl
	if n < h {
		return nil, fmt.Errorf("%w: %d-octet SRTP packet shorter than header and tag", ErrMalformed, len(packet))
	}
	s, err := c.state(ssrc, false)
	if err != nil {
		return nil, err
	}
	var index uint64
	switch {
	case s == nil && len(c.states) >= c.cfg.maxSSRCs:
		return nil, fmt.Errorf("%w: cap of %d reached, SSRC %#08x refused", ErrTooManySSRCs, c.cfg.maxSSRCs, ssrc)
	case s == nil:
		index = uint64(seq)
	case !s.rtpRecv.started:
		index = uint64(s.initROC)<<16 | uint64(seq)
	default:
		if index, ok = estimateIndex(s.rtpRecv.highest, seq); !ok {
			return nil, fmt.Errorf("%w: SEQ %d from before the first packet", ErrReplayed, seq)
		}
		if !s.rtpRecv.check(index) {
			return nil, fmt.Errorf("%w: SRTP index %d of SSRC %#08x", ErrReplayed, index, ssrc)
		}
	}
	if index > maxIndex {
		return nil, ErrKeyExhausted
	}
	out := outBuf(dst, n, 0)
	if c.rtp.aead != nil {
		err = c.openRTPGCM(out, packet, h, ssrc, index)
	} else {
		err = c.decryptRTPCM(out, packet, h, ssrc, index)
	}
	if err != nil {
		return nil, err
	}
	if s == nil {
		if s, err = c.state(ssrc, true); err != nil {
			return nil, err
		}
	}
	s.rtpRecv.accept(index)
	return out, nil
}

func (c *Context) decryptRTPCM(out, packet []byte, h int, ssrc uint32, index uint64) error {
	tl := c.rtpOverhead
	n := len(packet) - tl
	tag := c.rtpMAC(packet[:n], uint32(index>>16))
	if subtle.ConstantTimeCompare(tag[:tl], packet[n:]) != 1 {
		return ErrAuthFailed
	}
	copy(out[:h], packet[:h])
	iv := cmIV(&c.rtp.salt, ssrc, index)
	var err error
	c.scratch, err = c.rtp.ks.xorKeyStream(out[h:n], packet[h:n], &iv, c.scratch)
	return err
}

func (c *Context) openRTPGCM(out, packet []byte, h int, ssrc uint32, index uint64) error {
	if &out[0] != &packet[0] {
		copy(out[:h], packet[:h])
	}
	gcmIV(&c.rtp.iv, &c.rtp.salt12, ssrc, index)
	if _, err := c.rtp.aead.Open(out[h:h], c.rtp.iv[:], packet[h:], out[:h]); err != nil {
		return ErrAuthFailed
	}
	return nil
}
