package mdns

import (
	"errors"
	"io"
	"net/netip"
	"strings"
)

// TTLs of host records: 120 s (RFC 6762 §10) and at most 10 s in legacy
// unicast responses (§6.7).
const (
	hostTTL       = 120
	legacyTTL     = 10
	maxPublished  = 64
	maxQueuedSend = 64
)

// ErrTooManyNames is returned when more than 64 names are published.
var ErrTooManyNames = errors.New("mdns: too many published names")

// Responder is a sans-IO mDNS responder for the ICE host names this agent
// publishes (draft-ietf-mmusic-mdns-ice-candidates §3.1.1).
type Responder struct {
	// Rand generates UUIDs; required for Publish.
	Rand   io.Reader
	byName map[string]netip.Addr
	byAddr map[netip.Addr]string
	out    []Transmit
}

// Publish returns the "<uuid-v4>.local" name of addr, creating it on first
// use (draft §3.1.1 steps 2–5; one name per address) and queueing an
// unsolicited announcement (RFC 6762 §8.3). Probing is skipped, as the draft
// recommends for UUID names.
func (r *Responder) Publish(addr netip.Addr) (string, error) {
	addr = addr.Unmap()
	if name, ok := r.byAddr[addr]; ok {
		return name, nil
	}
	if len(r.byAddr) >= maxPublished {
		return "", ErrTooManyNames
	}
	name, err := NewICEName(r.Rand)
	if err != nil {
		return "", err
	}
	if r.byName == nil {
		r.byName, r.byAddr = map[string]netip.Addr{}, map[netip.Addr]string{}
	}
	r.byName[name], r.byAddr[addr] = addr, name
	r.send(GroupFor(addr), Message{Response: true, Answers: []Answer{r.answer(name, addr, false)}})
	return name, nil
}

// GroupFor returns the multicast group of addr's family.
func GroupFor(addr netip.Addr) netip.AddrPort {
	if addr.Is4() {
		return GroupIPv4
	}
	return GroupIPv6
}

func (r *Responder) answer(name string, addr netip.Addr, legacy bool) Answer {
	t := TypeA
	if addr.Is6() {
		t = TypeAAAA
	}
	if legacy {
		return Answer{Name: name, Type: t, TTL: legacyTTL, Addr: addr}
	}
	return Answer{Name: name, Type: t, CacheFlush: true, TTL: hostTTL, Addr: addr}
}

func (r *Responder) send(to netip.AddrPort, m Message) {
	if len(r.out) >= maxQueuedSend {
		return
	}
	b, err := m.AppendTo(nil)
	if err != nil {
		return
	}
	r.out = append(r.out, Transmit{To: to, Data: b})
}

// HandlePacket answers a query for one of our names: to the source for
// legacy queriers (source port not 5353, RFC 6762 §6.7, repeating the ID and
// question, no cache-flush, TTL ≤ 10 s) and for the unicast-response bit
// (§5.4); otherwise to the multicast group (§6).
func (r *Responder) HandlePacket(from netip.AddrPort, b []byte) error {
	m, err := Parse(b)
	if err != nil {
		return err
	}
	if m.Response || len(r.byName) == 0 {
		return nil
	}
	legacy := from.Port() != Port
	var resp Message
	unicast := legacy
	for _, q := range m.Questions {
		addr, ok := r.byName[strings.ToLower(q.Name)]
		if !ok || (q.Class != ClassIN && q.Class != 255) {
			continue
		}
		if !(q.Type == 255 || q.Type == TypeA && addr.Is4() || q.Type == TypeAAAA && addr.Is6()) {
			continue
		}
		if legacy {
			resp.Questions = append(resp.Questions, q)
		}
		if q.Unicast {
			unicast = true
		}
		resp.Answers = append(resp.Answers, r.answer(q.Name, addr, legacy))
	}
	if len(resp.Answers) == 0 {
		return nil
	}
	resp.Response = true
	to := GroupFor(from.Addr())
	if legacy {
		resp.ID = m.ID
	}
	if unicast {
		to = from
	}
	r.send(to, resp)
	return nil
}

// PollTransmit returns the next response or announcement to send.
func (r *Responder) PollTransmit() (Transmit, bool) {
	if len(r.out) == 0 {
		return Transmit{}, false
	}
	t := r.out[0]
	r.out = r.out[1:]
	return t, true
}
