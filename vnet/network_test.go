package vnet

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// netHarness is the test harness for a Network: it builds topologies and
// sends and expects datagrams, narrating as it goes. It must be used inside
// a synctest bubble.
type netHarness struct {
	t *testing.T
	n *Network
}

func newNetHarness(t *testing.T, cfg NetworkConfig) *netHarness {
	t.Helper()
	n := NewNetwork(cfg)
	t.Cleanup(func() { n.Close() })
	return &netHarness{t: t, n: n}
}

func (h *netHarness) host(name string, ifs ...InterfaceConfig) *Host {
	h.t.Helper()
	x, err := h.n.NewHost(HostConfig{Name: name, Interfaces: ifs})
	if err != nil {
		h.t.Fatalf("NewHost(%s): %v", name, err)
	}
	return x
}

func (h *netHarness) nat(cfg NATConfig) *NAT {
	h.t.Helper()
	x, err := h.n.NewNAT(h.n.Internet(), cfg)
	if err != nil {
		h.t.Fatalf("NewNAT: %v", err)
	}
	return x
}

func (h *netHarness) listen(x *Host, address string) *UDPConn {
	h.t.Helper()
	c, err := x.ListenUDP("udp4", address)
	if err != nil {
		h.t.Fatalf("%s.ListenUDP(%q): %v", x.Name(), address, err)
	}
	h.t.Cleanup(func() { c.Close() })
	return c
}

// write sends payload from c to dst.
func (h *netHarness) write(c *UDPConn, dst netip.AddrPort, payload string) {
	h.t.Helper()
	if _, err := c.WriteToUDPAddrPort([]byte(payload), dst); err != nil {
		h.t.Fatalf("%v → %v: write: %v", c.LocalAddrPort(), dst, err)
	}
}

// recv returns the next datagram c receives within wait, or ok false.
func (h *netHarness) recv(c *UDPConn, wait time.Duration) (payload string, from netip.AddrPort, ok bool) {
	h.t.Helper()
	c.SetReadDeadline(time.Now().Add(wait))
	buf := make([]byte, 2048)
	n, from, err := c.ReadFromUDPAddrPort(buf)
	if err != nil {
		return "", netip.AddrPort{}, false
	}
	return string(buf[:n]), from, true
}

// want expects c to receive payload from the given source within wait.
func (h *netHarness) want(what string, c *UDPConn, payload string, from netip.AddrPort, wait time.Duration) {
	h.t.Helper()
	got, src, ok := h.recv(c, wait)
	if !ok {
		h.t.Fatalf("%s: %v received nothing within %v, want %q from %v", what, c.LocalAddrPort(), wait, payload, from)
	}
	if got != payload || (from.IsValid() && src != from) {
		h.t.Fatalf("%s: %v received %q from %v, want %q from %v", what, c.LocalAddrPort(), got, src, payload, from)
	}
}

// wantNothing expects c to receive nothing within wait.
func (h *netHarness) wantNothing(what string, c *UDPConn, wait time.Duration) {
	h.t.Helper()
	if got, src, ok := h.recv(c, wait); ok {
		h.t.Fatalf("%s: %v received %q from %v, want nothing", what, c.LocalAddrPort(), got, src)
	}
}

func addr(h *Host, port uint16) netip.AddrPort { return netip.AddrPortFrom(h.Addrs()[0], port) }

func TestDeliveryTakesTheLinkDelays(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 1})
		t.Logf("# two public hosts; a's uplink takes 10 ms, b's downlink 25 ms")
		a := h.host("a", InterfaceConfig{Up: LinkConfig{Delay: 10 * time.Millisecond}})
		b := h.host("b", InterfaceConfig{Down: LinkConfig{Delay: 25 * time.Millisecond}})
		ca, cb := h.listen(a, ":1000"), h.listen(b, ":2000")
		start := time.Now()
		h.write(ca, addr(b, 2000), "hello")
		h.want("a → b", cb, "hello", addr(a, 1000), time.Second)
		if d := time.Since(start); d != 35*time.Millisecond {
			t.Fatalf("datagram took %v of synthetic time, want exactly 35ms", d)
		}
		t.Logf("# and back: b's downlink delays replies to b only, so b → a takes 0 ms")
		start = time.Now()
		h.write(cb, addr(a, 1000), "hi")
		h.want("b → a", ca, "hi", addr(b, 2000), time.Second)
		if d := time.Since(start); d != 0 {
			t.Fatalf("reply took %v, want 0", d)
		}
	})
}

