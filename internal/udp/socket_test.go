package udp

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// offloads are the settings the socket tests run under.
var offloads = []struct {
	name     string
	gso, gro bool
}{
	{"plain", false, false},
	{"GSO", true, false},
	{"GSO+GRO", true, true},
}

// setOffload applies GSO and GRO settings for the sockets a test opens.
func setOffload(t *testing.T, gso, gro bool) {
	SetGSO(gso)
	SetGRO(gro)
	t.Cleanup(func() { SetGSO(true); SetGRO(true) })
}

func TestWriteTo(t *testing.T) {
	var want [][]byte
	for i := range 100 {
		want = append(want, payload(i, 1+i*13))
	}
	c := newCollector(len(want))
	rx := listen(t, "127.0.0.1:0", c)
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	if rx.LocalAddr().Port() == 0 || !rx.LocalAddr().Addr().Is4() {
		t.Fatalf("LocalAddr() = %v, want 127.0.0.1 with the bound port", rx.LocalAddr())
	}
	var bytes uint64
	for _, p := range want {
		if err := tx.WriteTo(p, rx.LocalAddr()); err != nil {
			t.Fatal(err)
		}
		bytes += uint64(len(p))
	}
	checkSame(t, c.wait(t), want, tx.LocalAddr())
	st := tx.Stats()
	if st.DatagramsSent != 100 || st.BytesSent != bytes || st.SendCalls != 100 || st.SendDropped != 0 {
		t.Errorf("sender stats %+v, want 100 datagrams, %d bytes in 100 calls, none dropped", st, bytes)
	}
	if st := rx.Stats(); st.DatagramsReceived != 100 || st.BytesReceived != bytes || st.ReceiveCalls == 0 {
		t.Errorf("receiver stats %+v, want 100 datagrams, %d bytes", st, bytes)
	}
}

// mixedSizes returns datagrams that exercise the GSO runs: runs of equal
// sizes longer than one GSO message, a run ended by a shorter datagram,
// larger ones after smaller ones, and an empty datagram.
func mixedSizes() [][]byte {
	var sizes []int
	for range 70 { // more than 64 segments and 65,507 bytes
		sizes = append(sizes, 1200)
	}
	sizes = append(sizes, 700, 1200, 1200, 1300, 0, 5, 5, 5, 1, 9000, 9000, 100)
	for range 40 {
		sizes = append(sizes, 1000)
	}
	sizes = append(sizes, 999)
	var out [][]byte
	for i, n := range sizes {
		out = append(out, payload(i, n))
	}
	return out
}

