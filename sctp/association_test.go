package sctp

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// harness drives one Association by hand: the test plays the peer, writing
// packets with writeX and checking what comes out with wantX.
type harness struct {
	t       *testing.T
	a       *Association
	now     time.Time
	peerTag uint32 // the tag the test (as peer) announced
	ourTag  uint32 // the association's tag, learned from its INIT ACK
	tsn     uint32 // next TSN the test sends
	buf     []byte
}

func newHarness(t *testing.T, mod func(*Config)) *harness {
	cfg := Config{Rand: newRand(7)}
	if mod != nil {
		mod(&cfg)
	}
	a, err := NewAssociation(epoch, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, a: a, now: epoch, peerTag: 0x11223344, tsn: 1000, buf: make([]byte, 2048)}
}

// write sends a packet with the given tag and chunks.
func (h *harness) write(vtag uint32, chunks ...[]byte) {
	h.t.Helper()
	hd := Header{SrcPort: 5000, DstPort: 5000, VerificationTag: vtag}
	p := hd.AppendTo(nil)
	for _, c := range chunks {
		p = append(p, c...)
	}
	SetChecksum(p)
	h.a.HandleInput(h.now, p)
}

// next returns the next packet's header and chunks, or fails.
func (h *harness) next(what string) (Header, []rawChunk) {
	h.t.Helper()
	n, ok := h.a.PollTransmit(h.buf)
	if !ok {
		h.t.Fatalf("want %s, got nothing", what)
	}
	p := h.buf[:n]
	hd, rest, err := ParseHeader(p)
	if err != nil {
		h.t.Fatal(err)
	}
	var cs []rawChunk
	for len(rest) > 0 {
		typ, flags, v, r, err := NextChunk(rest)
		if err != nil {
			h.t.Fatalf("%s: bad chunk: %v", what, err)
		}
		cs = append(cs, rawChunk{typ, flags, append([]byte(nil), v...)})
		rest = r
	}
	return hd, cs
}

type rawChunk struct {
	typ   ChunkType
	flags uint8
	v     []byte
}

// want checks that the next packet holds chunks of the given types.
func (h *harness) want(what string, types ...ChunkType) (Header, []rawChunk) {
	h.t.Helper()
	hd, cs := h.next(what)
	if len(cs) != len(types) {
		h.t.Fatalf("want %s %v, got %d chunks %v", what, types, len(cs), cs)
	}
	for i := range types {
		if cs[i].typ != types[i] {
			h.t.Fatalf("want %s: chunk %d is %s, want %s", what, i, cs[i].typ, types[i])
		}
	}
	return hd, cs
}

func (h *harness) wantIdle() {
	h.t.Helper()
	if n, ok := h.a.PollTransmit(h.buf); ok {
		h.t.Fatalf("want nothing sent, got %d bytes", n)
	}
}

func (h *harness) wantEvent(typ EventType) Event {
	h.t.Helper()
	e, ok := h.a.PollEvent()
	if !ok || e.Type != typ {
		h.t.Fatalf("want event %s, got %v (%v)", typ, e.Type, ok)
	}
	return e
}

func (h *harness) wantNoEvent() {
	h.t.Helper()
	if e, ok := h.a.PollEvent(); ok {
		h.t.Fatalf("want no event, got %s", e.Type)
	}
}

// advanceToDeadline moves time to the association's deadline and runs it.
func (h *harness) advanceToDeadline() time.Duration {
	h.t.Helper()
	d := h.a.NextDeadline()
	if d.IsZero() {
		h.t.Fatal("no deadline")
	}
	step := d.Sub(h.now)
	h.now = d
	h.a.HandleTimeout(h.now)
	return step
}

func (h *harness) peerInit() InitChunk {
	return InitChunk{InitiateTag: h.peerTag, ARwnd: 1 << 20, OutStreams: 100, InStreams: 100, InitialTSN: h.tsn,
		ForwardTSN: true, Extensions: []ChunkType{ChunkForwardTSN, ChunkReconfig}}
}

