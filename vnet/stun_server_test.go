package vnet

import (
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// stunBind runs a STUN Binding transaction from c to server, retransmitting
// a few times, and returns the XOR-MAPPED-ADDRESS of the success response.
func stunBind(t *testing.T, c *UDPConn, server netip.AddrPort, fingerprint bool) (netip.AddrPort, bool) {
	t.Helper()
	id := stun.TransactionID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, byte(c.LocalAddrPort().Port())}
	var b stun.Builder
	b.Reset(nil, stun.BindingRequest, id)
	if fingerprint {
		b.AddFingerprint()
	}
	buf := make([]byte, 1500)
	// RFC 8489 §6.2.1: retransmit with a doubling RTO starting at 500 ms.
	rto := 500 * time.Millisecond
	for range 3 {
		if _, err := c.WriteToUDPAddrPort(b.Message(), server); err != nil {
			t.Fatalf("STUN request: %v", err)
		}
		deadline := time.Now().Add(rto)
		rto *= 2
		for {
			c.SetReadDeadline(deadline)
			n, from, err := c.ReadFromUDPAddrPort(buf)
			if err != nil {
				break
			}
			m, err := stun.Parse(buf[:n])
			if err != nil || from != server || m.TransactionID != id || m.Type != stun.BindingSuccessResponse {
				continue
			}
			a, err := m.XORAddress(stun.AttrXORMappedAddress)
			if err != nil {
				t.Fatalf("success response without a usable XOR-MAPPED-ADDRESS: %v", err)
			}
			return a, true
		}
	}
	return netip.AddrPort{}, false
}

func TestSTUNServerReflectsTheMapping(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 11})
		srvHost := h.host("stun", InterfaceConfig{IPv6: true})
		srv, err := srvHost.ServeSTUN(":3478")
		if err != nil {
			t.Fatal(err)
		}
		nat := h.nat(NATConfig{Mapping: AddressAndPortDependent})
		c := h.host("c", InterfaceConfig{Realm: nat.Inside(), IPv6: true})
		echo, err := srvHost.ListenUDP("udp", ":9999")
		if err != nil {
			t.Fatal(err)
		}
		defer echo.Close()
		for _, a := range srvHost.Addrs() {
			network := "udp4"
			if a.Is6() {
				network = "udp6"
			}
			conn, err := c.ListenUDP(network, ":0")
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			server := netip.AddrPortFrom(a, 3478)
			t.Logf("# RFC 8489 §6.3.1.1: XOR-MAPPED-ADDRESS is the request's source as the server sees it (%v → %v)", conn.LocalAddrPort(), server)
			got, ok := stunBind(t, conn, server, true)
			if !ok {
				t.Fatalf("no Binding response from %v", server)
			}
			wantAddr := nat.ExternalAddrs()[0]
			if a.Is6() {
				wantAddr = nat.ExternalAddrs()[1]
			}
			if got.Addr() != wantAddr || got.Port() == 0 {
				t.Fatalf("mapped address %v, want the NAT's external address %v", got, wantAddr)
			}
			t.Logf("# learned %v", got)
			t.Logf("# the mapping is real: the server's host can reach the client through it")
			h.write(echo, got, "through the mapping")
			h.want("via the learned mapping", conn, "through the mapping", netip.AddrPortFrom(a, 9999), time.Second)
		}
		if st := srv.Stats(); st.Requests != 2 {
			t.Fatalf("server stats %+v, want 2 requests answered", st)
		}
	})
}