func TestWriteBatchInOrder(t *testing.T) {
	for _, o := range offloads {
		t.Run(o.name, func(t *testing.T) {
			setOffload(t, o.gso, o.gro)
			want := mixedSizes()
			c := newCollector(len(want))
			rx := listen(t, "127.0.0.1:0", c)
			tx := listen(t, "127.0.0.1:0", newCollector(0))
			b := NewBatch(0, 0)
			for i, p := range want {
				var err error
				if i%2 == 0 {
					err = b.Add(append(b.Free(), p...), rx.LocalAddr())
				} else {
					err = b.Add(p, rx.LocalAddr())
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.WriteBatch(b); err != nil {
				t.Fatal(err)
			}
			checkSame(t, c.wait(t), want, tx.LocalAddr())
			st := tx.Stats()
			t.Logf("sender: %d datagrams in %d calls, %d via GSO; receiver: %d coalesced by GRO",
				st.DatagramsSent, st.SendCalls, st.GSODatagrams, rx.Stats().GRODatagrams)
			if st.DatagramsSent != uint64(len(want)) || st.SendDropped != 0 {
				t.Errorf("sent %d, dropped %d; want %d and 0", st.DatagramsSent, st.SendDropped, len(want))
			}
		})
	}
}

func TestWriteBatchMixedDestinations(t *testing.T) {
	for _, o := range offloads {
		t.Run(o.name, func(t *testing.T) {
			setOffload(t, o.gso, o.gro)
			const receivers = 3
			var (
				rxs  [receivers]*Socket
				cs   [receivers]*collector
				want [receivers][][]byte
			)
			// Runs of 1 to 6 datagrams to one receiver, then the next.
			type dgram struct {
				to int
				p  []byte
			}
			var all []dgram
			seq := 0
			for run := 0; run < 60; run++ {
				to := run % receivers
				if run%7 == 3 {
					to = (run + 1) % receivers // sometimes the same one twice in a row
				}
				size := 200 + 100*(run%5)
				for k := 0; k <= run%6; k++ {
					p := payload(seq, size)
					seq++
					all = append(all, dgram{to, p})
					want[to] = append(want[to], p)
				}
			}
			for i := range rxs {
				cs[i] = newCollector(len(want[i]))
				rxs[i] = listen(t, "127.0.0.1:0", cs[i])
			}
			tx := listen(t, "127.0.0.1:0", newCollector(0))
			b := NewBatch(0, len(all))
			for _, d := range all {
				if err := b.Add(d.p, rxs[d.to].LocalAddr()); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.WriteBatch(b); err != nil {
				t.Fatal(err)
			}
			for i := range rxs {
				checkSame(t, cs[i].wait(t), want[i], tx.LocalAddr())
			}
		})
	}
}

func TestIPv6(t *testing.T) {
	for _, o := range offloads {
		t.Run(o.name, func(t *testing.T) {
			setOffload(t, o.gso, o.gro)
			want := mixedSizes()
			c := newCollector(len(want) + 1)
			rx := listen(t, "[::1]:0", c)
			tx := listen(t, "[::1]:0", newCollector(0))
			if a := rx.LocalAddr(); a.Addr() != netip.IPv6Loopback() || a.Port() == 0 {
				t.Fatalf("LocalAddr() = %v, want [::1] and the bound port", a)
			}
			b := NewBatch(0, 0)
			for _, p := range want {
				if err := b.Add(p, rx.LocalAddr()); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.WriteBatch(b); err != nil {
				t.Fatal(err)
			}
			last := payload(len(want), 10)
			if err := tx.WriteTo(last, rx.LocalAddr()); err != nil {
				t.Fatal(err)
			}
			checkSame(t, c.wait(t), append(want, last), tx.LocalAddr())
		})
	}
}

func TestDualStack(t *testing.T) {
	c6 := newCollector(1)
	rx := listen(t, "[::]:0", c6)
	c4 := newCollector(1)
	tx := listen(t, "127.0.0.1:0", c4)
	to := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), rx.LocalAddr().Port())
	if err := tx.WriteTo([]byte("ping"), to); err != nil {
		t.Fatal(err)
	}
	got := c6.wait(t)
	if got[0].From != tx.LocalAddr() {
		t.Fatalf("IPv4 datagram on a dual-stack socket from %v, want the unmapped %v", got[0].From, tx.LocalAddr())
	}
	// Replying to the unmapped address from the IPv6 socket works too.
	if err := rx.WriteTo([]byte("pong"), got[0].From); err != nil {
		t.Fatal(err)
	}
	if got := c4.wait(t); string(got[0].Data) != "pong" || got[0].From != to {
		t.Fatalf("reply %q from %v, want %q from %v", got[0].Data, got[0].From, "pong", to)
	}
}

func TestSendToWrongFamily(t *testing.T) {
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	err := tx.WriteTo([]byte("x"), netip.MustParseAddrPort("[::1]:9"))
	if err == nil {
		t.Fatal("WriteTo an IPv6 address from an IPv4 socket succeeded")
	}
	t.Logf("WriteTo: %v", err)
	c := newCollector(2)
	rx := listen(t, "127.0.0.1:0", c)
	b := NewBatch(0, 0)
	b.Add([]byte("a"), rx.LocalAddr())
	b.Add([]byte("b"), netip.MustParseAddrPort("[2001:db8::1]:9"))
	b.Add([]byte("c"), rx.LocalAddr())
	if err := tx.WriteBatch(b); err == nil {
		t.Fatal("WriteBatch with an IPv6 destination from an IPv4 socket returned no error")
	}
	got := c.wait(t)
	if string(got[0].Data) != "a" || string(got[1].Data) != "c" {
		t.Fatalf("received %q, %q; want the two good datagrams around the bad one", got[0].Data, got[1].Data)
	}
	if st := tx.Stats(); st.SendDropped != 2 || st.DatagramsSent != 2 {
		t.Fatalf("stats: %d dropped, %d sent; want 2 and 2", st.SendDropped, st.DatagramsSent)
	}
}

func TestWriteAfterClose(t *testing.T) {
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := tx.WriteTo([]byte("x"), dst); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("WriteTo after Close: %v, want net.ErrClosed", err)
	}
	b := NewBatch(0, 0)
	b.Add([]byte("x"), dst)
	if err := tx.WriteBatch(b); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("WriteBatch after Close: %v, want net.ErrClosed", err)
	}
	if st := tx.Stats(); st.SendDropped != 2 {
		t.Fatalf("SendDropped = %d after two writes on a closed socket, want 2", st.SendDropped)
	}
}