// establish runs the server side of the handshake and returns the cookie.
func (h *harness) establish() {
	h.t.Helper()
	in := h.peerInit()
	h.write(0, in.AppendTo(nil))
	hd, cs := h.want("INIT ACK", ChunkInitAck)
	var ack InitChunk
	if err := ack.Unmarshal(true, cs[0].v); err != nil {
		h.t.Fatal(err)
	}
	if hd.VerificationTag != h.peerTag {
		h.t.Fatalf("INIT ACK tag %#x, want the INIT's initiate tag %#x", hd.VerificationTag, h.peerTag)
	}
	h.ourTag = ack.InitiateTag
	h.write(h.ourTag, AppendCookieEcho(nil, ack.Cookie))
	h.want("COOKIE ACK", ChunkCookieAck)
	h.wantEvent(EventAssociationUp)
}

func (h *harness) data(payload string, flags uint8) []byte {
	d := DataChunk{TSN: h.tsn, Stream: 1, PPID: 51, Payload: []byte(payload),
		Beginning: flags&flagBeginning != 0, Ending: flags&flagEnding != 0, Unordered: flags&flagUnordered != 0}
	h.tsn++
	return d.AppendTo(nil)
}

func TestHandshakeServerStateless(t *testing.T) {
	h := newHarness(t, nil)
	t.Logf("# RFC 9260 §5.1.3: the INIT ACK carries a State Cookie and the server keeps no state")
	h.write(0, (&InitChunk{InitiateTag: h.peerTag, ARwnd: 1 << 20, OutStreams: 10, InStreams: 10, InitialTSN: 1}).AppendTo(nil))
	_, cs := h.want("INIT ACK", ChunkInitAck)
	if h.a.State() != StateClosed {
		t.Fatalf("state %v after INIT, want CLOSED", h.a.State())
	}
	var ack InitChunk
	if err := ack.Unmarshal(true, cs[0].v); err != nil {
		t.Fatal(err)
	}
	t.Logf("# §5.1.5: a cookie whose MAC does not verify is discarded")
	bad := append([]byte(nil), ack.Cookie...)
	bad[5] ^= 1
	h.write(ack.InitiateTag, AppendCookieEcho(nil, bad))
	h.wantIdle()
	h.wantNoEvent()
	t.Logf("# §5.1.5 step 3: a stale cookie (older than Valid.Cookie.Life) is discarded")
	h.now = h.now.Add(61 * time.Second)
	h.write(ack.InitiateTag, AppendCookieEcho(nil, ack.Cookie))
	h.wantIdle()
	if h.a.State() != StateClosed {
		t.Fatal("stale cookie accepted")
	}
	t.Logf("# a fresh handshake establishes; the negotiated stream counts are the minimum of both sides")
	h2 := newHarness(t, nil)
	h2.establish()
	out, in := h2.a.Streams()
	if out != 100 || in != 100 {
		t.Fatalf("streams %d/%d", out, in)
	}
}

func TestHandshakeClientRetransmitsInit(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.Client = true; c.MaxInitRetransmits = 2 })
	hd, _ := h.want("INIT", ChunkInit)
	if hd.VerificationTag != 0 {
		t.Fatal("§8.5.1: INIT must carry tag 0")
	}
	t.Logf("# RFC 9260 §5.1 T1-init: INIT is retransmitted after RTO.Initial, with back-off (§6.3.3 E2)")
	if d := h.advanceToDeadline(); d != time.Second {
		t.Fatalf("first T1 after %v, want 1s", d)
	}
	h.want("INIT again", ChunkInit)
	if d := h.advanceToDeadline(); d != 2*time.Second {
		t.Fatalf("second T1 after %v, want 2s", d)
	}
	h.want("INIT again", ChunkInit)
	t.Logf("# after Max.Init.Retransmits the association gives up")
	h.advanceToDeadline()
	h.wantIdle()
	e := h.wantEvent(EventAssociationLost)
	if !errors.Is(e.Err, ErrTimeout) {
		t.Fatalf("err %v", e.Err)
	}
	if !h.a.NextDeadline().IsZero() {
		t.Fatal("timer still armed after giving up")
	}
}

