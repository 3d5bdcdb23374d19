package webrtc

import (
	"context"
	"crypto/rand"
	"errors"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc/datachannel"
	"github.com/c4c1f6e1/webrtc/dtls"
	"github.com/c4c1f6e1/webrtc/ice"
	"github.com/c4c1f6e1/webrtc/sdp"
)

// driver owns a PeerConnection's sockets and protocol cores (DESIGN.md §1):
// the ICE agent, the DTLS connection and the SCTP association with its data
// channels. The cores are sans-IO state machines; the driver feeds them the
// datagrams its socket readers receive, calls HandleTimeout from a single
// timer armed at the earliest deadline, and writes what they emit. All core
// access happens under d.mu; lock order is d.mu, then pc.mu.
//
// Goroutines: one reader per socket, plus the timer's short-lived callback.
type driver struct {
	pc *PeerConnection
	mu sync.Mutex

	socks   []*udpSocket
	agent   *ice.Agent
	dtls    *dtls.Conn
	dtlsTo  netip.AddrPort // where DTLS records go: the selected pair's remote
	dtlsVia netip.AddrPort // and from which local socket
	ep      *datachannel.Endpoint
	timer   *time.Timer
	armed   time.Time
	closed  bool
	readers sync.WaitGroup

	// A pre-gathering agent (iceCandidatePoolSize) holds its events until
	// the first setLocalDescription gives it a role and a description to
	// surface candidates in (RFC 9429 §3.5.4, §4.1.8.1 "early candidates").
	prefetched bool
	early      []ice.Event

	remoteUfrag, remotePwd string
	remoteLite             bool
	dtlsRole               dtlsRole
	remoteFPs              []dtls.Fingerprint
	remoteMaxMsg           int
	channels               map[*datachannel.Channel]*DataChannel

	// Transport counters (RTCTransportStats): every datagram sent and
	// received on the connection's sockets.
	bytesSent, bytesReceived     uint64
	packetsSent, packetsReceived uint64
}

type udpSocket struct {
	conn  *net.UDPConn
	local netip.AddrPort
}

// flushBuffers hold the datagram buffers flush needs, shared by every
// connection: an idle connection holds none (64 KiB each would otherwise
// stay allocated per connection).
var flushBuffers = sync.Pool{New: func() any { return &[2][]byte{make([]byte, 1<<16), make([]byte, 1<<16)} }}

// now is the driver's clock: the cores take time as an argument.
func (d *driver) now() time.Time { return time.Now() }

// localHostAddresses returns the addresses to gather host candidates on:
// every interface address browsers would use (ice.FilterHostAddresses), or
// loopback when the machine has nothing else.
var localHostAddresses = func() []netip.Addr {
	var all []netip.Addr
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if p, err := netip.ParsePrefix(a.String()); err == nil {
				all = append(all, p.Addr())
			}
		}
	}
	if out := ice.FilterHostAddresses(all, false); len(out) > 0 {
		return out
	}
	return ice.FilterHostAddresses(all, true)
}

// startICE creates the agent and its sockets once the local ICE credentials
// and role are known (the first setLocalDescription). Called without pc.mu.
func (d *driver) startICE(ufrag, pwd string, controlling bool, servers []ice.STUNServer, relayOnly bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	if d.agent != nil {
		if d.prefetched {
			d.prefetched = false
			d.agent.SetRole(controlling)
			early := d.early
			d.early = nil
			for _, ev := range early {
				d.iceEvent(ev)
			}
			d.flush()
		}
		return nil
	}
	return d.newAgent(ufrag, pwd, controlling, servers, relayOnly)
}

// prefetch gathers a candidate set before setLocalDescription, for
// iceCandidatePoolSize (RFC 9429 §3.5.4), with credentials that the first
// offer or answer will carry.
func (d *driver) prefetch(ufrag, pwd string, servers []ice.STUNServer, relayOnly bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.prefetched = true
	return d.newAgent(ufrag, pwd, false, servers, relayOnly)
}