func TestListenErrors(t *testing.T) {
	if _, err := Listen(netip.AddrPort{}, newCollector(0)); err == nil {
		t.Error("Listen on the zero AddrPort succeeded")
	}
	if _, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), nil); err == nil {
		t.Error("Listen without a Receiver succeeded")
	}
	s := listen(t, "127.0.0.1:0", newCollector(0))
	_, err := Listen(s.LocalAddr(), newCollector(0))
	if err == nil {
		t.Fatal("a second Listen on a bound port succeeded")
	}
	t.Logf("Listen on a used port: %v", err)
}

func TestCloseInsideReceiveBatch(t *testing.T) {
	var (
		mu     sync.Mutex
		calls  int
		closed = make(chan error, 1)
	)
	rx := listen(t, "127.0.0.1:0", receiverFunc(func(s *Socket, _ []Datagram) {
		mu.Lock()
		calls++
		mu.Unlock()
		closed <- s.Close() // the only socket open: it stops the readers too
	}))
	tx, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), newCollector(0))
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch(0, 0)
	for i := range 100 {
		b.Add(payload(i, 1200), rx.LocalAddr())
	}
	if err := tx.WriteBatch(b); err != nil {
		t.Fatal(err)
	}
	tx.Close()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(timeout):
		t.Fatal("Close called from ReceiveBatch did not return")
	}
	waitReaders(t)
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Fatalf("ReceiveBatch was called %d times; want 1: none after Close", calls)
	}
}

func TestCloseWhileHoldingReceiverLock(t *testing.T) {
	var mu sync.Mutex
	entered := make(chan struct{}, 1)
	rx := listen(t, "127.0.0.1:0", receiverFunc(func(*Socket, []Datagram) {
		select {
		case entered <- struct{}{}:
		default:
		}
		mu.Lock() // as a driver's ReceiveBatch takes its lock
		defer mu.Unlock()
	}))
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	mu.Lock()
	if err := tx.WriteTo([]byte("x"), rx.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	<-entered // the reader now waits for mu inside ReceiveBatch
	done := make(chan struct{})
	go func() { rx.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Fatal("Close waited for a ReceiveBatch call blocked on a lock the closer holds")
	}
	mu.Unlock()
}

func TestManyReceivers(t *testing.T) {
	// Not the 2,000 of TestManySockets: this one checks content per socket.
	const n = 50
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	var cs [n]*collector
	var rxs [n]*Socket
	b := NewBatch(0, 0)
	for i := range n {
		cs[i] = newCollector(3)
		rxs[i] = listen(t, "127.0.0.1:0", cs[i])
	}
	for k := range 3 {
		for i := range n {
			b.Add([]byte(fmt.Sprintf("%d/%d", i, k)), rxs[i].LocalAddr())
		}
	}
	if err := tx.WriteBatch(b); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		got := cs[i].wait(t)
		for k := range 3 {
			if want := fmt.Sprintf("%d/%d", i, k); string(got[k].Data) != want {
				t.Fatalf("socket %d datagram %d = %q, want %q", i, k, got[k].Data, want)
			}
		}
	}
}