func TestDropsBadPackets(t *testing.T) {
	h := newHarness(t, nil)
	h.establish()
	before := h.a.Stats().DroppedPackets
	t.Logf("# RFC 9260 §8.5: a packet with the wrong verification tag is discarded")
	h.write(h.ourTag+1, h.data("x", flagBeginning|flagEnding))
	t.Logf("# §6.8: a packet with a bad checksum is discarded")
	p := (&Header{SrcPort: 5000, DstPort: 5000, VerificationTag: h.ourTag}).AppendTo(nil)
	p = append(p, h.data("y", flagBeginning|flagEnding)...)
	SetChecksum(p)
	p[9] ^= 0xff
	h.a.HandleInput(h.now, p)
	t.Logf("# garbage")
	h.a.HandleInput(h.now, []byte{1, 2, 3})
	if got := h.a.Stats().DroppedPackets - before; got != 3 {
		t.Fatalf("dropped %d packets, want 3", got)
	}
	h.wantNoEvent()
}

func TestSackRules(t *testing.T) {
	h := newHarness(t, nil)
	h.establish()
	first := h.tsn
	t.Logf("# RFC 9260 §6.2: a single DATA packet is acknowledged within the delayed-ack time (200 ms)")
	h.write(h.ourTag, h.data("one", flagBeginning|flagEnding))
	if e := h.wantEvent(EventMessage); string(e.Data) != "one" {
		t.Fatalf("got %q", e.Data)
	}
	h.wantIdle()
	if d := h.advanceToDeadline(); d != 200*time.Millisecond {
		t.Fatalf("delayed SACK after %v", d)
	}
	_, cs := h.want("delayed SACK", ChunkSack)
	var s SackChunk
	must(t, s.Unmarshal(cs[0].v))
	if s.CumTSN != first || len(s.Gaps) != 0 {
		t.Fatalf("SACK %+v", s)
	}
	t.Logf("# §6.2: at least every second packet with DATA is acknowledged at once")
	h.write(h.ourTag, h.data("two", flagBeginning|flagEnding))
	h.wantIdle()
	h.write(h.ourTag, h.data("three", flagBeginning|flagEnding))
	h.want("SACK after two packets", ChunkSack)
	t.Logf("# §6.7: a gap is reported at once, with a Gap Ack Block")
	h.tsn++ // lose one TSN
	h.write(h.ourTag, h.data("five", flagBeginning|flagEnding))
	_, cs = h.want("SACK with gap", ChunkSack)
	must(t, s.Unmarshal(cs[0].v))
	if s.CumTSN != first+2 || len(s.Gaps) != 1 || s.Gaps[0] != (GapBlock{2, 2}) {
		t.Fatalf("SACK %+v", s)
	}
	t.Logf("# §6.2: a duplicate TSN is reported in the next SACK")
	d := DataChunk{TSN: first + 1, Stream: 1, PPID: 51, Payload: []byte("two"), Beginning: true, Ending: true}
	h.write(h.ourTag, d.AppendTo(nil))
	_, cs = h.want("SACK with dup", ChunkSack)
	must(t, s.Unmarshal(cs[0].v))
	if len(s.Dups) != 1 || s.Dups[0] != first+1 {
		t.Fatalf("SACK %+v", s)
	}
	for {
		e, ok := h.a.PollEvent()
		if !ok {
			break
		}
		if string(e.Data) == "five" {
			t.Fatal("ordered message delivered across a gap")
		}
	}
}

func TestHeartbeatEcho(t *testing.T) {
	h := newHarness(t, nil)
	h.establish()
	t.Logf("# RFC 9260 §8.3: a HEARTBEAT is answered with a HEARTBEAT ACK echoing its info")
	h.write(h.ourTag, AppendHeartbeat(nil, false, []byte("opaque")))
	_, cs := h.want("HEARTBEAT ACK", ChunkHeartbeatAck)
	info, err := ParseHeartbeat(cs[0].v)
	if err != nil || !bytes.Equal(info, []byte("opaque")) {
		t.Fatalf("info %q %v", info, err)
	}
}

