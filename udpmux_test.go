package webrtc

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// connectPair negotiates a and b with trickle and returns a's channel and
// the channel b received, both open, with b echoing what it gets.
func connectPair(t *testing.T, a, b *PeerConnection, label string) (*DataChannel, chan DataChannelMessage) {
	t.Helper()
	ab, ba := trickle(a, b), trickle(b, a)
	dc, err := a.CreateDataChannel(label, nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	echoes := make(chan DataChannelMessage, 64)
	dc.OnMessage(func(m DataChannelMessage) { echoes <- m })
	b.OnDataChannel(func(r *DataChannel) {
		r.OnMessage(func(m DataChannelMessage) { r.SendText(label + ":" + string(m.Data)) })
	})
	negotiate(t, a, b)
	ab.start()
	ba.start()
	waitFor(t, opened, label+" to open")
	return dc, echoes
}

// Single-port mode: two connections share one UDPMux socket, each with a
// peer that has sockets of its own. Each session's datagrams reach its own
// connection (STUN by username fragment, responses by transaction id,
// DTLS by remote address), both host candidates are the mux's address, and
// closing one connection leaves the other working.
func TestUDPMuxSharedSocket(t *testing.T) {
	addrs := localHostAddresses()
	if len(addrs) == 0 {
		t.Skip("no host address")
	}
	m, err := ListenUDPMux(netip.AddrPortFrom(addrs[0], 0))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	s1, s2 := mustPC(t, Configuration{UDPMux: m}), mustPC(t, Configuration{UDPMux: m})
	c1, c2 := mustPC(t, Configuration{}), mustPC(t, Configuration{})
	dc1, e1 := connectPair(t, s1, c1, "one")
	dc2, e2 := connectPair(t, s2, c2, "two")
	if n := m.Connections(); n != 2 {
		t.Fatalf("mux has %d connections, want 2", n)
	}
	for _, s := range []*PeerConnection{s1, s2} {
		for _, l := range s.SCTP().Transport().ICETransport().GetLocalCandidates() {
			if l.Type == ICECandidateTypeHost && (l.Address != m.LocalAddr().Addr().String() || l.Port != m.LocalAddr().Port()) {
				t.Errorf("host candidate %s:%d, want the mux's %v", l.Address, l.Port, m.LocalAddr())
			}
		}
	}
	check := func(dc *DataChannel, echoes chan DataChannelMessage, label string, n int) {
		t.Helper()
		for i := range n {
			if err := dc.SendText(fmt.Sprint(i)); err != nil {
				t.Fatal(err)
			}
		}
		for i := range n {
			msg := waitFor(t, echoes, label+" echo")
			if want := fmt.Sprintf("%s:%d", label, i); string(msg.Data) != want {
				t.Fatalf("echo %q, want %q", msg.Data, want)
			}
		}
	}
	check(dc1, e1, "one", 50)
	check(dc2, e2, "two", 50)
	t.Log("# closing one connection of the mux leaves the other working")
	s1.Close()
	if n := m.Connections(); n != 1 {
		t.Fatalf("mux has %d connections after one closed, want 1", n)
	}
	check(dc2, e2, "two", 50)
	if err := s2.SetConfiguration(Configuration{}); !errors.Is(err, ErrInvalidModification) {
		t.Fatalf("changing UDPMux: %v, want InvalidModificationError", err)
	}
}

func TestUDPMuxNeedsSpecificAddress(t *testing.T) {
	if _, err := ListenUDPMux(netip.MustParseAddrPort("0.0.0.0:0")); !errors.Is(err, ErrType) {
		t.Fatalf("ListenUDPMux(0.0.0.0:0): %v, want TypeError", err)
	}
}

// stunServer answers Binding requests on a real socket with the sender's
// address (RFC 8489 §14.2 XOR-MAPPED-ADDRESS) until the test ends. It
// holds the first hold requests and answers them together, so that every
// one of them is outstanding when the responses arrive.
func stunServer(t *testing.T, at netip.Addr, hold int) (netip.AddrPort, *atomic.Int64) {
	t.Helper()
	c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(at, 0)))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { c.Close(); <-done })
	requests := new(atomic.Int64)
	go func() {
		defer close(done)
		buf := make([]byte, 1500)
		var msg stun.Message
		type held struct {
			id   stun.TransactionID
			from netip.AddrPort
		}
		var waiting []held
		answer := func(h held) {
			var b stun.Builder
			b.Reset(nil, stun.BindingSuccessResponse, h.id)
			b.AddXORAddress(stun.AttrXORMappedAddress, h.from)
			c.WriteToUDPAddrPort(b.Bytes(), h.from)
		}
		for {
			n, from, err := c.ReadFromUDPAddrPort(buf)
			if err != nil {
				return
			}
			if msg.Unmarshal(buf[:n]) != nil || msg.Type != stun.BindingRequest {
				continue
			}
			requests.Add(1)
			h := held{msg.TransactionID, netip.AddrPortFrom(from.Addr().Unmap(), from.Port())}
			if waiting == nil && hold == 0 {
				answer(h)
				continue
			}
			waiting = append(waiting, h)
			if len(waiting) == hold {
				for _, h := range waiting {
					answer(h)
				}
				waiting, hold = nil, 0
			}
		}
	}()
	return netip.AddrPortFrom(at, c.LocalAddr().(*net.UDPAddr).AddrPort().Port()), requests
}

// Several connections of one mux ask the same STUN server: its responses
// all come from one address, and each reaches the connection whose request
// it answers (by transaction id), so every one finishes gathering at once
// and none reports a candidate error. (Routed by address, all the answers
// would go to the connection that asked last.)
func TestUDPMuxSharedSTUNServer(t *testing.T) {
	addrs := localHostAddresses()
	if len(addrs) == 0 {
		t.Skip("no host address")
	}
	m, err := ListenUDPMux(netip.AddrPortFrom(addrs[0], 0))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	const n = 4
	srv, requests := stunServer(t, addrs[0], n)
	cfg := Configuration{UDPMux: m, ICEServers: []ICEServer{{URLs: []string{"stun:" + srv.String()}}}}
	complete := make(chan int, n)
	errs := make(chan ICECandidateErrorEvent, n)
	for i := range n {
		pc := mustPC(t, cfg)
		pc.OnICEGatheringStateChange(func(s ICEGatheringState) {
			if s == ICEGatheringStateComplete {
				t.Logf("complete %d %v", i, pc.LocalDescription().SDP)
				complete <- i
			}
		})
		pc.OnICECandidateError(func(e ICECandidateErrorEvent) { errs <- e })
		if _, err := pc.CreateDataChannel("x", nil); err != nil {
			t.Fatal(err)
		}
		if err := pc.SetLocalDescription(bg, nil); err != nil {
			t.Fatal(err)
		}
	}
	for range n {
		select {
		case <-complete:
		case e := <-errs:
			t.Fatalf("candidate error: %+v", e)
		case <-time.After(5 * time.Second):
			t.Fatal("a connection did not finish gathering: its STUN response went elsewhere")
		}
	}
	if r := requests.Load(); r != n {
		t.Fatalf("the STUN server got %d requests, want %d: a response was lost and the request resent", r, n)
	}
}
