package dtls

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"slices"
)

// errDecrypt reports a record whose AEAD tag did not verify (RFC 6347
// §4.1.2.7: such records are silently discarded).
var errDecrypt = errors.New("dtls: record authentication failed")

// protection is the AEAD record protection of one direction of one epoch:
// AES-GCM as in RFC 5288 §3 (4-byte implicit salt, 8-byte explicit nonce
// carried in the record) or ChaCha20-Poly1305 as in RFC 7905 §2 (12-byte IV
// XORed with the 64-bit epoch||sequence number, nothing explicit).
//
// The record layer is kept independent of the handshake so that DTLS 1.3
// (RFC 9147) record protection can be added beside it.
type protection struct {
	aead       cipher.AEAD
	iv         [12]byte
	explicit   int // bytes of explicit nonce in each record (8 for GCM, 0 for ChaCha)
	nonce      [12]byte
	additional [13]byte
}

func newProtection(s *cipherSuite, key, iv []byte) (*protection, error) {
	p := &protection{}
	var err error
	if s.chacha {
		p.aead, err = newChachaPoly(key)
		copy(p.iv[:], iv)
	} else {
		var blk cipher.Block
		blk, err = aes.NewCipher(key)
		if err == nil {
			p.aead, err = cipher.NewGCM(blk)
		}
		copy(p.iv[:4], iv)
		p.explicit = 8
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// overhead is the number of bytes protection adds to a plaintext.
func (p *protection) overhead() int { return p.explicit + p.aead.Overhead() }

func (p *protection) setNonce(epochSeq uint64) {
	if p.explicit > 0 {
		binary.BigEndian.PutUint64(p.nonce[4:], epochSeq)
		copy(p.nonce[:4], p.iv[:4])
		return
	}
	p.nonce = p.iv
	for i := 0; i < 8; i++ {
		p.nonce[4+i] ^= byte(epochSeq >> (56 - 8*i))
	}
}

// setAdditional fills the additional data of RFC 5246 §6.2.3.3 with the
// DTLS sequence number (epoch||seq, RFC 6347 §4.1.2.1).
func (p *protection) setAdditional(epochSeq uint64, typ ContentType, version uint16, n int) {
	binary.BigEndian.PutUint64(p.additional[:8], epochSeq)
	p.additional[8] = byte(typ)
	binary.BigEndian.PutUint16(p.additional[9:11], version)
	binary.BigEndian.PutUint16(p.additional[11:13], uint16(n))
}

// seal appends a protected record (header included) carrying plaintext to
// dst and returns the extended slice. When dst has the capacity it does not
// allocate.
func (p *protection) seal(dst []byte, typ ContentType, epoch uint16, seq uint64, plaintext []byte) []byte {
	epochSeq := uint64(epoch)<<48 | seq
	h := RecordHeader{Type: typ, Version: VersionDTLS12, Epoch: epoch, Seq: seq,
		Length: uint16(p.overhead() + len(plaintext))}
	dst = slices.Grow(dst, RecordHeaderLen+int(h.Length))
	dst = h.AppendTo(dst)
	p.setNonce(epochSeq)
	p.setAdditional(epochSeq, typ, VersionDTLS12, len(plaintext))
	if p.explicit > 0 {
		dst = binary.BigEndian.AppendUint64(dst, epochSeq)
	}
	start := len(dst)
	dst = append(dst, plaintext...)
	return p.aead.Seal(dst[:start], p.nonce[:], dst[start:], p.additional[:])
}

// open decrypts a record payload in place and returns the plaintext, which
// aliases payload.
func (p *protection) open(h *RecordHeader, payload []byte) ([]byte, error) {
	if len(payload) < p.overhead() {
		return nil, errDecrypt
	}
	epochSeq := uint64(h.Epoch)<<48 | h.Seq
	if p.explicit > 0 {
		copy(p.nonce[:4], p.iv[:4])
		copy(p.nonce[4:], payload[:8])
		payload = payload[8:]
	} else {
		p.setNonce(epochSeq)
	}
	p.setAdditional(epochSeq, h.Type, h.Version, len(payload)-p.aead.Overhead())
	out, err := p.aead.Open(payload[:0], p.nonce[:], payload, p.additional[:])
	if err != nil {
		return nil, errDecrypt
	}
	return out, nil
}
