package dtls

import (
	"crypto"
	"crypto/hmac"
	"errors"
)

// pHash is P_hash of RFC 5246 §5, filling out.
func pHash(h crypto.Hash, out, secret, seed []byte) {
	mac := hmac.New(h.New, secret)
	mac.Write(seed)
	a := mac.Sum(nil)
	for len(out) > 0 {
		mac.Reset()
		mac.Write(a)
		mac.Write(seed)
		b := mac.Sum(nil)
		n := copy(out, b)
		out = out[n:]
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(a[:0])
	}
}

// prf is the TLS 1.2 PRF of RFC 5246 §5: P_<hash>(secret, label + seed).
func prf(h crypto.Hash, n int, secret []byte, label string, seed ...[]byte) []byte {
	s := []byte(label)
	for _, x := range seed {
		s = append(s, x...)
	}
	out := make([]byte, n)
	pHash(h, out, secret, s)
	return out
}

const masterSecretLen = 48

// extendedMasterSecret derives the master secret of RFC 7627 §4 from the
// session hash (the hash of the handshake up to and including
// ClientKeyExchange).
func extendedMasterSecret(h crypto.Hash, preMaster, sessionHash []byte) []byte {
	return prf(h, masterSecretLen, preMaster, "extended master secret", sessionHash)
}

// keyBlock holds the AEAD keys of RFC 5246 §6.3 (no MAC keys: AEAD suites).
type keyBlock struct {
	clientKey, serverKey, clientIV, serverIV []byte
}

func deriveKeys(s *cipherSuite, master, clientRandom, serverRandom []byte) keyBlock {
	n := 2*s.keyLen + 2*s.ivLen
	kb := prf(s.hash, n, master, "key expansion", serverRandom, clientRandom)
	var k keyBlock
	k.clientKey, kb = kb[:s.keyLen], kb[s.keyLen:]
	k.serverKey, kb = kb[:s.keyLen], kb[s.keyLen:]
	k.clientIV, kb = kb[:s.ivLen], kb[s.ivLen:]
	k.serverIV = kb[:s.ivLen]
	return k
}

// finishedLen is verify_data_length for every suite here (RFC 5246 §7.4.9).
const finishedLen = 12

func finishedData(s *cipherSuite, master []byte, client bool, transcriptHash []byte) []byte {
	label := "server finished"
	if client {
		label = "client finished"
	}
	return prf(s.hash, finishedLen, master, label, transcriptHash)
}

// ErrExporterLabel reports an exporter label RFC 5705 §4 reserves.
var ErrExporterLabel = errors.New("dtls: exporter label is reserved")

// exportKeyingMaterial implements the exporter of RFC 5705 §4.
func exportKeyingMaterial(s *cipherSuite, master, clientRandom, serverRandom []byte, label string, context []byte, n int) ([]byte, error) {
	switch label {
	case "client finished", "server finished", "master secret", "key expansion", "extended master secret":
		return nil, ErrExporterLabel
	}
	if context == nil {
		return prf(s.hash, n, master, label, clientRandom, serverRandom), nil
	}
	if len(context) >= 1<<16 {
		return nil, errors.New("dtls: exporter context longer than 2^16-1")
	}
	l := []byte{byte(len(context) >> 8), byte(len(context))}
	return prf(s.hash, n, master, label, clientRandom, serverRandom, l, context), nil
}
