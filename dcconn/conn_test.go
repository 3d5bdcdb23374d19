package dcconn

import (
	"context"
	"crypto/rand"
	"net"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	dc "github.com/c4c1f6e1/webrtc/datachannel"
	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	"github.com/c4c1f6e1/webrtc/sctp"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func newConnPair(t *testing.T) (*Conn, *Conn) {
	p1, p2 := net.Pipe()
	mk := func(client bool, tr net.Conn) *Conn {
		a, err := sctp.NewAssociation(time.Now(), sctp.Config{Client: client, Rand: rand.Reader, RTOMin: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return NewConn(tr, dc.NewEndpoint(a, dc.Config{DTLSClient: client}))
	}
	return mk(true, p1), mk(false, p2)
}

// TestConnCallbacksAndBlocking runs the W3C handler API on one side and the
// blocking Go API on the other, over real goroutines and a net.Pipe.
// It runs under testing/synctest: the clock is fake and Wait replaces
// polling.
func TestConnCallbacksAndBlocking(t *testing.T) {
	synctest.Test(t, connCallbacksAndBlocking)
}

func connCallbacksAndBlocking(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	a, b := newConnPair(t)

	var mu sync.Mutex
	var events []string
	note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	remote := make(chan *DataChannel, 1)
	b.OnDataChannel(func(d *DataChannel) {
		note("datachannel " + d.Label())
		d.OnOpen(func() { note("remote open") })
		d.OnClosing(func() { note("remote closing") })
		d.OnClose(func() { note("remote close") })
		remote <- d
	})
	d, err := a.CreateDataChannel("pipe", dc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan struct{})
	closed := make(chan struct{})
	d.OnOpen(func() { note("open"); close(opened) })
	d.OnClose(func() { note("close"); close(closed) })
	select {
	case <-opened:
	case <-ctx.Done():
		t.Fatal("no open")
	}
	r := <-remote
	t.Logf("# WriteMessage blocks above the high-water mark; ReadMessage returns messages in order")
	const n = 300
	go func() {
		msg := make([]byte, 32<<10)
		for i := 0; i < n; i++ {
			msg[0] = byte(i)
			if err := d.WriteMessage(ctx, Message{Data: msg}); err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
		}
		_ = d.WriteMessage(ctx, Message{Data: []byte("bye"), IsString: true})
	}()
	for i := 0; i < n; i++ {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if len(m.Data) != 32<<10 || m.Data[0] != byte(i) || m.IsString {
			t.Fatalf("message %d: %d bytes, first %d", i, len(m.Data), m.Data[0])
		}
	}
	m, err := r.ReadMessage(ctx)
	if err != nil || string(m.Data) != "bye" || !m.IsString {
		t.Fatalf("last message %q %v", m.Data, err)
	}
	t.Logf("# closing from the callback side reaches closed on both; ReadMessage then reports ErrClosed")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-closed:
	case <-ctx.Done():
		t.Fatal("no close")
	}
	if _, err := r.ReadMessage(ctx); err != ErrClosed {
		t.Fatalf("read after close: %v", err)
	}
	synctest.Wait() // every goroutine idle: all handlers ran
	mu.Lock()
	got := append([]string(nil), events...)
	mu.Unlock()
	want := []string{"open", "datachannel pipe", "remote open", "remote closing", "remote close", "close"}
	seen := map[string]bool{}
	for _, e := range got {
		seen[e] = true
	}
	for _, w := range want {
		if !seen[w] {
			t.Fatalf("missing event %q; got %v", w, got)
		}
	}
	a.Close()
	b.Close()
}
