package dtls

import (
	"runtime"
	"testing"
	"time"
)

// connectedPairs makes n client/server pairs with the given certificates,
// runs their handshakes on a perfect link and drains everything, so that
// they are connected and idle. With data, the client then sends one record,
// which the server reads (the proof that the client has the server's
// Finished, RFC 6347 §4.2.4).
func connectedPairs(t testing.TB, cfgs [][2]*Config, data bool) [][2]*Conn {
	t.Helper()
	pairs := make([][2]*Conn, len(cfgs))
	buf := make([]byte, 1<<16)
	for i := range pairs {
		c, err := NewClient(cfgs[i][0])
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewServer(cfgs[i][1])
		if err != nil {
			t.Fatal(err)
		}
		h := &harness{c: c, s: s, now: t0}
		_ = c.Start(t0)
		for range 6 {
			h.give(s, h.take(c))
			h.give(c, h.take(s))
		}
		if !c.Connected() || !s.Connected() {
			t.Fatalf("pair %d: no handshake: %v %v", i, c.Err(), s.Err())
		}
		if data {
			if err := c.WriteApplicationData([]byte("x")); err != nil {
				t.Fatal(err)
			}
			h.give(s, h.take(c))
			if _, ok := s.ReadApplicationData(buf); !ok {
				t.Fatal("record lost")
			}
		}
		events(c)
		events(s)
		pairs[i] = [2]*Conn{c, s}
	}
	return pairs
}

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// pairConfigs makes n client/server Config pairs with the given
// certificates, as testPairCerts does.
func pairConfigs(t testing.TB, n int, ccert, scert Certificate) [][2]*Config {
	cfgs := make([][2]*Config, n)
	for i := range cfgs {
		cfgs[i] = [2]*Config{
			{Certificate: ccert, Rand: newSeededRand(byte(2 * i)), ExpectedFingerprints: []Fingerprint{fp(t, scert)}},
			{Certificate: scert, Rand: newSeededRand(byte(2*i + 1)), ExpectedFingerprints: []Fingerprint{fp(t, ccert)}},
		}
	}
	return cfgs
}

// idleBytesPerConn measures the heap that n connected idle pairs keep, per
// Conn. The certificates and Configs (the caller's) are made before the
// first measurement and kept alive after the second, so only what the Conns
// allocate and keep is counted: keys, AEADs, replay windows, the peer's DER
// chain, and anything left over from the handshake.
func idleBytesPerConn(t testing.TB, n int, data bool) float64 {
	cfgs := pairConfigs(t, n, testCert(t, "ecdsa"), testCert(t, "ecdsa"))
	before := heapInUse()
	pairs := connectedPairs(t, cfgs, data)
	after := heapInUse()
	runtime.KeepAlive(pairs)
	runtime.KeepAlive(cfgs)
	return float64(int64(after)-int64(before)) / float64(2*n)
}

// idleBudget is what one connected idle Conn may keep on the heap. The two
// AES-GCM states of crypto/cipher (one per direction) are 768 bytes each;
// the peer's certificate (DER, as PeerCertificates returns it) is about
// 400 bytes for a WebRTC P-256 certificate.
const idleBudget = 3 << 10

// TestIdleConnMemory measures the heap retained by connected idle Conns and
// checks it against idleBudget.
func TestIdleConnMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 400 handshakes")
	}
	for _, tc := range []struct {
		name string
		data bool
	}{{"after-handshake", false}, {"after-data", true}} {
		t.Run(tc.name, func(t *testing.T) {
			per := idleBytesPerConn(t, 200, tc.data)
			t.Logf("# %.0f bytes retained per connected idle Conn (budget %d)", per, idleBudget)
			if per > idleBudget {
				t.Errorf("idle Conn keeps %.0f bytes, budget %d", per, idleBudget)
			}
		})
	}
}

// BenchmarkIdleConnMemory reports the heap retained per connected idle
// Conn (after a record from the client) as the metric B/conn.
func BenchmarkIdleConnMemory(b *testing.B) {
	for b.Loop() {
		b.ReportMetric(idleBytesPerConn(b, 200, true), "B/conn")
	}
}

// TestHandshakeStateReleased: once connected, a Conn keeps no handshake
// state (transcript, reassembly, keys, parsed certificates, flights) and
// no queued buffers.
func TestHandshakeStateReleased(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	for _, conn := range []*Conn{c, s} {
		if conn.hs != nil {
			t.Fatalf("client %v: handshake state kept", conn.isClient)
		}
		if len(conn.out) != 0 || len(conn.app) != 0 {
			t.Fatalf("client %v: queues not empty", conn.isClient)
		}
		if len(conn.PeerCertificates()) != 1 || conn.master == nil || conn.readProt == nil || conn.writeProt == nil {
			t.Fatalf("client %v: lost what the connection needs", conn.isClient)
		}
	}
	if c.flight != nil {
		t.Fatal("client keeps flight 5 after the server's Finished")
	}
	if len(s.flight) != 2 || !s.flight[0].ccs || s.flight[1].typ != TypeFinished {
		t.Fatalf("server keeps %d flight items, want its last flight (ChangeCipherSpec, Finished)", len(s.flight))
	}
}

