package webrtc

import (
	"runtime"
	"testing"
	"time"
)

// TestGoroutinesPerConnection connects 1,000 PeerConnections (500 pairs in
// this process, over UDP, each with an open data channel) and counts the
// goroutines they keep while idle: DESIGN.md's budget is at most two per
// connection, whatever the number of interfaces. Closing them all returns
// to the goroutines there were before. (100 connections under the race
// detector, which cannot run more in reasonable time.)
func TestGoroutinesPerConnection(t *testing.T) {
	pairs := 500
	if raceEnabled || testing.Short() {
		pairs = 50
	}
	g0 := settledGoroutines(-1)
	var pcs []*PeerConnection
	defer func() {
		for _, pc := range pcs {
			pc.Close()
		}
	}()
	for range pairs {
		a, c := mustPC(t, Configuration{}), mustPC(t, Configuration{})
		pcs = append(pcs, a, c)
		ab, ca := trickle(a, c), trickle(c, a)
		dc, err := a.CreateDataChannel("idle", nil)
		if err != nil {
			t.Fatal(err)
		}
		open := make(chan struct{}, 2)
		dc.OnOpen(func() { open <- struct{}{} })
		c.OnDataChannel(func(r *DataChannel) { r.OnOpen(func() { open <- struct{}{} }) })
		negotiate(t, a, c)
		ab.start()
		ca.start()
		waitFor(t, open, "the channel to open")
		waitFor(t, open, "the remote channel to open")
	}
	n := len(pcs)
	// Event handlers may still be on their way out; settle before counting.
	g1 := settledGoroutines(g0 + 2*n)
	per := float64(g1-g0) / float64(n)
	t.Logf("%d connections: %d goroutines before, %d connected and idle: %.2f per connection", n, g0, g1, per)
	if per > 2 {
		t.Errorf("%.2f goroutines per connection, the budget is 2", per)
	}
	for _, pc := range pcs {
		pc.Close()
	}
	pcs = nil
	if g2 := settledGoroutines(g0); g2 > g0 {
		t.Errorf("%d goroutines after closing every connection, %d before", g2, g0)
	}
}

// settledGoroutines returns the goroutine count once it stops changing for
// 400 ms (the shared socket readers outlive the last socket by 200 ms), at
// most after 3 s, or as soon as it is at most target. Goroutines that are
// ending need the scheduler, not an event, so this waits in real time.
func settledGoroutines(target int) int {
	deadline := time.Now().Add(3 * time.Second)
	last, since := runtime.NumGoroutine(), time.Now()
	for time.Now().Before(deadline) {
		runtime.Gosched()
		n := runtime.NumGoroutine()
		if n <= target {
			return n
		}
		if n != last {
			last, since = n, time.Now()
		} else if time.Since(since) > 400*time.Millisecond {
			return n
		}
		<-time.After(time.Millisecond)
	}
	return runtime.NumGoroutine()
}
