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
