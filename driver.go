package webrtc

import (
	"bytes"
	"context"
	"crypto/rand"
	"net"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc/datachannel"
	"github.com/c4c1f6e1/webrtc/dtls"
	"github.com/c4c1f6e1/webrtc/ice"
	"github.com/c4c1f6e1/webrtc/internal/udp"
	"github.com/c4c1f6e1/webrtc/sdp"
)

// driver owns a PeerConnection's sockets and protocol cores (DESIGN.md §1):
// the ICE agent, the DTLS connection and the SCTP association with its data
// channels. The cores are sans-IO state machines; the driver feeds them the
// datagrams the shared socket readers hand it (ReceiveBatch), calls
// HandleTimeout from a single timer armed at the earliest deadline, and
// writes what they emit, the DTLS records of one drain in one batch. All
// core access happens under d.mu; lock order is d.mu, then pc.mu.
//
// Goroutines: none of its own. The readers of package udp are shared by
// every socket of the process; the timer's callback is short-lived.
type driver struct {
	pc *PeerConnection
	mu sync.Mutex

	mux         *UDPMux // single-port mode: the shared socket, or nil
	socks       []packetSocket
	agent       *ice.Agent
	dtls        *dtls.Conn
	dtlsTo      netip.AddrPort // where DTLS records go: the selected pair's remote
	dtlsSock    packetSocket   // and the local socket they go from
	reported    ice.Pair       // the pair the ICE transport reports as selected
	reportedGen string         // and the local ufrag of its ICE generation
	ep          *datachannel.Endpoint
	timerAt     time.Time   // the deadline the timer service holds
	timerFor    time.Time   // the cores' deadline timerAt was rounded from
	timerIdx    int         // its position in the service's heap, -1 if none
	ownTimer    *time.Timer // instead, in tests under testing/synctest
	closed      bool

	// out collects the DTLS datagrams of one drain for one WriteBatch.
	out                  *udp.Batch
	outPackets, outBytes int

	// A pre-gathering agent (iceCandidatePoolSize) holds its events until
	// the first setLocalDescription gives it a role and a description to
	// surface candidates in (RFC 9429 §3.5.4, §4.1.8.1 "early candidates").
	prefetched bool
	early      []ice.Event

	// held are DTLS datagrams that came before a valid pair (see hold).
	held         [][]byte
	heldBytes    int
	droppedEarly uint64
	heldFed      uint64 // held datagrams given to DTLS
	onHold       func() // test hook: a datagram was held
	onTimerHook  func() // test hook: the timer fired

	// Remote mDNS names being resolved (mdns.go).
	resolving     int
	resolved      uint64
	mdnsRemotes   []ice.Candidate // every remote mDNS candidate given, resolved or not, for getStats
	eocWaiting    bool
	resolveCtx    context.Context
	stopResolving context.CancelFunc
	resolvers     sync.WaitGroup

	remoteUfrag, remotePwd string
	remoteApplied          string // the remote ufrag the current ICE generation has (restartICE)
	prevRemote             string // the one the previous generation had
	remoteLite             bool
	dtlsRole               dtlsRole
	remoteFPs              []dtls.Fingerprint
	remoteMaxMsg           int
	channels               map[*datachannel.Channel]*DataChannel

	// Transport counters (RTCTransportStats): every datagram sent and
	// received on the connection's sockets, and the bytes of those that are
	// not STUN (webrtc-stats §8.17: bytes exclude connectivity checks).
	bytesSent, bytesReceived     uint64
	packetsSent, packetsReceived uint64
	// traffic counts the datagrams other than STUN per 5-tuple, for the
	// candidate pairs' counters (webrtc-stats §8.19).
	traffic         []pairTraffic
	pairChanges     uint32 // selectedCandidatePairChanges
	discardedOnSend uint64 // datagrams a socket refused
}

