package dtls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"io"
	"slices"
	"time"
)

// clientHello builds the ClientHello of RFC 6347 §4.2.1 with the
// extensions WebRTC needs: supported_groups and ec_point_formats (RFC 8422
// §5.1), signature_algorithms (RFC 5246 §7.4.1.4.1), use_srtp (RFC 5764
// §4.1.1), extended_master_secret (RFC 7627 §5.1), renegotiation_info (RFC
// 5746 §3.4) and ALPN (RFC 7301).
func (c *Conn) clientHello() *ClientHello {
	ch := &ClientHello{
		Version:            VersionDTLS12,
		Random:             c.clientRandom,
		SessionID:          []byte{},
		Cookie:             []byte{},
		CipherSuites:       slices.Clone(c.hs.cfg.suites()),
		CompressionMethods: []uint8{0},
	}
	ch.Extensions = Extensions{
		SupportedGroups:      slices.Clone(c.hs.cfg.groups()),
		PointFormats:         []uint8{pointFormatUncompressed},
		SignatureSchemes:     slices.Clone(c.hs.cfg.schemes()),
		ExtendedMasterSecret: true,
		RenegotiationInfo:    true,
		RenegotiatedConn:     []byte{},
	}
	if p := c.hs.cfg.srtpProfiles(); len(p) > 0 {
		ch.Extensions.UseSRTP = true
		ch.Extensions.SRTPProfiles = slices.Clone(p)
		ch.Extensions.SRTPMKI = []byte{}
	}
	if len(c.hs.cfg.ALPN) > 0 {
		ch.Extensions.ALPN = slices.Clone(c.hs.cfg.ALPN)
	}
	return ch
}

// helloWithCookie returns the ClientHello body first, sent with an empty
// cookie, with cookie in its place. The second ClientHello repeats every
// other field of the first (RFC 6347 §4.2.1), so it is not encoded again.
func helloWithCookie(first, cookie []byte) []byte {
	at := 2 + 32 + 1 + int(first[34]) // client_version, random, session_id
	if first[at] != 0 {
		panic("BUG: dtls: the first ClientHello carries a cookie")
	}
	b := make([]byte, 0, len(first)+len(cookie))
	b = append(b, first[:at]...)
	b = append(b, byte(len(cookie)))
	b = append(b, cookie...)
	return append(b, first[at+1:]...)
}

func (c *Conn) clientStart(now time.Time) error {
	if _, err := io.ReadFull(c.hs.cfg.Rand, c.clientRandom[:]); err != nil {
		return err
	}
	c.state = stateClientWaitServerHello
	c.hs.transcript = make([]byte, 0, transcriptCap)
	c.hs.hello = c.clientHello().AppendTo(make([]byte, 0, 256))
	c.sendFlight(now, []flightItem{c.addHandshake(TypeClientHello, c.hs.hello)})
	return nil
}

func (c *Conn) clientHandle(now time.Time, typ HandshakeType, seq uint16, body []byte) error {
	switch {
	case c.state == stateClientWaitServerHello && typ == TypeHelloVerifyRequest:
		return c.clientHelloVerify(now, body)
	case c.state == stateClientWaitServerHello && typ == TypeServerHello:
		c.appendReceived(typ, seq, body)
		return c.clientServerHello(body)
	case c.state == stateClientWaitCertificate && typ == TypeCertificate:
		c.appendReceived(typ, seq, body)
		var m CertificateMessage
		if err := m.Unmarshal(body); err != nil {
			return alertf(AlertDecodeError, "bad Certificate: %v", err)
		}
		if err := c.verifyPeer(m.Certificates); err != nil {
			return err
		}
		c.state = stateClientWaitKeyExchange
		return nil
	case c.state == stateClientWaitKeyExchange && typ == TypeServerKeyExchange:
		c.appendReceived(typ, seq, body)
		return c.clientServerKeyExchange(body)
	case c.state == stateClientWaitCertReqOrDone && typ == TypeCertificateRequest:
		c.appendReceived(typ, seq, body)
		var m CertificateRequest
		if err := m.Unmarshal(body); err != nil {
			return alertf(AlertDecodeError, "bad CertificateRequest: %v", err)
		}
		c.hs.certRequest = &m
		c.state = stateClientWaitDone
		return nil
	case (c.state == stateClientWaitCertReqOrDone || c.state == stateClientWaitDone) && typ == TypeServerHelloDone:
		if len(body) != 0 {
			return alertf(AlertDecodeError, "ServerHelloDone with a body")
		}
		c.appendReceived(typ, seq, body)
		return c.clientSendFlight5(now)
	case c.state == stateClientWaitFinished && typ == TypeFinished:
		var m Finished
		if err := m.Unmarshal(body); err != nil {
			return alertf(AlertDecodeError, "bad Finished: %v", err)
		}
		want := finishedData(c.suite, c.master, false, c.hashTranscript())
		if !hmac.Equal(want, m.VerifyData) {
			return alertf(AlertDecryptError, "server Finished does not verify")
		}
		c.flight = nil // the server's Finished ends our need to resend flight 5
		c.finishHandshake()
		return nil
	}
	return alertf(AlertUnexpectedMessage, "unexpected %v", typ)
}

