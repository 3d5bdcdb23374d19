package dtls

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

func TestHandshakeCleanLink(t *testing.T) {
	for _, kind := range []string{"ecdsa", "rsa", "ed25519", "ecdsa384"} {
		t.Run(kind, func(t *testing.T) {
			c, s := testPair(t, kind, nil)
			link := vnet.LinkConfig{Delay: 20 * time.Millisecond}
			p, err := runPair(t, c, s, link, link, time.Minute)
			if err != nil {
				t.Fatalf("run: %v (client err %v, server err %v)", err, c.Err(), s.Err())
			}
			if !c.Connected() || !s.Connected() {
				t.Fatalf("not connected: client %v server %v", c.Err(), s.Err())
			}
			t.Logf("# handshake took %v of simulated time, suite %v", p.Now.Sub(t0), c.CipherSuite())
			if got := p.Now.Sub(t0); got > 150*time.Millisecond {
				t.Errorf("handshake with 20ms delay and HelloVerifyRequest took %v, want 3 RTT = 120ms", got)
			}
			ck, err := c.SRTPKeys()
			if err != nil {
				t.Fatal(err)
			}
			sk, err := s.SRTPKeys()
			if err != nil {
				t.Fatal(err)
			}
			if ck.Profile != SRTP_AEAD_AES_128_GCM || !bytes.Equal(ck.ClientKey, sk.ClientKey) || !bytes.Equal(ck.ServerSalt, sk.ServerSalt) {
				t.Fatalf("SRTP keys differ: %+v vs %+v", ck, sk)
			}
			for _, e := range events(c) {
				if e.Type != EventHandshakeComplete {
					t.Fatalf("client event %+v", e)
				}
			}
			// Application data both ways.
			if err := c.WriteApplicationData([]byte("hello server")); err != nil {
				t.Fatal(err)
			}
			if err := s.WriteApplicationData([]byte("hello client")); err != nil {
				t.Fatal(err)
			}
			if err := p.Run(p.Now.Add(time.Second), func() bool { return len(s.app) > 0 && len(c.app) > 0 }); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 100)
			n, ok := s.ReadApplicationData(buf)
			if !ok || string(buf[:n]) != "hello server" {
				t.Fatalf("server read %q %v", buf[:n], ok)
			}
			n, ok = c.ReadApplicationData(buf)
			if !ok || string(buf[:n]) != "hello client" {
				t.Fatalf("client read %q %v", buf[:n], ok)
			}
		})
	}
}

// TestHandshakeWithoutCookie: a server may skip HelloVerifyRequest (RFC
// 6347 §4.2.1 "MAY"); our client then sees ServerHello with message_seq 0
// and the handshake takes two round trips.
func TestHandshakeWithoutCookie(t *testing.T) {
	c, s := testPair(t, "ecdsa", func(cc, sc *Config) {
		sc.DisableHelloVerify = true
		cc.Groups = []Group{GroupP384}
	})
	link := vnet.LinkConfig{Delay: 20 * time.Millisecond}
	p, err := runPair(t, c, s, link, link, time.Minute)
	if err != nil || !c.Connected() || !s.Connected() {
		t.Fatalf("%v: %v %v", err, c.Err(), s.Err())
	}
	if got := p.Now.Sub(t0); got != 80*time.Millisecond {
		t.Fatalf("took %v, want 2 RTT = 80ms", got)
	}
	if c.Group() != GroupP384 || s.Group() != GroupP384 {
		t.Fatalf("group %v/%v", c.Group(), s.Group())
	}
}

// TestFragmentedClientHello: RFC 6347 §4.2.3 lets any handshake message be
// fragmented, the ClientHello included (Chromium's is: its DTLS 1.3 key
// shares make it larger than a 1200-byte datagram). The server puts it
// together before the cookie exchange, both times.
func TestFragmentedClientHello(t *testing.T) {
	c, s := testPair(t, "ecdsa", func(cc, sc *Config) {
		// A long ALPN list makes the ClientHello span three datagrams.
		cc.MTU = 200
		cc.ALPN = []string{strings.Repeat("a", 150), strings.Repeat("b", 150)}
	})
	link := vnet.LinkConfig{Delay: 10 * time.Millisecond}
	if _, err := runPair(t, c, s, link, link, time.Minute); err != nil || !c.Connected() || !s.Connected() {
		t.Fatalf("%v: client %v, server %v", err, c.Err(), s.Err())
	}
	t.Logf("# the server saw the ClientHello in fragments and dropped none: %+v", s.Stats())
	if s.Stats().FragmentsDropped != 0 {
		t.Fatalf("server dropped %d fragments", s.Stats().FragmentsDropped)
	}
}