// pairTraffic is what went over one local base and remote address, STUN
// excepted.
type pairTraffic struct {
	local, remote                netip.AddrPort
	packetsSent, packetsReceived uint64
	bytesSent, bytesReceived     uint64
	lastSent, lastReceived       time.Time
	packetsDiscarded             uint64
	bytesDiscarded               uint64
}

// maxPairTraffic bounds the 5-tuples counted: data goes over one pair at a
// time, and a new one replaces the oldest.
const maxPairTraffic = 8

// trafficFor returns the counters of local and remote.
func (d *driver) trafficFor(local, remote netip.AddrPort) *pairTraffic {
	for i := range d.traffic {
		if t := &d.traffic[i]; t.remote == remote && t.local == local {
			return t
		}
	}
	if len(d.traffic) == maxPairTraffic {
		d.traffic = append(d.traffic[:0], d.traffic[1:]...)
	}
	d.traffic = append(d.traffic, pairTraffic{local: local, remote: remote})
	return &d.traffic[len(d.traffic)-1]
}

// flushBuffers hold the datagram buffers flush needs, shared by every
// connection: an idle connection holds none (64 KiB each would otherwise
// stay allocated per connection).
var flushBuffers = sync.Pool{New: func() any { return &[2][]byte{make([]byte, 1<<16), make([]byte, 1<<16)} }}

// now is the driver's clock: the cores take time as an argument.
func (d *driver) now() time.Time { return time.Now() }

// localHostAddresses returns the addresses to gather host candidates on:
// every interface address browsers would use (ice.FilterHostAddresses), or
// loopback when the machine has nothing else. The interface table is read
// at most once per hostAddressTTL: reading it (a netlink dump) costs more
// than the rest of a connection's setup.
var localHostAddresses = func() []netip.Addr {
	hostAddrs.mu.Lock()
	defer hostAddrs.mu.Unlock()
	now := time.Now()
	if hostAddrs.at.IsZero() || now.Sub(hostAddrs.at) > hostAddressTTL {
		hostAddrs.addrs, hostAddrs.at = readHostAddresses(), now
	}
	return hostAddrs.addrs
}

// hostAddressTTL is how long a read of the interface table is reused: an
// address that appears is used by connections created after at most this.
const hostAddressTTL = 2 * time.Second

var hostAddrs struct {
	mu    sync.Mutex
	at    time.Time
	addrs []netip.Addr
}

func readHostAddresses() []netip.Addr {
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
		if cur, _ := d.agent.LocalCredentials(); ufrag != cur {
			return d.restartICE(ufrag, pwd)
		}
		return nil
	}
	return d.newAgent(ufrag, pwd, controlling, servers, relayOnly)
}

// restartICE starts a new ICE generation under new local credentials
// (RFC 8445 §9): those of an offer made after restartIce, or of the answer
// to a peer's restart (RFC 8839 §4.4.1.1.2). The selected pair keeps
// carrying data, and consent, until a pair of the new generation is
// selected; the remote credentials and candidates of the generation come
// with the description that follows (setRemote). Called with d.mu held.
func (d *driver) restartICE(ufrag, pwd string) error {
	now := d.now()
	if err := d.agent.Restart(now, ufrag, pwd); err != nil {
		return err
	}
	d.prevRemote, d.remoteApplied = d.remoteApplied, ""
	err := d.agent.Gather(now)
	d.flush()
	return err
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
	if d.mux != nil {
		s, err := d.mux.join(d, ufrag)
		if err != nil {
			return err
		}
		d.socks = append(d.socks, s)
		hosts = append(hosts, s.LocalAddr())
	} else {
		for _, ip := range localHostAddresses() {
			s, err := udp.Listen(netip.AddrPortFrom(ip, 0), d)
			if err != nil {
				continue
			}
			d.socks = append(d.socks, ownSocket{s})
			hosts = append(hosts, s.LocalAddr())
		}
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
		d.remoteApplied = d.remoteUfrag
		agent.SetRemoteCredentials(d.now(), d.remoteUfrag, d.remotePwd)
		agent.SetRemoteLite(d.remoteLite)
	}
	err = agent.Gather(d.now())
	d.flush()
	return err
}

