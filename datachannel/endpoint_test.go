package datachannel

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/sctp"
	"github.com/c4c1f6e1/webrtc/vnet"
)

type seeded struct{ r *rand.ChaCha8 }

func (s *seeded) Read(p []byte) (int, error) { return s.r.Read(p) }

func newRand(seed uint64) *seeded {
	var k [32]byte
	binary.LittleEndian.PutUint64(k[:], seed)
	return &seeded{rand.NewChaCha8(k)}
}

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// side adapts an Endpoint to vnet.Endpoint and records what it reports.
type side struct {
	t      testing.TB
	name   string
	e      *Endpoint
	now    time.Time
	log    []string
	msgs   map[*Channel][]string
	remote []*Channel
	on     func(s *side, ev Event)
}

func (s *side) HandleInput(now time.Time, p []byte) { s.now = now; s.e.HandleInput(now, p); s.drain() }
func (s *side) HandleTimeout(now time.Time)         { s.now = now; s.e.HandleTimeout(now); s.drain() }
func (s *side) PollTransmit(b []byte) (int, bool)   { return s.e.PollTransmit(b) }
func (s *side) NextDeadline() time.Time             { return s.e.NextDeadline() }

func (s *side) drain() {
	for {
		ev, ok := s.e.PollEvent()
		if !ok {
			return
		}
		label := ""
		if ev.Channel != nil {
			label = ev.Channel.Label()
		}
		switch ev.Type {
		case EventMessage:
			m := string(ev.Data)
			if !ev.IsString {
				m = fmt.Sprintf("bin:%x", ev.Data)
			}
			s.msgs[ev.Channel] = append(s.msgs[ev.Channel], m)
		case EventDataChannel:
			s.remote = append(s.remote, ev.Channel)
			s.log = append(s.log, "datachannel "+label)
		case EventOpen:
			s.log = append(s.log, "open "+label)
		case EventClosing:
			s.log = append(s.log, "closing "+label)
		case EventClose:
			s.log = append(s.log, "close "+label)
		case EventError:
			s.log = append(s.log, "error "+label)
		}
		if s.on != nil {
			s.on(s, ev)
		}
	}
}

func (s *side) has(entry string) bool {
	for _, l := range s.log {
		if l == entry {
			return true
		}
	}
	return false
}

func newSides(t *testing.T, link vnet.LinkConfig, mod func(*sctp.Config)) (*vnet.Pair, *side, *side) {
	mk := func(client bool, seed uint64) *side {
		cfg := sctp.Config{Client: client, Rand: newRand(seed)}
		if mod != nil {
			mod(&cfg)
		}
		a, err := sctp.NewAssociation(epoch, cfg)
		if err != nil {
			t.Fatal(err)
		}
		name := "server"
		if client {
			name = "client"
		}
		return &side{t: t, name: name, e: NewEndpoint(a, Config{DTLSClient: client}), now: epoch, msgs: map[*Channel][]string{}}
	}
	c, s := mk(true, 1), mk(false, 2)
	l1, l2 := link, link
	l1.Seed, l2.Seed = 3, 4
	return &vnet.Pair{A: c, B: s, AB: vnet.NewLink(l1), BA: vnet.NewLink(l2), Now: epoch}, c, s
}

