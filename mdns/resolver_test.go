package mdns

import (
	"errors"
	"net/netip"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestResolveAgainstResponder(t *testing.T) {
	rsp := &Responder{Rand: fixedRand{}}
	addr := netip.MustParseAddr("192.168.1.20")
	name, err := rsp.Publish(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("# RFC 6762 §8.3: publishing announces the name to the group, with cache-flush and TTL 120 s")
	ann, ok := rsp.PollTransmit()
	if !ok || ann.To != GroupIPv4 {
		t.Fatalf("announcement %v %v", ann, ok)
	}
	if m, _ := Parse(ann.Data); len(m.Answers) != 1 || !m.Answers[0].CacheFlush || m.Answers[0].TTL != 120 || m.Answers[0].Addr != addr {
		t.Errorf("announcement %+v", m)
	}
	if again, _ := rsp.Publish(addr); again != name {
		t.Errorf("draft §3.1.1 step 2: a second Publish of the same address gives a new name")
	}

	var r Resolver
	if err := r.Resolve(t0, name); err != nil {
		t.Fatal(err)
	}
	q, ok := r.PollTransmit()
	if !ok || q.To != GroupIPv4 {
		t.Fatalf("query %v", q)
	}
	qm, _ := Parse(q.Data)
	t.Logf("# draft §3.2.1 step 3: the query SHOULD set the unicast-response bit")
	if len(qm.Questions) != 2 || !qm.Questions[0].Unicast {
		t.Errorf("questions %+v", qm.Questions)
	}
	t.Logf("# RFC 6762 §6.7: a query from a port other than 5353 gets a unicast reply repeating ID and question, no cache-flush, TTL ≤ 10 s")
	querier := netip.MustParseAddrPort("192.168.1.5:40000")
	if err := rsp.HandlePacket(querier, q.Data); err != nil {
		t.Fatal(err)
	}
	resp, ok := rsp.PollTransmit()
	if !ok || resp.To != querier {
		t.Fatalf("response %v %v", resp, ok)
	}
	rm, _ := Parse(resp.Data)
	if rm.ID != qm.ID || len(rm.Questions) != 1 || len(rm.Answers) != 1 || rm.Answers[0].CacheFlush || rm.Answers[0].TTL > 10 {
		t.Errorf("legacy response %+v", rm)
	}
	t.Logf("# RFC 6762 §6: responses whose source port is not 5353 MUST be silently ignored")
	_ = r.HandlePacket(t0, netip.MustParseAddrPort("192.168.1.20:1234"), resp.Data)
	if _, ok := r.PollResult(); ok {
		t.Fatalf("accepted a response from port 1234")
	}
	_ = r.HandlePacket(t0, netip.MustParseAddrPort("192.168.1.20:5353"), resp.Data)
	res, ok := r.PollResult()
	if !ok || res.Err != nil || res.Addr != addr || res.Name != name {
		t.Fatalf("result %+v %v", res, ok)
	}
	if !r.NextDeadline().IsZero() {
		t.Errorf("deadline after completion")
	}
}

func TestResolveTimeoutAndRetry(t *testing.T) {
	var r Resolver
	name, _ := NewICEName(fixedRand{})
	_ = r.Resolve(t0, name)
	r.PollTransmit()
	t.Logf("# RFC 6762 §5.2: the second query at least one second after the first; §5.1: give up after about three seconds")
	if d := r.NextDeadline(); d != t0.Add(time.Second) {
		t.Fatalf("retry at %v", d.Sub(t0))
	}
	r.HandleTimeout(t0.Add(time.Second))
	if _, ok := r.PollTransmit(); !ok {
		t.Fatalf("no retry")
	}
	if d := r.NextDeadline(); d != t0.Add(3*time.Second) {
		t.Fatalf("give up at %v", d.Sub(t0))
	}
	r.HandleTimeout(t0.Add(3 * time.Second))
	res, ok := r.PollResult()
	if !ok || !errors.Is(res.Err, ErrTimeout) {
		t.Fatalf("result %+v", res)
	}
}

func TestResolveRefusals(t *testing.T) {
	var r Resolver
	t.Logf("# draft §3.2.2: agents SHOULD NOT resolve names that are not <uuid-v4>.local")
	if err := r.Resolve(t0, "printer.local"); !errors.Is(err, ErrNotICEName) {
		t.Errorf("printer.local: %v", err)
	}
	for i := 0; i < MaxPending; i++ {
		n, _ := NewICEName(counterRand{i})
		if err := r.Resolve(t0, n); err != nil {
			t.Fatal(err)
		}
	}
	n, _ := NewICEName(counterRand{999})
	if err := r.Resolve(t0, n); !errors.Is(err, ErrTooManyReqs) {
		t.Errorf("over the cap: %v", err)
	}
	t.Logf("# draft §3.2.2: a name answered with two addresses is ignored")
	var r2 Resolver
	name, _ := NewICEName(fixedRand{})
	_ = r2.Resolve(t0, name)
	m := Message{Response: true, Answers: []Answer{
		{Name: name, Type: TypeA, TTL: 1, Addr: netip.MustParseAddr("10.0.0.1")},
		{Name: name, Type: TypeA, TTL: 1, Addr: netip.MustParseAddr("10.0.0.2")},
	}}
	b, _ := m.AppendTo(nil)
	_ = r2.HandlePacket(t0, netip.MustParseAddrPort("10.0.0.1:5353"), b)
	if res, _ := r2.PollResult(); !errors.Is(res.Err, ErrAmbiguous) {
		t.Errorf("two addresses: %+v", res)
	}
}

func TestResponderMulticastAndUnknown(t *testing.T) {
	rsp := &Responder{Rand: fixedRand{}}
	name, _ := rsp.Publish(netip.MustParseAddr("2001:db8::5"))
	rsp.PollTransmit()
	t.Logf("# RFC 6762 §6: a query from port 5353 without the QU bit is answered to the group")
	q := Message{Questions: []Question{{Name: name, Type: TypeAAAA, Class: ClassIN}}}
	b, _ := q.AppendTo(nil)
	_ = rsp.HandlePacket(netip.MustParseAddrPort("[fe80::9]:5353"), b)
	tr, ok := rsp.PollTransmit()
	if !ok || tr.To != GroupIPv6 {
		t.Fatalf("%v %v", tr, ok)
	}
	t.Logf("# an A question for an IPv6-only name, or an unknown name, gets no answer")
	q.Questions[0].Type = TypeA
	b, _ = q.AppendTo(nil)
	_ = rsp.HandlePacket(netip.MustParseAddrPort("[fe80::9]:5353"), b)
	q.Questions[0] = Question{Name: "other.local", Type: TypeAAAA, Class: ClassIN}
	b, _ = q.AppendTo(nil)
	_ = rsp.HandlePacket(netip.MustParseAddrPort("[fe80::9]:5353"), b)
	if tr, ok := rsp.PollTransmit(); ok {
		t.Errorf("unexpected answer %v", tr)
	}
}

type counterRand struct{ n int }

func (c counterRand) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte(c.n >> (8 * (i % 4)))
	}
	return len(b), nil
}

