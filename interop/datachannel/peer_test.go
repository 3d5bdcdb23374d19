package datachannel_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc"
)

// A peer is the far end of a session: an RTCPeerConnection in a browser
// page, or Pion's PeerConnection. Its methods fail with an error (the
// session turns it into a test failure with both sides' states); they are
// called from the test's goroutine only.
type peer interface {
	// createChannel creates a channel with RTCDataChannelInit init.
	createChannel(label string, init webrtc.DataChannelInit) error
	// offer creates an offer and applies it; without trickle it returns
	// once gathering is complete, with every candidate in the description.
	offer() (webrtc.SessionDescription, error)
	// answer applies the offer, creates an answer and applies it, with the
	// same rule for gathering.
	answer(offer webrtc.SessionDescription) (webrtc.SessionDescription, error)
	// setAnswer applies the answer to the peer's offer.
	setAnswer(answer webrtc.SessionDescription) error
	// addCandidate adds one of our trickled candidates; nil is the
	// end-of-candidates indication.
	addCandidate(c *webrtc.ICECandidateInit) error
	// send sends the peer's own burst on a channel (see burst).
	send(label string) error
	// received waits until n messages arrived on the channel (or a
	// timeout passed) and returns every message so far, in arrival order.
	received(label string, n int) ([]message, error)
	// info returns the peer's view of a channel's properties.
	info(label string) (channelInfo, error)
	// closeChannel starts closing a channel from the peer's side.
	closeChannel(label string) error
	// closePC closes the peer's connection and returns its states right
	// after close returned.
	closePC() (snapshot, error)
	// snapshot returns the peer's latest known states, as its events
	// reported them.
	snapshot() snapshot
	// query reads the peer's states now (close() fires no events).
	query() (snapshot, error)
	// history returns what the peer reported so far, one entry per event.
	history() []string
	// stop releases the peer at the end of the session.
	stop() error
}

// peerHooks are how a peer reports to its session: changed after any event
// (a state change, a message), candidate for each local candidate it
// trickles (nil for the end of candidates).
type peerHooks struct {
	changed   func()
	candidate func(*webrtc.ICECandidateInit)
}

// newPeerFunc starts a peer for one session.
type newPeerFunc func(trickle bool, h peerHooks) (peer, error)

// snapshot is one side's states: the RTCPeerConnection's connectionState,
// iceConnectionState and signalingState, the RTCDtlsTransport and
// RTCSctpTransport states ("" while pc.sctp is null), and each channel's
// readyState.
type snapshot struct {
	Connection string            `json:"connection"`
	ICE        string            `json:"ice"`
	Signaling  string            `json:"signaling"`
	DTLS       string            `json:"dtls"`
	SCTP       string            `json:"sctp"`
	Channels   map[string]string `json:"channels"`
}

func (s snapshot) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "connection=%s ice=%s signaling=%s dtls=%s sctp=%s channels[", s.Connection, s.ICE, s.Signaling, s.DTLS, s.SCTP)
	for i, l := range slices.Sorted(maps.Keys(s.Channels)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%s", l, s.Channels[l])
	}
	b.WriteByte(']')
	return b.String()
}

// channelInfo is a side's view of a channel's RTCDataChannel attributes.
type channelInfo struct {
	ID                *int `json:"id"`
	Ordered           bool `json:"ordered"`
	MaxRetransmits    *int `json:"maxRetransmits"`
	MaxPacketLifeTime *int `json:"maxPacketLifeTime"`
	Negotiated        bool `json:"negotiated"`
}

func (c channelInfo) String() string {
	opt := func(p *int) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("id=%s ordered=%v maxRetransmits=%s maxPacketLifeTime=%s negotiated=%v",
		opt(c.ID), c.Ordered, opt(c.MaxRetransmits), opt(c.MaxPacketLifeTime), c.Negotiated)
}

