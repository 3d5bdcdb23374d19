package webrtc

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// The shared timer service fires each driver's deadline once, never
// earlier than wakeSlack before it, and not for a cancelled one; deadlines
// far away are rounded up to coarseGrain so that many share a wakeup; the
// goroutine ends when nothing is pending.
func TestTimerService(t *testing.T) {
	const n = 200
	type fired struct {
		at   time.Time
		want time.Time
	}
	var mu sync.Mutex
	got := map[int]fired{}
	done := make(chan int, n)
	start := time.Now()
	rng := rand.New(rand.NewPCG(1, 2))
	drivers := make([]*driver, n)
	for i := range drivers {
		d := &driver{timerIdx: -1, closed: true}
		want := start.Add(time.Duration(rng.IntN(60)) * time.Millisecond)
		if i%10 == 0 {
			want = start.Add(600*time.Millisecond + time.Duration(rng.IntN(50))*time.Millisecond) // coarse
		}
		if i%10 == 5 {
			// Cancelled below: due after all the others, so that the
			// cancellation always comes first, however slow the machine.
			want = start.Add(700*time.Millisecond + time.Duration(rng.IntN(50))*time.Millisecond)
		}
		d.onTimerHook = func() {
			mu.Lock()
			got[i] = fired{time.Now(), want}
			mu.Unlock()
			done <- i
		}
		drivers[i] = d
		d.mu.Lock()
		timers.schedule(d, start.Add(time.Hour)) // moved later below
		timers.schedule(d, want)
		d.mu.Unlock()
	}
	cancelled := map[int]bool{}
	for i := 5; i < n; i += 10 {
		d := drivers[i]
		d.mu.Lock()
		timers.schedule(d, time.Time{})
		d.mu.Unlock()
		cancelled[i] = true
	}
	for range n - len(cancelled) {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d timers fired", len(got), n-len(cancelled))
		}
	}
	// The cancelled deadlines have passed by now (a real-time wait: this
	// tests a real-time service).
	<-time.After(time.Until(start.Add(900 * time.Millisecond)))
	mu.Lock()
	defer mu.Unlock()
	for i, f := range got {
		if cancelled[i] {
			t.Errorf("cancelled timer %d fired", i)
		}
		if f.at.Before(f.want.Add(-wakeSlack)) {
			t.Errorf("timer %d fired %v early", i, f.want.Sub(f.at))
		}
		if i%10 == 0 {
			if r := f.at.Sub(f.want); r < 0 {
				t.Errorf("coarse timer %d fired %v early", i, -r)
			}
		}
	}
	if s := settledTimerService(); s {
		t.Error("the timer service goroutine still runs with nothing pending")
	}
}

// settledTimerService reports whether the service still runs once every
// pending timer is gone (it ends right after its last wakeup).
func settledTimerService() bool {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		timers.mu.Lock()
		running, pending := timers.running, len(timers.heap)
		timers.mu.Unlock()
		if !running || pending > 0 {
			return running && pending == 0
		}
		<-time.After(time.Millisecond)
	}
	return true
}

func TestCoarseRounding(t *testing.T) {
	d := &driver{timerIdx: -1, closed: true}
	at := time.Now().Add(2 * time.Second)
	d.mu.Lock()
	timers.schedule(d, at)
	timers.mu.Lock()
	got := d.timerAt
	timers.mu.Unlock()
	timers.schedule(d, time.Time{})
	d.mu.Unlock()
	if got.Before(at) || got.Sub(at) > coarseGrain || got.UnixNano()%int64(coarseGrain) != 0 {
		t.Fatalf("a deadline 2 s away became %v (+%v), want the next multiple of %v", got, got.Sub(at), coarseGrain)
	}
}

// A deadline that the cores ask for again as it comes nearer keeps the
// rounding it got when it was far: every datagram re-arms the timer, and
// rounding the same deadline again by the time left would take it off the
// grid (measured: idle connections then woke the process 2,400 times a
// second instead of 8).
func TestRoundingKept(t *testing.T) {
	d := &driver{timerIdx: -1, closed: true}
	now := time.Now()
	at := now.Add(5 * time.Second)
	d.mu.Lock()
	defer d.mu.Unlock()
	timers.scheduleAt(d, at, now)
	timers.mu.Lock()
	first := d.timerAt
	timers.mu.Unlock()
	if first.Before(at) || first.Sub(at) > consentGrain || first.UnixNano()%int64(consentGrain) != 0 {
		t.Fatalf("a deadline 5 s away became %v (+%v), want the next multiple of %v", first, first.Sub(at), consentGrain)
	}
	for _, left := range []time.Duration{time.Second, 100 * time.Millisecond, time.Millisecond} {
		timers.scheduleAt(d, at, at.Add(-left))
		timers.mu.Lock()
		got := d.timerAt
		timers.mu.Unlock()
		if !got.Equal(first) {
			t.Fatalf("re-armed %v before it, the deadline moved from %v to %v", left, first, got)
		}
	}
	// A different deadline is rounded afresh.
	sooner := at.Add(-time.Second)
	timers.scheduleAt(d, sooner, at.Add(-1100*time.Millisecond))
	timers.mu.Lock()
	got := d.timerAt
	timers.mu.Unlock()
	timers.schedule(d, time.Time{})
	if !got.Equal(sooner) {
		t.Fatalf("a new deadline 100 ms away became %v, want it exact (%v)", got, sooner)
	}
}
