package webrtc

import (
	"container/heap"
	"sync"
	"time"
)

// timerService runs the timers of every connection of the process on one
// goroutine, which exists while a timer is pending: each driver has at most
// one deadline in its heap (DESIGN.md §1: one timer per connection, armed
// at the earliest deadline of its cores). A time.AfterFunc per connection
// would start a goroutine at every expiry (and grow its stack through the
// cores each time), and wake the process once per connection.
//
// Deadlines more than coarseAfter away (DTLS and SCTP retransmissions of a
// second or more) are rounded up to a multiple of coarseGrain, those more
// than 2 s away (consent checks every 4–6 s, RFC 7675 §5.1, whose jitter
// this keeps) to a multiple of consentGrain, and one wakeup serves every
// deadline within wakeSlack of it: thousands of idle connections then send
// their checks, and get the answers, in a few bursts a second rather than
// thousands of separate wakeups. A deadline is never served early by more
// than wakeSlack.
type timerService struct {
	mu      sync.Mutex
	heap    deadlines
	running bool
	wake    chan struct{}
	due     []*driver // run's scratch
}

const (
	coarseAfter  = 500 * time.Millisecond
	coarseGrain  = 16 * time.Millisecond
	consentGrain = 128 * time.Millisecond // for deadlines over 2 s away
	wakeSlack    = 500 * time.Microsecond
)

var timers = timerService{wake: make(chan struct{}, 1)}

// ownTimers gives each connection a time.AfterFunc timer instead: for
// tests in a testing/synctest bubble, whose fake clock a goroutine shared
// with the rest of the process cannot follow (noSockets sets it).
var ownTimers bool

// schedule sets d's deadline to at, or cancels it when at is zero. Called
// with d.mu held (the lock order is d.mu, then the service's).
func (s *timerService) schedule(d *driver, at time.Time) { s.scheduleAt(d, at, time.Now()) }

// scheduleAt is schedule at the time now.
func (s *timerService) scheduleAt(d *driver, at, now time.Time) {
	if ownTimers || d.ownTimer != nil {
		if d.ownTimer == nil {
			d.ownTimer = time.AfterFunc(time.Hour, d.onTimer)
		}
		d.ownTimer.Stop()
		if !at.IsZero() {
			d.ownTimer.Reset(time.Until(at))
		}
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !at.IsZero() && d.timerIdx >= 0 && d.timerFor.Equal(at) {
		// The cores still want the deadline the timer was set for: keep
		// its rounding. Rounding it again, now that it is nearer, would
		// take it off the grid whenever a datagram comes in before it.
		return
	}
	raw := at
	if !at.IsZero() {
		if wait := at.Sub(now); wait > coarseAfter {
			grain := coarseGrain
			if wait > 2*time.Second {
				grain = consentGrain
			}
			at = at.Add(grain - time.Duration(at.UnixNano()%int64(grain)))
		}
	}
	if at.IsZero() {
		if d.timerIdx >= 0 {
			heap.Remove(&s.heap, d.timerIdx)
			if len(s.heap) == 0 {
				s.poke() // so that the goroutine ends now
			}
		}
		return
	}
	if d.timerIdx >= 0 && d.timerAt.Equal(at) {
		return
	}
	d.timerAt, d.timerFor = at, raw
	if d.timerIdx >= 0 {
		heap.Fix(&s.heap, d.timerIdx)
	} else {
		heap.Push(&s.heap, d)
	}
	if !s.running {
		s.running = true
		go s.run()
	} else if s.heap[0] == d {
		s.poke()
	}
}

// poke wakes the goroutine to look at the heap again.
func (s *timerService) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *timerService) run() {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		s.mu.Lock()
		limit := time.Now().Add(wakeSlack)
		s.due = s.due[:0]
		for len(s.heap) > 0 && !s.heap[0].timerAt.After(limit) {
			s.due = append(s.due, heap.Pop(&s.heap).(*driver))
		}
		if len(s.due) == 0 && len(s.heap) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		var wait time.Duration
		if len(s.heap) > 0 {
			wait = time.Until(s.heap[0].timerAt)
		}
		due := s.due
		s.mu.Unlock()
		if len(due) > 0 {
			for i, d := range due {
				d.onTimer()
				due[i] = nil
			}
			continue
		}
		t.Reset(wait)
		select {
		case <-t.C:
		case <-s.wake:
			t.Stop()
		}
	}
}

// deadlines is the heap of drivers by timerAt, for container/heap;
// driver.timerIdx is a driver's position in it.
type deadlines []*driver

func (h deadlines) Len() int           { return len(h) }
func (h deadlines) Less(i, j int) bool { return h[i].timerAt.Before(h[j].timerAt) }
func (h deadlines) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].timerIdx, h[j].timerIdx = i, j
}

func (h *deadlines) Push(x any) {
	d := x.(*driver)
	d.timerIdx = len(*h)
	*h = append(*h, d)
}

func (h *deadlines) Pop() any {
	old := *h
	d := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	d.timerIdx = -1
	return d
}