func TestAbortReceived(t *testing.T) {
	h := newHarness(t, nil)
	h.establish()
	t.Logf("# RFC 9260 §9.1: an ABORT ends the association at once")
	h.write(h.ourTag, AppendAbort(nil, false, CauseUserInitiatedAbort, nil))
	e := h.wantEvent(EventAssociationLost)
	if !errors.Is(e.Err, ErrAborted) || h.a.State() != StateClosed {
		t.Fatalf("err %v state %v", e.Err, h.a.State())
	}
	t.Logf("# the error carries the ABORT's cause: User-Initiated Abort is how a peer's close() ends it")
	var ae *AbortError
	if !errors.As(e.Err, &ae) || ae.Cause != CauseUserInitiatedAbort {
		t.Fatalf("err %#v, want an *AbortError with cause %d", e.Err, CauseUserInitiatedAbort)
	}
	if err := h.a.Send(1, 51, []byte("x"), SendOptions{}); !errors.Is(err, ErrNotEstablished) {
		t.Fatalf("send after abort: %v", err)
	}
	h.wantNoEvent()
	if h.a.holdsBuffers() || !h.a.NextDeadline().IsZero() {
		t.Fatal("an ended association keeps buffers or a timer")
	}
}

func TestAbortWithoutCause(t *testing.T) {
	h := newHarness(t, nil)
	h.establish()
	t.Logf("# RFC 9260 §3.3.7: the error causes of an ABORT are optional")
	h.write(h.ourTag, AppendAbort(nil, false, 0, nil))
	e := h.wantEvent(EventAssociationLost)
	var ae *AbortError
	if !errors.As(e.Err, &ae) || ae.Cause != 0 || !errors.Is(e.Err, ErrAborted) {
		t.Fatalf("err %#v, want an *AbortError without cause", e.Err)
	}
}

func TestT3Retransmission(t *testing.T) {
	h := newHarness(t, nil)
	h.establish()
	must(t, h.a.Send(1, 51, []byte("hello"), SendOptions{}))
	_, cs := h.want("DATA", ChunkData)
	t.Logf("# RFC 9260 §6.3.3: unacknowledged DATA is retransmitted when T3-rtx expires, RTO doubled (E2)")
	if d := h.advanceToDeadline(); d != time.Second {
		t.Fatalf("T3 after %v, want RTO.Initial", d)
	}
	_, cs2 := h.want("retransmitted DATA", ChunkData)
	if !bytes.Equal(cs[0].v, cs2[0].v) {
		t.Fatal("retransmission differs")
	}
	if d := h.advanceToDeadline(); d != 2*time.Second {
		t.Fatalf("second T3 after %v, want 2s", d)
	}
	h.want("DATA again", ChunkData)
	t.Logf("# a SACK covering it stops the timer")
	var d DataChunk
	typ := ChunkData
	must(t, d.Unmarshal(typ == ChunkIData, cs[0].flags, cs[0].v))
	h.write(h.ourTag, (&SackChunk{CumTSN: d.TSN, ARwnd: 1 << 20}).AppendTo(nil))
	t.Logf("# what remains is the release of the idle buffers, %v later; then no timer at all", bufferIdleTime)
	if d := h.advanceToDeadline(); d != bufferIdleTime {
		t.Fatalf("deadline %v after everything was acknowledged, want only the buffer release at %v", d, bufferIdleTime)
	}
	h.wantIdle()
	if dl := h.a.NextDeadline(); !dl.IsZero() {
		t.Fatalf("deadline %v after the buffers were released", dl.Sub(h.now))
	}
	h.wantEvent(EventBufferedAmountLow) // polled after the release: its queue goes too
	h.wantNoEvent()
	if h.a.holdsBuffers() {
		t.Fatal("buffers held after the release")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
