package dtls

import (
	"crypto/hmac"
	"crypto/sha256"
	"io"
	"slices"
	"time"
)

// helloCookie computes the stateless cookie of RFC 6347 §4.2.1 as an HMAC,
// under a secret drawn at start, of the ClientHello fields that the second
// ClientHello must repeat unchanged. Binding to the peer address is the
// driver's job (one Conn per remote address).
func (c *Conn) helloCookie(ch *ClientHello) []byte {
	m := hmac.New(sha256.New, c.hs.cookieSecret[:])
	m.Write(ch.Random[:])
	m.Write(ch.SessionID)
	for _, s := range ch.CipherSuites {
		m.Write([]byte{byte(s >> 8), byte(s)})
	}
	return m.Sum(nil)
}

// maxClientHello bounds a fragmented ClientHello the server reassembles
// before its cookie is checked.
const maxClientHello = 8 << 10

// serverHandleClientHelloFragment handles handshake input while the server
// is stateless (RFC 6347 §4.2.1): only a complete, unfragmented
// ClientHello is looked at; it is answered by a HelloVerifyRequest unless
// it carries a valid cookie.
func (c *Conn) serverHandleClientHelloFragment(now time.Time, h RecordHeader, f *HandshakeFragment) {
	if f.Type == TypeClientHello && h.Epoch == 0 && (f.Offset != 0 || int(f.Length) != len(f.Fragment)) {
		// RFC 6347 §4.2.3: any handshake message may be fragmented, and
		// Chromium's ClientHello is (its key shares for DTLS 1.3 make it
		// larger than one 1200-byte datagram). It is put together in one
		// bounded buffer (maxClientHello) before the stateless checks.
		if f.Length > maxClientHello {
			c.stats.FragmentsDropped++
			return
		}
		if c.hs.helloReasm == nil {
			c.hs.helloReasm = &reassembler{next: f.Seq}
		} else if c.hs.helloReasm.next != f.Seq {
			c.hs.helloReasm.reset(f.Seq)
		}
		if c.hs.helloReasm.add(f, 0) != fragmentQueued {
			c.stats.FragmentsDropped++
			return
		}
		typ, seq, _, body, ok := c.hs.helloReasm.pop()
		if !ok {
			return
		}
		c.hs.helloReasm.reset(seq + 1)
		f = &HandshakeFragment{Type: typ, Length: uint32(len(body)), Seq: seq, Fragment: body}
	}
	if f.Type != TypeClientHello || f.Offset != 0 || int(f.Length) != len(f.Fragment) || h.Epoch != 0 {
		c.stats.FragmentsDropped++
		return
	}
	var ch ClientHello
	if err := ch.Unmarshal(f.Fragment); err != nil {
		// Still stateless: a garbage datagram must not cost state or an answer.
		c.stats.FragmentsDropped++
		return
	}
	if !c.hs.cfg.DisableHelloVerify {
		want := c.helloCookie(&ch)
		if !hmac.Equal(ch.Cookie, want) {
			hvr := HelloVerifyRequest{Version: VersionDTLS10, Cookie: want}
			body := hvr.AppendTo(nil)
			// RFC 6347 §4.2.1: HelloVerifyRequest reuses the ClientHello's
			// record sequence number, and message_seq 0 (§4.2.2 example);
			// DTLS 1.2 servers SHOULD send version DTLS 1.0.
			fr := HandshakeFragment{Type: TypeHelloVerifyRequest, Length: uint32(len(body)), Seq: 0, Fragment: body}
			payload := fr.AppendTo(nil)
			rh := RecordHeader{Type: ContentHandshake, Version: VersionDTLS10, Epoch: 0, Seq: h.Seq, Length: uint16(len(payload))}
			b := getBuf()
			*b = append(rh.AppendTo(*b), payload...)
			c.queueOut(b)
			return
		}
	}
	if err := c.serverClientHello(now, h, f, &ch); err != nil {
		c.fail(err)
	}
}

