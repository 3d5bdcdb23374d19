package webrtc

import (
	"testing"
	"time"
)

// spares returns the spare certificates ready now, after the background
// generations have ended.
func spares() []Certificate {
	s := &spareCertificate
	s.done.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending != 0 {
		panic("BUG: spare generations pending after done")
	}
	return append([]Certificate(nil), s.certs...)
}

func certOf(pc *PeerConnection) Certificate { return pc.config.Certificates[0] }

// Every connection gets a certificate no other connection has; a spare is
// made in the place of one taken only once the connection that took it is
// done with its handshakes or closed, never more than spareCertificates are
// kept, and a spare past spareMaxAge is not given out.
func TestSpareCertificates(t *testing.T) {
	noSockets(t)
	noSpareCertificate(t)
	seen := map[Certificate]bool{}
	fresh := func(pc *PeerConnection) Certificate {
		t.Helper()
		c := certOf(pc)
		if c.IsZero() || seen[c] {
			t.Fatalf("connection got a certificate another connection had (or none)")
		}
		seen[c] = true
		return c
	}

	a := mustPC(t, Configuration{})
	fresh(a)
	if n := len(spares()); n != 0 {
		t.Fatalf("%d spares made while the first connection is not done", n)
	}
	a.Close()
	a.Close() // idempotent: asks once
	s := spares()
	if len(s) != 1 {
		t.Fatalf("%d spares after one connection closed, want 1", len(s))
	}
	b := mustPC(t, Configuration{})
	if got := fresh(b); got != s[0] {
		t.Fatal("the second connection did not get the spare")
	}
	c := mustPC(t, Configuration{}) // none ready: made for it
	fresh(c)
	b.Close()
	c.Close()
	s = spares()
	if len(s) != 2 || seen[s[0]] || seen[s[1]] || s[0] == s[1] {
		t.Fatalf("after two connections closed: %d spares (distinct and unused: %v), want 2", len(s),
			len(s) == 2 && !seen[s[0]] && !seen[s[1]] && s[0] != s[1])
	}
	d := mustPC(t, Configuration{})
	fresh(d)
	d.Close()
	if n := len(spares()); n != spareCertificates {
		t.Fatalf("%d spares, want at most %d", n, spareCertificates)
	}

	// Given a certificate, a connection takes no spare and asks for none.
	own, err := GenerateCertificate(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	e := mustPC(t, Configuration{Certificates: []Certificate{own}})
	e.Close()
	if certOf(e) != own || len(spares()) != spareCertificates {
		t.Fatal("a connection with its own certificate used a spare")
	}

	// Spares older than spareMaxAge are dropped.
	saved := timeNow
	timeNow = func() time.Time { return saved().Add(spareMaxAge + time.Second) }
	t.Cleanup(func() { spareCertificate.done.Wait(); timeNow = saved })
	old := spares()
	f := mustPC(t, Configuration{})
	if got := fresh(f); got == old[0] || got == old[1] {
		t.Fatal("a spare past spareMaxAge was given out")
	}
	if n := len(spares()); n != 0 {
		t.Fatalf("%d stale spares kept", n)
	}
}

// A connection asks for its replacement as soon as its SCTP association is
// up, before it closes.
func TestSpareCertificateAfterHandshakes(t *testing.T) {
	noSpareCertificate(t)
	a := mustPC(t, Configuration{})
	b := mustPC(t, Configuration{})
	dc, echoes := connectPair(t, a, b, "x")
	if err := dc.SendText("up?"); err != nil { // answered: b's association is up too
		t.Fatal(err)
	}
	waitFor(t, echoes, "the echo")
	s := spares()
	if len(s) != 2 || s[0] == certOf(a) || s[0] == certOf(b) || s[1] == certOf(a) || s[1] == certOf(b) {
		t.Fatalf("%d new spares once both connections are up, want 2", len(s))
	}
}
