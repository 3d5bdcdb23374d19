package dtls

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// harness moves datagrams between two Conns by hand.
type harness struct {
	t    *testing.T
	c, s *Conn
	now  time.Time
}

// take drains what a Conn wants to send.
func (h *harness) take(from *Conn) [][]byte {
	var out [][]byte
	buf := make([]byte, 1<<16)
	for {
		n, ok := from.PollTransmit(buf)
		if !ok {
			return out
		}
		out = append(out, append([]byte(nil), buf[:n]...))
	}
}

func (h *harness) give(to *Conn, dgs [][]byte) {
	for _, d := range dgs {
		to.HandleInput(h.now, append([]byte(nil), d...))
	}
}

// handshake runs the exchange to completion on a perfect link.
func (h *harness) handshake() {
	h.t.Helper()
	if err := h.c.Start(h.now); err != nil {
		h.t.Fatal(err)
	}
	for range 10 {
		h.give(h.s, h.take(h.c))
		h.give(h.c, h.take(h.s))
		if h.c.Connected() && h.s.Connected() {
			return
		}
	}
	h.t.Fatalf("no handshake: client %v, server %v", h.c.Err(), h.s.Err())
}

// wantIdle checks that conn has nothing to send.
func (h *harness) wantIdle(conn *Conn) {
	h.t.Helper()
	if d := h.take(conn); len(d) != 0 {
		h.t.Fatalf("want idle, %d datagrams queued", len(d))
	}
}

// advanceToDeadline moves the clock to conn's deadline and fires it.
func (h *harness) advanceToDeadline(conn *Conn) {
	h.t.Helper()
	d := conn.NextDeadline()
	if d.IsZero() {
		h.t.Fatal("no deadline armed")
	}
	h.now = d
	conn.HandleTimeout(h.now)
}

func wantAlert(t *testing.T, who string, err error, remote bool, d AlertDescription) {
	t.Helper()
	var ae *AlertError
	if !errors.As(err, &ae) || ae.Remote != remote || ae.Description != d {
		t.Fatalf("%s: err %v, want alert %v (remote %v)", who, err, d, remote)
	}
}

func TestFingerprintMismatch(t *testing.T) {
	t.Logf("# RFC 8122 §5: the certificate must match the fingerprint; otherwise the connection fails")
	for _, side := range []string{"client checks", "server checks"} {
		t.Run(side, func(t *testing.T) {
			other := testCert(t, "ecdsa")
			c, s := testPair(t, "ecdsa", func(cc, sc *Config) {
				if side == "client checks" {
					cc.ExpectedFingerprints = []Fingerprint{fp(t, other)}
				} else {
					sc.ExpectedFingerprints = []Fingerprint{fp(t, other)}
				}
			})
			h := &harness{t: t, c: c, s: s, now: t0}
			_ = c.Start(h.now)
			for range 6 {
				h.give(h.s, h.take(h.c))
				h.give(h.c, h.take(h.s))
			}
			checker, peer := c, s
			if side == "server checks" {
				checker, peer = s, c
			}
			wantAlert(t, "checker", checker.Err(), false, AlertBadCertificate)
			wantAlert(t, "peer", peer.Err(), true, AlertBadCertificate)
			if c.Connected() || s.Connected() {
				t.Fatal("a side is connected")
			}
			if err := peer.WriteApplicationData([]byte("x")); !errors.Is(err, ErrClosed) {
				t.Fatalf("write after failure: %v", err)
			}
			if _, err := checker.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", nil, 60); err == nil {
				t.Fatal("exporter works after a failed handshake")
			}
		})
	}
}

