//go:build !udpfallback

package udp

import (
	"net/netip"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// waitReaders waits until every shared reader has exited, lingerTime after
// the last socket closed. All sockets must be closed.
func waitReaders(t *testing.T) {
	t.Helper()
	pollers.Lock()
	open := 0
	if p := pollers.cur; p != nil {
		p.mu.RLock()
		open = len(p.socks)
		p.mu.RUnlock()
	}
	pollers.Unlock()
	if open > 0 {
		t.Fatalf("waitReaders: %d sockets are still open", open)
	}
	done := make(chan struct{})
	go func() { pollers.readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Fatal("the shared readers did not exit after the last socket closed")
	}
}

func TestManySockets(t *testing.T) {
	const n = 2000
	waitReaders(t)
	base := runtime.NumGoroutine()
	var wg sync.WaitGroup
	wg.Add(n)
	var got [n]atomic.Int32
	socks := make([]*Socket, n)
	for i := range socks {
		s, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), receiverFunc(func(_ *Socket, b []Datagram) {
			for range b {
				if got[i].Add(1) == 1 {
					wg.Done()
				}
			}
		}))
		if err != nil {
			t.Fatalf("socket %d: %v", i, err)
		}
		socks[i] = s
	}
	tx, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), newCollector(0))
	if err != nil {
		t.Fatal(err)
	}
	readers := runtime.NumGoroutine() - base
	t.Logf("%d sockets, %d goroutines (GOMAXPROCS %d)", n+1, readers, runtime.GOMAXPROCS(0))
	if readers > runtime.GOMAXPROCS(0)+1 {
		t.Errorf("%d sockets run %d goroutines, want at most GOMAXPROCS+1 = %d", n+1, readers, runtime.GOMAXPROCS(0)+1)
	}
	b := NewBatch(0, 0)
	for i, s := range socks {
		if err := b.Add(payload(i, 100), s.LocalAddr()); err == ErrBatchFull {
			if err := tx.WriteBatch(b); err != nil {
				t.Fatal(err)
			}
			b.Reset()
			b.Add(payload(i, 100), s.LocalAddr())
		}
	}
	if err := tx.WriteBatch(b); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		missing := 0
		for i := range got {
			if got[i].Load() == 0 {
				missing++
			}
		}
		t.Fatalf("%d of %d sockets received nothing", missing, n)
	}
	for _, s := range socks {
		s.Close()
	}
	tx.Close()
	waitReaders(t)
	// The readers have returned from run; let them (and waitReaders'
	// helper) finish exiting.
	for i := 0; runtime.NumGoroutine() > base; i++ {
		if i == 100000 {
			t.Fatalf("%d goroutines after closing every socket, want %d as before", runtime.NumGoroutine(), base)
		}
		runtime.Gosched()
	}
}

func TestReadersRestart(t *testing.T) {
	for range 3 {
		c := newCollector(1)
		rx := listen(t, "127.0.0.1:0", c)
		tx := listen(t, "127.0.0.1:0", newCollector(0))
		if err := tx.WriteTo([]byte("x"), rx.LocalAddr()); err != nil {
			t.Fatal(err)
		}
		c.wait(t)
		rx.Close()
		tx.Close()
		waitReaders(t)
	}
}

func TestGROSplit(t *testing.T) {
	setOffload(t, true, true)
	var want [][]byte
	for i := range 600 {
		n := 1200
		if i%100 == 99 {
			n = 333 // ends a GSO run, and so a coalesced buffer
		}
		want = append(want, payload(i, n))
	}
	c := newCollector(len(want))
	rx := listen(t, "127.0.0.1:0", c)
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	if !rx.Stats().GRO || !tx.Stats().GSO {
		t.Fatalf("GRO %v on the receiver, GSO %v on the sender: this kernel lacks them", rx.Stats().GRO, tx.Stats().GSO)
	}
	b := NewBatch(1<<20, 1000)
	for _, p := range want {
		b.Add(p, rx.LocalAddr())
	}
	if err := tx.WriteBatch(b); err != nil {
		t.Fatal(err)
	}
	checkSame(t, c.wait(t), want, tx.LocalAddr())
	st, rs := tx.Stats(), rx.Stats()
	t.Logf("sender: %d calls, %d of %d datagrams via GSO; receiver: %d reads, %d datagrams coalesced",
		st.SendCalls, st.GSODatagrams, st.DatagramsSent, rs.ReceiveCalls, rs.GRODatagrams)
	if st.GSODatagrams != uint64(len(want)) {
		t.Errorf("%d datagrams went via GSO, want all %d", st.GSODatagrams, len(want))
	}
	if rs.GRODatagrams == 0 {
		t.Error("no datagram arrived in a coalesced GRO buffer: the split was not exercised")
	}
}

