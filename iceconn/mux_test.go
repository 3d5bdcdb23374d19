package iceconn

import (
	"context"
	"fmt"
	"github.com/c4c1f6e1/webrtc/ice"
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// TestUDPMuxManySessions runs single-port mode on the simulated network,
// under synctest: n server sessions share one socket, each client has its
// own socket on another host.
func TestUDPMuxManySessions(t *testing.T) {
	n := 1000
	if testing.Short() || raceEnabled {
		// Under -race, 1000 sessions exceed the race detector's
		// 8128-goroutine limit (see race_test.go).
		n = 100
	}
	t.Logf("# single-port mode: %d server sessions share one UDP socket, each client has its own socket;", n)
	t.Logf("# datagrams are demultiplexed by ufrag (requests) and remote address, and data reaches the right session")
	synctest.Test(t, func(t *testing.T) {
		nw := vnet.NewNetwork(vnet.NetworkConfig{Seed: 5})
		defer nw.Close()
		srvHost, err := nw.NewHost(vnet.HostConfig{Name: "server", QueueLen: 1 << 16})
		if err != nil {
			t.Fatal(err)
		}
		cliHost, err := nw.NewHost(vnet.HostConfig{Name: "clients", QueueLen: 1 << 16})
		if err != nil {
			t.Fatal(err)
		}
		sock, err := srvHost.ListenUDP("udp4", netip.AddrPortFrom(srvHost.Addrs()[0], 443).String())
		if err != nil {
			t.Fatal(err)
		}
		mux, err := NewUDPMux(sock)
		if err != nil {
			t.Fatal(err)
		}
		defer mux.Close()
		type session struct{ srv, cli *Conn }
		sessions := make([]*session, n)
		for i := range sessions {
			s := &session{}
			sessions[i] = s
			// Candidates come after Gather, once both Conns exist.
			forward := func(to **Conn) func(ice.Event) {
				return func(e ice.Event) {
					if e.Type == ice.EventCandidate {
						_ = (*to).AddRemoteCandidate(e.Candidate)
					}
				}
			}
			if s.srv, err = mux.NewConn(ice.Config{Rand: seededReader(uint64(2 * i))}, forward(&s.cli)); err != nil {
				t.Fatal(err)
			}
			cs, err := cliHost.ListenUDP("udp4", netip.AddrPortFrom(cliHost.Addrs()[0], 0).String())
			if err != nil {
				t.Fatal(err)
			}
			if s.cli, err = NewConn(ice.Config{Controlling: true, Rand: seededReader(uint64(2*i + 1))}, []PacketConn{cs}, forward(&s.srv)); err != nil {
				t.Fatal(err)
			}
			defer s.cli.Close()
		}
		if got := mux.Sessions(); got != n {
			t.Fatalf("%d sessions on the mux", got)
		}
		for _, s := range sessions {
			su, sp := s.srv.LocalCredentials()
			cu, cp := s.cli.LocalCredentials()
			_ = s.srv.SetRemoteCredentials(cu, cp)
			_ = s.cli.SetRemoteCredentials(su, sp)
			_ = s.srv.Gather()
			_ = s.cli.Gather()
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i, s := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.srv.WaitConnected(ctx); err != nil {
					errs <- fmt.Errorf("server %d: %w", i, err)
					return
				}
				if _, err := s.cli.WaitConnected(ctx); err != nil {
					errs <- fmt.Errorf("client %d: %w", i, err)
					return
				}
				msg := []byte(fmt.Sprintf("\x80session %d", i))
				if _, err := s.cli.Write(msg); err != nil {
					errs <- err
					return
				}
				got, err := s.srv.Read(ctx)
				if err != nil || string(got) != string(msg) {
					errs <- fmt.Errorf("server %d read %q, %v", i, got, err)
					return
				}
				if _, err := s.srv.Write(msg); err != nil {
					errs <- err
					return
				}
				if got, err := s.cli.Read(ctx); err != nil || string(got) != string(msg) {
					errs <- fmt.Errorf("client %d read %q, %v", i, got, err)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		p, _ := sessions[0].srv.SelectedPair()
		if p.Local.Address != mux.LocalAddr() {
			t.Errorf("server pair uses %v, not the shared socket %v", p.Local.Address, mux.LocalAddr())
		}
		t.Logf("# closing a session detaches it from the mux")
		sessions[0].srv.Close()
		if got := mux.Sessions(); got != n-1 {
			t.Errorf("%d sessions after one Close", got)
		}
	})
}

// seededReader is a deterministic randomness source for the agents.
func seededReader(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}
