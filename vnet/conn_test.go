package vnet

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestConnReadDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{})
		c := h.listen(h.host("a"), ":1000")
		start := time.Now()
		c.SetReadDeadline(start.Add(3 * time.Second))
		_, _, err := c.ReadFrom(make([]byte, 10))
		var ne net.Error
		if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("ReadFrom after deadline = %v, want a net.Error timeout wrapping os.ErrDeadlineExceeded", err)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Fatalf("read blocked %v, want exactly the 3 s deadline", d)
		}
		t.Logf("# a deadline in the past fails at once, even with a datagram queued (as package net does)")
		h.write(c, addr(c.Host(), 1000), "queued")
		synctest.Wait()
		if _, _, err := c.ReadFrom(make([]byte, 10)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("ReadFrom with a past deadline = %v", err)
		}
		t.Logf("# clearing the deadline delivers it")
		c.SetReadDeadline(time.Time{})
		if n, _, err := c.ReadFrom(make([]byte, 10)); err != nil || n != 6 {
			t.Fatalf("ReadFrom = %d, %v", n, err)
		}
	})
}

func TestConnDeadlineMovedWhileBlocked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{})
		c := h.listen(h.host("a"), ":1000")
		start := time.Now()
		c.SetReadDeadline(start.Add(time.Hour))
		done := make(chan error)
		go func() {
			_, _, err := c.ReadFrom(make([]byte, 10))
			done <- err
		}()
		advance(time.Second)
		synctest.Wait()
		t.Logf("# moving the deadline earlier wakes the blocked reader at the new deadline")
		c.SetReadDeadline(start.Add(2 * time.Second))
		err := <-done
		if !errors.Is(err, os.ErrDeadlineExceeded) || time.Since(start) != 2*time.Second {
			t.Fatalf("reader returned %v after %v, want a timeout at 2 s", err, time.Since(start))
		}
	})
}

func TestConnCloseUnblocksReader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{})
		a := h.host("a")
		c, err := a.ListenPacket("udp4", ":1000")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		var rerr error
		go func() {
			defer wg.Done()
			_, _, rerr = c.ReadFrom(make([]byte, 10))
		}()
		synctest.Wait()
		c.Close()
		wg.Wait()
		if !errors.Is(rerr, net.ErrClosed) {
			t.Fatalf("blocked ReadFrom after Close = %v, want net.ErrClosed", rerr)
		}
		if _, err := c.WriteTo([]byte("x"), &net.UDPAddr{IP: net.IPv4(1, 2, 3, 4), Port: 1}); !errors.Is(err, net.ErrClosed) {
			t.Fatalf("WriteTo after Close = %v", err)
		}
		if err := c.Close(); !errors.Is(err, net.ErrClosed) {
			t.Fatalf("second Close = %v", err)
		}
		t.Logf("# the port is free again")
		c2, err := a.ListenPacket("udp4", ":1000")
		if err != nil {
			t.Fatalf("rebinding a closed port: %v", err)
		}
		c2.Close()
	})
}

func TestConnWriteDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{})
		c := h.listen(h.host("a"), ":1000")
		c.SetWriteDeadline(time.Now().Add(time.Second))
		if _, err := c.WriteToUDPAddrPort([]byte("x"), addr(c.Host(), 1000)); err != nil {
			t.Fatalf("write before the deadline: %v", err)
		}
		advance(time.Second)
		_, err := c.WriteToUDPAddrPort([]byte("x"), addr(c.Host(), 1000))
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("write after the deadline = %v, want a timeout", err)
		}
	})
}

func TestInvalidWrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{})
		c := h.listen(h.host("a"), ":1")
		for _, a := range []net.Addr{nil, (*net.UDPAddr)(nil), &net.UDPAddr{}, &net.UDPAddr{IP: net.IPv4(1, 2, 3, 4)}, &net.IPAddr{IP: net.IPv4(1, 2, 3, 4)}} {
			if _, err := c.WriteTo([]byte("x"), a); err == nil {
				t.Errorf("WriteTo(%v) succeeded", a)
			}
		}
		if _, err := c.WriteToUDPAddrPort(make([]byte, 70000), netip.MustParseAddrPort("1.2.3.4:5")); err == nil {
			t.Errorf("a 70000-byte datagram was accepted")
		}
	})
}

func TestConcurrentReadersAndWriters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newNetHarness(t, NetworkConfig{Seed: 8})
		srv := h.listen(h.host("srv"), ":1")
		t.Logf("# four readers share one endpoint; eight writers on other hosts send 100 datagrams each")
		var mu sync.Mutex
		got := map[string]int{}
		var readers sync.WaitGroup
		for range 4 {
			readers.Add(1)
			go func() {
				defer readers.Done()
				buf := make([]byte, 64)
				for {
					n, _, err := srv.ReadFromUDPAddrPort(buf)
					if err != nil {
						return
					}
					mu.Lock()
					got[string(buf[:n])]++
					mu.Unlock()
				}
			}()
		}
		var writers sync.WaitGroup
		for w := range 8 {
			c := h.listen(h.host(fmt.Sprint("w", w), InterfaceConfig{Up: LinkConfig{Delay: time.Duration(w) * time.Millisecond}}), ":2")
			writers.Add(1)
			go func() {
				defer writers.Done()
				// A timer in the bubble: 1 ms of synthetic time per datagram.
				tick := time.NewTicker(time.Millisecond)
				defer tick.Stop()
				for i := range 100 {
					if _, err := c.WriteToUDPAddrPort([]byte(fmt.Sprint(w, "/", i)), addr(srv.Host(), 1)); err != nil {
						t.Error(err)
					}
					<-tick.C
				}
			}()
		}
		writers.Wait()
		advance(time.Second)
		srv.Close()
		readers.Wait()
		if len(got) != 800 {
			t.Fatalf("received %d distinct datagrams, want 800", len(got))
		}
		for k, v := range got {
			if v != 1 {
				t.Fatalf("%q received %d times", k, v)
			}
		}
	})
}

func TestQueueBytesCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := NewNetwork(NetworkConfig{})
		defer n.Close()
		a, _ := n.NewHost(HostConfig{QueueBytes: 1})
		c, _ := a.ListenUDP("udp4", ":1")
		defer c.Close()
		if err := c.SetReadBuffer(100_000); err != nil {
			t.Fatal(err)
		}
		t.Logf("# two 60000-byte datagrams do not fit a 100000-byte receive buffer; small ones still do")
		for _, size := range []int{60000, 60000, 100} {
			c.WriteToUDPAddrPort(make([]byte, size), addr(a, 1))
		}
		synctest.Wait()
		if st := n.Stats(); st.Delivered != 2 || st.QueueFull != 1 {
			t.Fatalf("stats %+v, want 2 delivered and 1 dropped", st)
		}
		buf := make([]byte, 65536)
		for _, want := range []int{60000, 100} {
			if k, _, err := c.ReadFromUDPAddrPort(buf); err != nil || k != want {
				t.Fatalf("read %d, %v; want %d bytes", k, err, want)
			}
		}
		t.Logf("# reading frees the space")
		c.WriteToUDPAddrPort(make([]byte, 60000), addr(a, 1))
		synctest.Wait()
		if st := n.Stats(); st.Delivered != 3 {
			t.Fatalf("stats %+v after reading, want 3 delivered", st)
		}
	})
}
