package sctp

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// seededRand is a deterministic io.Reader for Config.Rand in tests.
type seededRand struct{ r *rand.ChaCha8 }

func newRand(seed uint64) *seededRand {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	return &seededRand{rand.NewChaCha8(s)}
}

func (s *seededRand) Read(p []byte) (int, error) { return s.r.Read(p) }

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// peer adapts an Association to vnet.Endpoint and runs a small application
// on top: it drains events after every Handle call.
type peer struct {
	t       testing.TB
	a       *Association
	now     time.Time
	onEvent func(p *peer, e Event)
	after   func(p *peer)
	up      bool
	events  []EventType
}

func (p *peer) HandleInput(now time.Time, b []byte) {
	p.now = now
	p.a.HandleInput(now, b)
	p.drain()
}

func (p *peer) HandleTimeout(now time.Time) {
	p.now = now
	p.a.HandleTimeout(now)
	p.drain()
}

func (p *peer) PollTransmit(buf []byte) (int, bool) { return p.a.PollTransmit(buf) }
func (p *peer) NextDeadline() time.Time             { return p.a.NextDeadline() }

func (p *peer) drain() {
	for {
		e, ok := p.a.PollEvent()
		if !ok {
			break
		}
		if e.Type == EventAssociationUp {
			p.up = true
		}
		if e.Type != EventMessage && e.Type != EventBufferedAmountLow {
			p.events = append(p.events, e.Type)
		}
		if p.onEvent != nil {
			p.onEvent(p, e)
		}
	}
	if p.after != nil {
		p.after(p)
	}
}

func newPeer(t testing.TB, client bool, seed uint64, mod func(*Config)) *peer {
	cfg := Config{Client: client, Rand: newRand(seed)}
	if mod != nil {
		mod(&cfg)
	}
	a, err := NewAssociation(epoch, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &peer{t: t, a: a, now: epoch}
}

func newPair(t testing.TB, ab, ba vnet.LinkConfig, mod func(*Config)) (*vnet.Pair, *peer, *peer) {
	c := newPeer(t, true, 1, mod)
	s := newPeer(t, false, 2, mod)
	ab.Seed, ba.Seed = 11, 12
	p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(ab), BA: vnet.NewLink(ba), Now: epoch}
	return p, c, s
}

// bulk drives a one-way transfer of total bytes in messages of size msg on
// stream 1 from a to b, checking order and content with a hash.
type bulk struct {
	total, msg         int
	sent, recvd        int
	sendHash, recvHash hash.Hash
	gen                uint64
	buf                []byte
	opt                SendOptions
	doneAt             time.Time
	highWater          int
}

func newBulk(total, msg int) *bulk {
	return &bulk{total: total, msg: msg, sendHash: sha256.New(), recvHash: sha256.New(), buf: make([]byte, msg), highWater: 4 << 20}
}

func (b *bulk) fill(p *peer) {
	if !p.up {
		return
	}
	for b.sent < b.total && p.a.BufferedTotal() < b.highWater {
		n := min(b.msg, b.total-b.sent)
		m := b.buf[:n]
		for i := 0; i+8 <= n; i += 8 {
			b.gen = b.gen*6364136223846793005 + 1442695040888963407
			binary.LittleEndian.PutUint64(m[i:], b.gen)
		}
		if err := p.a.Send(1, 53, m, b.opt); err != nil {
			p.t.Fatalf("Send: %v", err)
		}
		b.sendHash.Write(m)
		b.sent += n
	}
}

func (b *bulk) recv(p *peer, e Event) {
	if e.Type == EventMessage && e.Stream == 1 {
		b.recvHash.Write(e.Data)
		b.recvd += len(e.Data)
		if b.recvd == b.total {
			b.doneAt = p.now
		}
	}
}

func TestVnetSmoke(t *testing.T) {
	link := vnet.LinkConfig{Delay: 10 * time.Millisecond}
	p, c, s := newPair(t, link, link, nil)
	b := newBulk(1<<20, 1000)
	c.after = b.fill
	s.onEvent = b.recv
	if err := p.Run(epoch.Add(time.Minute), func() bool { return b.recvd == b.total }); err != nil {
		t.Fatalf("run: %v (sent %d recvd %d) client %+v server %+v", err, b.sent, b.recvd, c.a.Stats(), s.a.Stats())
	}
	t.Logf("done at %v, stats %+v", b.doneAt.Sub(epoch), c.a.Stats())
}

// TestBulkPacketsFullSize: under bulk load every packet that carries DATA
// is full, the last one excepted: the next message's first chunk fills the
// room after a message's last chunk (RFC 9260 §6.10 bundling), which is
// what lets the socket layer batch datagrams of equal size (UDP GSO).
// "Full" is exactly MTU bytes, or short by less than a chunk header plus
// 4 bytes when a message's last chunk leaves no room for another chunk
// (with I-DATA and 64 KiB messages, one message boundary in eight).
func TestBulkPacketsFullSize(t *testing.T) {
	for _, idata := range []bool{true, false} {
		link := vnet.LinkConfig{Delay: 5 * time.Millisecond, Bandwidth: 200_000_000}
		p, c, s := newPair(t, link, link, func(c *Config) { c.DisableIData = !idata })
		b := newBulk(32<<20, 64<<10)
		c.after = b.fill
		s.onEvent = b.recv
		var sizes []int
		p.OnTransmit = func(from string, pkt []byte) {
			if from == "A" && hasData(t, pkt) {
				sizes = append(sizes, len(pkt))
			}
		}
		if err := p.Run(epoch.Add(time.Hour), func() bool { return b.recvd == b.total }); err != nil {
			t.Fatal(err)
		}
		mtu, hdr := c.a.MTU(), c.a.chunkHeaderLen()
		exact, nearly := 0, map[int]int{}
		for i, n := range sizes {
			switch {
			case n == mtu:
				exact++
			case n > mtu-hdr-4:
				nearly[n]++
			case i < len(sizes)-1:
				t.Errorf("DATA packet %d of %d has %d bytes: room for another chunk was left", i, len(sizes), n)
			}
		}
		t.Logf("# I-DATA %v: %d MiB in 64 KiB messages: %d DATA packets, %d of exactly %d bytes, %v no room for another chunk, last %d bytes",
			idata, b.total>>20, len(sizes), exact, mtu, nearly, sizes[len(sizes)-1])
	}
}

func hasData(t *testing.T, pkt []byte) bool {
	_, chunks, err := ParseHeader(pkt)
	if err != nil {
		t.Fatal(err)
	}
	for len(chunks) > 0 {
		typ, _, _, rest, err := NextChunk(chunks)
		if err != nil {
			t.Fatal(err)
		}
		if typ == ChunkData || typ == ChunkIData {
			return true
		}
		chunks = rest
	}
	return false
}