func (d *driver) newAgent(ufrag, pwd string, controlling bool, servers []ice.STUNServer, relayOnly bool) error {
	var hosts []netip.AddrPort
	for _, ip := range localHostAddresses() {
		c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, 0)))
		if err != nil {
			continue
		}
		// Bulk data needs more than the default 208 KiB buffers.
		c.SetReadBuffer(4 << 20)
		c.SetWriteBuffer(4 << 20)
		s := &udpSocket{conn: c, local: netip.AddrPortFrom(ip, c.LocalAddr().(*net.UDPAddr).AddrPort().Port())}
		d.socks = append(d.socks, s)
		hosts = append(hosts, s.local)
	}
	agent, err := ice.NewAgent(ice.Config{
		Rand: rand.Reader, Controlling: controlling, Ufrag: ufrag, Pwd: pwd,
		HostAddresses: hosts, STUNServers: servers, RelayOnly: relayOnly,
	})
	if err != nil {
		d.closeSockets()
		return err
	}
	d.agent = agent
	if d.remoteUfrag != "" {
		agent.SetRemoteCredentials(d.now(), d.remoteUfrag, d.remotePwd)
		agent.SetRemoteLite(d.remoteLite)
	}
	for _, s := range d.socks {
		d.readers.Add(1)
		go d.read(s)
	}
	err = agent.Gather(d.now())
	d.flush()
	return err
}

// setRemote gives the agent the remote ICE credentials and candidates, and
// the DTLS layer the remote fingerprints and role, from a remote
// description. Called without pc.mu.
func (d *driver) setRemote(ufrag, pwd string, lite bool, cands []ice.Candidate, eoc bool, fps []dtls.Fingerprint, maxMsg int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.remoteUfrag, d.remotePwd, d.remoteLite = ufrag, pwd, lite
	d.remoteFPs, d.remoteMaxMsg = fps, maxMsg
	if d.agent != nil {
		now := d.now()
		d.agent.SetRemoteCredentials(now, ufrag, pwd)
		d.agent.SetRemoteLite(lite)
		for _, c := range cands {
			d.agent.AddRemoteCandidate(now, c)
		}
		if eoc {
			d.agent.EndOfRemoteCandidates(now)
		}
	}
	d.flush()
}

// addRemoteCandidate passes a trickled candidate to the agent.
func (d *driver) addRemoteCandidate(c *ice.Candidate) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.agent == nil || d.closed {
		return
	}
	if c == nil {
		d.agent.EndOfRemoteCandidates(d.now())
	} else {
		d.agent.AddRemoteCandidate(d.now(), *c)
	}
	d.flush()
}

// setDTLSRole fixes the DTLS role once an answer is applied, and creates
// the DTLS connection; the client starts its handshake when ICE has a pair.
func (d *driver) setDTLSRole(role dtlsRole, cert Certificate) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.dtls != nil || d.closed || role == dtlsRoleUnknown {
		return nil
	}
	cfg := &dtls.Config{
		Certificate:          dtls.Certificate{Chain: [][]byte{cert.DER()}, PrivateKey: cert.PrivateKey()},
		Rand:                 rand.Reader,
		ExpectedFingerprints: d.remoteFPs,
	}
	var err error
	if role == dtlsRoleClient {
		d.dtls, err = dtls.NewClient(cfg)
	} else {
		d.dtls, err = dtls.NewServer(cfg)
	}
	if err != nil {
		return err
	}
	d.dtlsRole = role
	d.setDTLSState(DTLSTransportStateConnecting)
	d.maybeStartDTLS()
	d.flush()
	return nil
}

func (d *driver) maybeStartDTLS() {
	if d.dtls == nil || d.dtlsRole != dtlsRoleClient || !d.dtlsTo.IsValid() {
		return
	}
	d.dtls.Start(d.now())
	d.dtlsRole = dtlsRoleUnknown // started
}

func (d *driver) read(s *udpSocket) {
	defer d.readers.Done()
	buf := make([]byte, 65536)
	for {
		n, from, err := s.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
		d.mu.Lock()
		if !d.closed {
			d.packetsReceived++
			d.bytesReceived += uint64(n)
			d.input(s.local, from, buf[:n])
			d.flush()
		}
		d.mu.Unlock()
	}
}