// TestNoTimerWhenIdle checks that a connected Conn arms no timer once
// nothing is pending (thousands of idle connections must not wake up). The
// client has nothing to retransmit after the server's Finished. The server
// keeps its last flight "for at least twice the default MSL" (RFC 6347
// §4.2.4), which ends at lastFlightHold or earlier when the client's
// application data shows that the flight arrived.
func TestNoTimerWhenIdle(t *testing.T) {
	t.Run("data ends the hold", func(t *testing.T) {
		c, s := testPair(t, "ecdsa", nil)
		h := &harness{t: t, c: c, s: s, now: t0}
		h.handshake()
		if !c.NextDeadline().IsZero() {
			t.Fatalf("connected client arms a timer at %v", c.NextDeadline())
		}
		if got := s.NextDeadline(); !got.Equal(t0.Add(lastFlightHold)) {
			t.Fatalf("server deadline %v, want the last-flight hold at %v", got, t0.Add(lastFlightHold))
		}
		t.Logf("# the client sends a record: the server's last flight arrived")
		if err := c.WriteApplicationData([]byte("ping")); err != nil {
			t.Fatal(err)
		}
		h.give(s, h.take(c))
		if !s.NextDeadline().IsZero() || s.flight != nil {
			t.Fatalf("server still holds its last flight (deadline %v)", s.NextDeadline())
		}
		t.Logf("# traffic both ways arms nothing")
		buf := make([]byte, 64)
		for range 3 {
			_ = s.WriteApplicationData([]byte("pong"))
			h.give(c, h.take(s))
			_ = c.WriteApplicationData([]byte("ping"))
			h.give(s, h.take(c))
			c.ReadApplicationData(buf)
			s.ReadApplicationData(buf)
			if !c.NextDeadline().IsZero() || !s.NextDeadline().IsZero() {
				t.Fatalf("deadlines %v / %v after data", c.NextDeadline(), s.NextDeadline())
			}
		}
	})
	t.Run("hold expires", func(t *testing.T) {
		c, s := testPair(t, "ecdsa", nil)
		h := &harness{t: t, c: c, s: s, now: t0}
		// Keep flight 5 to replay it later, as a client that missed
		// flight 6 would resend it.
		_ = c.Start(h.now)
		for range 2 {
			h.give(s, h.take(c))
			h.give(c, h.take(s))
		}
		flight5 := h.take(c)
		h.give(s, flight5)
		h.give(c, h.take(s))
		if !c.Connected() || !s.Connected() {
			t.Fatal("no handshake")
		}
		t.Logf("# while held, the client's flight 5 again is answered by flight 6")
		h.now = t0.Add(lastFlightHold - time.Second)
		s.HandleTimeout(h.now)
		h.give(s, flight5)
		if got := len(h.take(s)); got == 0 {
			t.Fatal("server did not answer a retransmitted flight 5")
		}
		if got := s.NextDeadline(); !got.Equal(t0.Add(lastFlightHold)) {
			t.Fatalf("answering moved the hold to %v", got)
		}
		t.Logf("# at the end of the hold the server forgets the flight and disarms")
		h.advanceToDeadline(s)
		if !s.NextDeadline().IsZero() || s.flight != nil {
			t.Fatalf("deadline %v after the hold", s.NextDeadline())
		}
		h.give(s, flight5)
		h.wantIdle(s)
		if !s.Connected() || !c.Connected() {
			t.Fatal("connection lost")
		}
	})
}

// TestIdleApplicationDataNoAllocs: the record path of a connected pair
// does not allocate and arms no timer.
func TestIdleApplicationDataNoAllocs(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	payload := make([]byte, 1200)
	dg := make([]byte, 2048)
	rd := make([]byte, 2048)
	step := func(from, to *Conn) {
		if err := from.WriteApplicationData(payload); err != nil {
			t.Fatal(err)
		}
		n, _ := from.PollTransmit(dg)
		to.HandleInput(h.now, dg[:n])
		if m, ok := to.ReadApplicationData(rd); !ok || m != len(payload) {
			t.Fatal("record lost")
		}
	}
	step(c, s) // ends the server's last-flight hold
	allocs := testing.AllocsPerRun(100, func() {
		step(c, s)
		step(s, c)
		c.HandleTimeout(h.now.Add(time.Hour))
		s.HandleTimeout(h.now.Add(time.Hour))
	})
	if raceEnabled {
		t.Logf("# -race: sync.Pool drops buffers at random, %v allocations per exchange not checked", allocs)
	} else if allocs != 0 {
		t.Errorf("%v allocations per exchange, want 0", allocs)
	}
	if !c.NextDeadline().IsZero() || !s.NextDeadline().IsZero() {
		t.Errorf("timers armed: %v / %v", c.NextDeadline(), s.NextDeadline())
	}
}

// TestAppendApplicationData: a record sealed into the caller's buffer is
// read by the peer like one from WriteApplicationData, without allocating,
// and the call is refused before the handshake and after close.
func TestAppendApplicationData(t *testing.T) {
	c, s := testPair(t, "ecdsa", nil)
	if _, err := c.AppendApplicationData(nil, []byte("x")); err != ErrNotConnected {
		t.Fatalf("before the handshake: %v", err)
	}
	h := &harness{t: t, c: c, s: s, now: t0}
	h.handshake()
	dg := make([]byte, 0, 2048)
	rd := make([]byte, 2048)
	for i := range 3 {
		out, err := c.AppendApplicationData(dg[:0], []byte("hello"))
		if err != nil {
			t.Fatal(err)
		}
		s.HandleInput(h.now, out)
		if n, ok := s.ReadApplicationData(rd); !ok || string(rd[:n]) != "hello" {
			t.Fatalf("record %d: read %q %v", i, rd[:n], ok)
		}
	}
	h.wantIdle(c)
	if _, err := c.AppendApplicationData(nil, make([]byte, maxApplicationData+1)); err != ErrTooLarge {
		t.Fatalf("oversized: %v", err)
	}
	if a := testing.AllocsPerRun(100, func() { _, _ = c.AppendApplicationData(dg[:0], rd[:1200]) }); a != 0 {
		t.Errorf("%v allocations", a)
	}
	c.Close()
	if _, err := c.AppendApplicationData(nil, []byte("x")); err != ErrClosed {
		t.Fatalf("after close: %v", err)
	}
}
