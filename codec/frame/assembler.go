package frame

import (
	"errors"

	"github.com/c4c1f6e1/webrtc/codec"
	"github.com/c4c1f6e1/webrtc/rtp"
)

// Defaults for Config.
const (
	DefaultMaxPackets     = 512
	DefaultMaxFrameSize   = 8 << 20
	DefaultMaxPayloadSize = 8192
)

// Config configures an Assembler.
type Config struct {
	// Depacketizer is the payload format of the stream (required).
	Depacketizer codec.Depacketizer
	// MaxPackets is the reorder window in packets, a power of two
	// (default 512). A packet this far ahead of the oldest undelivered one
	// forces the older packets out.
	MaxPackets int
	// MaxFrameSize caps a rebuilt frame in bytes (default 8 MiB); larger
	// frames are dropped.
	MaxFrameSize int
	// MaxPayloadSize caps the payload of a stored packet (default 8192);
	// larger packets are dropped.
	MaxPayloadSize int
	// DecodeThroughLoss delivers frames that follow a loss instead of
	// waiting for a key frame. Their Frame.Discontinuity is set.
	DecodeThroughLoss bool
}

// Frame is one rebuilt frame.
type Frame struct {
	// Data is the frame, appended to the buffer given to Pop.
	Data []byte
	// Timestamp is the RTP timestamp shared by the frame's packets.
	Timestamp uint32
	// FirstSeq and LastSeq are the sequence numbers of its first and last
	// packets.
	FirstSeq, LastSeq uint16
	// Keyframe reports that the codec marked one of its packets as
	// starting a key frame.
	Keyframe bool
	// Discontinuity reports that packets or frames were lost or dropped
	// between the previous delivered frame and this one.
	Discontinuity bool
}

// Stats counts what an Assembler did with its input.
type Stats struct {
	FramesDelivered  uint64 // frames returned by Pop
	FramesDropped    uint64 // complete frames dropped (waiting for a key frame, too large, malformed)
	PacketsSkipped   uint64 // stored packets discarded without being delivered
	PacketsDuplicate uint64 // packets already stored
	PacketsLate      uint64 // packets older than the delivery point
	PacketsTooLarge  uint64 // packets above MaxPayloadSize
	MalformedFrames  uint64 // frames the depacketizer rejected
}

// slot holds one stored packet with the codec's answers about it, computed
// once at Push so that scanning the window never parses payloads.
type slot struct {
	ext     uint64
	valid   bool
	start   bool // the codec says it certainly starts a frame
	end     bool // the codec says it ends its frame (with the marker bit)
	key     bool // the codec says it belongs to a key frame
	ts      uint32
	seq     uint16
	payload []byte
}

// Assembler rebuilds frames from the packets of one RTP stream (one SSRC
// and payload type). It is not safe for concurrent use.
type Assembler struct {
	cfg      Config
	dep      codec.Depacketizer
	slots    []slot
	mask     uint64
	unwrap   rtp.SeqUnwrapper
	started  bool
	next     uint64 // extended sequence number of the oldest undelivered packet
	boundary bool   // next is known to start a frame
	highest  uint64 // highest extended sequence number stored
	dirty    bool   // something changed since Pop last found nothing
	waitKey  bool
	keys     int  // stored packets with key set
	consumed bool // packets were delivered or discarded
	discont  bool
	stats    Stats
}

// ErrConfig reports an invalid Config.
var ErrConfig = errors.New("frame: invalid config")

// New returns an Assembler. It waits for a key frame before delivering.
func New(cfg Config) (*Assembler, error) {
	if cfg.Depacketizer == nil {
		return nil, ErrConfig
	}
	if cfg.MaxPackets == 0 {
		cfg.MaxPackets = DefaultMaxPackets
	}
	if cfg.MaxPackets < 2 || cfg.MaxPackets&(cfg.MaxPackets-1) != 0 || cfg.MaxPackets > 1<<15 {
		return nil, ErrConfig
	}
	if cfg.MaxFrameSize <= 0 {
		cfg.MaxFrameSize = DefaultMaxFrameSize
	}
	if cfg.MaxPayloadSize <= 0 {
		cfg.MaxPayloadSize = DefaultMaxPayloadSize
	}
	return &Assembler{
		cfg:     cfg,
		dep:     cfg.Depacketizer,
		slots:   make([]slot, cfg.MaxPackets),
		mask:    uint64(cfg.MaxPackets - 1),
		waitKey: true,
	}, nil
}

