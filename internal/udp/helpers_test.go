package udp

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// timeout bounds every wait of the tests; nothing sleeps.
const timeout = 20 * time.Second

// payload returns datagram seq of n bytes (at least 4): its number, then a
// pattern that depends on it.
func payload(seq, n int) []byte {
	p := make([]byte, max(n, 4))
	binary.BigEndian.PutUint32(p, uint32(seq))
	for i := 4; i < len(p); i++ {
		p[i] = byte(seq*31 + i)
	}
	return p[:n:n]
}

type receiverFunc func(s *Socket, batch []Datagram)

func (f receiverFunc) ReceiveBatch(s *Socket, batch []Datagram) { f(s, batch) }

// collector keeps copies of what a socket receives and signals when it has
// a number of datagrams.
type collector struct {
	mu    sync.Mutex
	got   []Datagram
	calls int
	want  int
	done  chan struct{}
}

func newCollector(want int) *collector { return &collector{want: want, done: make(chan struct{})} }

func (c *collector) ReceiveBatch(_ *Socket, batch []Datagram) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	for _, d := range batch {
		c.got = append(c.got, Datagram{From: d.From, Data: append([]byte(nil), d.Data...)})
	}
	if len(c.got) >= c.want && c.want >= 0 {
		close(c.done)
		c.want = -1
	}
}

// wait returns the datagrams once there are enough of them.
func (c *collector) wait(t *testing.T) []Datagram {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(timeout):
		c.mu.Lock()
		n := len(c.got)
		c.mu.Unlock()
		t.Fatalf("received %d datagrams, still waiting for more after %v", n, timeout)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Datagram(nil), c.got...)
}

// listen opens a socket that the test closes when it ends.
func listen(t *testing.T, addr string, r Receiver) *Socket {
	t.Helper()
	s, err := Listen(netip.MustParseAddrPort(addr), r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// checkSame fails unless got holds want's datagrams, in order, from from.
func checkSame(t *testing.T, got []Datagram, want [][]byte, from netip.AddrPort) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("received %d datagrams, want %d", len(got), len(want))
	}
	for i := range want {
		if string(got[i].Data) != string(want[i]) {
			t.Fatalf("datagram %d: got %s, want %s", i, describe(got[i].Data), describe(want[i]))
		}
		if got[i].From != from {
			t.Fatalf("datagram %d from %v, want %v", i, got[i].From, from)
		}
	}
}

func describe(p []byte) string {
	if len(p) < 4 {
		return fmt.Sprintf("%d bytes %x", len(p), p)
	}
	return fmt.Sprintf("#%d (%d bytes)", binary.BigEndian.Uint32(p), len(p))
}
