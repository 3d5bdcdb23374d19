// Package pionperf plugs Pion (github.com/pion/webrtc/v4) into the
// measurements of internal/perf, so that the comparison command measures
// both stacks with the same code.
package pionperf

import (
	"errors"
	"fmt"
	"net/netip"
	"runtime/debug"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/perf"
	pion "github.com/pion/webrtc/v4"
)

// Stack is Pion with the API that pion.NewPeerConnection uses (default
// codecs and interceptors), set up the way Pion's own data-channel examples
// are. Addr is the one address whose UDP candidates are signalled to the
// peer; loopback candidates are gathered only when Addr is a loopback
// address (SettingEngine.SetIncludeLoopbackCandidate), since Pion leaves
// them out by default.
type Stack struct {
	Addr netip.Addr
}

// Name returns "pion".
func (Stack) Name() string { return "pion" }

// Version returns the version of github.com/pion/webrtc/v4 built into the
// running binary, or "unknown" (go test binaries carry no module versions).
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/pion/webrtc/v4" {
				return m.Version
			}
		}
	}
	return "unknown"
}

func (s Stack) newPeerConnection() (*pion.PeerConnection, error) {
	var se pion.SettingEngine
	if s.Addr.IsLoopback() {
		se.SetIncludeLoopbackCandidate(true)
	}
	// One API per PeerConnection, as pion.NewPeerConnection does: a
	// MediaEngine is not to be shared between PeerConnections.
	return pion.NewAPI(pion.WithSettingEngine(se)).NewPeerConnection(pion.Configuration{})
}

// Connect implements perf.Stack: NewPeerConnection twice, CreateDataChannel
// on the first, CreateOffer/SetLocalDescription/SetRemoteDescription/
// CreateAnswer, candidates trickled with OnICECandidate/AddICECandidate as
// they are gathered.
func (s Stack) Connect(label string, timeout time.Duration) (perf.Pair, error) {
	a, err := s.newPeerConnection()
	if err != nil {
		return nil, err
	}
	c, err := s.newPeerConnection()
	if err != nil {
		a.Close()
		return nil, err
	}
	p := &pair{a: a, c: c}
	ab, ca := s.trickle(a, c), s.trickle(c, a)
	open := make(chan struct{}, 2)
	remote := make(chan *pion.DataChannel, 1)
	c.OnDataChannel(func(r *pion.DataChannel) {
		remote <- r
		r.OnOpen(func() { open <- struct{}{} })
	})
	p.send, err = a.CreateDataChannel(label, nil)
	if err != nil {
		p.Close()
		return nil, err
	}
	p.send.OnOpen(func() { open <- struct{}{} })
	if err := negotiate(a, c); err != nil {
		p.Close()
		return nil, err
	}
	ab.Start()
	ca.Start()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for range 2 {
		select {
		case <-open:
		case <-timer.C:
			p.Close()
			return nil, fmt.Errorf("pion: channel not open on both sides after %v (offerer: %v; answerer: %v; states %v/%v)",
				timeout, ab, ca, a.ConnectionState(), c.ConnectionState())
		}
	}
	p.recv = <-remote // sent before the answerer's OnOpen is set
	return p, nil
}

func (s Stack) trickle(from, to *pion.PeerConnection) *perf.Trickle {
	t := &perf.Trickle{}
	from.OnICECandidate(func(c *pion.ICECandidate) {
		if c == nil { // gathering complete: the end-of-candidates indication
			t.End(func() error { return to.AddICECandidate(pion.ICECandidateInit{}) })
			return
		}
		init := c.ToJSON()
		t.Offer(perf.OnPath(s.Addr, c.Protocol == pion.ICEProtocolUDP, c.Address), func() error {
			return to.AddICECandidate(init)
		})
	})
	return t
}

func negotiate(a, c *pion.PeerConnection) error {
	offer, err := a.CreateOffer(nil)
	if err != nil {
		return err
	}
	if err := a.SetLocalDescription(offer); err != nil {
		return err
	}
	if err := c.SetRemoteDescription(offer); err != nil {
		return err
	}
	answer, err := c.CreateAnswer(nil)
	if err != nil {
		return err
	}
	if err := c.SetLocalDescription(answer); err != nil {
		return err
	}
	return a.SetRemoteDescription(answer)
}

type pair struct {
	a, c       *pion.PeerConnection
	send, recv *pion.DataChannel
}

func (p *pair) Sender() perf.Sender { return p.send }

func (p *pair) OnReceive(f func([]byte)) {
	p.recv.OnMessage(func(m pion.DataChannelMessage) { f(m.Data) })
}

func (p *pair) Connected() bool {
	return p.a.ConnectionState() == pion.PeerConnectionStateConnected &&
		p.c.ConnectionState() == pion.PeerConnectionStateConnected &&
		p.send.ReadyState() == pion.DataChannelStateOpen &&
		p.recv.ReadyState() == pion.DataChannelStateOpen
}

func (p *pair) Close() error {
	return errors.Join(p.a.Close(), p.c.Close())
}
