package vnet

import (
	"net/netip"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// STUNServerStats counts what a STUN server did.
type STUNServerStats struct {
	Requests  int // Binding requests answered with a success response
	Errors    int // requests answered with 420 (Unknown Attribute)
	Ignored   int // indications, responses and other methods, silently dropped
	Malformed int // datagrams that are not valid STUN messages
}

// STUNServer answers STUN Binding requests (RFC 8489 §6.3.1) on a simulated
// host, so that agents behind NATs can learn their server-reflexive
// addresses. It runs inside the network's delivery goroutine: no goroutine of
// its own, and it answers at the instant a request arrives.
type STUNServer struct {
	conn  *UDPConn
	b     stun.Builder
	buf   []byte
	msg   stun.Message
	unk   []stun.AttrType
	stats STUNServerStats
}

// stunSoftware is the SOFTWARE attribute the server adds (RFC 8489 §14.14).
const stunSoftware = "vnet STUN server"

// ServeSTUN starts a STUN server on the host, bound to address (for example
// ":3478", the default STUN port of RFC 8489 §8 and §18.6). It serves
// until Close.
func (h *Host) ServeSTUN(address string) (*STUNServer, error) {
	c, err := h.listen("udp", address)
	if err != nil {
		return nil, err
	}
	s := &STUNServer{conn: c}
	h.net.mu.Lock()
	c.handler = s.handle
	h.net.mu.Unlock()
	return s, nil
}

// Addr returns the address the server is bound to (possibly unspecified:
// use Host.Addrs for the addresses clients can reach).
func (s *STUNServer) Addr() netip.AddrPort { return s.conn.local }

// Stats returns the server's counters.
func (s *STUNServer) Stats() STUNServerStats {
	mu := &s.conn.host.net.mu
	mu.Lock()
	defer mu.Unlock()
	return s.stats
}

// Close stops the server and frees its port.
func (s *STUNServer) Close() error { return s.conn.Close() }

// handle processes one datagram that arrived at dst from src. Called with
// the network lock held.
func (s *STUNServer) handle(now time.Time, src, dst netip.AddrPort, p []byte) {
	// RFC 8489 §6.3: a message that breaks the rules of §5 is silently
	// discarded.
	if err := s.msg.Unmarshal(p); err != nil {
		s.stats.Malformed++
		return
	}
	m := &s.msg
	// Only Binding requests get an answer: other methods are unsupported
	// and indications get no response (§6.3.2); responses are not ours.
	if m.Type.Method != stun.MethodBinding || m.Type.Class != stun.ClassRequest {
		s.stats.Ignored++
		return
	}
	// If the request uses FINGERPRINT it must be right (§6.3, §14.7).
	hasFingerprint := m.Has(stun.AttrFingerprint)
	if hasFingerprint && m.CheckFingerprint() != nil {
		s.stats.Malformed++
		return
	}
	s.unk = m.UnknownComprehensionRequired(s.unk[:0], stun.AttrType.Known)
	if len(s.unk) > 0 {
		// §6.3.1: 420 (Unknown Attribute) listing them.
		s.b.Reset(s.buf[:0], stun.BindingErrorResponse, m.TransactionID)
		s.b.AddErrorCode(420, "Unknown Attribute")
		s.b.AddUnknownAttributes(s.unk)
		s.stats.Errors++
	} else {
		// §6.3.1.1: the success response carries the request's source
		// transport address in XOR-MAPPED-ADDRESS.
		s.b.Reset(s.buf[:0], stun.BindingSuccessResponse, m.TransactionID)
		s.b.AddXORAddress(stun.AttrXORMappedAddress, src)
		s.stats.Requests++
	}
	s.b.AddString(stun.AttrSoftware, stunSoftware)
	if hasFingerprint {
		s.b.AddFingerprint()
	}
	s.buf = s.b.Bytes()
	// §6.3.1.2: the response goes from the request's destination to its
	// source.
	_ = s.conn.host.send(now, dst, src, s.buf)
}