func TestSTUNServerErrorsAndDrops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 12})
		srvHost := h.host("stun")
		srv, err := srvHost.ServeSTUN(":3478")
		if err != nil {
			t.Fatal(err)
		}
		c := h.listen(h.host("c"), ":4000")
		server := netip.AddrPortFrom(srvHost.Addrs()[0], 3478)
		id := stun.TransactionID{9}

		t.Logf("# RFC 8489 §6.3.1: unknown comprehension-required attribute → 420 with UNKNOWN-ATTRIBUTES")
		var b stun.Builder
		b.Reset(nil, stun.BindingRequest, id)
		b.Add(stun.AttrType(0x7f01), []byte{1, 2, 3, 4})
		b.Add(stun.AttrType(0xc001), []byte{1}) // comprehension-optional: ignored
		h.write(c, server, string(b.Message()))
		got, _, ok := h.recv(c, time.Second)
		if !ok {
			t.Fatalf("no response to a request with an unknown attribute")
		}
		m, err := stun.Parse([]byte(got))
		if err != nil || m.Type != stun.BindingErrorResponse || m.TransactionID != id {
			t.Fatalf("got %v (%v), want a Binding error response", m.String(), err)
		}
		if code, _, err := m.ErrorCode(); err != nil || code != 420 {
			t.Fatalf("error code %d (%v), want 420", code, err)
		}
		if u, err := m.UnknownAttributes(nil); err != nil || len(u) != 1 || u[0] != 0x7f01 {
			t.Fatalf("UNKNOWN-ATTRIBUTES %v (%v), want [0x7f01]", u, err)
		}

		t.Logf("# §6.3: indications, responses, other methods, bad fingerprints and non-STUN are silently dropped")
		for _, mt := range []stun.MessageType{stun.BindingIndication, stun.BindingSuccessResponse, {Method: stun.MethodAllocate, Class: stun.ClassRequest}} {
			b.Reset(nil, mt, id)
			h.write(c, server, string(b.Message()))
		}
		b.Reset(nil, stun.BindingRequest, id)
		b.AddFingerprint()
		bad := []byte(string(b.Message()))
		bad[len(bad)-1] ^= 1
		h.write(c, server, string(bad))
		h.write(c, server, "not stun at all, just some bytes")
		h.wantNothing("dropped", c, time.Second)
		if st := srv.Stats(); st != (STUNServerStats{Errors: 1, Ignored: 3, Malformed: 2}) {
			t.Fatalf("stats %+v", st)
		}
		t.Logf("# after Close the port is free and nothing answers")
		srv.Close()
		if _, ok := stunBind(t, c, server, false); ok {
			t.Fatalf("closed server answered")
		}
	})
}

// FuzzSTUNServer feeds arbitrary datagrams to the server: it must never
// panic, and whatever it sends back must be a well-formed STUN response.
func FuzzSTUNServer(f *testing.F) {
	var b stun.Builder
	b.Reset(nil, stun.BindingRequest, stun.TransactionID{1})
	f.Add([]byte(string(b.Message())))
	b.AddFingerprint()
	f.Add([]byte(string(b.Message())))
	b.Reset(nil, stun.BindingRequest, stun.TransactionID{2})
	b.Add(0x0033, []byte{1})
	f.Add([]byte(string(b.Message())))
	f.Add([]byte{0, 1, 0, 0})
	f.Fuzz(func(t *testing.T, p []byte) { synctest.Test(t, func(t *testing.T) { fuzzSTUNServer(t, p) }) })
}

// fuzzSTUNServer sends p to a STUN server over the network and checks the
// answer, if any.
func fuzzSTUNServer(t *testing.T, p []byte) {
	n := NewNetwork(NetworkConfig{Seed: 1})
	defer n.Close()
	hs, _ := n.NewHost(HostConfig{Name: "s"})
	if _, err := hs.ServeSTUN(":3478"); err != nil {
		t.Fatal(err)
	}
	hc, _ := n.NewHost(HostConfig{Name: "c"})
	c, _ := hc.ListenUDP("udp4", ":4000")
	to := netip.AddrPortFrom(hs.Addrs()[0], 3478)
	if _, err := c.WriteToUDPAddrPort(p, to); err != nil {
		return // too long for UDP
	}
	c.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, 2048)
	k, _, err := c.ReadFromUDPAddrPort(buf)
	if err != nil {
		return // no response
	}
	m, err := stun.Parse(buf[:k])
	if err != nil {
		t.Fatalf("server sent a malformed message: %v", err)
	}
	req, _ := stun.Parse(p)
	if m.TransactionID != req.TransactionID || m.Type.Method != stun.MethodBinding {
		t.Fatalf("response %v does not match request %v", m.String(), req.String())
	}
	switch m.Type.Class {
	case stun.ClassSuccessResponse:
		if a, err := m.XORAddress(stun.AttrXORMappedAddress); err != nil || a != netip.AddrPortFrom(hc.Addrs()[0], 4000) {
			t.Fatalf("XOR-MAPPED-ADDRESS %v (%v), want the client's address", a, err)
		}
	case stun.ClassErrorResponse:
		if code, _, err := m.ErrorCode(); err != nil || code != 420 {
			t.Fatalf("error response %d (%v), want 420", code, err)
		}
	default:
		t.Fatalf("server sent %v", m.Type)
	}
}