// TestNoCookieDuplicateClientHello: a server without the cookie exchange
// creates its handshake state on the first ClientHello. The same
// ClientHello again (lost flight 4, or a replay), or another one with
// message_seq 0, must not start a second handshake: it only makes the
// server resend flight 4 (RFC 6347 §4.2.4), once per datagram, into the
// bounded transmit queue; the handshake then completes.
func TestNoCookieDuplicateClientHello(t *testing.T) {
	c, s := testPair(t, "ecdsa", func(cc, sc *Config) { sc.DisableHelloVerify = true })
	h := &harness{t: t, c: c, s: s, now: t0}
	_ = c.Start(h.now)
	ch := h.take(c)
	h.give(s, ch)
	flight4 := h.take(s)
	if s.state != stateServerWaitCertificate || len(flight4) == 0 {
		t.Fatalf("server state %v after the ClientHello, %d datagrams", s.state, len(flight4))
	}
	f, _, _ := ParseHandshakeFragment(flight4[0][RecordHeaderLen:])
	if f.Type != TypeServerHello || f.Seq != 0 {
		t.Fatalf("first answer %v seq %d, want server_hello seq 0 (RFC 6347 §4.2.2)", f.Type, f.Seq)
	}
	random, key, tlen := s.serverRandom, s.hs.ecdhKey, len(s.hs.transcript)
	same := func(when string) {
		t.Helper()
		if s.state != stateServerWaitCertificate || s.serverRandom != random || s.hs.ecdhKey != key || len(s.hs.transcript) != tlen {
			t.Fatalf("%s: the server started another handshake", when)
		}
	}
	t.Logf("# the same ClientHello five times: flight 4 again each time")
	for i := range 5 {
		h.give(s, ch)
		if got := h.take(s); len(got) != len(flight4) {
			t.Fatalf("duplicate %d answered with %d datagrams, want %d", i, len(got), len(flight4))
		}
		same("duplicate")
	}
	if got := s.Stats().Retransmissions; got != 5 {
		t.Fatalf("%d retransmissions, want 5", got)
	}
	t.Logf("# another client's ClientHello (message_seq 0) is a retransmission too")
	c2, _ := testPair(t, "ecdsa", nil)
	_ = c2.Start(h.now)
	h.give(s, h.take(c2))
	h.take(s)
	same("another ClientHello")
	t.Logf("# a flood without draining stays within the transmit queue")
	for range 1000 {
		h.give(s, ch)
	}
	if n := len(s.out) - s.outHead; n > maxOutDatagrams {
		t.Fatalf("%d datagrams queued, bound %d", n, maxOutDatagrams)
	}
	same("flood")
	h.take(s)
	t.Logf("# the client gets flight 4 once and the handshake completes")
	h.give(c, flight4)
	for range 4 {
		h.give(s, h.take(c))
		h.give(c, h.take(s))
	}
	if !c.Connected() || !s.Connected() {
		t.Fatalf("no handshake: client %v, server %v", c.Err(), s.Err())
	}
	k1, _ := c.ExportKeyingMaterial(srtpExporterLabel, nil, 32)
	k2, _ := s.ExportKeyingMaterial(srtpExporterLabel, nil, 32)
	if !bytes.Equal(k1, k2) {
		t.Fatal("exporters differ")
	}
	t.Logf("# once connected, the ClientHello again is answered with the last flight, nothing more")
	h.give(s, ch)
	if got := h.take(s); len(got) != 1 || !s.Connected() {
		t.Fatalf("connected server answered a ClientHello with %d datagrams (connected %v)", len(got), s.Connected())
	}
}

// SetInitialRetransmit (RFC 9147 §5.8.2: 1.5 times an RTT estimate from
// ICE): the ClientHello already sent is resent at the new, shorter timeout,
// and the backoff doubles from it.
func TestSetInitialRetransmit(t *testing.T) {
	c, _ := testPair(t, "ecdsa", nil)
	if err := c.Start(t0); err != nil {
		t.Fatal(err)
	}
	if d := c.NextDeadline(); !d.Equal(t0.Add(time.Second)) {
		t.Fatalf("first deadline %v after start, want the default 1 s", d.Sub(t0))
	}
	now := t0.Add(10 * time.Millisecond)
	c.SetInitialRetransmit(now, 60*time.Millisecond)
	if d := c.NextDeadline(); !d.Equal(now.Add(60 * time.Millisecond)) {
		t.Fatalf("deadline %v after SetInitialRetransmit, want 70 ms", d.Sub(t0))
	}
	c.HandleTimeout(c.NextDeadline())
	if got := c.Stats().Retransmissions; got != 1 {
		t.Fatalf("%d retransmissions, want 1", got)
	}
	if d := c.NextDeadline().Sub(now.Add(60 * time.Millisecond)); d != 120*time.Millisecond {
		t.Fatalf("second timeout %v, want 120 ms (doubled)", d)
	}
	t.Log("# a longer value does not delay the flight already armed")
	c.SetInitialRetransmit(now, 5*time.Second)
	if d := c.NextDeadline().Sub(now.Add(60 * time.Millisecond)); d != 120*time.Millisecond {
		t.Fatalf("timeout moved to %v", d)
	}
}
