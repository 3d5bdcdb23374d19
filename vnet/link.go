package vnet

import (
	"math/rand/v2"
	"time"
)

// LinkConfig describes one direction of a network path. The zero value is a
// perfect link: no delay, no loss, unlimited bandwidth.
type LinkConfig struct {
	// Delay is the one-way propagation delay.
	Delay time.Duration
	// Jitter adds a uniformly random extra delay in [0, Jitter) to each
	// packet. Packets may overtake each other as a result, as on real paths.
	Jitter time.Duration
	// Loss is the probability in [0, 1] that a packet is dropped.
	Loss float64
	// Reorder is the probability in [0, 1] that a packet is held back by an
	// extra ReorderDelay, so that packets sent after it arrive before it.
	Reorder float64
	// ReorderDelay is the extra delay of a reordered packet; zero means
	// 2×Delay+1ms.
	ReorderDelay time.Duration
	// Duplicate is the probability in [0, 1] that a packet is delivered twice.
	Duplicate float64
	// Bandwidth is the bottleneck rate in bits per second; zero is unlimited.
	// Packets queue behind each other at this rate (serialisation delay).
	Bandwidth int64
	// QueueBytes bounds the bottleneck queue (drop-tail). Zero means
	// 64 KiB, or the bandwidth-delay product if that is larger. Ignored when
	// Bandwidth is zero.
	QueueBytes int
	// MTU drops packets longer than this many bytes; zero is unlimited.
	MTU int
	// Seed makes the link's random choices repeatable.
	Seed uint64
}

// LinkStats counts what a Link did with the packets it was given.
type LinkStats struct {
	Sent       int   // packets handed to Send
	Delivered  int   // packets handed to a Deliver callback (duplicates included)
	Lost       int   // dropped by the Loss probability
	QueueDrops int   // dropped because the bottleneck queue was full
	TooBig     int   // dropped because they exceeded the MTU
	Duplicated int   // extra copies made
	Reordered  int   // packets held back by ReorderDelay
	Bytes      int64 // bytes delivered
}

// Link is a one-way, discrete-event model of a network path, for testing
// sans-IO protocol cores on a synthetic clock: packets go in with Send, and
// come out with Deliver once their arrival time has come. It never reads the
// real clock and is deterministic for a given Seed. A Link is not safe for
// concurrent use.
type Link struct {
	cfg       LinkConfig
	rng       *rand.Rand
	queue     arrivals
	seq       uint64
	busyUntil time.Time // when the bottleneck finishes sending what is queued
	free      [][]byte
	stats     LinkStats
}

// NewLink returns a link with the given behaviour.
func NewLink(cfg LinkConfig) *Link {
	return &Link{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))}
}

// Config returns the link's configuration.
func (l *Link) Config() LinkConfig { return l.cfg }

// Stats returns the link's counters.
func (l *Link) Stats() LinkStats { return l.stats }

// InFlight returns the number of packets sent but not yet delivered.
func (l *Link) InFlight() int { return len(l.queue) }

func (l *Link) chance(p float64) bool { return p > 0 && l.rng.Float64() < p }

// Send hands the link a packet at time now. The link copies p.
func (l *Link) Send(now time.Time, p []byte) {
	l.stats.Sent++
	if l.cfg.MTU > 0 && len(p) > l.cfg.MTU {
		l.stats.TooBig++
		return
	}
	depart := now
	if l.cfg.Bandwidth > 0 {
		if l.busyUntil.Before(now) {
			l.busyUntil = now
		}
		backlog := int64(l.busyUntil.Sub(now)) * l.cfg.Bandwidth / 8 / int64(time.Second)
		if backlog+int64(len(p)) > int64(l.queueLimit()) {
			l.stats.QueueDrops++
			return
		}
		l.busyUntil = l.busyUntil.Add(time.Duration(int64(len(p)) * 8 * int64(time.Second) / l.cfg.Bandwidth))
		depart = l.busyUntil
	}
	// Loss happens after the bottleneck: a lost packet still used its share
	// of the link, as on a lossy last hop.
	if l.chance(l.cfg.Loss) {
		l.stats.Lost++
		return
	}
	copies := 1
	if l.chance(l.cfg.Duplicate) {
		copies = 2
		l.stats.Duplicated++
	}
	for range copies {
		at := depart.Add(l.cfg.Delay)
		if l.cfg.Jitter > 0 {
			at = at.Add(time.Duration(l.rng.Int64N(int64(l.cfg.Jitter))))
		}
		if l.chance(l.cfg.Reorder) {
			l.stats.Reordered++
			d := l.cfg.ReorderDelay
			if d == 0 {
				d = 2*l.cfg.Delay + time.Millisecond
			}
			at = at.Add(d)
		}
		buf := l.alloc(len(p))
		copy(buf, p)
		l.seq++
		l.queue.push(arrival{at: at, seq: l.seq, p: buf})
	}
}

func (l *Link) queueLimit() int {
	if l.cfg.QueueBytes > 0 {
		return l.cfg.QueueBytes
	}
	bdp := int(int64(l.cfg.Delay) * 2 * l.cfg.Bandwidth / 8 / int64(time.Second))
	return max(64<<10, bdp)
}

func (l *Link) alloc(n int) []byte {
	for len(l.free) > 0 {
		b := l.free[len(l.free)-1]
		l.free = l.free[:len(l.free)-1]
		if cap(b) >= n {
			return b[:n]
		}
	}
	return make([]byte, n, max(n, 1500))
}

// NextDelivery returns the arrival time of the earliest packet in flight, or
// the zero time if none is.
func (l *Link) NextDelivery() time.Time {
	if len(l.queue) == 0 {
		return time.Time{}
	}
	return l.queue[0].at
}

// Deliver calls fn, in arrival order, for every packet whose arrival time is
// not after now. The slice passed to fn is valid only during the call.
func (l *Link) Deliver(now time.Time, fn func(p []byte)) {
	for len(l.queue) > 0 && !l.queue[0].at.After(now) {
		a := l.queue.pop()
		l.stats.Delivered++
		l.stats.Bytes += int64(len(a.p))
		fn(a.p)
		if len(l.free) < 4096 {
			l.free = append(l.free, a.p)
		}
	}
}

type arrival struct {
	at  time.Time
	seq uint64
	p   []byte
}

// before orders arrivals by time, then by send order (so that packets due
// at the same instant keep their order).
func (a arrival) before(b arrival) bool {
	if a.at.Equal(b.at) {
		return a.seq < b.seq
	}
	return a.at.Before(b.at)
}

// arrivals is a min-heap of arrival (heapPush, heapPop).
type arrivals []arrival

func (a *arrivals) push(x arrival) { heapPush((*[]arrival)(a), x) }

func (a *arrivals) pop() arrival { return heapPop((*[]arrival)(a)) }