// message is a received message as the checks compare it: a text, or a
// binary message's length and SHA-256.
type message struct {
	Text   string `json:"text,omitempty"`
	Binary int    `json:"binary,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

func (m message) String() string {
	if m.Binary > 0 {
		return fmt.Sprintf("binary(%d bytes, sha256 %.16s…)", m.Binary, m.SHA256)
	}
	return fmt.Sprintf("%q", m.Text)
}

func binaryMessage(b []byte) message {
	sum := sha256.Sum256(b)
	return message{Binary: len(b), SHA256: hex.EncodeToString(sum[:])}
}

// The burst each side sends on each channel: burstTexts text messages
// "<label> <sender> <i>", then one binary message of burstBinary bytes
// whose byte i is i*13+seed (the page and Pion build the same pattern).
const (
	burstTexts  = 1000
	burstBinary = 256 << 10
	seedGo      = 1
	seedPeer    = 2
)

func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*13) + seed
	}
	return b
}

func burstText(label, sender string, i int) string { return fmt.Sprintf("%s %s %d", label, sender, i) }

// burst is the list of messages a sender sends on a channel, in order.
func burst(label, sender string, seed byte) []message {
	out := make([]message, 0, burstTexts+1)
	for i := range burstTexts {
		out = append(out, message{Text: burstText(label, sender, i)})
	}
	return append(out, binaryMessage(pattern(burstBinary, seed)))
}

// checkReceived compares what arrived with what was sent: the same
// sequence on an ordered channel, the same multiset on an unordered one.
// It returns a description of the first difference, or "".
func checkReceived(got, want []message, ordered bool) string {
	if ordered {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				return fmt.Sprintf("message %d is %v, want %v (ordered channel)", i, got[i], want[i])
			}
		}
		if len(got) != len(want) {
			return fmt.Sprintf("%d messages, want %d", len(got), len(want))
		}
		return ""
	}
	count := map[message]int{}
	for _, m := range want {
		count[m]++
	}
	var extra []message
	for _, m := range got {
		if count[m] == 0 {
			extra = append(extra, m)
			continue
		}
		count[m]--
	}
	var missing []message
	for _, m := range want {
		if count[m] > 0 {
			missing = append(missing, m)
			count[m]--
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return ""
	}
	return fmt.Sprintf("%d messages, want %d: %d missing (first %v), %d unexpected or duplicated (first %v)",
		len(got), len(want), len(missing), first(missing), len(extra), first(extra))
}

func first(ms []message) string {
	if len(ms) == 0 {
		return "none"
	}
	return ms[0].String()
}

// reordered counts the messages of got that arrived before one sent
// earlier: informative for unordered channels.
func reordered(got, want []message) int {
	pos := make(map[message]int, len(want))
	for i, m := range want {
		pos[m] = i
	}
	n, highest := 0, -1
	for _, m := range got {
		if p := pos[m]; p < highest {
			n++
		} else {
			highest = p
		}
	}
	return n
}

// candidatePipe carries one side's trickled candidates to the other in
// order, holding them until the other side has applied the description
// they belong to (addIceCandidate before setRemoteDescription is an
// InvalidStateError). A nil candidate, end-of-candidates, is the last.
type candidatePipe struct {
	add  func(*webrtc.ICECandidateInit) error
	mu   sync.Mutex
	cond *sync.Cond
	q    []*webrtc.ICECandidateInit
	open bool
	stop bool
	done chan struct{}
	err  error
	n    int
	eoc  bool
}

func newCandidatePipe(add func(*webrtc.ICECandidateInit) error) *candidatePipe {
	p := &candidatePipe{add: add, done: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	go p.run()
	return p
}

// push queues a candidate; at most 256 wait (a peer gathers a few).
func (p *candidatePipe) push(c *webrtc.ICECandidateInit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.q) < 256 {
		p.q = append(p.q, c)
	}
	p.cond.Signal()
}

// start lets the queued candidates and later ones through.
func (p *candidatePipe) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open = true
	p.cond.Signal()
}

// wait waits until end-of-candidates went through (or timeout passed)
// and returns how many candidates were added, whether end-of-candidates
// was, and the first error adding one.
func (p *candidatePipe) wait(timeout time.Duration) (n int, eoc bool, err error) {
	select {
	case <-p.done:
	case <-time.After(timeout):
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n, p.eoc, p.err
}

// close stops the pipe and returns the first error adding a candidate,
// how many were added and whether end-of-candidates was.
func (p *candidatePipe) close() (n int, eoc bool, err error) {
	p.mu.Lock()
	p.stop = true
	p.cond.Signal()
	p.mu.Unlock()
	<-p.done
	return p.n, p.eoc, p.err
}

func (p *candidatePipe) run() {
	defer close(p.done)
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for !p.stop && (!p.open || len(p.q) == 0) {
			p.cond.Wait()
		}
		if p.stop {
			return
		}
		c := p.q[0]
		p.q = p.q[1:]
		p.mu.Unlock()
		err := p.add(c)
		p.mu.Lock()
		if err != nil && p.err == nil {
			p.err = fmt.Errorf("adding candidate %s: %w", describeCandidate(c), err)
		}
		if c == nil {
			p.eoc = true
			return
		} else if err == nil {
			p.n++
		}
	}
}

func describeCandidate(c *webrtc.ICECandidateInit) string {
	if c == nil {
		return "end-of-candidates"
	}
	return fmt.Sprintf("%q", c.Candidate)
}
