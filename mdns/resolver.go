package mdns

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Port is the mDNS port (RFC 6762 §3).
const Port = 5353

// The mDNS multicast groups (RFC 6762 §3).
var (
	GroupIPv4 = netip.AddrPortFrom(netip.AddrFrom4([4]byte{224, 0, 0, 251}), Port)
	GroupIPv6 = netip.MustParseAddrPort("[ff02::fb]:5353")
)

// Resolver timing: a one-shot query is repeated once after a second (RFC
// 6762 §5.2: at least one second between the first two queries) and given up
// after three (§5.1: "two or three seconds").
const (
	retryAfter = time.Second
	giveUp     = 3 * time.Second
	// MaxPending caps concurrent resolutions (names a peer can make us
	// query).
	MaxPending = 32
)

// Errors reported in Result.Err.
var (
	ErrTimeout     = errors.New("mdns: no answer")
	ErrAmbiguous   = errors.New("mdns: name resolves to more than one address")
	ErrNotICEName  = errors.New("mdns: not a <uuid>.local name")
	ErrTooManyReqs = errors.New("mdns: too many pending resolutions")
)

// Transmit is a datagram to send.
type Transmit struct {
	To   netip.AddrPort
	Data []byte
}

// Result is the outcome of a resolution.
type Result struct {
	Name string
	Addr netip.Addr
	Err  error
}

type pending struct {
	name     string
	started  time.Time
	next     time.Time
	tries    int
	addrs    []netip.Addr
	deadline time.Time
}

// Resolver is a sans-IO one-shot mDNS resolver for ICE candidate names.
type Resolver struct {
	// Groups are the destinations of queries; default GroupIPv4.
	Groups  []netip.AddrPort
	pending []*pending
	out     []Transmit
	results []Result
	id      uint16
}

// Resolve starts resolving name (draft-ietf-mmusic-mdns-ice-candidates
// §3.2.1 step 3). Only "<uuid-v4>.local" names are accepted (§3.2.2).
func (r *Resolver) Resolve(now time.Time, name string) error {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	if !IsICEName(name) {
		return fmt.Errorf("%w: %q", ErrNotICEName, name)
	}
	for _, p := range r.pending {
		if p.name == name {
			return nil
		}
	}
	if len(r.pending) >= MaxPending {
		return ErrTooManyReqs
	}
	p := &pending{name: name, started: now, deadline: now.Add(giveUp)}
	r.pending = append(r.pending, p)
	r.query(now, p)
	return nil
}

func (r *Resolver) query(now time.Time, p *pending) {
	p.tries++
	p.next = now.Add(retryAfter)
	if p.tries > 1 {
		p.next = time.Time{}
	}
	r.id++
	m := Message{ID: r.id, Questions: []Question{
		{Name: p.name, Type: TypeA, Class: ClassIN, Unicast: true},
		{Name: p.name, Type: TypeAAAA, Class: ClassIN, Unicast: true},
	}}
	b, err := m.AppendTo(nil)
	if err != nil {
		panic("BUG: mdns: validated name does not encode: " + err.Error())
	}
	groups := r.Groups
	if len(groups) == 0 {
		groups = []netip.AddrPort{GroupIPv4}
	}
	for _, g := range groups {
		r.out = append(r.out, Transmit{To: g, Data: b})
	}
}

// HandlePacket processes a datagram received from from. Responses not sent
// from port 5353 are ignored (RFC 6762 §6); questions in responses are
// ignored.
func (r *Resolver) HandlePacket(now time.Time, from netip.AddrPort, b []byte) error {
	if from.Port() != Port {
		return nil
	}
	m, err := Parse(b)
	if err != nil {
		return err
	}
	if !m.Response {
		return nil
	}
	for i := 0; i < len(r.pending); i++ {
		p := r.pending[i]
		for _, a := range m.Answers {
			// A TTL of zero is a goodbye (RFC 6762 §10.1); an unspecified
			// address names nothing to connect to.
			if a.Name != p.name || a.TTL == 0 || !a.Addr.IsValid() || a.Addr.IsUnspecified() {
				continue
			}
			addr := a.Addr.Unmap()
			dup := false
			for _, x := range p.addrs {
				dup = dup || x == addr
			}
			if !dup {
				p.addrs = append(p.addrs, addr)
			}
		}
		if len(p.addrs) == 0 {
			continue
		}
		// The first response concludes a one-shot query (RFC 6762 §5.1).
		res := Result{Name: p.name, Addr: p.addrs[0]}
		if len(p.addrs) > 1 {
			// Draft §3.2.2: SHOULD ignore candidates whose resolution
			// returns more than one IP address.
			res = Result{Name: p.name, Err: ErrAmbiguous}
		}
		r.results = append(r.results, res)
		r.pending = append(r.pending[:i], r.pending[i+1:]...)
		i--
	}
	return nil
}

// HandleTimeout retries and expires queries.
func (r *Resolver) HandleTimeout(now time.Time) {
	for i := 0; i < len(r.pending); i++ {
		p := r.pending[i]
		if !now.Before(p.deadline) {
			r.results = append(r.results, Result{Name: p.name, Err: ErrTimeout})
			r.pending = append(r.pending[:i], r.pending[i+1:]...)
			i--
			continue
		}
		if !p.next.IsZero() && !now.Before(p.next) {
			r.query(now, p)
		}
	}
}

// NextDeadline returns when HandleTimeout must run next (zero: never).
func (r *Resolver) NextDeadline() time.Time {
	var d time.Time
	for _, p := range r.pending {
		for _, t := range []time.Time{p.next, p.deadline} {
			if !t.IsZero() && (d.IsZero() || t.Before(d)) {
				d = t
			}
		}
	}
	return d
}

// PollTransmit returns the next query to send.
func (r *Resolver) PollTransmit() (Transmit, bool) {
	if len(r.out) == 0 {
		return Transmit{}, false
	}
	t := r.out[0]
	r.out = r.out[1:]
	return t, true
}

// PollResult returns the next finished resolution.
func (r *Resolver) PollResult() (Result, bool) {
	if len(r.results) == 0 {
		return Result{}, false
	}
	res := r.results[0]
	r.results = r.results[1:]
	return res, true
}

func normalize(name string) string { return strings.TrimSuffix(strings.ToLower(name), ".") }
