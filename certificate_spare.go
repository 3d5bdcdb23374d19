package webrtc

import (
	"sync"
	"time"
)

// A PeerConnection created without certificates needs one of its own
// (W3C §4.4.1.1 step 4); making it (an ECDSA key and a signature) is a good
// part of the time NewPeerConnection takes. So up to spareCertificates are
// kept ready, each generated in the background and given to one connection
// only: every connection still has a certificate no other connection has,
// generated at most spareMaxAge before.
//
// A connection that took a spare, or made its own because none was ready,
// asks for one to be made in its place once its handshakes are over — its
// SCTP association is up, or its DTLS transport connected without one, or
// failed — or when it closes, whichever comes first: the generation then
// does not take the CPU from the handshakes it would speed up. The
// goroutine that generates exists only while it does.
var spareCertificate struct {
	mu      sync.Mutex
	certs   []Certificate  // ready, oldest first
	pending int            // being generated
	done    sync.WaitGroup // the background generations, for tests
}

const (
	// spareCertificates is how many are kept ready: two, for the two
	// PeerConnections of an application that connects them to each other.
	spareCertificates = 2
	// spareMaxAge is how old a spare may be: its expiry is counted from
	// its generation, and a connection expects the default 30 days.
	spareMaxAge = time.Minute
)

// newConnectionCertificate returns a fresh ECDSA P-256 certificate for a
// connection: a spare if one is ready and young enough, else a new one.
func newConnectionCertificate() (Certificate, error) {
	s := &spareCertificate
	s.mu.Lock()
	var c Certificate
	for len(s.certs) > 0 && c.IsZero() {
		c = s.certs[0]
		s.certs[0] = Certificate{}
		s.certs = s.certs[1:]
		if c.Expires().Sub(timeNow()) <= defaultCertificateExpires-spareMaxAge {
			c = Certificate{} // too old: dropped
		}
	}
	s.mu.Unlock()
	if !c.IsZero() {
		return c, nil
	}
	return GenerateCertificate(ECDSAP256)
}

// replaceSpareCertificate starts generating a spare in the background if
// fewer than spareCertificates are ready or being generated.
func replaceSpareCertificate() {
	s := &spareCertificate
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.certs)+s.pending >= spareCertificates {
		return
	}
	s.pending++
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		c, err := GenerateCertificate(ECDSAP256)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.pending--
		if err == nil {
			s.certs = append(s.certs, c)
		}
	}()
}

// spareUsed asks, once per connection that took or made a certificate, for
// a spare to be made in its place. Called without pc.mu held.
func (pc *PeerConnection) spareUsed() {
	pc.mu.Lock()
	r := pc.replaceSpare
	pc.replaceSpare = false
	pc.mu.Unlock()
	if r {
		replaceSpareCertificate()
	}
}
