package iceconn

import (
	"context"
	"github.com/c4c1f6e1/webrtc/ice"
	"net/netip"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestUDPLoopback(t *testing.T) {
	t.Logf("# two agents over real UDP sockets on 127.0.0.1")
	lo := []netip.Addr{netip.MustParseAddr("127.0.0.1")}
	var a, b *Conn
	ready := make(chan struct{})
	forward := func(to **Conn) func(ice.Event) {
		return func(e ice.Event) {
			<-ready
			switch {
			case e.Type == ice.EventCandidate:
				if err := (*to).AddRemoteCandidate(e.Candidate); err != nil {
					t.Errorf("AddRemoteCandidate: %v", err)
				}
			case e.Type == ice.EventGatheringState && e.GatheringState == ice.GatheringComplete:
				(*to).EndOfRemoteCandidates()
			}
		}
	}
	var err error
	if a, err = ListenUDP(ice.Config{Controlling: true}, lo, forward(&b)); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if b, err = ListenUDP(ice.Config{}, lo, forward(&a)); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	close(ready)
	au, ap := a.LocalCredentials()
	bu, bp := b.LocalCredentials()
	if err := a.SetRemoteCredentials(bu, bp); err != nil {
		t.Fatal(err)
	}
	if err := b.SetRemoteCredentials(au, ap); err != nil {
		t.Fatal(err)
	}
	if err := a.Gather(); err != nil {
		t.Fatal(err)
	}
	if err := b.Gather(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pa, err := a.WaitConnected(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.WaitConnected(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("# selected: A %v → %v, B %v → %v", pa.Local.Address, pa.Remote.Address, pb.Local.Address, pb.Remote.Address)
	if pa.Remote.Address != pb.Local.Address || pb.Remote.Address != pa.Local.Address {
		t.Fatalf("pairs do not match")
	}
	t.Logf("# application data (first byte ≥ 4, RFC 7983) flows both ways on the selected pair")
	if _, err := a.Write([]byte{0x80, 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	got, err := b.Read(ctx)
	if err != nil || len(got) != 4 || got[0] != 0x80 {
		t.Fatalf("B read %x, %v", got, err)
	}
	if _, err := b.Write([]byte{0x17, 9}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Read(ctx); err != nil || got[0] != 0x17 {
		t.Fatalf("A read %x, %v", got, err)
	}
}

func TestInterfaceAddrs(t *testing.T) {
	ips, err := InterfaceAddrs(true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("# host candidate addresses of this machine (loopback included): %v", ips)
	for _, ip := range ips {
		if ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() {
			t.Errorf("%v should have been filtered", ip)
		}
	}
	found := false
	for _, ip := range ips {
		found = found || ip.IsLoopback()
	}
	if !found {
		t.Errorf("no loopback address with includeLoopback")
	}
}
