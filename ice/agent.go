package ice

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// Default timers and limits.
const (
	// DefaultTa is the pacing interval between checks (RFC 8445 §14.2:
	// 50 ms for WebRTC, RFC 8835 §3.3 lets browsers use 50 ms).
	DefaultTa = 50 * time.Millisecond
	// DefaultRTO is the initial STUN retransmission timeout (RFC 8489
	// §6.2.1 recommends 500 ms; RFC 8445 §14.3 uses at least 500 ms).
	DefaultRTO = 500 * time.Millisecond
	// DefaultRc is the number of requests sent per transaction and DefaultRm
	// the multiple of RTO waited after the last one (RFC 8489 §6.2.1).
	DefaultRc = 7
	DefaultRm = 16
	// DefaultConsentInterval is the basic consent-check period (RFC 7675
	// §5.1: SHOULD be 5 s; each interval is randomized in 0.8–1.2×).
	DefaultConsentInterval = 5 * time.Second
	// DefaultConsentTimeout is the consent lifetime (RFC 7675 §5.1: 30 s).
	DefaultConsentTimeout = 30 * time.Second
	// DefaultDisconnectedTimeout is how long the selected pair may stay
	// silent (no authenticated STUN request or response) before the state
	// becomes "disconnected" (the W3C leaves the value to implementations).
	DefaultDisconnectedTimeout = 10 * time.Second
	// DefaultNominationDelay bounds how long a controlling agent waits for
	// higher-priority pairs once a pair is valid before it nominates.
	DefaultNominationDelay = time.Second
	// DefaultMaxPairs is the checklist size limit of RFC 8445 §6.1.2.5.
	DefaultMaxPairs = 100
	// DefaultMaxRemoteCandidates caps the remote candidates, signalled or
	// peer-reflexive.
	DefaultMaxRemoteCandidates = 64
	// DefaultMaxTransactions caps outstanding STUN transactions.
	DefaultMaxTransactions = 128
	// maxQueuedTransmits caps the datagrams waiting for PollTransmit.
	maxQueuedTransmits = 256
	// maxQueuedEvents caps the events waiting for PollEvent.
	maxQueuedEvents = 256
)

// Errors returned by the agent.
var (
	ErrClosed          = errors.New("ice: agent closed")
	ErrTooManyRemotes  = errors.New("ice: too many remote candidates")
	ErrBadCandidate    = errors.New("ice: unusable candidate")
	ErrNoRand          = errors.New("ice: Config.Rand is required")
	ErrBadCredentials  = errors.New("ice: ufrag must be 4–256 and pwd 22–256 ice-chars")
	ErrNotSTUN         = errors.New("ice: not a STUN message")
	ErrUnknownResponse = errors.New("ice: response to no outstanding transaction")
)

// STUNServer is a resolved STUN server from RTCConfiguration.iceServers.
type STUNServer struct {
	// URL is the server URL, reported in candidates and candidate errors.
	URL string
	// Address is the resolved server address.
	Address netip.AddrPort
}

// Config configures an Agent. Zero values select the defaults above.
type Config struct {
	// Rand is the source of transaction ids, tie-breakers, credentials and
	// consent jitter. Required (the driver passes crypto/rand.Reader).
	Rand io.Reader
	// Controlling is the initial role (RFC 8445 §6.1.1: the offerer is
	// controlling unless it is lite).
	Controlling bool
	// Lite makes this a lite agent (RFC 8445 §2.5): host candidates only,
	// no checks of its own, always controlled.
	Lite bool
	// Ufrag and Pwd are the local credentials; generated when empty (RFC
	// 8445 §5.3).
	Ufrag, Pwd string
	// HostAddresses are the local socket addresses to use as host
	// candidates, in order of preference (see FilterHostAddresses).
	HostAddresses []netip.AddrPort
	// STUNServers are used to gather server-reflexive candidates.
	STUNServers []STUNServer
	// RelayOnly is iceTransportPolicy "relay": only relayed local candidates
	// are signalled and paired.
	RelayOnly bool
	// AggressiveNomination puts USE-CANDIDATE on every check (RFC 5245
	// §8.1.1.2, kept by RFC 8445 as a deprecated option).
	AggressiveNomination bool
	// Software, when set, is sent in a SOFTWARE attribute.
	Software string
	// HostName, when set, gives the mDNS name under which a host address
	// is signalled (draft-ietf-mmusic-mdns-ice-candidates §3.1.1; the
	// driver publishes the names with package mdns), or "" to signal the
	// address itself.
	HostName func(netip.Addr) string

	Ta                  time.Duration
	RTO                 time.Duration
	Rc, Rm              int
	ConsentInterval     time.Duration
	ConsentTimeout      time.Duration
	DisconnectedTimeout time.Duration
	NominationDelay     time.Duration
	MaxPairs            int
	MaxRemoteCandidates int
	MaxTransactions     int
}

