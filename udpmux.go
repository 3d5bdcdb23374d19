package webrtc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"sync"

	"github.com/c4c1f6e1/webrtc/internal/udp"
	"github.com/c4c1f6e1/webrtc/stun"
)

// UDPMux is one UDP socket shared by many PeerConnections: single-port
// mode, for a server that holds many peers behind one address and port
// (one firewall rule, one NAT mapping). A connection whose
// Configuration.UDPMux is set gathers one host candidate, the mux's
// address, and opens no socket of its own.
//
// The socket carries STUN, DTLS and RTP/RTCP multiplexed by their first
// byte (RFC 7983), and the datagrams of many connections: a STUN request
// or indication goes to the connection whose local username fragment is
// the first half of its USERNAME (RFC 8445 §7.2.2), a STUN response to the
// connection that sent the request (by transaction id, which also keeps
// apart the answers of a STUN server that several connections ask), and
// anything else to the connection that last sent to its source address.
// So connections of one mux cannot share a remote address: a second
// session between the same two single-port endpoints takes the address
// over from the first.
//
// A UDPMux is safe for concurrent use. Its socket is read by the shared
// readers of the process, like every socket of this package.
type UDPMux struct {
	sock *udp.Socket
	addr netip.AddrPort

	mu       sync.Mutex
	closed   bool
	byUfrag  map[string]*driver
	byRemote map[netip.AddrPort]*driver
	byTx     map[stun.TransactionID]*driver
	members  map[*driver]*muxMember
	unrouted uint64

	msg   stun.Message // ReceiveBatch's scratch: its calls never overlap
	route []*driver    // ReceiveBatch's scratch: each datagram's connection
}

// Per connection, the mux remembers at most this many remote addresses
// and outstanding STUN transactions; older ones are forgotten first.
const (
	muxRemotesPerConn = 64
	muxTxPerConn      = 32
)

type muxMember struct {
	ufrag   string
	remotes []netip.AddrPort
	txs     [muxTxPerConn]stun.TransactionID
	nextTx  int
}

// ErrUDPMuxClosed is returned when a connection joins a closed UDPMux.
var ErrUDPMuxClosed = errors.New("webrtc: UDPMux is closed")

// ListenUDPMux binds a UDP socket on addr for connections to share. The
// address must be a specific one (it is the host candidate every
// connection advertises); port 0 picks one.
func ListenUDPMux(addr netip.AddrPort) (*UDPMux, error) {
	if !addr.Addr().IsValid() || addr.Addr().IsUnspecified() {
		return nil, newError(ErrType, "UDPMux needs a specific address to advertise, not %v", addr)
	}
	m := &UDPMux{byUfrag: map[string]*driver{}, byRemote: map[netip.AddrPort]*driver{},
		byTx: map[stun.TransactionID]*driver{}, members: map[*driver]*muxMember{}}
	s, err := udp.Listen(addr, m)
	if err != nil {
		return nil, err
	}
	m.sock, m.addr = s, s.LocalAddr()
	return m, nil
}

// LocalAddr returns the address and port of the shared socket.
func (m *UDPMux) LocalAddr() netip.AddrPort { return m.addr }

// Close closes the shared socket. The connections using it can no longer
// send or receive: their ICE transports fail when consent expires (RFC
// 7675), unless they are closed first.
func (m *UDPMux) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	m.mu.Unlock()
	return m.sock.Close()
}

// Connections returns how many connections use the mux.
func (m *UDPMux) Connections() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.members)
}

// join makes d a member, reached by STUN requests for ufrag.
func (m *UDPMux) join(d *driver, ufrag string) (packetSocket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrUDPMuxClosed
	}
	if _, taken := m.byUfrag[ufrag]; taken {
		return nil, newError(ErrOperation, "ICE username fragment %q is already used on the UDPMux", ufrag)
	}
	m.byUfrag[ufrag] = d
	m.members[d] = &muxMember{ufrag: ufrag}
	return muxShare{m: m, d: d}, nil
}

// leave forgets everything that routes to d.
func (m *UDPMux) leave(d *driver) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.members[d]
	if e == nil {
		return
	}
	if m.byUfrag[e.ufrag] == d {
		delete(m.byUfrag, e.ufrag)
	}
	for _, r := range e.remotes {
		if m.byRemote[r] == d {
			delete(m.byRemote, r)
		}
	}
	for _, tx := range e.txs {
		if m.byTx[tx] == d {
			delete(m.byTx, tx)
		}
	}
	delete(m.members, d)
}

