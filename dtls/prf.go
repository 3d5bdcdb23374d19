package dtls

import (
	"crypto"
	"crypto/hmac"
	"errors"
)

// pHash is P_hash of RFC 5246 §5, filling out: the HMAC of A(i) + seed
// for A(0) = seed and A(i) = HMAC(secret, A(i-1)). The seed is the
// concatenation of label and seeds; it is fed to the HMAC in pieces rather
// than copied together.
func pHash(h crypto.Hash, out, secret []byte, label []byte, seeds [][]byte) {
	mac := hmac.New(h.New, secret)
	size := mac.Size()
	buf := make([]byte, 2*size)
	aBuf, bBuf := buf[:0:size], buf[size:size:2*size]
	writeSeed := func() {
		mac.Write(label)
		for _, x := range seeds {
			mac.Write(x)
		}
	}
	writeSeed()
	a := mac.Sum(aBuf)
	for len(out) > 0 {
		mac.Reset()
		mac.Write(a)
		writeSeed()
		n := copy(out, mac.Sum(bBuf))
		out = out[n:]
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(aBuf)
	}
	clear(buf)
}

// prf is the TLS 1.2 PRF of RFC 5246 §5: P_<hash>(secret, label + seed).
func prf(h crypto.Hash, n int, secret []byte, label []byte, seed ...[]byte) []byte {
	out := make([]byte, n)
	pHash(h, out, secret, label, seed)
	return out
}

// PRF labels (RFC 5246 §6.3, §7.4.9; RFC 7627 §4).
var (
	labelExtendedMaster = []byte("extended master secret")
	labelKeyExpansion   = []byte("key expansion")
	labelClientFinished = []byte("client finished")
	labelServerFinished = []byte("server finished")
)

const masterSecretLen = 48

// extendedMasterSecret derives the master secret of RFC 7627 §4 from the
// session hash (the hash of the handshake up to and including
// ClientKeyExchange).
func extendedMasterSecret(h crypto.Hash, preMaster, sessionHash []byte) []byte {
	return prf(h, masterSecretLen, preMaster, labelExtendedMaster, sessionHash)
}

// keyBlock holds the AEAD keys of RFC 5246 §6.3 (no MAC keys: AEAD suites).
type keyBlock struct {
	clientKey, serverKey, clientIV, serverIV []byte
}

func deriveKeys(s *cipherSuite, master, clientRandom, serverRandom []byte) keyBlock {
	n := 2*s.keyLen + 2*s.ivLen
	kb := prf(s.hash, n, master, labelKeyExpansion, serverRandom, clientRandom)
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
	label := labelServerFinished
	if client {
		label = labelClientFinished
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
		return prf(s.hash, n, master, []byte(label), clientRandom, serverRandom), nil
	}
	if len(context) >= 1<<16 {
		return nil, errors.New("dtls: exporter context longer than 2^16-1")
	}
	l := []byte{byte(len(context) >> 8), byte(len(context))}
	return prf(s.hash, n, master, []byte(label), clientRandom, serverRandom, l, context), nil
}