func run(t *testing.T, p *vnet.Pair, what string, done func() bool) {
	t.Helper()
	if err := p.Run(p.Now.Add(10*time.Minute), done); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func u16(v uint16) *uint16 { return &v }

func TestOpenAndMessages(t *testing.T) {
	p, c, s := newSides(t, vnet.LinkConfig{Delay: 10 * time.Millisecond}, nil)
	t.Logf("# W3C §6.2.1: a channel starts connecting with a null id until the transport connects")
	ch, err := c.e.CreateChannel("chat", Options{Protocol: "proto"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ch.ID(); ok || ch.ReadyState() != StateConnecting {
		t.Fatalf("new channel: id assigned or state %v", ch.ReadyState())
	}
	if err := ch.SendText("too early"); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("send while connecting: %v, want InvalidStateError", err)
	}
	run(t, p, "open", func() bool { return len(s.remote) == 1 && c.has("open chat") })
	id, _ := ch.ID()
	t.Logf("# RFC 8832 §6: the DTLS client uses even stream ids (got %d)", id)
	if id%2 != 0 {
		t.Fatalf("client got odd id %d", id)
	}
	r := s.remote[0]
	if r.Label() != "chat" || r.Protocol() != "proto" || !r.Ordered() || r.ReadyState() != StateOpen {
		t.Fatalf("remote channel %+v", r)
	}
	t.Logf("# RFC 8831 §6.6: string, binary and the empty-message PPIDs")
	must(t, ch.SendText("hello"))
	must(t, ch.Send([]byte{1, 2, 3}))
	must(t, ch.SendText(""))
	must(t, ch.Send(nil))
	run(t, p, "messages", func() bool { return len(s.msgs[r]) == 4 })
	want := []string{"hello", "bin:010203", "", "bin:"}
	if fmt.Sprint(s.msgs[r]) != fmt.Sprint(want) {
		t.Fatalf("got %q, want %q", s.msgs[r], want)
	}
	must(t, r.SendText("back"))
	run(t, p, "reply", func() bool { return len(c.msgs[ch]) == 1 })
	t.Logf("# W3C §6.2 send(): a message over maxMessageSize is a TypeError")
	if err := ch.Send(make([]byte, 65537)); !errors.Is(err, ErrType) {
		t.Fatalf("oversized send: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateValidation(t *testing.T) {
	_, c, _ := newSides(t, vnet.LinkConfig{}, nil)
	t.Logf("# W3C §6.2.1 step 11: maxPacketLifeTime and maxRetransmits together are a TypeError")
	if _, err := c.e.CreateChannel("x", Options{MaxPacketLifeTime: u16(1), MaxRetransmits: u16(1)}); !errors.Is(err, ErrType) {
		t.Fatalf("got %v", err)
	}
	t.Logf("# step 13: negotiated without id is a TypeError; id 65535 too")
	if _, err := c.e.CreateChannel("x", Options{Negotiated: true}); !errors.Is(err, ErrType) {
		t.Fatalf("got %v", err)
	}
	if _, err := c.e.CreateChannel("x", Options{Negotiated: true, ID: u16(65535)}); !errors.Is(err, ErrType) {
		t.Fatalf("got %v", err)
	}
	if _, err := c.e.CreateChannel("x", Options{Negotiated: true, ID: u16(4)}); err != nil {
		t.Fatal(err)
	}
	t.Logf("# an id in use is an OperationError")
	if _, err := c.e.CreateChannel("y", Options{Negotiated: true, ID: u16(4)}); !errors.Is(err, ErrOperation) {
		t.Fatalf("got %v", err)
	}
}

func TestNegotiated(t *testing.T) {
	p, c, s := newSides(t, vnet.LinkConfig{Delay: 5 * time.Millisecond}, nil)
	a, err := c.e.CreateChannel("n", Options{Negotiated: true, ID: u16(7)})
	must(t, err)
	b, err := s.e.CreateChannel("n", Options{Negotiated: true, ID: u16(7)})
	must(t, err)
	run(t, p, "open", func() bool { return c.has("open n") && s.has("open n") })
	must(t, a.SendText("x"))
	must(t, b.SendText("y"))
	run(t, p, "messages", func() bool { return len(s.msgs[b]) == 1 && len(c.msgs[a]) == 1 })
	if len(s.remote) != 0 {
		t.Fatal("negotiated channel announced in-band")
	}
}

// TestCloseEitherSide: RFC 8831 §6.7 closing from either side reaches closed
// on both, and other channels keep working.
func TestCloseEitherSide(t *testing.T) {
	for _, loss := range []float64{0, 0.2} {
		t.Run(fmt.Sprintf("loss=%v", loss), func(t *testing.T) { closeEitherSide(t, loss) })
	}
}

func closeEitherSide(t *testing.T, loss float64) {
	p, c, s := newSides(t, vnet.LinkConfig{Delay: 10 * time.Millisecond, Loss: loss}, nil)
	var chans []*Channel
	for _, l := range []string{"a", "b", "keep"} {
		ch, err := c.e.CreateChannel(l, Options{})
		must(t, err)
		chans = append(chans, ch)
	}
	run(t, p, "open", func() bool { return len(s.remote) == 3 && c.has("open keep") })
	t.Logf("# the client closes a; the server sees closing then close")
	must(t, chans[0].SendText("last words"))
	chans[0].Close()
	run(t, p, "close a", func() bool { return c.has("close a") && s.has("close a") })
	if !s.has("closing a") || len(s.msgs[s.remote[0]]) != 1 {
		t.Fatalf("server log %v msgs %v: want closing and the message sent before close", s.log, s.msgs[s.remote[0]])
	}
	t.Logf("# the server closes b")
	s.remote[1].Close()
	run(t, p, "close b", func() bool { return c.has("close b") && s.has("close b") })
	if chans[1].ReadyState() != StateClosed || s.remote[1].ReadyState() != StateClosed {
		t.Fatal("b not closed")
	}
	t.Logf("# keep still works both ways")
	must(t, chans[2].SendText("still here"))
	must(t, s.remote[2].SendText("me too"))
	run(t, p, "keep", func() bool { return len(s.msgs[s.remote[2]]) == 1 && len(c.msgs[chans[2]]) == 1 })
	t.Logf("# the freed id can be reused by a new channel")
	ch, err := c.e.CreateChannel("again", Options{})
	must(t, err)
	if id, _ := ch.ID(); id != func() uint16 { id, _ := chans[0].ID(); return id }() {
		t.Logf("new channel got id %d", id)
	}
	run(t, p, "reopen", func() bool { return s.has("open again") })
}

// TestAbortClosesChannels: when the association ends, every channel
// closes (W3C §6.2.5); an error event comes first only when it ended with
// an error, not when a side aborted it on purpose (User-Initiated Abort,
// as the W3C close() sends).
func TestAbortClosesChannels(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cause     uint16
		wantError bool
	}{
		{"user-initiated", sctp.CauseUserInitiatedAbort, false},
		{"protocol-violation", sctp.CauseProtocolViolation, true},
		{"no-cause", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, c, s := newSides(t, vnet.LinkConfig{Delay: 5 * time.Millisecond}, nil)
			var sent [][]byte
			ch, err := c.e.CreateChannel("a", Options{})
			must(t, err)
			run(t, p, "open", func() bool { return len(s.remote) == 1 })
			t.Logf("# the server sends an ABORT with cause %d", tc.cause)
			must(t, s.remote[0].SendText("x"))
			buf := make([]byte, 1500)
			for {
				n, ok := s.e.PollTransmit(buf)
				if !ok {
					break
				}
				sent = append(sent, append([]byte(nil), buf[:n]...))
			}
			h, _, err := sctp.ParseHeader(sent[0])
			must(t, err)
			abort := (&sctp.Header{SrcPort: h.SrcPort, DstPort: h.DstPort, VerificationTag: h.VerificationTag}).AppendTo(nil)
			abort = sctp.AppendAbort(abort, false, tc.cause, nil)
			sctp.SetChecksum(abort)
			c.HandleInput(p.Now, abort)
			if !c.has("close a") || ch.ReadyState() != StateClosed {
				t.Fatalf("client log %v, state %v: want the channel closed", c.log, ch.ReadyState())
			}
			if got := c.has("error a"); got != tc.wantError {
				t.Fatalf("client log %v: error event %v, want %v", c.log, got, tc.wantError)
			}
		})
	}
	t.Run("local", func(t *testing.T) {
		p, c, s := newSides(t, vnet.LinkConfig{Delay: 5 * time.Millisecond}, nil)
		_, err := c.e.CreateChannel("a", Options{})
		must(t, err)
		run(t, p, "open", func() bool { return len(s.remote) == 1 })
		t.Logf("# our own Abort closes our channels without an error, and the peer's as well")
		c.e.Association().Abort()
		c.drain()
		run(t, p, "peer closed", func() bool { return s.has("close a") })
		if !c.has("close a") || c.has("error a") || s.has("error a") {
			t.Fatalf("client log %v, server log %v", c.log, s.log)
		}
	})
}

// A closing browser resets a channel's stream and then aborts the
// association, in one burst: the channel closes on our side without an
// error event, though its own stream reset can no longer be sent.
func TestPeerResetThenAbort(t *testing.T) {
	p, c, s := newSides(t, vnet.LinkConfig{Delay: 5 * time.Millisecond}, nil)
	ch, err := c.e.CreateChannel("a", Options{})
	must(t, err)
	run(t, p, "open", func() bool { return len(s.remote) == 1 && c.has("open a") })
	t.Log("# the server closes the channel (a stream reset) and aborts, and both packets reach the client before it drains")
	s.remote[0].Close()
	var sent [][]byte
	buf := make([]byte, 1500)
	for {
		n, ok := s.e.PollTransmit(buf)
		if !ok {
			break
		}
		sent = append(sent, append([]byte(nil), buf[:n]...))
	}
	if len(sent) == 0 {
		t.Fatal("the server sent no stream reset")
	}
	h, _, err := sctp.ParseHeader(sent[0])
	must(t, err)
	abort := (&sctp.Header{SrcPort: h.SrcPort, DstPort: h.DstPort, VerificationTag: h.VerificationTag}).AppendTo(nil)
	abort = sctp.AppendAbort(abort, false, sctp.CauseUserInitiatedAbort, nil)
	sctp.SetChecksum(abort)
	for _, pkt := range sent {
		c.e.HandleInput(p.Now, pkt)
	}
	c.e.HandleInput(p.Now, abort)
	c.drain()
	if !c.has("close a") || ch.ReadyState() != StateClosed || c.has("error a") {
		t.Fatalf("client log %v, state %v: want the channel closed without an error", c.log, ch.ReadyState())
	}
}

func TestBufferedAmountLow(t *testing.T) {
	p, c, s := newSides(t, vnet.LinkConfig{Delay: 10 * time.Millisecond, Bandwidth: 10_000_000}, nil)
	ch, err := c.e.CreateChannel("buf", Options{})
	must(t, err)
	lows := 0
	c.on = func(_ *side, ev Event) {
		if ev.Type == EventBufferedAmountLow && ev.Channel == ch {
			lows++
		}
	}
	run(t, p, "open", func() bool { return len(s.remote) == 1 && c.has("open buf") })
	t.Logf("# W3C §6.2: bufferedAmount counts queued, unsent bytes; crossing the threshold downward fires bufferedamountlow once")
	ch.SetBufferedAmountLowThreshold(10000)
	for i := 0; i < 100; i++ {
		must(t, ch.Send(make([]byte, 1000)))
	}
	if got := ch.BufferedAmount(); got != 100000 {
		t.Fatalf("bufferedAmount %d after queuing 100000 bytes", got)
	}
	run(t, p, "drain", func() bool { return ch.BufferedAmount() == 0 && len(s.msgs[s.remote[0]]) == 100 })
	if lows != 1 {
		t.Fatalf("bufferedamountlow fired %d times, want 1", lows)
	}
}

// TestPeerViolations: RFC 8832 §6 — an OPEN on a stream of the receiver's
// own parity, and user data on a stream without a channel, create no
// channel and deliver nothing (the receiver resets the stream).
func TestPeerViolations(t *testing.T) {
	p, c, s := newSides(t, vnet.LinkConfig{Delay: 5 * time.Millisecond}, nil)
	run(t, p, "up", func() bool {
		return c.e.Association().State() == sctp.StateEstablished && s.e.Association().State() == sctp.StateEstablished
	})
	t.Logf("# the client (DTLS client: even ids) receives an OPEN on even stream 6 from the server")
	o := Open{ChannelType: ChannelReliable, Label: "bad"}
	must(t, s.e.Association().Send(6, PPIDDCEP, o.AppendTo(nil), sctp.SendOptions{}))
	t.Logf("# and user data on stream 9, where no channel was opened")
	must(t, s.e.Association().Send(9, PPIDString, []byte("stray"), sctp.SendOptions{}))
	run(t, p, "delivered", func() bool { return c.e.Association().Stats().MessagesReceived == 2 })
	_ = p.Run(p.Now.Add(2*time.Second), func() bool { return false })
	if len(c.remote) != 0 || len(c.msgs) != 0 {
		t.Fatalf("violations surfaced: channels %d, messages %v, log %v", len(c.remote), c.msgs, c.log)
	}
	t.Logf("# a proper OPEN from the server on odd stream 7 still works")
	ch, err := s.e.CreateChannel("good", Options{Negotiated: false})
	must(t, err)
	run(t, p, "good", func() bool { return len(c.remote) == 1 })
	if id, _ := ch.ID(); id%2 != 1 {
		t.Fatalf("server allocated even id %d", id)
	}
}
