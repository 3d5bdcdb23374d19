package stun

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"hash/crc32"
)

// Sizes of the integrity and fingerprint values (RFC 8489 §14.5–§14.7).
const (
	messageIntegritySize       = 20
	messageIntegritySHA256Size = 32
	fingerprintSize            = 4
	fingerprintXOR             = 0x5354554e
)

// ShortTermKey returns the key of the short-term credential mechanism: the
// password itself (RFC 8489 §9.1.1; the OpaqueString profile is not
// applied, see the package documentation).
func ShortTermKey(password string) []byte { return []byte(password) }

// LongTermKey returns the key of the long-term credential mechanism (RFC
// 8489 §9.2.2): MD5(username ":" realm ":" password) for
// PasswordAlgorithmMD5 and SHA-256 of the same text for
// PasswordAlgorithmSHA256. Unknown algorithms yield nil.
func LongTermKey(alg PasswordAlgorithm, username, realm, password string) []byte {
	var h hash.Hash
	switch alg {
	case PasswordAlgorithmMD5:
		h = md5.New()
	case PasswordAlgorithmSHA256:
		h = sha256.New()
	default:
		return nil
	}
	h.Write([]byte(username))
	h.Write([]byte{':'})
	h.Write([]byte(realm))
	h.Write([]byte{':'})
	h.Write([]byte(password))
	return h.Sum(nil)
}

// Userhash returns the USERHASH value SHA-256(username ":" realm) (RFC 8489
// §14.4).
func Userhash(username, realm string) [32]byte {
	return sha256.Sum256([]byte(username + ":" + realm))
}

// Key is a credential key (RFC 8489 §9.1.1, §9.2.2) prepared for HMAC:
// the hash states that depend on the key alone are computed once, so that
// adding and checking integrity with a Key neither allocates nor hashes the
// key again. A Key is not safe for concurrent use.
type Key struct {
	raw          []byte
	sha1, sha256 *hmacKey // prepared on first use
}

// NewKey returns a reusable Key for the key bytes k (copied).
func NewKey(k []byte) *Key { return &Key{raw: append([]byte(nil), k...)} }

func (k *Key) hmacSHA1() *hmacKey {
	if k.sha1 == nil {
		k.sha1 = newHMACKey(&sha1Hashes, k.raw)
	}
	return k.sha1
}

func (k *Key) hmacSHA256() *hmacKey {
	if k.sha256 == nil {
		k.sha256 = newHMACKey(&sha256Hashes, k.raw)
	}
	return k.sha256
}

// AddMessageIntegrity appends MESSAGE-INTEGRITY, the HMAC-SHA1 keyed with
// key over the message so far, with the header length counting the
// attribute (RFC 8489 §14.5). It prepares the key on every call: use
// AddMessageIntegrityKey on hot paths.
func (w *Builder) AddMessageIntegrity(key []byte) { w.AddMessageIntegrityKey(NewKey(key)) }

// AddMessageIntegrityKey is AddMessageIntegrity with a reusable Key.
func (w *Builder) AddMessageIntegrityKey(k *Key) {
	w.addHMAC(AttrMessageIntegrity, k.hmacSHA1(), messageIntegritySize)
}

// AddMessageIntegritySHA256 appends MESSAGE-INTEGRITY-SHA256, the full
// 32-byte HMAC-SHA256 (RFC 8489 §14.6).
func (w *Builder) AddMessageIntegritySHA256(key []byte) { w.AddMessageIntegritySHA256Key(NewKey(key)) }

// AddMessageIntegritySHA256Key is AddMessageIntegritySHA256 with a reusable
// Key.
func (w *Builder) AddMessageIntegritySHA256Key(k *Key) {
	w.addHMAC(AttrMessageIntegritySHA256, k.hmacSHA256(), messageIntegritySHA256Size)
}

func (w *Builder) addHMAC(t AttrType, k *hmacKey, size int) {
	v := w.begin(t, size)
	if v < 0 {
		return
	}
	// The length field counts the attribute while the HMAC is computed over
	// the bytes that precede it (RFC 8489 §14.5).
	w.setLength(v + size - w.start - HeaderSize)
	hh := k.pool.Get().(*hmacHash)
	w.buf = append(w.buf, k.mac(hh, w.buf[w.start:v-4], nil)[:size]...)
	k.pool.Put(hh)
	w.end()
}

