package webrtc

import (
	"sync"
	"time"
)

// A PeerConnection created without certificates needs one of its own
// (W3C §4.4.1.1 step 4); making it (an ECDSA key and a signature) is a good
// part of the time NewPeerConnection takes. So one spare certificate is
// kept ready, generated in the background after the last one was taken:
// each connection still gets a fresh certificate of its own, generated at
// most moments before, and the next NewPeerConnection need not wait for
// one. The background goroutine exists only while it generates.
var spareCertificate struct {
	mu         sync.Mutex
	cert       Certificate
	generating bool
	done       sync.WaitGroup // the background generation, for tests
}

// spareMaxAge is how old a spare may be: its expiry is counted from its
// generation, and a connection expects the default 30 days.
const spareMaxAge = time.Minute

// newConnectionCertificate returns a fresh ECDSA P-256 certificate for a
// connection and starts making the next one.
func newConnectionCertificate() (Certificate, error) {
	s := &spareCertificate
	s.mu.Lock()
	c := s.cert
	s.cert = Certificate{}
	if !s.generating {
		s.generating = true
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			next, err := GenerateCertificate(ECDSAP256)
			s.mu.Lock()
			defer s.mu.Unlock()
			s.generating = false
			if err == nil {
				s.cert = next
			}
		}()
	}
	s.mu.Unlock()
	if !c.IsZero() && c.Expires().Sub(timeNow()) > defaultCertificateExpires-spareMaxAge {
		return c, nil
	}
	return GenerateCertificate(ECDSAP256)
}
