// Package ice_test runs this module's ICE agent against Pion's (pion/ice)
// over loopback UDP, in both roles.
package ice_test

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/ice"
	"github.com/c4c1f6e1/webrtc/iceconn"
	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	pion "github.com/pion/ice/v4"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// fromPion converts a Pion candidate to ours through its fields.
func fromPion(t *testing.T, c pion.Candidate) ice.Candidate {
	t.Helper()
	typ, err := ice.ParseCandidateType(c.Type().String())
	if err != nil {
		t.Fatal(err)
	}
	addr, err := netip.ParseAddr(c.Address())
	if err != nil {
		t.Fatalf("pion candidate address %q: %v", c.Address(), err)
	}
	out := ice.Candidate{Foundation: c.Foundation(), Component: int(c.Component()), Priority: c.Priority(),
		Address: netip.AddrPortFrom(addr, uint16(c.Port())), Type: typ}
	if r := c.RelatedAddress(); r != nil {
		if ra, err := netip.ParseAddr(r.Address); err == nil {
			out.Related = netip.AddrPortFrom(ra, uint16(r.Port))
		}
	}
	return out
}

// toPion converts our candidate through the RFC 8839 candidate-attribute
// text, which Pion parses.
func toPion(t *testing.T, c ice.Candidate) pion.Candidate {
	t.Helper()
	pc, err := pion.UnmarshalCandidate(c.String())
	if err != nil {
		t.Fatalf("pion cannot parse %q: %v", c.String(), err)
	}
	return pc
}

func run(t *testing.T, weControl bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	lo := netip.MustParseAddr("127.0.0.1")
	pa, err := pion.NewAgentWithOptions(
		pion.WithNetworkTypes([]pion.NetworkType{pion.NetworkTypeUDP4}),
		pion.WithCandidateTypes([]pion.CandidateType{pion.CandidateTypeHost}),
		pion.WithIncludeLoopback(),
		pion.WithIPFilter(func(ip net.IP) bool { return ip.IsLoopback() }),
		pion.WithMulticastDNSMode(pion.MulticastDNSModeDisabled),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer pa.Close()

	ours := make(chan *iceconn.Conn, 1)
	oursCands := make(chan ice.Candidate, 16)
	our, err := iceconn.ListenUDP(ice.Config{Controlling: weControl, Software: "c4c1f6e1"}, []netip.Addr{lo}, func(e ice.Event) {
		if e.Type == ice.EventCandidate {
			oursCands <- e.Candidate
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer our.Close()
	ours <- our

	if err := pa.OnCandidate(func(c pion.Candidate) {
		if c == nil {
			our.EndOfRemoteCandidates()
			return
		}
		t.Logf("pion candidate: %s", c.Marshal())
		if err := our.AddRemoteCandidate(fromPion(t, c)); err != nil {
			t.Errorf("AddRemoteCandidate(%s): %v", c.Marshal(), err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	pu, pp, err := pa.GetLocalUserCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if err := our.SetRemoteCredentials(pu, pp); err != nil {
		t.Fatal(err)
	}
	ou, op := our.LocalCredentials()
	if err := our.Gather(); err != nil {
		t.Fatal(err)
	}
	if err := pa.GatherCandidates(); err != nil {
		t.Fatal(err)
	}
	// Our candidates to Pion.
	go func() {
		for {
			select {
			case c := <-oursCands:
				t.Logf("our candidate: %s", c.String())
				if err := pa.AddRemoteCandidate(toPion(t, c)); err != nil {
					t.Errorf("pion AddRemoteCandidate: %v", err)
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	type result struct {
		c   *pion.Conn
		err error
	}
	pres := make(chan result, 1)
	go func() {
		var c *pion.Conn
		var err error
		if weControl {
			c, err = pa.Accept(ctx, ou, op)
		} else {
			c, err = pa.Dial(ctx, ou, op)
		}
		pres <- result{c, err}
	}()
	pair, err := our.WaitConnected(ctx)
	if err != nil {
		t.Fatalf("our agent: %v", err)
	}
	t.Logf("our selected pair: %v → %v", pair.Local.Address, pair.Remote.Address)
	r := <-pres
	if r.err != nil {
		t.Fatalf("pion: %v", r.err)
	}
	t.Logf("pion connected")
	// Data both ways (first byte ≥ 4 so our demultiplexer treats it as data).
	if _, err := r.c.Write([]byte{0x80, 'h', 'i'}); err != nil {
		t.Fatal(err)
	}
	got, err := our.Read(ctx)
	if err != nil || string(got[1:]) != "hi" {
		t.Fatalf("we read %q, %v", got, err)
	}
	if _, err := our.Write([]byte{0x80, 'y', 'o'}); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	_ = r.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, err := r.c.Read(buf)
	if err != nil || string(buf[1:n]) != "yo" {
		t.Fatalf("pion read %q, %v", buf[:n], err)
	}
	if s := our.State(); s != ice.StateConnected && s != ice.StateCompleted {
		t.Errorf("our state: %v", s)
	}
	if p, err := pa.GetSelectedCandidatePair(); err != nil || p == nil || p.Remote.Port() != int(pair.Local.Address.Port()) {
		t.Errorf("pion's selected pair %v (%v) does not end at our %v", p, err, pair.Local.Address)
	}
	_ = r.c.Close()
}

func TestOursControllingPionControlled(t *testing.T) { run(t, true) }
func TestPionControllingOursControlled(t *testing.T) { run(t, false) }