func TestTamperedFinished(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	_ = c.Start(h.now)
	h.give(s, h.take(c)) // ClientHello → HelloVerifyRequest
	h.give(c, h.take(s))
	h.give(s, h.take(c)) // ClientHello with cookie → flight 4
	h.give(c, h.take(s))
	flight5 := h.take(c)
	t.Logf("# re-encrypt the client's Finished with a wrong verify_data")
	kb := deriveKeys(c.suite, c.master, c.clientRandom[:], c.serverRandom[:])
	tampered := 0
	for i, d := range flight5 {
		var out []byte
		for len(d) > 0 {
			rec, n, err := ParseRecord(d)
			if err != nil {
				t.Fatal(err)
			}
			d = d[n:]
			if rec.Header.Epoch == 1 {
				open, _ := newProtection(c.suite, kb.clientKey, kb.clientIV)
				pt, err := open.open(&rec.Header, append([]byte(nil), rec.Payload...))
				if err != nil {
					t.Fatal(err)
				}
				pt[len(pt)-1] ^= 0x01
				seal, _ := newProtection(c.suite, kb.clientKey, kb.clientIV)
				out = seal.seal(out, rec.Header.Type, 1, rec.Header.Seq, pt)
				tampered++
				continue
			}
			out = rec.AppendTo(out)
		}
		flight5[i] = out
	}
	if tampered != 1 {
		t.Fatalf("found %d epoch-1 records in flight 5", tampered)
	}
	h.give(s, flight5)
	t.Logf("# RFC 5246 §7.4.9: a Finished that does not verify is fatal (decrypt_error)")
	wantAlert(t, "server", s.Err(), false, AlertDecryptError)
	h.give(c, h.take(s))
	wantAlert(t, "client", c.Err(), true, AlertDecryptError)
	if s.Connected() || c.Connected() {
		t.Fatal("connected with a bad Finished")
	}
}

func TestReplayAndWrongEpochDropped(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	if err := c.WriteApplicationData([]byte("once")); err != nil {
		t.Fatal(err)
	}
	d := h.take(c)
	if len(d) != 1 {
		t.Fatalf("%d datagrams", len(d))
	}
	t.Logf("# RFC 6347 §4.1.2.6: a duplicated record is discarded")
	h.give(s, [][]byte{d[0], d[0]})
	buf := make([]byte, 64)
	if n, ok := s.ReadApplicationData(buf); !ok || string(buf[:n]) != "once" {
		t.Fatalf("first copy not delivered")
	}
	if _, ok := s.ReadApplicationData(buf); ok {
		t.Fatal("replayed record delivered")
	}
	if s.Stats().ReplayedRecords != 1 {
		t.Fatalf("stats %+v", s.Stats())
	}
	t.Logf("# a record of epoch 2 (never negotiated) is dropped")
	e2 := append([]byte(nil), d[0]...)
	e2[4] = 2
	h.give(s, [][]byte{e2})
	t.Logf("# application data in epoch 0 is dropped: it is not protected")
	e0 := (&Record{Header: RecordHeader{Type: ContentApplicationData, Version: VersionDTLS12, Seq: 99}, Payload: []byte("evil")}).AppendTo(nil)
	h.give(s, [][]byte{e0})
	if _, ok := s.ReadApplicationData(buf); ok {
		t.Fatal("wrong-epoch record delivered")
	}
	st := s.Stats()
	if st.EpochDropped != 2 {
		t.Fatalf("stats %+v", st)
	}
	t.Logf("# a record with a bad tag is dropped and counted, not fatal")
	bad := append([]byte(nil), d[0]...)
	bad[len(bad)-1] ^= 1
	bad[10]++ // new sequence number so the replay window does not catch it first
	h.give(s, [][]byte{bad})
	if s.Stats().DecryptFailures != 1 || !s.Connected() {
		t.Fatalf("stats %+v, connected %v", s.Stats(), s.Connected())
	}
}

func TestUnsupportedSuitesOnly(t *testing.T) {
	c, s := testPair(t, "ecdsa", func(cc, sc *Config) {
		cc.CipherSuites = []CipherSuite{TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256} // server has an ECDSA key
	})
	h := &harness{t: t, c: c, s: s, now: t0}
	_ = c.Start(h.now)
	for range 3 {
		h.give(s, h.take(c))
		h.give(c, h.take(s))
	}
	t.Logf("# RFC 5246 §7.4.1.3: no acceptable suite → handshake_failure")
	wantAlert(t, "server", s.Err(), false, AlertHandshakeFailure)
	wantAlert(t, "client", c.Err(), true, AlertHandshakeFailure)
}