// input demultiplexes a datagram by its first byte (RFC 9443 §3: 0–3 STUN,
// 20–63 DTLS, 128–191 RTP/RTCP).
func (d *driver) input(local, from netip.AddrPort, p []byte) {
	if len(p) == 0 {
		return
	}
	switch b := p[0]; {
	case b <= 3:
		if d.agent != nil {
			d.agent.HandlePacket(d.now(), local, from, p)
		}
	case b >= 20 && b <= 63:
		if d.dtls == nil {
			return
		}
		if !d.dtlsTo.IsValid() {
			// The peer's DTLS client may speak before our agent selected
			// a pair (RFC 8445 §7.3.1.5: the controlled side).
			d.dtlsTo, d.dtlsVia = from, local
		}
		d.dtls.HandleInput(d.now(), p)

	default:
		// RTP and RTCP arrive with the media layer (a later issue).
	}
}

// flush drains every core until nothing moves, writes the datagrams,
// handles the events, and re-arms the timer. Called with d.mu held.
func (d *driver) flush() {
	bufs := flushBuffers.Get().(*[2][]byte)
	defer flushBuffers.Put(bufs)
	tx, rx := bufs[0], bufs[1]
	for progress := true; progress; {
		progress = false
		if d.agent != nil {
			for {
				tx, ok := d.agent.PollTransmit()
				if !ok {
					break
				}
				d.write(tx.From, tx.To, tx.Data)
				progress = true
			}
			for {
				ev, ok := d.agent.PollEvent()
				if !ok {
					break
				}
				d.iceEvent(ev)
				progress = true
			}
		}
		if d.ep != nil {
			for {
				n, ok := d.ep.PollTransmit(tx)
				if !ok {
					break
				}
				if err := d.dtls.WriteApplicationData(tx[:n]); err != nil {
					break
				}
				progress = true
			}
			for {
				ev, ok := d.ep.PollEvent()
				if !ok {
					break
				}
				d.channelEvent(ev)
				progress = true
			}
		}
		if d.dtls != nil {
			for {
				n, ok := d.dtls.PollTransmit(tx)
				if !ok {
					break
				}
				if d.dtlsTo.IsValid() {
					d.write(d.dtlsVia, d.dtlsTo, tx[:n])
				}
				progress = true
			}
			for {
				ev, ok := d.dtls.PollEvent()
				if !ok {
					break
				}
				d.dtlsEvent(ev)
				progress = true
			}
			for {
				n, ok := d.dtls.ReadApplicationData(rx)
				if !ok {
					break
				}
				if d.ep != nil {
					d.ep.HandleInput(d.now(), rx[:n])
				}
				progress = true
			}
		}
	}
	if d.dtls != nil && !d.dtlsTo.IsValid() && d.agent != nil {
		// RFC 8445 §12.1: data may go on a valid pair before one is
		// selected, so the DTLS handshake need not wait for nomination.
		if p, ok := d.agent.ValidPair(); ok {
			d.usePair(p)
			d.maybeStartDTLS()
			d.flush()
			return
		}
	}
	d.arm()
}

// usePair sends DTLS from the pair's local base to its remote candidate.
func (d *driver) usePair(p ice.Pair) {
	local := p.Local.Base
	if !local.IsValid() {
		local = p.Local.Address
	}
	d.dtlsTo, d.dtlsVia = p.Remote.Address, local
}

func (d *driver) write(from, to netip.AddrPort, p []byte) {
	for _, s := range d.socks {
		if s.local == from || (!from.IsValid() && s.local.Addr().Is4() == to.Addr().Is4()) {
			if _, err := s.conn.WriteToUDPAddrPort(p, to); err == nil {
				d.packetsSent++
				d.bytesSent += uint64(len(p))
			}
			return
		}
	}
}