// advance moves the synthetic clock of the calling synctest bubble forward
// by d. It first waits for every goroutine of the bubble to block
// (synctest.Wait, which also panics outside a bubble, so this never waits on
// real time), then blocks on a timer: the bubble's clock jumps to it.
func advance(d time.Duration) {
	synctest.Wait()
	t := time.NewTimer(d)
	<-t.C
}

func TestLinkImpairmentsInTheNetwork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 6})
		t.Logf("# MTU 1280 counts the 28-byte IPv4+UDP header: 1252 bytes of payload fit, 1253 do not")
		a := h.host("a", InterfaceConfig{Up: LinkConfig{MTU: 1280}})
		b := h.listen(h.host("b"), ":1")
		ca := h.listen(a, ":1")
		h.write(ca, addr(b.Host(), 1), strings.Repeat("x", 1253))
		h.write(ca, addr(b.Host(), 1), strings.Repeat("y", 1252))
		got, _, ok := h.recv(b, time.Second)
		if !ok || len(got) != 1252 {
			t.Fatalf("received %d bytes (ok %v), want only the 1252-byte datagram", len(got), ok)
		}
		h.wantNothing("the big one was dropped", b, time.Second)
		if s, _ := a.Interfaces()[0].LinkStats(); s.TooBig != 1 {
			t.Fatalf("link TooBig = %d, want 1", s.TooBig)
		}
		t.Logf("# 1 Mbit/s: ten 1222-byte payloads (1250 bytes on the wire) take 10 ms each")
		slow := h.host("slow", InterfaceConfig{Up: LinkConfig{Bandwidth: 1_000_000}})
		cs := h.listen(slow, ":1")
		start := time.Now()
		for range 10 {
			h.write(cs, addr(b.Host(), 1), strings.Repeat("z", 1222))
		}
		for i := range 10 {
			h.want("paced", b, strings.Repeat("z", 1222), netip.AddrPort{}, time.Second)
			if d := time.Since(start); d != time.Duration(i+1)*10*time.Millisecond {
				t.Fatalf("datagram %d arrived after %v, want %v", i, d, time.Duration(i+1)*10*time.Millisecond)
			}
		}
	})
}

// lossyRun sends 200 numbered datagrams over a lossy, jittery, reordering
// path through a NAT and returns the order in which they arrived.
func lossyRun(t *testing.T, seed uint64) string {
	var out string
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: seed})
		bad := LinkConfig{Delay: 20 * time.Millisecond, Jitter: 15 * time.Millisecond, Loss: 0.1, Reorder: 0.05, Duplicate: 0.02}
		nat := h.nat(NATConfig{WANUp: bad})
		a := h.listen(h.host("a", InterfaceConfig{Realm: nat.Inside(), Up: bad}), ":1")
		b := h.listen(h.host("b"), ":2")
		for i := range 200 {
			h.write(a, addr(b.Host(), 2), fmt.Sprint(i))
			advance(time.Millisecond)
		}
		var sb strings.Builder
		for {
			p, _, ok := h.recv(b, time.Second)
			if !ok {
				break
			}
			sb.WriteString(p + " ")
		}
		out = sb.String()
	})
	return out
}

func TestSameSeedSameRun(t *testing.T) {
	r1, r2, r3 := lossyRun(t, 77), lossyRun(t, 77), lossyRun(t, 78)
	if r1 != r2 {
		t.Fatalf("two runs with seed 77 differ:\n%s\n%s", r1, r2)
	}
	if r1 == r3 {
		t.Fatalf("seeds 77 and 78 gave the same run")
	}
	n := len(strings.Fields(r1))
	if n < 140 || n > 200 {
		t.Fatalf("%d of 200 datagrams arrived over two 10%%-loss links", n)
	}
	t.Logf("# %d of 200 arrived, in the same order both times", n)
}

