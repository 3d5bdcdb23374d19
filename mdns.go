package webrtc

import (
	"context"
	"net/netip"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc/ice"
	"github.com/c4c1f6e1/webrtc/mdns"
	"github.com/c4c1f6e1/webrtc/sdp"
)

// Remote host candidates whose address is an mDNS name
// (draft-ietf-mmusic-mdns-ice-candidates-03 §3.2): browsers put
// "<uuid>.local" in their host candidates to hide private addresses. The
// driver resolves such a name with a one-shot mDNS query (§3.2.1) and gives
// the agent the candidate with the address it resolves to; the candidate
// keeps its name, so the application never sees the address (§3.2.2: the
// resolved address is not exposed). Names of another form are ignored, as
// §3.2.2 says they SHOULD be.

// mdnsTimeout bounds one resolution: the resolver queries, retries once
// after a second, and gives up after three.
const mdnsTimeout = 4 * time.Second

// sharedMDNS is the process's mDNS query socket, opened while resolutions
// are in flight and closed when the last one ends.
var sharedMDNS struct {
	mu    sync.Mutex
	conn  *mdns.Conn
	users int
}

// resolveMDNS resolves an ICE ".local" name.
var resolveMDNS = func(ctx context.Context, name string) (netip.Addr, error) {
	m := &sharedMDNS
	m.mu.Lock()
	if m.conn == nil {
		// The group socket too: some responders (Chromium's) only announce
		// their names by multicast. Without port 5353, queries only.
		c, err := mdns.Listen(true)
		if err != nil {
			c, err = mdns.Listen(false)
		}
		if err != nil {
			m.mu.Unlock()
			return netip.Addr{}, err
		}
		m.conn = c
	}
	m.users++
	c := m.conn
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		if m.users--; m.users == 0 {
			m.conn.Close()
			m.conn = nil
		}
		m.mu.Unlock()
	}()
	ctx, cancel := context.WithTimeout(ctx, mdnsTimeout)
	defer cancel()
	return c.Resolve(ctx, name)
}

// maxMDNSResolutions caps the resolutions one connection runs at once (a
// peer can signal many names).
const maxMDNSResolutions = 16

// remoteCandidate converts a signalled candidate for the agent. A host
// candidate with an mDNS name is resolved in the background and handed to
// the agent when it resolves; ok is false then, and for candidates the
// agent cannot use. Called with d.mu held.
func (d *driver) remoteCandidate(c sdp.Candidate) (ice.Candidate, bool) {
	ic, err := ice.FromSDP(c)
	if err == nil {
		return ic, true
	}
	if !c.IsFQDN() || !mdns.IsICEName(c.Address) || d.closed || d.resolving >= maxMDNSResolutions {
		return ice.Candidate{}, false
	}
	// Convert with a placeholder address, then put the resolved one in.
	withIP := c
	withIP.Address = "0.0.0.0"
	ic, err = ice.FromSDP(withIP)
	if err != nil {
		return ice.Candidate{}, false
	}
	ic.Hostname = c.Address
	if len(d.mdnsRemotes) < maxMDNSResolutions {
		d.mdnsRemotes = append(d.mdnsRemotes, ic)
	}
	if d.resolveCtx == nil {
		d.resolveCtx, d.stopResolving = context.WithCancel(context.Background())
	}
	ctx := d.resolveCtx
	d.resolving++
	d.resolvers.Add(1)
	go func() {
		defer d.resolvers.Done()
		addr, err := resolveMDNS(ctx, c.Address)
		d.mu.Lock()
		defer d.mu.Unlock()
		d.resolving--
		if d.closed {
			return
		}
		now := d.now()
		if err == nil && d.agent != nil {
			ic.Address = netip.AddrPortFrom(addr.Unmap(), ic.Address.Port())
			d.agent.AddRemoteCandidate(now, ic)
			d.resolved++
		}
		if d.resolving == 0 && d.eocWaiting && d.agent != nil {
			d.eocWaiting = false
			d.agent.EndOfRemoteCandidates(now)
		}
		d.flush()
	}()
	return ice.Candidate{}, false
}

// endOfRemoteCandidates tells the agent that no more remote candidates
// come, once the names being resolved are. Called with d.mu held.
func (d *driver) endOfRemoteCandidates() {
	if d.resolving > 0 {
		d.eocWaiting = true
		return
	}
	d.agent.EndOfRemoteCandidates(d.now())
}