// credentials are one generation of ICE credentials (RFC 8445 §9: an ICE
// restart changes them).
type credentials struct {
	localUfrag, localPwd   string
	remoteUfrag, remotePwd string
	// username is "RFRAG:LFRAG" for our requests (RFC 8445 §7.2.2); the
	// keys keep their HMAC state so that checks do not allocate.
	username            string
	localKey, remoteKey *stun.Key
}

// setLocal and setRemote fill the derived fields.
func (c *credentials) setLocal() { c.localKey = stun.NewKey([]byte(c.localPwd)) }

func (c *credentials) setRemote(ufrag, pwd string) {
	c.remoteUfrag, c.remotePwd = ufrag, pwd
	c.username = ufrag + ":" + c.localUfrag
	c.remoteKey = stun.NewKey([]byte(pwd))
}

// Agent is a sans-IO ICE agent (RFC 8445) for one data stream with one
// component, with consent freshness (RFC 7675) and trickle (RFC 8838).
//
// Feed it with HandlePacket and HandleTimeout, then drain PollTransmit and
// PollEvent; call HandleTimeout when NextDeadline is reached. It is not safe
// for concurrent use.
type Agent struct {
	cfg    Config
	role   Role
	tie    uint64
	creds  *credentials
	closed bool

	gathering      GatheringState
	state          TransportState
	locals         []*Candidate // local candidates, hosts first
	remotes        []*Candidate
	pairs          []*pair // sorted by decreasing priority
	triggered      []*pair // FIFO triggered-check queue (§6.1.4.1)
	selected       *pair
	remoteEOC      bool
	remoteLite     bool
	firstValid     time.Time
	nominating     *pair
	lastCheck      time.Time
	nextCheck      time.Time // zero: nothing to do
	nextConsent    time.Time
	txs            []transaction // outstanding, at most Config.MaxTransactions
	prevCreds      *credentials  // kept until a pair of the new generation is selected
	inUse          *pair         // the valid pair UseValidPair handed out before a selection
	pendingGathers int
	consentLost    bool
	// rnd receives the random bytes of transaction ids and consent jitter
	// (a slice of a local array would escape through the io.Reader).
	rnd [16]byte

	transmits []outgoing
	tHead     int
	lent      *[]byte // the buffer of the Transmit PollTransmit returned last
	events    []Event
	eHead     int

	// Stats counts what the agent dropped or refused.
	Stats Stats
}

// Stats are counters of the agent's drops and refusals.
type Stats struct {
	DroppedPackets      int // unparseable or unexpected datagrams
	BadRequests         int // requests answered with an error
	DroppedTransmits    int // transmit queue full
	DroppedEvents       int // event queue full
	RefusedCandidates   int // remote candidates over the cap or unusable
	RefusedTransactions int // transactions over the cap
}

// Transmit is a datagram to send: from the local socket bound to From (a
// candidate base) to To. Data is valid until the next PollTransmit call.
type Transmit struct {
	From, To netip.AddrPort
	Data     []byte
}

// NewAgent returns an agent with the given configuration. Gathering starts
// with Gather; checks start once remote credentials and candidates are set.
func NewAgent(cfg Config) (*Agent, error) {
	if cfg.Rand == nil {
		return nil, ErrNoRand
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defi := func(d *int, v int) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Ta, DefaultTa)
	def(&cfg.RTO, DefaultRTO)
	defi(&cfg.Rc, DefaultRc)
	defi(&cfg.Rm, DefaultRm)
	def(&cfg.ConsentInterval, DefaultConsentInterval)
	def(&cfg.ConsentTimeout, DefaultConsentTimeout)
	def(&cfg.DisconnectedTimeout, DefaultDisconnectedTimeout)
	def(&cfg.NominationDelay, DefaultNominationDelay)
	defi(&cfg.MaxPairs, DefaultMaxPairs)
	defi(&cfg.MaxRemoteCandidates, DefaultMaxRemoteCandidates)
	defi(&cfg.MaxTransactions, DefaultMaxTransactions)
	a := &Agent{cfg: cfg}
	if cfg.Controlling && !cfg.Lite {
		a.role = Controlling
	}
	var err error
	if a.tie, err = a.randUint64(); err != nil {
		return nil, err
	}
	a.creds = &credentials{localUfrag: cfg.Ufrag, localPwd: cfg.Pwd}
	if err := a.fillCredentials(a.creds); err != nil {
		return nil, err
	}
	return a, nil
}

