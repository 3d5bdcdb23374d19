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
	helloReasm reassembler // a fragmented ClientHello, while the server waits for one
	sendSeq    uint16
	transcript []byte
	scratch    []byte // fragment being rendered into a record

	rto         time.Duration
	retransmits int

	cookie       []byte
	hvrCount     int
	cookieSecret [32]byte

	ecdhKey     *ecdh.PrivateKey
	peerKey     crypto.PublicKey // leaf key of the peer's verified certificate
	certRequest *CertificateRequest
	peerSchemes []SignatureScheme
}

func newHandshake(cfg *Config) *handshake {
	hs := &handshake{cfg: *cfg}
	hs.rto = hs.cfg.initialRTO()
	return hs
}
