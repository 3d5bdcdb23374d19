package webrtc

import (
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
	heap    []*driver // min-heap on timerAt; driver.timerIdx is the position
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
func (s *timerService) schedule(d *driver, at time.Time) {
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
	if !at.IsZero() {
		if wait := time.Until(at); wait > coarseAfter {
			grain := coarseGrain
			if wait > 2*time.Second {
				grain = consentGrain
			}
			at = at.Add(grain - time.Duration(at.UnixNano()%int64(grain)))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if at.IsZero() {
		if d.timerIdx >= 0 {
			s.remove(d.timerIdx)
			if len(s.heap) == 0 {
				s.poke() // so that the goroutine ends now
			}
		}
		return
	}
	if d.timerIdx >= 0 && d.timerAt.Equal(at) {
		return
	}
	d.timerAt = at
	if d.timerIdx >= 0 {
		s.fix(d.timerIdx)
	} else {
		d.timerIdx = len(s.heap)
		s.heap = append(s.heap, d)
		s.up(d.timerIdx)
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
			s.due = append(s.due, s.heap[0])
			s.remove(0)
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

// The heap, by timerAt.

func (s *timerService) less(i, j int) bool { return s.heap[i].timerAt.Before(s.heap[j].timerAt) }

func (s *timerService) swap(i, j int) {
	s.heap[i], s.heap[j] = s.heap[j], s.heap[i]
	s.heap[i].timerIdx, s.heap[j].timerIdx = i, j
}

func (s *timerService) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *timerService) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(s.heap) {
			return
		}
		m := l
		if r := l + 1; r < len(s.heap) && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.swap(i, m)
		i = m
	}
}

func (s *timerService) fix(i int) {
	s.up(i)
	s.down(i)
}

func (s *timerService) remove(i int) {
	last := len(s.heap) - 1
	d := s.heap[i]
	if i != last {
		s.swap(i, last)
	}
	s.heap[last] = nil
	s.heap = s.heap[:last]
	if i != last {
		s.fix(i)
	}
	d.timerIdx = -1
}