// setRemote gives the agent the remote ICE credentials and candidates, and
// the DTLS layer the remote fingerprints and role, from a remote
// description. Called without pc.mu.
func (d *driver) setRemote(ufrag, pwd string, lite bool, cands []sdp.Candidate, eoc bool, fps []dtls.Fingerprint, maxMsg int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.remoteUfrag, d.remotePwd, d.remoteLite = ufrag, pwd, lite
	d.remoteFPs, d.remoteMaxMsg = fps, maxMsg
	if d.agent != nil && d.remoteApplied != "" && d.remoteApplied != ufrag {
		// The peer restarted ICE: its credentials and candidates belong
		// to the generation our answer starts (restartICE), which gets
		// them then; the current generation keeps the old ones.
		return
	}
	if d.agent != nil && d.remoteApplied == "" && ufrag == d.prevRemote {
		// We restarted ICE with an offer: the remote description is
		// still the answer of the previous generation.
		return
	}
	if d.agent != nil {
		now := d.now()
		d.remoteApplied = ufrag
		d.agent.SetRemoteCredentials(now, ufrag, pwd)
		d.agent.SetRemoteLite(lite)
		for _, c := range cands {
			if ic, ok := d.remoteCandidate(c); ok {
				d.agent.AddRemoteCandidate(now, ic)
			}
		}
		if eoc {
			d.endOfRemoteCandidates()
		}
	}
	d.flush()
}

// addRemoteCandidate passes a trickled candidate to the agent; nil is the
// end of candidates.
func (d *driver) addRemoteCandidate(c *sdp.Candidate) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.agent == nil || d.closed || d.remoteApplied != d.remoteUfrag {
		// Before the agent has the remote credentials, or for a peer's
		// restart our answer has not started yet: the candidate is in
		// the remote description, which setRemote passes on then.
		return
	}
	if c == nil {
		d.endOfRemoteCandidates()
	} else if ic, ok := d.remoteCandidate(*c); ok {
		d.agent.AddRemoteCandidate(d.now(), ic)
	}
	d.flush()
}

// dtlsGroups prefers P-256 for ECDHE: Go's P-256 is about twice as fast as
// its X25519 on amd64, and every WebRTC peer has it (RFC 8827 §6.5: all
// implementations MUST support the P-256 curve).
var dtlsGroups = []dtls.Group{dtls.GroupP256, dtls.GroupX25519, dtls.GroupP384}

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
		Groups:               dtlsGroups,
		// RFC 9147 §5.8.2 recommends 400 ms for DTLS-SRTP, and 1.5 times
		// the RTT once ICE has measured one (tuneDTLSTimer).
		InitialRetransmit: 400 * time.Millisecond,
		// DTLS only answers addresses ICE validated (input holds what
		// comes before a valid pair), which is what the cookie exchange
		// would prove (RFC 6347 §4.2.1 MAY skip it): a round trip less.
		DisableHelloVerify: true,
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
	if d.dtls == nil || !d.dtlsTo.IsValid() {
		return
	}
	d.tuneDTLSTimer()
	if d.dtlsRole != dtlsRoleClient {
		return
	}
	d.dtls.Start(d.now())
	d.dtlsRole = dtlsRoleUnknown // started
}

// minDTLSRetransmit keeps the RTT-based DTLS timer above the time the
// handshake's own computation takes on a busy machine.
const minDTLSRetransmit = 50 * time.Millisecond