func (c *Conn) serverClientHello(now time.Time, h RecordHeader, f *HandshakeFragment, ch *ClientHello) error {
	if ch.Version > VersionDTLS12 {
		// Versions count down: 0xfeff is 1.0, 0xfefd is 1.2.
		return alertf(AlertProtocolVersion, "client offers only %#04x", ch.Version)
	}
	if !slices.Contains(ch.CompressionMethods, 0) {
		return alertf(AlertIllegalParameter, "client does not offer null compression")
	}
	e := &ch.Extensions
	if !e.ExtendedMasterSecret {
		// RFC 7627 §5.3: a server that requires EMS aborts.
		return alertf(AlertHandshakeFailure, "client did not offer extended_master_secret")
	}
	ecdsaKey, _ := c.hs.cfg.Certificate.ecdsaKey()
	for _, id := range c.hs.cfg.suites() {
		s := suiteByID(id)
		if s.ecdsa == ecdsaKey && slices.Contains(ch.CipherSuites, id) {
			c.suite = s
			break
		}
	}
	if c.suite == nil {
		return alertf(AlertHandshakeFailure, "no cipher suite in common")
	}
	clientGroups := e.SupportedGroups
	if clientGroups == nil {
		clientGroups = []Group{GroupP256} // RFC 8422 §4: absent means any; P-256 is the safe choice
	}
	for _, g := range c.hs.cfg.groups() {
		if slices.Contains(clientGroups, g) {
			c.group = g
			break
		}
	}
	if c.group == 0 {
		return alertf(AlertHandshakeFailure, "no ECDHE group in common")
	}
	if e.PointFormats != nil && !slices.Contains(e.PointFormats, pointFormatUncompressed) {
		return alertf(AlertIllegalParameter, "client does not accept uncompressed points")
	}
	c.hs.peerSchemes = e.SignatureSchemes
	if c.hs.peerSchemes == nil {
		// RFC 5246 §7.4.1.4.1: absent means {sha1, signature of the key}; we
		// do not sign with SHA-1.
		return alertf(AlertHandshakeFailure, "client sent no signature_algorithms")
	}
	if e.RenegotiationInfo && len(e.RenegotiatedConn) != 0 {
		return alertf(AlertHandshakeFailure, "non-empty renegotiation_info in the initial handshake")
	}
	secureReneg := e.RenegotiationInfo || slices.Contains(ch.CipherSuites, scsvRenegotiation)

	sh := &ServerHello{Version: VersionDTLS12, SessionID: []byte{}, CipherSuite: c.suite.id}
	c.clientRandom = ch.Random
	if _, err := io.ReadFull(c.hs.cfg.Rand, c.serverRandom[:]); err != nil {
		return alertf(AlertInternalError, "random: %v", err)
	}
	sh.Random = c.serverRandom
	sh.Extensions.ExtendedMasterSecret = true
	if secureReneg {
		sh.Extensions.RenegotiationInfo = true
		sh.Extensions.RenegotiatedConn = []byte{}
	}
	if e.UseSRTP {
		// RFC 5764 §4.1.1: pick one profile the client offered; we take
		// our own preference order.
		for _, p := range c.hs.cfg.srtpProfiles() {
			if slices.Contains(e.SRTPProfiles, p) {
				c.srtpProfile = p
				break
			}
		}
		if c.srtpProfile != 0 {
			sh.Extensions.UseSRTP = true
			sh.Extensions.SRTPProfiles = []SRTPProtectionProfile{c.srtpProfile}
			sh.Extensions.SRTPMKI = []byte{}
		}
	}
	if len(e.ALPN) > 0 && len(c.hs.cfg.ALPN) > 0 {
		for _, p := range c.hs.cfg.ALPN {
			if slices.Contains(e.ALPN, p) {
				c.alpn = p
				break
			}
		}
		if c.alpn == "" {
			// RFC 7301 §3.2: no_application_protocol.
			return alertf(AlertNoApplicationProtocol, "no ALPN protocol in common")
		}
		sh.Extensions.ALPN = []string{c.alpn}
	}

	// The handshake starts here: the transcript begins with this
	// ClientHello (RFC 6347 §4.2.6) and our message_seq continues from
	// the client's (RFC 6347 §4.2.2: ServerHello seq=1 after a cookie).
	c.hs.sendSeq = f.Seq
	c.hs.reasm.reset(f.Seq + 1)
	c.hs.helloReasm = nil
	c.writeSeq[0] = h.Seq
	c.hs.transcript = appendHandshakeMessage(make([]byte, 0, transcriptCap), TypeClientHello, f.Seq, f.Fragment)

	// The bodies share one buffer (flightBuffer).
	items := make([]flightItem, 0, 5)
	fb := flightBuffer(c.hs.cfg.Certificate.Chain)
	fb = sh.AppendTo(fb)
	items = append(items, c.addHandshake(TypeServerHello, fb[:len(fb):len(fb)]))
	cm := CertificateMessage{Certificates: c.hs.cfg.Certificate.Chain}
	n := len(fb)
	fb = cm.AppendTo(fb)
	items = append(items, c.addHandshake(TypeCertificate, fb[n:len(fb):len(fb)]))

	key, err := generateKey(c.group, c.hs.cfg.Rand)
	if err != nil {
		return alertf(AlertInternalError, "ECDHE key: %v", err)
	}
	c.hs.ecdhKey = key
	scheme, ok := chooseScheme(c.hs.cfg.schemes(), c.hs.peerSchemes, c.hs.cfg.Certificate.PrivateKey.Public())
	if !ok {
		return alertf(AlertHandshakeFailure, "no signature scheme in common")
	}
	ske := ServerKeyExchange{Group: c.group, PublicKey: key.PublicKey().Bytes(), Scheme: scheme}
	signed := make([]byte, 0, 64+4+len(ske.PublicKey))
	signed = ske.appendParams(append(append(signed, c.clientRandom[:]...), c.serverRandom[:]...))
	ske.Signature, err = sign(c.hs.cfg.Certificate.PrivateKey, c.hs.cfg.Rand, scheme, signed)
	if err != nil {
		return alertf(AlertInternalError, "ServerKeyExchange signature: %v", err)
	}
	n = len(fb)
	fb = ske.AppendTo(fb)
	items = append(items, c.addHandshake(TypeServerKeyExchange, fb[n:len(fb):len(fb)]))

	// WebRTC needs the client's certificate (RFC 8827 §6.5).
	cr := CertificateRequest{
		CertificateTypes: []uint8{certTypeECDSASign, certTypeRSASign},
		SignatureSchemes: slices.Clone(c.hs.cfg.schemes()),
		Authorities:      nil,
	}
	n = len(fb)
	fb = cr.AppendTo(fb)
	items = append(items, c.addHandshake(TypeCertificateRequest, fb[n:len(fb):len(fb)]))
	items = append(items, c.addHandshake(TypeServerHelloDone, nil))
	c.state = stateServerWaitCertificate
	c.sendFlight(now, items)
	return nil
}

