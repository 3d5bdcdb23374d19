package dtls

import (
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// TestHandshakeLossAndReorder runs the handshake over links that lose 30 %
// of datagrams, reorder and duplicate some, for many seeds.
func TestHandshakeLossAndReorder(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		kind := "ecdsa"
		if seed%3 == 0 {
			kind = "rsa" // two-datagram flights with fragmented messages
		}
		c, s := testPair(t, kind, func(cc, sc *Config) {
			cc.MTU, sc.MTU = 600, 600
			cc.MaxRetransmissions, sc.MaxRetransmissions = 12, 12
		})
		lc := vnet.LinkConfig{Delay: 30 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.3,
			Reorder: 0.2, Duplicate: 0.05, MTU: 600, Seed: seed}
		lc2 := lc
		lc2.Seed = seed + 1000
		p, err := runPair(t, c, s, lc, lc2, 10*time.Minute)
		if err != nil || !c.Connected() || !s.Connected() {
			t.Fatalf("seed %d (%s): %v; client %v, server %v", seed, kind, err, c.Err(), s.Err())
		}
		t.Logf("# seed %d (%s): connected after %v, %d+%d retransmissions, lost %d+%d",
			seed, kind, p.Now.Sub(t0), c.Stats().Retransmissions, s.Stats().Retransmissions,
			p.AB.Stats().Lost, p.BA.Stats().Lost)
		if p.AB.Stats().TooBig+p.BA.Stats().TooBig != 0 {
			t.Fatalf("seed %d: datagrams above the 600-byte MTU", seed)
		}
		// The last flight (server's Finished) can be lost: the client's
		// retransmission of flight 5 must then bring it back.
		ck, _ := c.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", nil, 56)
		sk, _ := s.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", nil, 56)
		if string(ck) != string(sk) || len(ck) != 56 {
			t.Fatalf("seed %d: exporter differs", seed)
		}
	}
}

// TestRetransmissionTiming checks the timer of RFC 6347 §4.2.4.1: "an
// initial timer value of 1 second", doubled at each retransmission up to
// 60 seconds; and that the handshake fails after the configured number of
// retransmissions.
func TestRetransmissionTiming(t *testing.T) {
	c, s := testPair(t, "ecdsa", func(cc, sc *Config) { cc.MaxRetransmissions = 10 })
	p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(vnet.LinkConfig{Loss: 1}), BA: vnet.NewLink(vnet.LinkConfig{}), Now: t0}
	var sent []time.Duration
	p.OnTransmit = func(from string, _ []byte) {
		if from == "A" {
			sent = append(sent, p.Now.Sub(t0))
		}
	}
	if err := c.Start(t0); err != nil {
		t.Fatal(err)
	}
	t.Logf("# the client's ClientHello never arrives; it must back off 1, 2, 4 … 60 s")
	err := p.Run(t0.Add(time.Hour), func() bool { return c.state == stateFailed })
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{0, 1, 3, 7, 15, 31, 63, 123, 183, 243, 303}
	if len(sent) != len(want) {
		t.Fatalf("sent at %v, want %d transmissions", sent, len(want))
	}
	for i := range want {
		if sent[i] != want[i]*time.Second {
			t.Fatalf("transmission %d at %v, want %v (all: %v)", i, sent[i], want[i]*time.Second, sent)
		}
	}
	if got := p.Now.Sub(t0); got != 363*time.Second {
		t.Errorf("failed at %v, want 363s (60 s after the last retransmission)", got)
	}
	if c.Err() != ErrHandshakeTimeout {
		t.Errorf("err %v, want ErrHandshakeTimeout", c.Err())
	}
	if !c.NextDeadline().IsZero() {
		t.Errorf("deadline still armed after failure")
	}
}

// TestHandshakeLossNoCookie runs the lossy handshake against a server
// without the cookie exchange (Config.DisableHelloVerify): the client's
// ClientHello retransmissions are the server's only cue to resend flight 4.
func TestHandshakeLossNoCookie(t *testing.T) {
	for seed := uint64(1); seed <= 15; seed++ {
		c, s := testPair(t, "ecdsa", func(cc, sc *Config) {
			sc.DisableHelloVerify = true
			cc.MaxRetransmissions, sc.MaxRetransmissions = 12, 12
		})
		lc := vnet.LinkConfig{Delay: 30 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.3,
			Reorder: 0.2, Duplicate: 0.05, Seed: seed}
		lc2 := lc
		lc2.Seed = seed + 1000
		p, err := runPair(t, c, s, lc, lc2, 10*time.Minute)
		if err != nil || !c.Connected() || !s.Connected() {
			t.Fatalf("seed %d: %v; client %v, server %v", seed, err, c.Err(), s.Err())
		}
		t.Logf("# seed %d: connected after %v, %d+%d retransmissions", seed, p.Now.Sub(t0),
			c.Stats().Retransmissions, s.Stats().Retransmissions)
		ck, _ := c.ExportKeyingMaterial(srtpExporterLabel, nil, 56)
		sk, _ := s.ExportKeyingMaterial(srtpExporterLabel, nil, 56)
		if string(ck) != string(sk) || len(ck) != 56 {
			t.Fatalf("seed %d: exporter differs", seed)
		}
	}
}