// AddFingerprint appends FINGERPRINT: CRC-32 of the message so far, with the
// header length counting the attribute, XORed with 0x5354554e (RFC 8489
// §14.7). It must be the last attribute.
func (w *Builder) AddFingerprint() {
	v := w.begin(AttrFingerprint, fingerprintSize)
	if v < 0 {
		return
	}
	w.setLength(v + fingerprintSize - w.start - HeaderSize)
	crc := crc32.ChecksumIEEE(w.buf[w.start:v-4]) ^ fingerprintXOR
	w.buf = binary.BigEndian.AppendUint32(w.buf, crc)
	w.end()
}

// CheckIntegrity verifies MESSAGE-INTEGRITY with key over the original
// bytes, with the header length adjusted to end at the attribute (RFC 8489
// §14.5). It returns ErrAttributeNotFound when the attribute is absent and
// ErrIntegrityMismatch when the HMAC differs. It prepares the key on every
// call: use CheckIntegrityKey on hot paths.
func (m *Message) CheckIntegrity(key []byte) error {
	if m.find(AttrMessageIntegrity) == nil {
		return ErrAttributeNotFound
	}
	return m.CheckIntegrityKey(NewKey(key))
}

// CheckIntegrityKey is CheckIntegrity with a reusable Key.
func (m *Message) CheckIntegrityKey(k *Key) error {
	a := m.find(AttrMessageIntegrity)
	if a == nil {
		return ErrAttributeNotFound
	}
	return m.checkHMAC(a, k.hmacSHA1(), messageIntegritySize, messageIntegritySize)
}

// CheckIntegritySHA256 verifies MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6),
// accepting truncated values of 16 to 32 bytes in multiples of 4.
func (m *Message) CheckIntegritySHA256(key []byte) error {
	if m.find(AttrMessageIntegritySHA256) == nil {
		return ErrAttributeNotFound
	}
	return m.CheckIntegritySHA256Key(NewKey(key))
}

// CheckIntegritySHA256Key is CheckIntegritySHA256 with a reusable Key.
func (m *Message) CheckIntegritySHA256Key(k *Key) error {
	a := m.find(AttrMessageIntegritySHA256)
	if a == nil {
		return ErrAttributeNotFound
	}
	return m.checkHMAC(a, k.hmacSHA256(), 16, messageIntegritySHA256Size)
}

func (m *Message) checkHMAC(a *RawAttribute, k *hmacKey, minSize, maxSize int) error {
	n := len(a.Value)
	if n < minSize || n > maxSize || n%4 != 0 {
		return attrErr(a.Type, "length")
	}
	hh := k.pool.Get().(*hmacHash)
	defer k.pool.Put(hh)
	hdr := hh.hdr[:]
	copy(hdr, m.Raw[:HeaderSize])
	binary.BigEndian.PutUint16(hdr[2:], uint16(a.Offset+4+n-HeaderSize))
	if !hmac.Equal(k.mac(hh, hdr, m.Raw[HeaderSize:a.Offset])[:n], a.Value) {
		return ErrIntegrityMismatch
	}
	return nil
}

// CheckFingerprint verifies FINGERPRINT over the original bytes (RFC 8489
// §14.7). It returns ErrFingerprintMissing when the message has none.
func (m *Message) CheckFingerprint() error {
	a := m.find(AttrFingerprint)
	if a == nil {
		return ErrFingerprintMissing
	}
	if len(a.Value) != fingerprintSize {
		return attrErr(AttrFingerprint, "length")
	}
	hdr := m.hdr[:]
	copy(hdr, m.Raw[:HeaderSize])
	binary.BigEndian.PutUint16(hdr[2:], uint16(a.Offset+4+fingerprintSize-HeaderSize))
	crc := crc32.Update(crc32.ChecksumIEEE(hdr), crc32.IEEETable, m.Raw[HeaderSize:a.Offset])
	if crc^fingerprintXOR != binary.BigEndian.Uint32(a.Value) {
		return ErrFingerprintBad
	}
	return nil
}