// iceChars is the ice-char set of RFC 8839 §5.4: ALPHA / DIGIT / "+" / "/".
const iceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func validICEString(s string, minLen int) bool {
	if len(s) < minLen || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// fillCredentials generates missing local credentials: a 8-char ufrag (48
// bits) and 24-char password (144 bits), above the 24 and 128 bits of
// randomness RFC 8445 §5.3 requires.
func (a *Agent) fillCredentials(c *credentials) error {
	gen := func(n int) (string, error) {
		b := make([]byte, n)
		if _, err := io.ReadFull(a.cfg.Rand, b); err != nil {
			return "", err
		}
		for i := range b {
			b[i] = iceChars[b[i]&63]
		}
		return string(b), nil
	}
	var err error
	if c.localUfrag == "" {
		if c.localUfrag, err = gen(8); err != nil {
			return err
		}
	}
	if c.localPwd == "" {
		if c.localPwd, err = gen(24); err != nil {
			return err
		}
	}
	if !validICEString(c.localUfrag, 4) || !validICEString(c.localPwd, 22) {
		return ErrBadCredentials
	}
	c.setLocal()
	return nil
}

func (a *Agent) randUint64() (uint64, error) {
	if _, err := io.ReadFull(a.cfg.Rand, a.rnd[:8]); err != nil {
		return 0, fmt.Errorf("ice: reading randomness: %w", err)
	}
	return binary.BigEndian.Uint64(a.rnd[:8]), nil
}

// random returns n (at most 16) random bytes in a.rnd.
func (a *Agent) random(n int) []byte {
	if _, err := io.ReadFull(a.cfg.Rand, a.rnd[:n]); err != nil {
		// A failing Rand is a broken configuration, not network input.
		panic("BUG: ice: Config.Rand failed: " + err.Error())
	}
	return a.rnd[:n]
}

func (a *Agent) newTransactionID() stun.TransactionID {
	return stun.TransactionID(a.random(len(stun.TransactionID{})))
}

// LocalCredentials returns the current local ufrag and password (to be put
// in a=ice-ufrag and a=ice-pwd, RFC 8839 §5.4).
func (a *Agent) LocalCredentials() (ufrag, pwd string) {
	return a.creds.localUfrag, a.creds.localPwd
}

// Role returns the current role.
func (a *Agent) Role() Role { return a.role }

// State returns the RTCIceTransportState.
func (a *Agent) State() TransportState { return a.state }

// GatheringState returns the RTCIceGathererState.
func (a *Agent) GatheringState() GatheringState { return a.gathering }

// SelectedPair returns the selected pair, if any. Application data goes
// from Local.Base to Remote.Address.
func (a *Agent) SelectedPair() (Pair, bool) {
	if a.selected == nil {
		return Pair{}, false
	}
	return a.publicPair(a.selected), true
}

func (a *Agent) publicPair(p *pair) Pair {
	l := *p.local
	if p.mapped != nil && p.mapped.Address != l.Address {
		l = *p.mapped
	}
	return Pair{Local: l, Remote: *p.remote}
}

// LocalCandidates returns the local candidates gathered so far (the ones
// that are signalled, so without peer-reflexive candidates).
func (a *Agent) LocalCandidates() []Candidate {
	out := make([]Candidate, 0, len(a.locals))
	for _, c := range a.locals {
		if a.signalled(c) {
			out = append(out, *c)
		}
	}
	return out
}

// RemoteCandidates returns the remote candidates of the current
// generation: the signalled ones and the peer-reflexive ones checks found.
func (a *Agent) RemoteCandidates() []Candidate {
	out := make([]Candidate, 0, len(a.remotes))
	for _, c := range a.remotes {
		out = append(out, *c)
	}
	return out
}

// signalled reports whether a local candidate is offered to the peer under
// the transport policy.
func (a *Agent) signalled(c *Candidate) bool {
	return !a.cfg.RelayOnly || c.Type == CandidateRelay
}

// SetRemoteCredentials sets the peer's ufrag and password (a=ice-ufrag,
// a=ice-pwd) for the current generation. Checks may start afterwards. A
// remote ufrag or password that changes is an ICE restart (RFC 8445 §9):
// call Restart first.
func (a *Agent) SetRemoteCredentials(now time.Time, ufrag, pwd string) error {
	if a.closed {
		return ErrClosed
	}
	if !validICEString(ufrag, 4) || !validICEString(pwd, 22) {
		return ErrBadCredentials
	}
	a.creds.setRemote(ufrag, pwd)
	a.scheduleCheck(now)
	a.updateState(now)
	a.runChecks(now)
	return nil
}

// SetRemoteLite records that the peer is a lite implementation (a=ice-lite,
// RFC 8839 §5.3). RFC 8445 §6.1.1: the full agent MUST then be controlling.
func (a *Agent) SetRemoteLite(lite bool) {
	a.remoteLite = lite
	if lite && !a.cfg.Lite && a.role != Controlling {
		a.setRole(Controlling)
	}
}

// AddRemoteCandidate adds a remote candidate (trickled or from the SDP,
// RFC 8838 §11). Only UDP candidates with IP addresses are accepted: the
// driver resolves mDNS names (package mdns) first. Remote candidates are
// capped by Config.MaxRemoteCandidates.
func (a *Agent) AddRemoteCandidate(now time.Time, c Candidate) error {
	if a.closed {
		return ErrClosed
	}
	if !c.Address.IsValid() || c.Address.Port() == 0 || c.Address.Addr().IsUnspecified() || c.Address.Addr().IsMulticast() {
		a.Stats.RefusedCandidates++
		return fmt.Errorf("%w: address %v", ErrBadCandidate, c.Address)
	}
	if c.Component == 0 {
		c.Component = Component
	}
	if c.Component != Component {
		a.Stats.RefusedCandidates++
		return fmt.Errorf("%w: component %d (only %d is used)", ErrBadCandidate, c.Component, Component)
	}
	c.Address = netip.AddrPortFrom(c.Address.Addr().Unmap(), c.Address.Port())
	c.Base = netip.AddrPort{}
	if r := a.findRemote(c.Address); r != nil {
		// RFC 8445 §7.3.1.3: a signalled candidate that matches a
		// peer-reflexive one replaces its type and foundation, keeping
		// the pair state.
		if r.Type == CandidatePeerReflexive && c.Type != CandidatePeerReflexive {
			r.Type, r.Foundation, r.Related, r.Hostname = c.Type, c.Foundation, c.Related, c.Hostname
		}
		return nil
	}
	if len(a.remotes) >= a.cfg.MaxRemoteCandidates {
		a.Stats.RefusedCandidates++
		return ErrTooManyRemotes
	}
	r := &c
	a.remotes = append(a.remotes, r)
	if a.cfg.Lite {
		// A lite agent pairs only on incoming checks (RFC 8445 §2.5).
		a.updateState(now)
		return nil
	}
	for _, l := range a.locals {
		a.addPair(l, r)
	}
	a.initialStates()
	a.scheduleCheck(now)
	a.updateState(now)
	a.runChecks(now)
	return nil
}

// EndOfRemoteCandidates records the peer's end-of-candidates indication
// (RFC 8838 §13); the state may then become completed or failed.
func (a *Agent) EndOfRemoteCandidates(now time.Time) {
	a.remoteEOC = true
	a.updateState(now)
}

func (a *Agent) findRemote(addr netip.AddrPort) *Candidate {
	for _, r := range a.remotes {
		if r.Address == addr {
			return r
		}
	}
	return nil
}

func (a *Agent) findLocalBase(base netip.AddrPort) *Candidate {
	for _, l := range a.locals {
		if l.Base == base && (l.Type == CandidateHost || l.Type == CandidateRelay) {
			return l
		}
	}
	return nil
}

func (a *Agent) findPair(local, remote netip.AddrPort) *pair {
	for _, p := range a.pairs {
		if p.local.Base == local && p.remote.Address == remote {
			return p
		}
	}
	return nil
}

// pairPriority computes §6.1.2.3 for the current role.
func (a *Agent) pairPriority(l, r *Candidate) uint64 {
	if a.role == Controlling {
		return PairPriority(l.Priority, r.Priority)
	}
	return PairPriority(r.Priority, l.Priority)
}

// addPair adds the pair (l, r) unless the families differ, the local
// candidate is reflexive (§6.1.2.4: replaced by its base, which is paired
// already) or it is redundant. It keeps the list sorted and capped
// (§6.1.2.5).
func (a *Agent) addPair(l, r *Candidate) *pair {
	if l.Type == CandidateServerReflexive || l.Type == CandidatePeerReflexive || !a.signalled(l) {
		return nil
	}
	if l.Base.Addr().Is4() != r.Address.Addr().Is4() {
		return nil
	}
	if a.concluded() {
		// RFC 8445 §8.1.2: once a pair is nominated the checklist is
		// Completed; requests on other pairs are answered, not checked.
		return a.findPair(l.Base, r.Address)
	}
	// RFC 8445 §6.1.2.2: link-local IPv6 pairs only with link-local.
	if l.Base.Addr().IsLinkLocalUnicast() != r.Address.Addr().IsLinkLocalUnicast() && l.Base.Addr().Is6() {
		return nil
	}
	if p := a.findPair(l.Base, r.Address); p != nil {
		return p
	}
	p := &pair{local: l, remote: r, prio: a.pairPriority(l, r), creds: a.creds}
	i := len(a.pairs)
	for i > 0 && a.pairs[i-1].prio < p.prio {
		i--
	}
	if len(a.pairs) >= a.cfg.MaxPairs {
		// RFC 8445 §6.1.2.5: keep the highest-priority pairs.
		if i >= len(a.pairs) {
			return nil
		}
		a.dropPair(a.pairs[len(a.pairs)-1])
	}
	a.pairs = append(a.pairs, nil)
	copy(a.pairs[i+1:], a.pairs[i:])
	a.pairs[i] = p
	return p
}

// concluded reports whether ICE processing of the current generation
// concluded with a nominated pair (RFC 8445 §8).
func (a *Agent) concluded() bool {
	return a.selected != nil && a.selected.nominated && a.selected.creds == a.creds
}

// dropPair removes a pair that is not selected from the checklist.
func (a *Agent) dropPair(p *pair) {
	for i, q := range a.pairs {
		if q == p {
			a.pairs = append(a.pairs[:i], a.pairs[i+1:]...)
			break
		}
	}
	for i, q := range a.triggered {
		if q == p {
			a.triggered = append(a.triggered[:i], a.triggered[i+1:]...)
			break
		}
	}
	a.removeTxs(func(tx *transaction) bool { return tx.p == p })
	if a.nominating == p {
		a.nominating = nil
	}
}

// initialStates applies §6.1.2.6: for each foundation pair (local and
// remote foundation), the highest-priority frozen pair is set to Waiting
// when no pair of that foundation is Waiting or In-Progress yet.
func (a *Agent) initialStates() {
	for _, p := range a.pairs {
		if p.state != PairFrozen {
			continue
		}
		busy := false
		for _, q := range a.pairs {
			if q != p && q.state != PairFrozen && q.state != PairFailed && sameFoundation(p, q) {
				busy = true
				break
			}
		}
		if !busy {
			p.state = PairWaiting
		}
	}
}

func sameFoundation(p, q *pair) bool {
	return p.local.Foundation == q.local.Foundation && p.remote.Foundation == q.remote.Foundation
}

// Close stops the agent: no more checks or consent. The state becomes
// closed (no event is emitted, as in W3C RTCIceTransport.stop()).
func (a *Agent) Close() {
	if a.closed {
		return
	}
	a.closed = true
	a.state = StateClosed
	a.txs = nil
	a.triggered = nil
	a.nextCheck = time.Time{}
	a.nextConsent = time.Time{}
}

// NextDeadline returns when HandleTimeout must be called next; zero means
// no timer is needed.
func (a *Agent) NextDeadline() time.Time {
	if a.closed {
		return time.Time{}
	}
	var d time.Time
	earliest := func(t time.Time) {
		if !t.IsZero() && (d.IsZero() || t.Before(d)) {
			d = t
		}
	}
	earliest(a.nextCheck)
	earliest(a.nextConsent)
	for i := range a.txs {
		earliest(a.txs[i].deadline)
	}
	if best, pending := a.nominationCandidate(); best != nil && pending {
		earliest(a.firstValid.Add(a.cfg.NominationDelay))
	}
	if p := a.consentPair(); p != nil {
		if a.state != StateDisconnected {
			earliest(p.lastResponse.Add(a.cfg.DisconnectedTimeout))
		}
		if !a.cfg.Lite {
			// Lite agents do not run consent (RFC 7675 §1: it is for
			// full implementations).
			earliest(p.consentAt.Add(a.cfg.ConsentTimeout))
		}
	}
	return d
}

// HandleTimeout runs the timers that are due at now: pacing (Ta),
// retransmissions, nomination, consent and liveness.
func (a *Agent) HandleTimeout(now time.Time) {
	if a.closed {
		return
	}
	// Each retransmission moves its deadline past now, each timeout
	// removes its transaction: the loop ends.
	for i := a.nextDueTx(now); i >= 0; i = a.nextDueTx(now) {
		a.retransmit(now, i)
	}
	a.maybeNominate(now)
	a.runChecks(now)
	a.consentTick(now)
	a.scheduleCheck(now)
	a.updateState(now)
}

// SetRole sets the role of an agent created before it was known: the
// driver of a pre-gathering agent (iceCandidatePoolSize, RFC 9429 §3.5.4)
// learns it only from the first offer (RFC 8445 §6.1.1). A lite agent stays
// controlled. Pair priorities follow the new role (§6.1.2.3).
func (a *Agent) SetRole(controlling bool) {
	if a.cfg.Lite {
		return
	}
	r := Controlled
	if controlling {
		r = Controlling
	}
	a.setRole(r)
}

// ValidPair returns the highest-priority valid pair of the current ICE
// generation, if any. RFC 8445 §12.1: an agent MAY send data on any valid
// pair before a pair is selected (once one is, it MUST use SelectedPair).
func (a *Agent) ValidPair() (Pair, bool) {
	p := a.selected
	if p == nil {
		p = a.bestValid()
	}
	if p == nil {
		return Pair{}, false
	}
	return a.publicPair(p), true
}

// UseValidPair is ValidPair for a caller that starts sending data on the
// pair it returns before one is selected: consent freshness then runs on
// that pair until a pair is selected (RFC 7675 §5.1: consent is maintained
// on the pair "the endpoint sends application data on"), so that a
// nomination that never comes cannot leave data flowing without it.
func (a *Agent) UseValidPair(now time.Time) (Pair, bool) {
	if a.selected == nil && !a.cfg.Lite {
		if p := a.bestValid(); p != nil && a.inUse != p {
			a.inUse = p
			a.nextConsent = now.Add(a.consentJitter())
		}
	}
	return a.ValidPair()
}

// bestValid is the highest-priority valid pair of the current generation
// (pairs are kept in priority order), or nil.
func (a *Agent) bestValid() *pair {
	for _, p := range a.pairs {
		if p.valid && p.creds == a.creds {
			return p
		}
	}
	return nil
}

// PairStats are the counters of a candidate pair that the W3C
// RTCIceCandidatePairStats reports (webrtc-stats §8.19).
type PairStats struct {
	Pair
	State                PairState
	Nominated            bool
	RequestsSent         uint64
	ResponsesReceived    uint64
	CurrentRoundTripTime time.Duration // the last STUN round trip measured; 0 if none
	TotalRoundTripTime   time.Duration // sum of all measured round trips
	RoundTripSamples     uint64
	RequestsReceived     uint64 // authenticated checks answered on this pair
	ResponsesSent        uint64
	ConsentRequestsSent  uint64 // RFC 7675 consent requests among RequestsSent
}

// PairStats returns the counters of every pair of the checklist.
func (a *Agent) PairStats() []PairStats {
	out := make([]PairStats, 0, len(a.pairs))
	for _, p := range a.pairs {
		out = append(out, PairStats{Pair: a.publicPair(p), State: p.state, Nominated: p.nominated,
			RequestsSent: p.requestsSent, ResponsesReceived: p.responsesReceived,
			CurrentRoundTripTime: p.rtt, TotalRoundTripTime: p.rttTotal, RoundTripSamples: p.rttSamples,
			RequestsReceived: p.requestsReceived, ResponsesSent: p.responsesSent, ConsentRequestsSent: p.consentRequestsSent})
	}
	return out
}