func TestLinkOverflow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := NewNetwork(NetworkConfig{MaxInFlight: 100})
		defer n.Close()
		a, _ := n.NewHost(HostConfig{Interfaces: []InterfaceConfig{{Up: LinkConfig{Delay: time.Hour}}}})
		c, _ := a.ListenUDP("udp4", ":1")
		defer c.Close()
		dst := netip.MustParseAddrPort("198.18.9.9:9")
		for range 110 {
			c.WriteToUDPAddrPort([]byte{1}, dst)
		}
		if st := n.Stats(); st.Overflow != 10 {
			t.Fatalf("Overflow = %d, want the 10 beyond MaxInFlight", st.Overflow)
		}
	})
}

func TestNetworkCloseClosesEndpoints(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := NewNetwork(NetworkConfig{})
		a, _ := n.NewHost(HostConfig{})
		c, _ := a.ListenUDP("udp4", ":1000")
		errc := make(chan error)
		go func() {
			_, _, err := c.ReadFrom(make([]byte, 10))
			errc <- err
		}()
		t.Logf("# a datagram is in flight on a 1 s link when the network closes")
		b, _ := n.NewHost(HostConfig{Interfaces: []InterfaceConfig{{Up: LinkConfig{Delay: time.Second}}}})
		cb, _ := b.ListenUDP("udp4", ":1")
		cb.WriteToUDPAddrPort([]byte("late"), addr(a, 1000))
		synctest.Wait()
		n.Close()
		if err := <-errc; !errors.Is(err, net.ErrClosed) {
			t.Fatalf("reader got %v, want net.ErrClosed", err)
		}
		if _, err := n.NewHost(HostConfig{}); !errors.Is(err, ErrNetworkClosed) {
			t.Fatalf("NewHost on a closed network = %v", err)
		}
		n.Close()
	})
}

func TestQueueOverflowAndNoListener(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := NewNetwork(NetworkConfig{})
		defer n.Close()
		a, _ := n.NewHost(HostConfig{QueueLen: 4})
		c, _ := a.ListenUDP("udp4", ":1")
		defer c.Close()
		for range 10 {
			c.WriteToUDPAddrPort([]byte("x"), addr(a, 1))
		}
		c.WriteToUDPAddrPort([]byte("x"), addr(a, 2))
		c.WriteToUDPAddrPort([]byte("x"), netip.MustParseAddrPort("198.51.100.1:9"))
		synctest.Wait()
		if st := n.Stats(); st.Delivered != 4 || st.QueueFull != 6 || st.NoListener != 1 || st.NoRoute != 1 {
			t.Fatalf("stats %+v, want 4 delivered, 6 queue-full, 1 no-listener, 1 no-route", st)
		}
		t.Logf("# a short buffer truncates the datagram, as a real socket does")
		buf := make([]byte, 0)
		if k, _, err := c.ReadFromUDPAddrPort(buf); err != nil || k != 0 {
			t.Fatalf("read into an empty buffer = %d, %v", k, err)
		}
	})
}

// BenchmarkDatagramThroughNAT measures one datagram from a host behind a NAT
// to a public host and back through the endpoints' API, on the real clock
// with zero-delay links (the scheduler goroutine hands each datagram over).
func BenchmarkDatagramThroughNAT(b *testing.B) {
	n := NewNetwork(NetworkConfig{Seed: 1})
	defer n.Close()
	nat, _ := n.NewNAT(n.Internet(), NATConfig{Filtering: AddressAndPortDependent})
	ha, _ := n.NewHost(HostConfig{Interfaces: []InterfaceConfig{{Realm: nat.Inside()}}})
	hb, _ := n.NewHost(HostConfig{})
	a, _ := ha.ListenUDP("udp4", ":1")
	c, _ := hb.ListenUDP("udp4", ":2")
	defer a.Close()
	defer c.Close()
	dst := netip.AddrPortFrom(hb.Addrs()[0], 2)
	p := make([]byte, 1200)
	buf := make([]byte, 1500)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.WriteToUDPAddrPort(p, dst); err != nil {
			b.Fatal(err)
		}
		_, from, err := c.ReadFromUDPAddrPort(buf)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.WriteToUDPAddrPort(p, from); err != nil {
			b.Fatal(err)
		}
		if _, _, err := a.ReadFromUDPAddrPort(buf); err != nil {
			b.Fatal(err)
		}
	}
}
