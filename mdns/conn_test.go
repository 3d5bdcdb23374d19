package mdns

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestConnLoopback(t *testing.T) {
	t.Logf("# resolver and responder over real UDP sockets on 127.0.0.1 (the group replaced by the responder's address)")
	g, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:5353")))
	if err != nil {
		t.Skipf("port 5353 is taken on this machine: %v", err)
	}
	q1, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	pub := NewConn(q1, g, nil)
	defer pub.Close()
	q2, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0")))
	if err != nil {
		t.Fatal(err)
	}
	res := NewConn(q2, nil, []netip.AddrPort{netip.MustParseAddrPort("127.0.0.1:5353")})
	defer res.Close()
	addr := netip.MustParseAddr("192.168.50.2")
	name, err := pub.Publish(addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got, err := res.Resolve(ctx, name)
	if err != nil || got != addr {
		t.Fatalf("Resolve(%s) = %v, %v", name, got, err)
	}
}