// A responder that only announces its names (Chromium's, here) resolves a
// pending name through its announcement (RFC 6762 §8.3) heard on the group;
// goodbyes (TTL 0, §10.1) and unspecified addresses resolve nothing.
func TestResolveFromAnnouncement(t *testing.T) {
	rsp := &Responder{Rand: fixedRand{}}
	addr := netip.MustParseAddr("192.168.1.20")
	name, err := rsp.Publish(addr)
	if err != nil {
		t.Fatal(err)
	}
	ann, _ := rsp.PollTransmit()
	var r Resolver
	if err := r.Resolve(t0, name); err != nil {
		t.Fatal(err)
	}
	from := netip.MustParseAddrPort("192.168.1.20:5353")
	for _, a := range []Answer{
		{Name: name, Type: TypeA, TTL: 0, Addr: addr},
		{Name: name, Type: TypeA, TTL: 120, Addr: netip.IPv4Unspecified()},
	} {
		b, err := (&Message{Response: true, Answers: []Answer{a}}).AppendTo(nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = r.HandlePacket(t0, from, b)
		if res, ok := r.PollResult(); ok {
			t.Fatalf("answer %+v resolved the name: %+v", a, res)
		}
	}
	_ = r.HandlePacket(t0, from, ann.Data)
	res, ok := r.PollResult()
	if !ok || res.Err != nil || res.Addr != addr {
		t.Fatalf("after the announcement: %+v %v, want %v", res, ok, addr)
	}
}