// tuneDTLSTimer sets the DTLS retransmission timer to 1.5 times the round
// trip ICE measured on the pair DTLS uses (RFC 9147 §5.8.2).
func (d *driver) tuneDTLSTimer() {
	for _, p := range d.agent.PairStats() {
		if p.Remote.Address == d.dtlsTo && p.CurrentRoundTripTime > 0 {
			d.dtls.SetInitialRetransmit(d.now(), max(minDTLSRetransmit, p.CurrentRoundTripTime*3/2))
			return
		}
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
		if d.dtls == nil || !d.dtlsTo.IsValid() {
			// RFC 8445 §12.1: DTLS goes only on a valid pair, and ICE is
			// what verifies the peer's address (so the DTLS server need
			// not). The peer's client may speak before our agent has a
			// valid pair, or before the answer gave us the DTLS role:
			// hold its first datagrams until then.
			d.hold(p)
			return
		}
		d.dtls.HandleInput(d.now(), p)

	default:
		// RTP and RTCP arrive with the media layer (a later issue).
	}
}

// flush drains every core until nothing moves, writes the datagrams,
// handles the events, and re-arms the timer. Called with d.mu held.
func (d *driver) flush() {
	d.drain()
	d.arm()
}

// drain polls every core until nothing moves: it writes the datagrams and
// handles the events.
func (d *driver) drain() {
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
				progress = true
				if !d.sendApplicationData(tx[:n]) {
					break
				}
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
			for d.pollDTLS(tx) {
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
			if d.pumpApplicationData(rx) {
				progress = true
			}
		}
	}
	if d.dtls == nil || d.agent == nil {
		return
	}
	again := false
	if !d.dtlsTo.IsValid() {
		// RFC 8445 §12.1: data may go on a valid pair before one is
		// selected, so the DTLS handshake need not wait for nomination.
		if p, ok := d.agent.UseValidPair(d.now()); ok {
			d.usePair(p)
			d.maybeStartDTLS()
			again = true
		}
	}
	if d.dtlsTo.IsValid() && len(d.held) > 0 {
		held := d.held
		d.held, d.heldBytes = nil, 0
		// What we send goes to the valid pair; what we receive may come
		// from any of the peer's addresses.
		for _, h := range held {
			d.dtls.HandleInput(d.now(), h)
			d.heldFed++
		}
		again = true
	}
	if again {
		d.drain()
	}
	d.sendBatch()
}

// Early DTLS datagrams held until a valid pair exists: enough for a
// fragmented ClientHello and a retransmission.
const (
	maxHeldDatagrams = 4
	maxHeldBytes     = 8 << 10
)

// hold keeps a copy of an early DTLS datagram, within the caps.
func (d *driver) hold(p []byte) {
	if len(d.held) >= maxHeldDatagrams || d.heldBytes+len(p) > maxHeldBytes {
		d.droppedEarly++
		return
	}
	d.held = append(d.held, bytes.Clone(p))
	d.heldBytes += len(p)
	if d.onHold != nil {
		d.onHold()
	}
}

// samePair reports whether two descriptions of candidate pairs are of one
// pair: the same addresses, whatever was learned about the candidates in
// between (a peer-reflexive remote signalled later gets its type).
func samePair(a, b ice.Pair) bool {
	return a.Local.Address == b.Local.Address && a.Local.Base == b.Local.Base && a.Remote.Address == b.Remote.Address
}

// usePair sends DTLS from the pair's local base to its remote candidate,
// and makes it the ICE transport's selected pair: W3C webrtc §5.6's
// selected candidate pair is the one data goes on, which is a valid pair
// before nomination selects one (RFC 8445 §12.1), as in browsers.
func (d *driver) usePair(p ice.Pair) {
	local := p.Local.Base
	if !local.IsValid() {
		local = p.Local.Address
	}
	if s := d.socket(local, p.Remote.Address); s != nil {
		d.sendBatch() // what is batched goes to the previous pair
		d.dtlsTo, d.dtlsSock = p.Remote.Address, s
	}
	gen, _ := d.agent.LocalCredentials()
	if samePair(d.reported, p) && d.reportedGen == gen {
		return
	}
	// After an ICE restart the pair of the new generation is a new pair,
	// even on the same addresses.
	d.reported, d.reportedGen = p, gen
	d.pairChanges++
	pc := d.pc
	pair := &ICECandidatePair{Local: publicCandidate(p.Local), Remote: publicCandidate(p.Remote)}
	it := pc.dtlsTransport.iceTransport
	pc.mu.Lock()
	it.selected = pair
	pc.mu.Unlock()
	queueHandler(pc, func() func(*ICECandidatePair) { return it.onSelectedPairChange }, pair)
}