func TestGSOFallback(t *testing.T) {
	setOffload(t, true, false)
	var want [][]byte
	for i := range 100 {
		want = append(want, payload(i, 1000))
	}
	c := newCollector(len(want))
	rx := listen(t, "127.0.0.1:0", c)
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	// Without UDP checksums the kernel refuses GSO with EINVAL
	// (net/ipv4/udp.c, udp_send_skb), as a device without checksum
	// offload does with EIO.
	if err := unix.SetsockoptInt(tx.fd.fd, unix.SOL_SOCKET, unix.SO_NO_CHECK, 1); err != nil {
		t.Fatal(err)
	}
	b := NewBatch(0, 0)
	for _, p := range want {
		b.Add(p, rx.LocalAddr())
	}
	if err := tx.WriteBatch(b); err != nil {
		t.Fatal(err)
	}
	checkSame(t, c.wait(t), want, tx.LocalAddr())
	st := tx.Stats()
	if st.GSO || st.GSODatagrams != 0 || st.DatagramsSent != 100 || st.SendDropped != 0 {
		t.Fatalf("after a refused GSO message: GSO %v, %d via GSO, %d sent, %d dropped; want GSO off, 0, 100, 0",
			st.GSO, st.GSODatagrams, st.DatagramsSent, st.SendDropped)
	}
}

