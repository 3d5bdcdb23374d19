package perf

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/c4c1f6e1/webrtc"
)

// Ours is this module's stack, driven through the public webrtc API with
// the default Configuration. Addr is the one address whose UDP candidates
// are signalled to the peer.
type Ours struct {
	Addr netip.Addr
}

// Name returns "ours".
func (Ours) Name() string { return "ours" }

// Connect implements Stack: NewPeerConnection twice, CreateDataChannel on
// the first, offer/answer with setLocalDescription's implicit descriptions
// (W3C webrtc §4.4.1.5), candidates trickled as they are gathered.
func (o Ours) Connect(label string, timeout time.Duration) (Pair, error) {
	a, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	c, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		a.Close()
		return nil, err
	}
	p := &oursPair{a: a, c: c}
	ab, ca := o.trickle(a, c), o.trickle(c, a)
	open := make(chan struct{}, 2)
	remote := make(chan *webrtc.DataChannel, 1)
	c.OnDataChannel(func(r *webrtc.DataChannel) {
		r.OnOpen(func() { open <- struct{}{} })
		remote <- r
	})
	p.send, err = a.CreateDataChannel(label, nil)
	if err != nil {
		p.Close()
		return nil, err
	}
	p.send.OnOpen(func() { open <- struct{}{} })
	if err := o.negotiate(a, c, ab, ca); err != nil {
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
			return nil, fmt.Errorf("ours: channel not open on both sides after %v (offerer: %v; answerer: %v; states %v/%v)",
				timeout, ab, ca, a.ConnectionState(), c.ConnectionState())
		}
	}
	p.recv = <-remote // sent before the answerer's open event
	return p, nil
}

func (o Ours) trickle(from, to *webrtc.PeerConnection) *Trickle {
	t := &Trickle{}
	from.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			t.End(func() error { return to.AddICECandidate(context.Background(), nil) })
			return
		}
		init := c.ToJSON()
		t.Offer(OnPath(o.Addr, c.Protocol == webrtc.ICEProtocolUDP, c.Address), func() error {
			return to.AddICECandidate(context.Background(), &init)
		})
	})
	return t
}

// negotiate runs the offer/answer. The descriptions carry the
// candidates gathered by then (host candidates are gathered within
// setLocalDescription, JSEP §5.2.1 includes them); those not on the
// measured path are taken out like the trickled ones, so that both stacks
// connect over the one path.
func (o Ours) negotiate(a, c *webrtc.PeerConnection, ab, ca *Trickle) error {
	ctx := context.Background()
	if err := a.SetLocalDescription(ctx, nil); err != nil {
		return err
	}
	if err := c.SetRemoteDescription(ctx, o.onPath(*a.LocalDescription(), ab)); err != nil {
		return err
	}
	if err := c.SetLocalDescription(ctx, nil); err != nil {
		return err
	}
	return a.SetRemoteDescription(ctx, o.onPath(*c.LocalDescription(), ca))
}

// onPath returns d without the candidate lines that are not on the path,
// counting them in t.
func (o Ours) onPath(d webrtc.SessionDescription, t *Trickle) webrtc.SessionDescription {
	lines := strings.SplitAfter(d.SDP, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "a=candidate:"); ok {
			// foundation component transport priority address port typ …
			f := strings.Fields(v)
			keep := len(f) > 5 && OnPath(o.Addr, strings.EqualFold(f[2], "udp"), f[4])
			t.Count(keep)
			if !keep {
				continue
			}
		}
		kept = append(kept, l)
	}
	d.SDP = strings.Join(kept, "")
	return d
}

type oursPair struct {
	a, c       *webrtc.PeerConnection
	send, recv *webrtc.DataChannel
}

func (p *oursPair) Sender() Sender { return p.send }

func (p *oursPair) OnReceive(f func([]byte)) {
	p.recv.OnMessage(func(m webrtc.DataChannelMessage) { f(m.Data) })
}

func (p *oursPair) Connected() bool {
	return p.a.ConnectionState() == webrtc.PeerConnectionStateConnected &&
		p.c.ConnectionState() == webrtc.PeerConnectionStateConnected &&
		p.send.ReadyState() == webrtc.DataChannelStateOpen &&
		p.recv.ReadyState() == webrtc.DataChannelStateOpen
}

func (p *oursPair) Close() error {
	return errors.Join(p.a.Close(), p.c.Close())
}