// Stats returns the counters.
func (a *Assembler) Stats() Stats { return a.stats }

// NeedKeyframe reports whether delivery is held until a key frame: at the
// start and after a loss (unless DecodeThroughLoss). The caller should
// request one (PLI, RFC 4585 §6.3.1) while it reports true.
func (a *Assembler) NeedKeyframe() bool { return a.waitKey }

func (a *Assembler) slot(ext uint64) *slot {
	s := &a.slots[ext&a.mask]
	if !s.valid || s.ext != ext {
		return nil
	}
	return s
}

// Push stores a packet. Its payload is copied; p may be reused.
func (a *Assembler) Push(p *rtp.Packet) {
	if len(p.Payload) > a.cfg.MaxPayloadSize {
		a.stats.PacketsTooLarge++
		return
	}
	ext := a.unwrap.Unwrap(p.SequenceNumber)
	if !a.started {
		// The first packet is taken as a frame start: a stream normally
		// begins with one, and if not the depacketizer or the key frame
		// rule rejects the partial frame.
		a.started = true
		a.next, a.highest, a.boundary = ext, ext, true
	}
	if ext < a.next {
		if a.consumed || a.next-ext >= uint64(len(a.slots))/2 {
			a.stats.PacketsLate++
			return
		}
		// Nothing was delivered yet: a packet reordered before the first
		// one becomes the new start.
		a.next = ext
	}
	if ext >= a.next+uint64(len(a.slots)) {
		// The window overflows: give up on everything older.
		a.discard(ext - uint64(len(a.slots)) + 1)
	}
	s := &a.slots[ext&a.mask]
	if s.valid && s.ext == ext {
		a.stats.PacketsDuplicate++
		return
	}
	s.ext, s.valid, s.ts, s.seq = ext, true, p.Timestamp, p.SequenceNumber
	s.start = a.dep.IsFrameStart(p.Payload)
	s.end = a.dep.IsFrameEnd(p.Payload, p.Marker)
	s.key = a.dep.IsKeyframe(p.Payload)
	if s.key {
		a.keys++
	}
	s.payload = append(s.payload[:0], p.Payload...)
	a.highest = max(a.highest, ext)
	a.dirty = true
}

// discard drops every stored packet below upTo and moves the delivery
// point there; the frame boundary there is unknown.
func (a *Assembler) discard(upTo uint64) {
	if upTo <= a.next {
		return
	}
	lost := false
	for e := a.next; e < upTo && e < a.next+uint64(len(a.slots)); e++ {
		if s := a.slot(e); s != nil {
			a.free(s)
			a.stats.PacketsSkipped++
		}
		lost = true
	}
	if lost {
		a.lose()
	}
	a.next, a.boundary = upTo, false
	a.dirty, a.consumed = true, true
}

// free empties a slot.
func (a *Assembler) free(s *slot) {
	s.valid = false
	if s.key {
		a.keys--
	}
}

// mustSlot returns a slot that the caller knows is stored.
func (a *Assembler) mustSlot(ext uint64) *slot {
	s := a.slot(ext)
	if s == nil {
		panic("BUG: frame: packet missing inside a complete frame")
	}
	return s
}

// lose records a loss: the next frame is a discontinuity and, unless
// DecodeThroughLoss, delivery waits for a key frame.
func (a *Assembler) lose() {
	a.discont = true
	if !a.cfg.DecodeThroughLoss {
		a.waitKey = true
	}
}

// isStart reports whether the stored packet ext certainly starts a frame.
func (a *Assembler) isStart(ext uint64) bool {
	s := a.slot(ext)
	if s == nil {
		return false
	}
	if ext == a.next && a.boundary || s.start {
		return true
	}
	prev := a.slot(ext - 1)
	return prev != nil && (prev.ts != s.ts || prev.end)
}