// sent records that d sent p to to: datagrams from to now reach d, and so
// does the response to a STUN request. Called with m.mu held.
func (m *UDPMux) sent(d *driver, to netip.AddrPort, p []byte) {
	e := m.members[d]
	if e == nil {
		return
	}
	if m.byRemote[to] != d {
		if old := m.byRemote[to]; old != nil {
			if oe := m.members[old]; oe != nil {
				oe.remotes = deleteAddr(oe.remotes, to)
			}
		}
		if len(e.remotes) == muxRemotesPerConn {
			if m.byRemote[e.remotes[0]] == d {
				delete(m.byRemote, e.remotes[0])
			}
			e.remotes = append(e.remotes[:0], e.remotes[1:]...)
		}
		m.byRemote[to] = d
		e.remotes = append(e.remotes, to)
	}
	if id, ok := stunRequestID(p); ok {
		if old := e.txs[e.nextTx]; m.byTx[old] == d {
			delete(m.byTx, old)
		}
		e.txs[e.nextTx] = id
		e.nextTx = (e.nextTx + 1) % muxTxPerConn
		m.byTx[id] = d
	}
}

func deleteAddr(s []netip.AddrPort, a netip.AddrPort) []netip.AddrPort {
	for i, x := range s {
		if x == a {
			return append(s[:i], s[i+1:]...)
		}
	}
	return s
}

// stunClassMask selects the class bits C1 and C0 of a STUN message type
// (RFC 8489 §5): both zero for a request.
const stunClassMask = 0x0110

// stunRequestID returns the transaction id of a STUN request.
func stunRequestID(p []byte) (stun.TransactionID, bool) {
	var id stun.TransactionID
	if !stun.IsMessage(p) || binary.BigEndian.Uint16(p)&stunClassMask != 0 {
		return id, false
	}
	copy(id[:], p[8:stun.HeaderSize])
	return id, true
}

// ReceiveBatch routes what the shared socket read to the connections
// (udp.Receiver): each run of consecutive datagrams for one connection is
// handed to it at once.
func (m *UDPMux) ReceiveBatch(_ *udp.Socket, batch []udp.Datagram) {
	m.mu.Lock()
	m.route = m.route[:0]
	for _, dg := range batch {
		m.route = append(m.route, m.routeLocked(dg.From, dg.Data))
	}
	route := m.route
	m.mu.Unlock()
	// The drivers are called without m.mu: they take it to send.
	for i := 0; i < len(batch); {
		j := i + 1
		for j < len(batch) && route[j] == route[i] {
			j++
		}
		if d := route[i]; d != nil {
			d.receive(m.addr, batch[i:j])
		}
		i = j
	}
}

// routeLocked picks the connection a datagram is for (see UDPMux).
func (m *UDPMux) routeLocked(from netip.AddrPort, p []byte) *driver {
	var d *driver
	if stun.IsMessage(p) && m.msg.Unmarshal(p) == nil {
		if m.msg.Type.Class == stun.ClassSuccessResponse || m.msg.Type.Class == stun.ClassErrorResponse {
			if d = m.byTx[m.msg.TransactionID]; d != nil {
				delete(m.byTx, m.msg.TransactionID)
			}
		} else if u, ok := m.msg.Get(stun.AttrUsername); ok {
			// RFC 8445 §7.2.2: USERNAME is "<receiver's ufrag>:<sender's>".
			if i := bytes.IndexByte(u, ':'); i >= 0 {
				u = u[:i]
			}
			d = m.byUfrag[string(u)]
		}
	}
	if d == nil {
		d = m.byRemote[from]
	}
	if d == nil {
		m.unrouted++
	}
	return d
}

// muxShare is one connection's view of the shared socket: what it sends
// teaches the mux where replies come from; Close leaves the mux.
type muxShare struct {
	m *UDPMux
	d *driver
}

func (s muxShare) LocalAddr() netip.AddrPort { return s.m.addr }

func (s muxShare) WriteTo(p []byte, to netip.AddrPort) error {
	s.m.mu.Lock()
	s.m.sent(s.d, to, p)
	s.m.mu.Unlock()
	return s.m.sock.WriteTo(p, to)
}

func (s muxShare) WriteBatch(b *udp.Batch, to netip.AddrPort) error {
	s.m.mu.Lock()
	s.m.sent(s.d, to, nil)
	s.m.mu.Unlock()
	return s.m.sock.WriteBatch(b)
}

func (s muxShare) Close() error {
	s.m.leave(s.d)
	return nil
}