// arm sets the one timer at the earliest deadline of the cores.
func (d *driver) arm() {
	var next time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if d.agent != nil {
		consider(d.agent.NextDeadline())
	}
	if d.dtls != nil {
		consider(d.dtls.NextDeadline())
	}
	if d.ep != nil {
		consider(d.ep.NextDeadline())
	}
	if next.IsZero() || d.closed {
		return
	}
	if !d.armed.IsZero() && !next.Before(d.armed) && d.timer != nil {
		return
	}
	d.armed = next
	wait := time.Until(next)
	if d.timer == nil {
		d.timer = time.AfterFunc(wait, d.onTimer)
	} else {
		d.timer.Reset(wait)
	}
}

func (d *driver) onTimer() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.armed = time.Time{}
	if d.closed {
		return
	}
	now := d.now()
	if d.agent != nil && due(d.agent.NextDeadline(), now) {
		d.agent.HandleTimeout(now)
	}
	if d.dtls != nil && due(d.dtls.NextDeadline(), now) {
		d.dtls.HandleTimeout(now)
	}
	if d.ep != nil && due(d.ep.NextDeadline(), now) {
		d.ep.HandleTimeout(now)
	}
	d.flush()
}

func due(t, now time.Time) bool { return !t.IsZero() && !t.After(now) }

// close tears everything down: an SCTP ABORT and a DTLS close_notify go
// out, then the sockets close and the readers end (§4.4.2 close, steps
// 6–8). Called without pc.mu.
func (d *driver) close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	if d.ep != nil {
		// The ABORT must go out before close_notify closes the DTLS
		// connection it travels on.
		d.ep.Association().Abort()
		d.flush()
	}
	if d.dtls != nil {
		d.dtls.Close()
	}
	d.flush()
	if d.agent != nil {
		d.agent.Close()
	}
	d.closed = true
	if d.timer != nil {
		d.timer.Stop()
	}
	d.closeSockets()
	d.mu.Unlock()
	d.readers.Wait()
}

func (d *driver) closeSockets() {
	for _, s := range d.socks {
		s.conn.Close()
	}
}

// toDTLSFingerprints converts the remote description's fingerprints.
func toDTLSFingerprints(fps []sdp.Fingerprint) []dtls.Fingerprint {
	out := make([]dtls.Fingerprint, 0, len(fps))
	for _, f := range fps {
		out = append(out, dtls.Fingerprint{Algorithm: f.HashFunc, Value: f.Value})
	}
	return out
}

// lookupHost resolves a STUN server's host name.
func lookupHost(host string) ([]netip.Addr, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// bindLate binds a channel created after the association came up.
func (d *driver) bindLate(dc *DataChannel) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ep == nil || d.closed {
		return
	}
	d.bind(dc)
	d.flush()
}

// transportStats is what GetStats needs from the cores, read under d.mu.
type transportStats struct {
	started                      bool
	bytesSent, bytesReceived     uint64
	packetsSent, packetsReceived uint64
	localUfrag                   string
	pairs                        []ice.PairStats
	selected                     ice.Pair
	hasSelected                  bool
	locals                       []ice.Candidate
	cipher, srtp                 string
	tlsVersion                   string
	dtlsClient, dtlsKnown        bool
}

func (d *driver) stats() transportStats {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := transportStats{bytesSent: d.bytesSent, bytesReceived: d.bytesReceived,
		packetsSent: d.packetsSent, packetsReceived: d.packetsReceived}
	if d.agent == nil {
		return s
	}
	s.started = true
	s.localUfrag, _ = d.agent.LocalCredentials()
	s.pairs = d.agent.PairStats()
	s.selected, s.hasSelected = d.agent.SelectedPair()
	s.locals = d.agent.LocalCandidates()
	if d.dtls != nil {
		s.dtlsClient, s.dtlsKnown = d.dtls.IsClient(), true
		if d.dtls.Connected() {
			s.cipher = d.dtls.CipherSuite().String()
			s.tlsVersion = "FEFD" // DTLS 1.2, as browsers report it
			if p := d.dtls.SRTPProfile(); p != 0 {
				s.srtp = p.String()
			}
		}
	}
	return s
}
