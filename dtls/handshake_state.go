package dtls

import (
	"crypto"
	"crypto/ecdh"
	"time"
)

// handshake is what a Conn needs only while the handshake runs: the
// Config, reassembly buffers, the transcript, the flight timer, the
// ephemeral key and what the peer sent that is checked later. The Conn
// drops it (Conn.hs = nil) when the handshake completes, fails or is
// closed, so that an idle connected Conn keeps only its record
// protection, its negotiated parameters and the peer's DER chain.
type handshake struct {
	cfg Config

	// Record layer, read side, until the peer's ChangeCipherSpec.
	pendingRead *protection // next epoch's keys
	ccsSeen     bool
	future      [][]byte // copies of next-epoch records that came early
	futureBytes int

	reasm      reassembler
	helloReasm *reassembler // a fragmented ClientHello, while the server waits for one
	sendSeq    uint16
	transcript []byte
	scratch    []byte // fragment being rendered into a record

	rto         time.Duration
	retransmits int

	hello        []byte // the client's first ClientHello body
	hvrCount     int
	cookieSecret [32]byte

	ecdhKey     *ecdh.PrivateKey
	peerKey     crypto.PublicKey // leaf key of the peer's verified certificate
	certRequest *CertificateRequest
	peerSchemes []SignatureScheme
}

// transcriptCap is the capacity the transcript starts with: a WebRTC
// handshake with two self-signed ECDSA certificates is about 1.6 KB (RSA
// ones make it grow once).
const transcriptCap = 2 << 10

// flightBuffer returns an empty buffer for the message bodies of one of our
// flights, large enough for our certificate chain and the other messages,
// so that a flight costs one allocation. A body is cut from it with a
// full slice expression (b[n:len(b):len(b)]), so that later appends cannot
// write into it.
func flightBuffer(chain [][]byte) []byte {
	n := 1024
	for _, c := range chain {
		n += 3 + len(c)
	}
	return make([]byte, 0, n)
}

func newHandshake(cfg *Config) *handshake {
	hs := &handshake{cfg: *cfg}
	hs.rto = hs.cfg.initialRTO()
	return hs
}