func (c *Conn) serverHandle(now time.Time, typ HandshakeType, seq uint16, body []byte) error {
	switch {
	case c.state == stateServerWaitCertificate && typ == TypeCertificate:
		c.appendReceived(typ, seq, body)
		var m CertificateMessage
		if err := m.Unmarshal(body); err != nil {
			return alertf(AlertDecodeError, "bad Certificate: %v", err)
		}
		if err := c.verifyPeer(m.Certificates); err != nil {
			return err
		}
		c.state = stateServerWaitKeyExchange
		return nil
	case c.state == stateServerWaitCertificate && typ == TypeClientKeyExchange:
		return alertf(AlertHandshakeFailure, "client sent no certificate")
	case c.state == stateServerWaitKeyExchange && typ == TypeClientKeyExchange:
		c.appendReceived(typ, seq, body)
		var m ClientKeyExchange
		if err := m.Unmarshal(body); err != nil {
			return alertf(AlertDecodeError, "bad ClientKeyExchange: %v", err)
		}
		pre, err := sharedSecret(c.hs.ecdhKey, m.PublicKey)
		if err != nil {
			return alertf(AlertIllegalParameter, "client ECDHE point: %v", err)
		}
		// RFC 7627 §4: session_hash covers up to and including ClientKeyExchange.
		c.master = extendedMasterSecret(c.suite.hash, pre, c.hashTranscript())
		clear(pre)
		if err := c.deriveKeys(); err != nil {
			return alertf(AlertInternalError, "keys: %v", err)
		}
		c.state = stateServerWaitVerify
		return nil
	case c.state == stateServerWaitVerify && typ == TypeCertificateVerify:
		var m CertificateVerify
		if err := m.Unmarshal(body); err != nil {
			return alertf(AlertDecodeError, "bad CertificateVerify: %v", err)
		}
		if !slices.Contains(c.hs.cfg.schemes(), m.Scheme) {
			return alertf(AlertIllegalParameter, "client signed with %v we did not offer", m.Scheme)
		}
		// RFC 5246 §7.4.8: the signature covers all messages before it.
		if err := verify(c.hs.peerKey, m.Scheme, c.hs.transcript, m.Signature); err != nil {
			return alertf(AlertDecryptError, "CertificateVerify: %v", err)
		}
		c.appendReceived(typ, seq, body)
		c.state = stateServerWaitFinished
		c.maybeActivateRead(now)
		return nil
	case c.state == stateServerWaitFinished && typ == TypeFinished:
		var m Finished
		if err := m.Unmarshal(body); err != nil {
			return alertf(AlertDecodeError, "bad Finished: %v", err)
		}
		want := finishedData(c.suite, c.master, true, c.hashTranscript())
		if !hmac.Equal(want, m.VerifyData) {
			return alertf(AlertDecryptError, "client Finished does not verify")
		}
		c.appendReceived(typ, seq, body)
		items := []flightItem{{ccs: true, epoch: 0}}
		c.writeEpoch = 1
		fin := Finished{VerifyData: finishedData(c.suite, c.master, false, c.hashTranscript())}
		items = append(items, c.addHandshake(TypeFinished, fin.VerifyData))
		c.finishHandshake()
		c.sendFlight(now, items)
		return nil
	}
	return alertf(AlertUnexpectedMessage, "unexpected %v", typ)
}