func TestTruncatedDropped(t *testing.T) {
	setOffload(t, true, false) // GRO sockets read 64 KiB: nothing is too big for them
	c := newCollector(1)
	rx := listen(t, "127.0.0.1:0", c)
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	if err := tx.WriteTo(make([]byte, plainSlotBytes+1), rx.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	if err := tx.WriteTo([]byte("small"), rx.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	if got := c.wait(t); string(got[0].Data) != "small" {
		t.Fatalf("first datagram delivered: %d bytes, want the small one", len(got[0].Data))
	}
	if st := rx.Stats(); st.ReceiveTruncated != 1 || st.DatagramsReceived != 1 {
		t.Fatalf("%d truncated, %d received; want 1 and 1", st.ReceiveTruncated, st.DatagramsReceived)
	}
}

func TestReceiveOverflowCounted(t *testing.T) {
	release := make(chan struct{})
	blocked := make(chan struct{})
	var calls atomic.Int32
	rx := listen(t, "127.0.0.1:0", receiverFunc(func(*Socket, []Datagram) {
		if calls.Add(1) == 1 {
			close(blocked)
			<-release // nobody reads the socket meanwhile (EPOLLONESHOT)
		}
	}))
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	if err := tx.WriteTo([]byte("first"), rx.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	<-blocked
	defer close(release)
	b := NewBatch(1<<20, 800)
	for range 40 { // 32,000 datagrams, 38 MB: four times the receive buffer
		b.Reset()
		for range 800 {
			b.Add(make([]byte, 1200), rx.LocalAddr())
		}
		if err := tx.WriteBatch(b); err != nil {
			t.Fatal(err)
		}
	}
	st := rx.Stats()
	t.Logf("receive buffer %d bytes; kernel dropped %d", st.ReadBuffer, st.ReceiveOverflows)
	if st.ReceiveOverflows == 0 {
		t.Fatal("the kernel's drops were not counted")
	}
}

func TestCloseDuringHeavyReceive(t *testing.T) {
	for round := range 10 {
		var started atomic.Int64
		some := make(chan struct{})
		rx, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), receiverFunc(func(*Socket, []Datagram) {
			if started.Add(1) == int64(1+round) {
				close(some)
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		tx, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), newCollector(0))
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var senders sync.WaitGroup
		for range 2 {
			senders.Add(1)
			go func() {
				defer senders.Done()
				b := NewBatch(0, 64)
				for i := range 64 {
					b.Add(payload(i, 1200), rx.LocalAddr())
				}
				for {
					select {
					case <-stop:
						return
					default:
					}
					tx.WriteBatch(b)
				}
			}()
		}
		select {
		case <-some:
		case <-time.After(timeout):
			t.Fatal("nothing received")
		}
		rx.Close()
		atClose := started.Load()
		close(stop)
		senders.Wait()
		tx.Close()
		waitReaders(t)
		// At most one call can have passed the gate before Close shut it
		// and not yet be counted.
		if n := started.Load(); n > atClose+1 {
			t.Fatalf("round %d: %d ReceiveBatch calls began after Close returned", round, n-atClose)
		}
	}
}

func TestFairness(t *testing.T) {
	// One reader for every socket: a flooded socket must not keep it from
	// another one (readsPerWakeup bounds the work per wakeup).
	waitReaders(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var flooded atomic.Int64
	flooding := make(chan struct{})
	busy := listen(t, "127.0.0.1:0", receiverFunc(func(_ *Socket, b []Datagram) {
		if n := flooded.Add(int64(len(b))); n >= 10000 && n-int64(len(b)) < 10000 {
			close(flooding)
		}
	}))
	c := newCollector(1)
	quiet := listen(t, "127.0.0.1:0", c)
	tx := listen(t, "127.0.0.1:0", newCollector(0))
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := NewBatch(0, 64)
		for range 64 {
			b.Add(make([]byte, 1200), busy.LocalAddr())
		}
		for {
			select {
			case <-stop:
				return
			default:
			}
			tx.WriteBatch(b)
		}
	}()
	defer func() { close(stop); <-done }()
	select { // let the flood build up before the quiet socket speaks
	case <-flooding:
	case <-time.After(timeout):
		t.Fatal("the flood did not arrive")
	}
	if err := tx.WriteTo([]byte("hello"), quiet.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	c.wait(t)
}

// Both socket buffers get 4 MiB (the kernel reports twice the value set),
// past net.core.[rw]mem_max with the *FORCE options a root process has.
func TestSocketBuffers(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("SO_RCVBUFFORCE and SO_SNDBUFFORCE need CAP_NET_ADMIN")
	}
	s := listen(t, "127.0.0.1:0", newCollector(0))
	st := s.Stats()
	if st.ReadBuffer < socketBufferBytes || st.WriteBuffer < socketBufferBytes {
		t.Fatalf("buffers %d / %d bytes, want at least %d each", st.ReadBuffer, st.WriteBuffer, socketBufferBytes)
	}
}

// While a poller lives it holds, per address family, a socket with UDP GRO
// on, so that the kernel's GRO switch stays on while connections open and
// close their sockets (BenchmarkListenClose shows the cost it saves).
func TestGROHeld(t *testing.T) {
	setOffload(t, true, true)
	waitReaders(t)
	listen(t, "127.0.0.1:0", newCollector(0))
	pollers.Lock()
	p := pollers.cur
	pollers.Unlock()
	if p == nil {
		t.Fatal("no poller with a socket open")
	}
	if len(p.groKeep) != 2 {
		t.Fatalf("the poller holds %d GRO sockets, want one per family", len(p.groKeep))
	}
	for _, fd := range p.groKeep {
		if on, err := unix.GetsockoptInt(fd, unix.SOL_UDP, unix.UDP_GRO); err != nil || on != 1 {
			t.Fatalf("held socket %d: UDP_GRO %d, %v", fd, on, err)
		}
	}
}