// frameEnd returns the last packet of the frame starting at ext, if all
// its packets are stored.
func (a *Assembler) frameEnd(ext uint64) (uint64, bool) {
	first := a.slot(ext)
	for e := ext; e <= a.highest; e++ {
		s := a.slot(e)
		if s == nil || s.ts != first.ts {
			return 0, false
		}
		if s.end {
			return e, true
		}
		if n := a.slot(e + 1); n != nil && n.ts != first.ts {
			return e, true
		}
	}
	return 0, false
}

// SkipIncomplete gives up on the oldest undelivered frame: packets up to
// the next certain frame start (or all stored packets) are discarded. The
// caller uses it when the frame's playout deadline has passed.
func (a *Assembler) SkipIncomplete() {
	if !a.started {
		return
	}
	for e := a.next + 1; e <= a.highest; e++ {
		if a.isStart(e) {
			a.discard(e)
			return
		}
	}
	a.discard(a.highest + 1)
}

// Pop returns the next frame in order, appending its data to buf[:0]. It
// returns false when no frame can be delivered yet; that answer costs O(1)
// until the next Push or SkipIncomplete.
func (a *Assembler) Pop(buf []byte) (Frame, bool) {
	for a.dirty {
		if a.slot(a.next) != nil {
			if a.boundary || a.isStart(a.next) {
				a.boundary = true
				if end, ok := a.frameEnd(a.next); ok {
					if f, ok := a.deliver(a.next, end, buf); ok {
						return f, true
					}
				} else if !a.jump() {
					a.dirty = false
				}
				continue
			}
			// The start of the oldest frame was lost: if the packets up to
			// the next certain frame start are all here, they are the tail
			// of a frame that can never be completed.
			if a.dropTail() {
				continue
			}
		}
		// The oldest frame is incomplete: jump to a later complete key
		// frame if there is one; otherwise wait for more packets.
		if !a.jump() {
			a.dirty = false
		}
	}
	return Frame{}, false
}

// dropTail discards the stored run of packets at next whose frame start is
// gone, up to the next certain frame start.
func (a *Assembler) dropTail() bool {
	for e := a.next + 1; e <= a.highest && a.slot(e) != nil; e++ {
		if a.isStart(e) {
			a.discard(e)
			a.boundary = true
			return true
		}
	}
	return false
}

// jump looks for the first certain frame start after next whose frame is
// complete and is a key frame, and discards everything before it.
func (a *Assembler) jump() bool {
	if a.keys == 0 {
		return false
	}
	for e := a.next + 1; e <= a.highest; e++ {
		if !a.isStart(e) {
			continue
		}
		end, ok := a.frameEnd(e)
		if !ok {
			continue
		}
		if a.keyframe(e, end) {
			a.discard(e)
			a.boundary = true
			return true
		}
		e = end
	}
	return false
}

func (a *Assembler) keyframe(first, last uint64) bool {
	for e := first; e <= last; e++ {
		if a.mustSlot(e).key {
			return true
		}
	}
	return false
}

// deliver depacketizes packets first..last and consumes them. It returns
// false when the frame is dropped.
func (a *Assembler) deliver(first, last uint64, buf []byte) (Frame, bool) {
	f := Frame{
		Timestamp: a.mustSlot(first).ts,
		FirstSeq:  a.mustSlot(first).seq,
		LastSeq:   a.mustSlot(last).seq,
		Keyframe:  a.keyframe(first, last),
	}
	ok := f.Keyframe || !a.waitKey
	data := buf[:0]
	if ok {
		a.dep.Reset()
		var err error
		for e := first; e <= last && err == nil; e++ {
			data, err = a.dep.Depacketize(a.mustSlot(e).payload, data)
			if len(data) > a.cfg.MaxFrameSize {
				err = codec.ErrMalformed
			}
		}
		if err != nil {
			a.stats.MalformedFrames++
			ok = false
		}
	}
	for e := first; e <= last; e++ {
		a.free(a.mustSlot(e))
	}
	a.next, a.boundary = last+1, true
	a.consumed = true
	if !ok {
		a.stats.FramesDropped++
		a.lose()
		return Frame{}, false
	}
	if f.Keyframe {
		a.waitKey = false
	}
	f.Data = data
	f.Discontinuity = a.discont
	a.discont = false
	a.stats.FramesDelivered++
	return f, true
}