func TestMalformedFragments(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	_ = c.Start(h.now)
	h.give(s, h.take(c))
	h.give(c, h.take(s))
	h.give(s, h.take(c)) // server now waits for flight 5, next_receive_seq 2
	rec := func(frag []byte) []byte {
		r := Record{Header: RecordHeader{Type: ContentHandshake, Version: VersionDTLS12, Seq: 50}, Payload: frag}
		return r.AppendTo(nil)
	}
	t.Logf("# truncated: fragment_length beyond the record")
	trunc := (&HandshakeFragment{Type: TypeCertificate, Length: 100, Seq: 2, Fragment: make([]byte, 40)}).AppendTo(nil)
	h.give(s, [][]byte{rec(trunc[:30])})
	t.Logf("# fragment beyond its message length")
	bad := (&HandshakeFragment{Type: TypeCertificate, Length: 100, Seq: 2, Offset: 90, Fragment: make([]byte, 20)})
	b := append([]byte{}, byte(bad.Type), 0, 0, 100, 0, 2, 0, 0, 90, 0, 0, 20)
	h.give(s, [][]byte{rec(append(b, make([]byte, 20)...))})
	t.Logf("# oversized: a message longer than we are willing to buffer")
	big := (&HandshakeFragment{Type: TypeCertificate, Length: maxHandshakeMessage + 1, Seq: 2, Fragment: make([]byte, 10)}).AppendTo(nil)
	h.give(s, [][]byte{rec(big)})
	t.Logf("# far ahead of next_receive_seq")
	far := (&HandshakeFragment{Type: TypeCertificate, Length: 10, Seq: 2 + maxPendingMessages, Fragment: make([]byte, 10)}).AppendTo(nil)
	h.give(s, [][]byte{rec(far)})
	if got := s.Stats().FragmentsDropped; got != 4 {
		t.Fatalf("FragmentsDropped %d, want 4", got)
	}
	t.Logf("# the handshake still completes")
	for range 4 {
		h.give(c, h.take(s))
		h.give(s, h.take(c))
	}
	if !c.Connected() || !s.Connected() {
		t.Fatalf("client %v server %v", c.Err(), s.Err())
	}
}