// clientHelloVerify answers a HelloVerifyRequest with the ClientHello that
// carries the cookie (RFC 6347 §4.2.1).
func (c *Conn) clientHelloVerify(now time.Time, body []byte) error {
	var m HelloVerifyRequest
	if err := m.Unmarshal(body); err != nil {
		return alertf(AlertDecodeError, "bad HelloVerifyRequest: %v", err)
	}
	c.hs.hvrCount++
	if c.hs.hvrCount > maxHelloVerify {
		return alertf(AlertHandshakeFailure, "too many HelloVerifyRequests")
	}
	if m.Version != VersionDTLS10 && m.Version != VersionDTLS12 {
		return alertf(AlertProtocolVersion, "HelloVerifyRequest version %#04x", m.Version)
	}
	// RFC 6347 §4.2.6: the first ClientHello and the HelloVerifyRequest
	// are not part of the transcript.
	c.hs.transcript = c.hs.transcript[:0]
	c.sendFlight(now, []flightItem{c.addHandshake(TypeClientHello, helloWithCookie(c.hs.hello, m.Cookie))})
	return nil
}

func (c *Conn) clientServerHello(body []byte) error {
	var m ServerHello
	if err := m.Unmarshal(body); err != nil {
		return alertf(AlertDecodeError, "bad ServerHello: %v", err)
	}
	if m.Version != VersionDTLS12 {
		return alertf(AlertProtocolVersion, "server chose version %#04x, we speak only DTLS 1.2", m.Version)
	}
	if !slices.Contains(c.hs.cfg.suites(), m.CipherSuite) {
		return alertf(AlertIllegalParameter, "server chose suite %v we did not offer", m.CipherSuite)
	}
	if m.CompressionMethod != 0 {
		return alertf(AlertIllegalParameter, "server chose compression %d", m.CompressionMethod)
	}
	e := &m.Extensions
	if !e.ExtendedMasterSecret {
		// RFC 7627 §5.3: a client that requires EMS aborts.
		return alertf(AlertHandshakeFailure, "server did not negotiate extended_master_secret")
	}
	if e.RenegotiationInfo && len(e.RenegotiatedConn) != 0 {
		// RFC 5746 §3.4.
		return alertf(AlertHandshakeFailure, "non-empty renegotiation_info in the initial handshake")
	}
	if e.UseSRTP {
		if len(e.SRTPProfiles) != 1 || !slices.Contains(c.hs.cfg.srtpProfiles(), e.SRTPProfiles[0]) {
			// RFC 5764 §4.1.3: the profile must be one we offered.
			return alertf(AlertIllegalParameter, "server chose an SRTP profile we did not offer")
		}
		if len(e.SRTPMKI) != 0 {
			return alertf(AlertIllegalParameter, "server sent an srtp_mki we did not offer")
		}
		c.srtpProfile = e.SRTPProfiles[0]
	}
	if e.ALPN != nil {
		if len(e.ALPN) != 1 || !slices.Contains(c.hs.cfg.ALPN, e.ALPN[0]) {
			return alertf(AlertIllegalParameter, "server chose an ALPN protocol we did not offer")
		}
		c.alpn = e.ALPN[0]
	}
	c.suite = suiteByID(m.CipherSuite)
	c.serverRandom = m.Random
	c.state = stateClientWaitCertificate
	return nil
}

