package webrtc

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// BenchmarkDataChannelThroughput sends 64 KiB messages from one
// PeerConnection to another over loopback UDP (ICE, DTLS, SCTP, all real),
// with bufferedAmount flow control: the sender keeps at most 1 MiB queued
// and resumes on bufferedamountlow. It reports MB/s and the CPU the whole
// process spent per MiB (both peers).
func BenchmarkDataChannelThroughput(b *testing.B) {
	a, err := NewPeerConnection(Configuration{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	c, err := NewPeerConnection(Configuration{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ab, ca := trickle(a, c), trickle(c, a)
	dc, _ := a.CreateDataChannel("bulk", nil)
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	const msg = 64 << 10
	total := int64(b.N) * msg
	got := make(chan struct{})
	c.OnDataChannel(func(r *DataChannel) {
		var n int64
		r.OnMessage(func(m DataChannelMessage) {
			n += int64(len(m.Data))
			if n == total {
				close(got)
			}
		})
	})
	if err := negotiateB(a, c); err != nil {
		b.Fatal(err)
	}
	ab.start()
	ca.start()
	select {
	case <-opened:
	case <-time.After(20 * time.Second):
		b.Fatal("channel did not open")
	}
	low := make(chan struct{}, 1)
	dc.SetBufferedAmountLowThreshold(512 << 10)
	dc.OnBufferedAmountLow(func() {
		select {
		case low <- struct{}{}:
		default:
		}
	})
	payload := make([]byte, msg)
	b.SetBytes(msg)
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for dc.BufferedAmount() > 1<<20 {
			select {
			case <-low:
			case <-time.After(time.Second):
			}
		}
		if err := dc.Send(payload); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-got:
	case <-time.After(60 * time.Second):
		b.Fatal("not everything arrived")
	}
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	mib := float64(total) / (1 << 20)
	b.ReportMetric(float64(total)/1e6/elapsed.Seconds(), "MB/s")
	b.ReportMetric(float64(cpu.Milliseconds())/mib, "cpu-ms/MiB")
}

func negotiateB(a, b *PeerConnection) error {
	if err := a.SetLocalDescription(bg, nil); err != nil {
		return err
	}
	if err := b.SetRemoteDescription(bg, *a.LocalDescription()); err != nil {
		return err
	}
	if err := b.SetLocalDescription(bg, nil); err != nil {
		return err
	}
	return a.SetRemoteDescription(bg, *b.LocalDescription())
}

// BenchmarkConnectToOpen measures the time from NewPeerConnection to a
// data channel open on both sides, over loopback UDP (certificate
// generation, offer/answer, ICE, DTLS, SCTP, DCEP), and reports the median
// and the 99th percentile.
func BenchmarkConnectToOpen(b *testing.B) {
	var times []time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		a, err := NewPeerConnection(Configuration{})
		if err != nil {
			b.Fatal(err)
		}
		c, err := NewPeerConnection(Configuration{})
		if err != nil {
			b.Fatal(err)
		}
		ab, ca := trickle(a, c), trickle(c, a)
		dc, _ := a.CreateDataChannel("x", nil)
		open := make(chan struct{}, 2)
		dc.OnOpen(func() { open <- struct{}{} })
		c.OnDataChannel(func(r *DataChannel) { r.OnOpen(func() { open <- struct{}{} }) })
		if err := negotiateB(a, c); err != nil {
			b.Fatal(err)
		}
		ab.start()
		ca.start()
		for range 2 {
			select {
			case <-open:
			case <-time.After(20 * time.Second):
				b.Fatal("channel did not open")
			}
		}
		times = append(times, time.Since(start))
		a.Close()
		c.Close()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkIdleConnections connects 500 pairs of PeerConnections (1,000
// connections) with an open data channel each, then reports per connection
// the goroutines, the live heap, and the CPU used per second while idle
// (consent checks and timers only). Run with -benchtime 1x.
func BenchmarkIdleConnections(b *testing.B) {
	const pairs = 500
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	g0 := runtime.NumGoroutine()
	var pcs []*PeerConnection
	for range pairs {
		a, err := NewPeerConnection(Configuration{})
		if err != nil {
			b.Fatal(err)
		}
		c, err := NewPeerConnection(Configuration{})
		if err != nil {
			b.Fatal(err)
		}
		pcs = append(pcs, a, c)
		ab, ca := trickle(a, c), trickle(c, a)
		dc, _ := a.CreateDataChannel("idle", nil)
		open := make(chan struct{})
		dc.OnOpen(func() { close(open) })
		if err := negotiateB(a, c); err != nil {
			b.Fatal(err)
		}
		ab.start()
		ca.start()
		select {
		case <-open:
		case <-time.After(20 * time.Second):
			b.Fatal("channel did not open")
		}
	}
	defer func() {
		for _, pc := range pcs {
			pc.Close()
		}
	}()
	// This benchmark measures behaviour over wall-clock time, so it waits in
	// real time; it is not a test waiting for an event.
	<-time.After(time.Second) // let the connections settle into idle
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	g1 := runtime.NumGoroutine()
	cpu0 := cpuTime()
	const idle = 5 * time.Second
	<-time.After(idle)
	cpu := cpuTime() - cpu0
	n := float64(len(pcs))
	b.ReportMetric(float64(g1-g0)/n, "goroutines/conn")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1024/n, "heap-KiB/conn")
	b.ReportMetric(float64(cpu.Microseconds())/idle.Seconds()/n, "idle-cpu-µs/s/conn")
}