func TestCloseNotify(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	events(c)
	events(s)
	c.Close()
	h.give(s, h.take(c))
	ev := events(s)
	if len(ev) != 1 || ev[0].Type != EventClosed {
		t.Fatalf("server events %+v", ev)
	}
	t.Logf("# RFC 5246 §7.2.1: the other party MUST respond with a close_notify")
	if d := h.take(s); len(d) != 1 {
		t.Fatalf("server sent %d datagrams in answer to close_notify", len(d))
	}
	if err := s.WriteApplicationData([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("write after close: %v", err)
	}
}

// TestLostLastFlightAndEarlyData: the server's flight 6 is lost and its
// first application record reaches the client before the retransmitted
// Finished. RFC 6347 §4.2.4: the client's timer resends flight 5, which
// makes the server resend flight 6; the early record is delivered only
// after Finished verified.
func TestLostLastFlightAndEarlyData(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	_ = c.Start(h.now)
	for range 2 {
		h.give(s, h.take(c))
		h.give(c, h.take(s))
	}
	h.give(s, h.take(c)) // flight 5
	if !s.Connected() {
		t.Fatalf("server: %v", s.Err())
	}
	lost := h.take(s)
	t.Logf("# flight 6 (%d datagrams) lost; the server sends data at once", len(lost))
	if err := s.WriteApplicationData([]byte("early")); err != nil {
		t.Fatal(err)
	}
	h.give(c, h.take(s))
	buf := make([]byte, 64)
	if _, ok := c.ReadApplicationData(buf); ok || c.Connected() {
		t.Fatal("data readable before the server's Finished")
	}
	t.Logf("# the client's timer fires at %v", c.NextDeadline().Sub(t0))
	h.advanceToDeadline(c)
	h.give(s, h.take(c))
	if got := s.Stats().Retransmissions; got != 1 {
		t.Fatalf("server resent flight 6 %d times, want 1", got)
	}
	h.give(c, h.take(s))
	if !c.Connected() {
		t.Fatalf("client: %v", c.Err())
	}
	if n, ok := c.ReadApplicationData(buf); !ok || string(buf[:n]) != "early" {
		t.Fatalf("early data: %q %v", buf[:n], ok)
	}
}

// futureLen returns how many early next-epoch records c holds.
func futureLen(c *Conn) int {
	if c.hs == nil {
		return 0
	}
	return len(c.hs.future)
}

// TestFutureEpochBounded: records of the next epoch that arrive before the
// ChangeCipherSpec are held, but only up to a bound, and a server that has
// not seen a valid cookie holds none.
func TestFutureEpochBounded(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	junk := func(seq uint64) []byte {
		r := Record{Header: RecordHeader{Type: ContentHandshake, Version: VersionDTLS12, Epoch: 1, Seq: seq}, Payload: make([]byte, 1000)}
		return r.AppendTo(nil)
	}
	for i := range 10 {
		s.HandleInput(h.now, junk(uint64(i)))
	}
	if futureLen(s) != 0 || s.Stats().EpochDropped != 10 {
		t.Fatalf("stateless server kept %d records", futureLen(s))
	}
	_ = c.Start(h.now)
	for range 2 {
		h.give(s, h.take(c))
		h.give(c, h.take(s))
	}
	h.give(s, h.take(c)) // flight 5 delivered: the server has read epoch 1 now
	if futureLen(s) != 0 {
		t.Fatal("records left in the future buffer")
	}
	c2, s2 := testPair(t, "ecdsa", nil)
	h2 := &harness{t: t, c: c2, s: s2, now: t0}
	_ = c2.Start(h2.now)
	for range 2 {
		h2.give(s2, h2.take(c2))
		h2.give(c2, h2.take(s2))
	}
	h2.take(c2) // flight 5 lost; the client has the key exchange done
	for i := range 100 {
		c2.HandleInput(h2.now, junk(uint64(i)))
	}
	if futureLen(c2) > maxFutureRecords || c2.hs.futureBytes > maxFutureBytes {
		t.Fatalf("kept %d records, %d bytes", futureLen(c2), c2.hs.futureBytes)
	}
	t.Logf("# kept %d early records (%d bytes), dropped %d", futureLen(c2), c2.hs.futureBytes, c2.Stats().EpochDropped)
	if c2.Stats().EpochDropped != 100-futureLen(c2) {
		t.Fatalf("stats %+v", c2.Stats())
	}
}

// TestHelloVerifyStateless checks RFC 6347 §4.2.1: the server answers a
// ClientHello without a valid cookie with a HelloVerifyRequest and keeps no
// state, reusing the ClientHello's record sequence number.
func TestHelloVerifyStateless(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	_ = c.Start(h.now)
	ch := h.take(c)
	rec, _, _ := ParseRecord(ch[0])
	for i := range 3 {
		// The same ClientHello again with a new record sequence number.
		r := rec
		r.Header.Seq = uint64(40 + i)
		h.give(s, [][]byte{r.AppendTo(nil)})
		hvr := h.take(s)
		if len(hvr) != 1 {
			t.Fatalf("%d datagrams in answer", len(hvr))
		}
		got, _, err := ParseRecord(hvr[0])
		if err != nil || got.Header.Seq != uint64(40+i) {
			t.Fatalf("HelloVerifyRequest record seq %d, want %d (%v)", got.Header.Seq, 40+i, err)
		}
		f, _, err := ParseHandshakeFragment(got.Payload)
		if err != nil || f.Type != TypeHelloVerifyRequest || f.Seq != 0 {
			t.Fatalf("answer %+v %v", f, err)
		}
		if s.state != stateServerWaitClientHello || s.hs.transcript != nil || s.suite != nil || !s.NextDeadline().IsZero() {
			t.Fatal("server keeps state before the cookie returns")
		}
	}
	t.Logf("# a ClientHello with a forged cookie gets a HelloVerifyRequest again")
	var m ClientHello
	f, _, _ := ParseHandshakeFragment(rec.Payload)
	if err := m.Unmarshal(f.Fragment); err != nil {
		t.Fatal(err)
	}
	m.Cookie = make([]byte, 32)
	body := m.AppendTo(nil)
	fr := HandshakeFragment{Type: TypeClientHello, Length: uint32(len(body)), Seq: 1, Fragment: body}
	h.give(s, [][]byte{(&Record{Header: RecordHeader{Type: ContentHandshake, Version: VersionDTLS12, Seq: 9}, Payload: fr.AppendTo(nil)}).AppendTo(nil)})
	if len(h.take(s)) != 1 || s.state != stateServerWaitClientHello {
		t.Fatal("forged cookie accepted")
	}
	h.wantIdle(s)
}

// TestDataBeforeCloseNotifyReadable: records that arrived before the
// peer's close_notify are still delivered.
func TestDataBeforeCloseNotifyReadable(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	_ = c.WriteApplicationData([]byte("last words"))
	c.Close()
	h.give(s, h.take(c))
	buf := make([]byte, 64)
	if n, ok := s.ReadApplicationData(buf); !ok || string(buf[:n]) != "last words" {
		t.Fatalf("read %q %v", buf[:n], ok)
	}
	if s.Connected() {
		t.Fatal("still connected after close_notify")
	}
}

// TestHandshakeMessagesAfterHandshake: once connected, a new handshake
// message in the current epoch asking for renegotiation (ClientHello) is
// refused with a no_renegotiation warning (RFC 5746 §4.5), any other new
// one is an unexpected_message, and a new one in epoch 0, which nothing
// authenticates, is dropped without harm.
func TestHandshakeMessagesAfterHandshake(t *testing.T) {
	frag := func(typ HandshakeType, seq uint16) []byte {
		f := HandshakeFragment{Type: typ, Length: 4, Seq: seq, Fragment: []byte{1, 2, 3, 4}}
		return f.AppendTo(nil)
	}
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	next := s.nextRecvSeq
	t.Logf("# epoch 0, message_seq %d: dropped", next)
	r := Record{Header: RecordHeader{Type: ContentHandshake, Version: VersionDTLS12, Epoch: 0, Seq: 99}, Payload: frag(TypeCertificate, next)}
	h.give(s, [][]byte{r.AppendTo(nil)})
	if !s.Connected() || s.Stats().FragmentsDropped != 1 {
		t.Fatalf("connected %v, stats %+v", s.Connected(), s.Stats())
	}
	h.wantIdle(s)
	t.Logf("# epoch 1 ClientHello: no_renegotiation warning, still connected")
	h.give(s, [][]byte{c.appendRecord(nil, ContentHandshake, 1, frag(TypeClientHello, next))})
	out := h.take(s)
	if len(out) != 1 || !s.Connected() {
		t.Fatalf("%d datagrams, connected %v", len(out), s.Connected())
	}
	h.give(c, out)
	if !c.Connected() {
		t.Fatalf("client: %v", c.Err())
	}
	t.Logf("# epoch 1 Certificate: unexpected_message")
	h.give(s, [][]byte{c.appendRecord(nil, ContentHandshake, 1, frag(TypeCertificate, next))})
	wantAlert(t, "server", s.Err(), false, AlertUnexpectedMessage)
	h.give(c, h.take(s))
	wantAlert(t, "client", c.Err(), true, AlertUnexpectedMessage)
}

// TestSignatureDoesNotVerify: a peer whose handshake signature is not made
// with its certificate's key (RFC 5246 §7.4.3 ServerKeyExchange, §7.4.8
// CertificateVerify) fails the handshake with decrypt_error, although the
// certificate matches the fingerprint; neither side reports the handshake
// complete.
func TestSignatureDoesNotVerify(t *testing.T) {
	for _, liar := range []string{"server", "client"} {
		t.Run("bad "+liar, func(t *testing.T) {
			good, other := testCert(t, "ecdsa"), testCert(t, "ecdsa")
			bad := Certificate{Chain: good.Chain, PrivateKey: other.PrivateKey}
			ccert, scert := testCert(t, "ecdsa"), bad
			if liar == "client" {
				ccert, scert = bad, testCert(t, "ecdsa")
			}
			c, s := testPairCerts(t, ccert, scert, nil)
			checker, peer, what := c, s, "ServerKeyExchange"
			if liar == "client" {
				checker, peer, what = s, c, "CertificateVerify"
			}
			h := &harness{t: t, c: c, s: s, now: t0}
			_ = c.Start(h.now)
			for range 6 {
				h.give(s, h.take(c))
				h.give(c, h.take(s))
				if checker.Connected() {
					t.Fatal("the checking side reports the handshake complete")
				}
				if peer.Connected() {
					t.Fatal("the lying side reports the handshake complete")
				}
			}
			wantAlert(t, "checker", checker.Err(), false, AlertDecryptError)
			var ae *AlertError
			if errors.As(checker.Err(), &ae) && !strings.Contains(ae.Reason, what) {
				t.Fatalf("checker failed for %q, want the %s signature", ae.Reason, what)
			}
			wantAlert(t, "peer", peer.Err(), true, AlertDecryptError)
			for _, ev := range events(checker) {
				if ev.Type == EventHandshakeComplete {
					t.Fatal("the checking side emitted EventHandshakeComplete")
				}
			}
		})
	}
}