func (c *Conn) clientServerKeyExchange(body []byte) error {
	var m ServerKeyExchange
	if err := m.Unmarshal(body); err != nil {
		return alertf(AlertDecodeError, "bad ServerKeyExchange: %v", err)
	}
	if !slices.Contains(c.hs.cfg.groups(), m.Group) {
		return alertf(AlertIllegalParameter, "server chose group %v we did not offer", m.Group)
	}
	if !slices.Contains(c.hs.cfg.schemes(), m.Scheme) {
		return alertf(AlertIllegalParameter, "server signed with %v we did not offer", m.Scheme)
	}
	if c.suite.ecdsa != isECDSASuiteKey(c.hs.peerKey) {
		return alertf(AlertUnsupportedCertificate, "server certificate key does not fit %v", c.suite.id)
	}
	// RFC 8422 §5.4: the signature covers both randoms and the params.
	signed := make([]byte, 0, 64+4+len(m.PublicKey))
	signed = m.appendParams(append(append(signed, c.clientRandom[:]...), c.serverRandom[:]...))
	if err := verify(c.hs.peerKey, m.Scheme, signed, m.Signature); err != nil {
		return alertf(AlertDecryptError, "ServerKeyExchange signature: %v", err)
	}
	key, err := generateKey(m.Group, c.hs.cfg.Rand)
	if err != nil {
		return alertf(AlertInternalError, "ECDHE key: %v", err)
	}
	pre, err := sharedSecret(key, m.PublicKey)
	if err != nil {
		return alertf(AlertIllegalParameter, "server ECDHE point: %v", err)
	}
	c.group, c.hs.ecdhKey = m.Group, key
	c.master = pre // premaster until flight 5 is built
	c.state = stateClientWaitCertReqOrDone
	return nil
}

// isECDSASuiteKey reports whether a certificate key is one for the
// ECDHE_ECDSA suites (RFC 8422 §5.1: ECDSA and EdDSA keys).
func isECDSASuiteKey(pub crypto.PublicKey) bool {
	switch pub.(type) {
	case *ecdsa.PublicKey, ed25519.PublicKey:
		return true
	}
	return false
}

// clientSendFlight5 builds Certificate, ClientKeyExchange,
// CertificateVerify, ChangeCipherSpec and Finished (RFC 6347 §4.2.4 flight
// 5).
func (c *Conn) clientSendFlight5(now time.Time) error {
	items := make([]flightItem, 0, 5)
	// The bodies share one buffer (flightBuffer).
	fb := flightBuffer(c.hs.cfg.Certificate.Chain)
	if c.hs.certRequest != nil {
		cm := CertificateMessage{Certificates: c.hs.cfg.Certificate.Chain}
		n := len(fb)
		fb = cm.AppendTo(fb)
		items = append(items, c.addHandshake(TypeCertificate, fb[n:len(fb):len(fb)]))
	}
	cke := ClientKeyExchange{PublicKey: c.hs.ecdhKey.PublicKey().Bytes()}
	n := len(fb)
	fb = cke.AppendTo(fb)
	items = append(items, c.addHandshake(TypeClientKeyExchange, fb[n:len(fb):len(fb)]))
	// RFC 7627 §4: session_hash covers up to and including ClientKeyExchange.
	pre := c.master
	c.master = extendedMasterSecret(c.suite.hash, pre, c.hashTranscript())
	clear(pre)
	if c.hs.certRequest != nil {
		scheme, ok := chooseScheme(c.hs.cfg.schemes(), c.hs.certRequest.SignatureSchemes, c.hs.cfg.Certificate.PrivateKey.Public())
		if !ok {
			return alertf(AlertHandshakeFailure, "no signature scheme in common for CertificateVerify")
		}
		sig, err := sign(c.hs.cfg.Certificate.PrivateKey, c.hs.cfg.Rand, scheme, c.hs.transcript)
		if err != nil {
			return alertf(AlertInternalError, "CertificateVerify: %v", err)
		}
		cv := CertificateVerify{Scheme: scheme, Signature: sig}
		n := len(fb)
		fb = cv.AppendTo(fb)
		items = append(items, c.addHandshake(TypeCertificateVerify, fb[n:len(fb):len(fb)]))
	}
	if err := c.deriveKeys(); err != nil {
		return alertf(AlertInternalError, "keys: %v", err)
	}
	items = append(items, flightItem{ccs: true, epoch: 0})
	c.writeEpoch = 1
	fin := Finished{VerifyData: finishedData(c.suite, c.master, true, c.hashTranscript())}
	items = append(items, c.addHandshake(TypeFinished, fin.VerifyData))
	c.state = stateClientWaitFinished
	c.sendFlight(now, items)
	c.maybeActivateRead(now)
	return nil
}