// arm sets the one timer at the earliest deadline of the cores. A
// deadline that has already come is handled at once, here, rather than by
// a timer callback on another goroutine a scheduling delay later (a core
// that wants to send a check "now" asks for it this way).
func (d *driver) arm() {
	for range 8 {
		next := d.nextDeadline()
		if d.closed {
			return
		}
		if next.IsZero() {
			timers.schedule(d, time.Time{})
			return
		}
		if now := d.now(); !next.After(now) {
			d.handleTimeouts(now)
			d.drain()
			continue
		}
		timers.schedule(d, next)
		return
	}
	// A core keeps asking for "now": let the timer call it, so that one
	// connection cannot spin its caller.
	timers.schedule(d, d.now())
}

// nextDeadline is the earliest deadline of the cores (zero: none).
func (d *driver) nextDeadline() time.Time {
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
	return next
}

// onTimer runs on the timer service's goroutine when the deadline comes.
func (d *driver) onTimer() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.onTimerHook != nil {
		d.onTimerHook()
	}
	if d.closed {
		return
	}
	d.handleTimeouts(d.now())
	d.flush()
}

// handleTimeouts calls HandleTimeout on each core whose deadline has come.
func (d *driver) handleTimeouts(now time.Time) {
	if d.agent != nil && due(d.agent.NextDeadline(), now) {
		d.agent.HandleTimeout(now)
	}
	if d.dtls != nil && due(d.dtls.NextDeadline(), now) {
		d.dtls.HandleTimeout(now)
	}
	if d.ep != nil && due(d.ep.NextDeadline(), now) {
		d.ep.HandleTimeout(now)
	}
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
	timers.schedule(d, time.Time{})
	if d.stopResolving != nil {
		d.stopResolving()
	}
	d.closeSockets()
	d.mu.Unlock()
	d.resolvers.Wait()
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
	traffic                      []pairTraffic
	pairChanges                  uint32
	localUfrag                   string
	pairs                        []ice.PairStats
	selected                     ice.Pair
	hasSelected                  bool
	locals                       []ice.Candidate
	remotes                      []ice.Candidate
	cipher, srtp                 string
	tlsVersion                   string
	dtlsClient, dtlsKnown        bool
}

func (d *driver) stats() transportStats {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := transportStats{bytesSent: d.bytesSent, bytesReceived: d.bytesReceived,
		packetsSent: d.packetsSent, packetsReceived: d.packetsReceived,
		traffic: append([]pairTraffic(nil), d.traffic...), pairChanges: d.pairChanges}
	if d.agent == nil {
		return s
	}
	s.started = true
	s.localUfrag, _ = d.agent.LocalCredentials()
	s.pairs = d.agent.PairStats()
	s.selected, s.hasSelected = d.agent.SelectedPair()
	if !s.hasSelected && d.dtlsTo.IsValid() {
		// A valid pair in use before nomination, as the agent describes
		// it now (a peer-reflexive remote may have been signalled since).
		for _, p := range s.pairs {
			if samePair(p.Pair, d.reported) {
				s.selected, s.hasSelected = p.Pair, true
				break
			}
		}
	}
	s.locals = d.agent.LocalCandidates()
	s.remotes = d.agent.RemoteCandidates()
	// draft-ietf-mmusic-mdns-ice-candidates-03 §3.3.1: every remote mDNS
	// candidate is reported, whether its name resolved or not.
	for _, m := range d.mdnsRemotes {
		if !slices.ContainsFunc(s.remotes, func(c ice.Candidate) bool { return c.Hostname == m.Hostname && c.Address.Port() == m.Address.Port() }) {
			s.remotes = append(s.remotes, m)
		}
	}
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
