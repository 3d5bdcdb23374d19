package perf

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// IdleConfig sizes an idle-connections measurement.
type IdleConfig struct {
	// Pairs is the number of connected pairs (2×Pairs PeerConnections).
	Pairs int
	// Settle is the wait after the last pair connected, before measuring:
	// handshake retransmission timers run out, buffers are released.
	Settle time.Duration
	// Window is the idle period over which CPU is measured.
	Window time.Duration
	// Timeout bounds each connection.
	Timeout time.Duration
}

// DefaultIdle returns the sizes: 1,000 pairs, a 10 s window.
func DefaultIdle() IdleConfig {
	return IdleConfig{Pairs: 1000, Settle: 2 * time.Second, Window: 10 * time.Second, Timeout: 20 * time.Second}
}

// IdleResult is the outcome of Idle. The deltas are against the process
// before the first PeerConnection was created; PerPC values divide them
// by the number of PeerConnections.
type IdleResult struct {
	Stack           string
	Pairs           int
	PeerConnections int
	// ConnectTime is how long connecting all the pairs, one after another,
	// took.
	ConnectTime time.Duration
	// Goroutines is the growth of runtime.NumGoroutine.
	Goroutines      int
	GoroutinesPerPC float64
	// HeapBytes is the growth of the live heap after a full GC
	// (MemStats.HeapAlloc); goroutine stacks are not part of it.
	HeapBytes    int64
	HeapKiBPerPC float64
	// StackBytes is the growth of the goroutine stacks (MemStats.StackInuse).
	StackBytes    int64
	StackKiBPerPC float64
	// RSSBytes is the growth of the resident set (also freed heap the
	// runtime has not returned, and the runtime's own metadata); -1 where
	// the platform does not say.
	RSSBytes    int64
	RSSKiBPerPC float64
	// Window is the measured idle period and CPU the process CPU in it.
	Window time.Duration
	CPU    time.Duration
	// CPUusPerPCPerSec is CPU in µs / Window in s / PeerConnections.
	CPUusPerPCPerSec float64
}

// Idle connects cfg.Pairs pairs, one open data channel each, lets them
// settle for cfg.Settle, measures goroutines and memory against the process
// before the first connection, then the process CPU over cfg.Window of
// idleness (consent freshness checks, timers, whatever the stack does on
// its own). All pairs must still be connected at the end: an idle window in
// which connections died measures nothing. It closes every pair before
// returning.
func Idle(s Stack, cfg IdleConfig) (IdleResult, error) {
	res := IdleResult{Stack: s.Name(), Pairs: cfg.Pairs, PeerConnections: 2 * cfg.Pairs}
	if cfg.Pairs <= 0 || cfg.Settle < 0 || cfg.Window <= 0 || cfg.Timeout <= 0 {
		return res, fmt.Errorf("idle: bad config %+v", cfg)
	}
	pairs := make([]Pair, 0, cfg.Pairs)
	defer func() {
		for _, p := range pairs {
			p.Close()
		}
	}()
	gc()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	g0, rss0 := runtime.NumGoroutine(), RSS()
	start := time.Now()
	for i := range cfg.Pairs {
		p, err := s.Connect("idle", cfg.Timeout)
		if err != nil {
			return res, fmt.Errorf("idle: pair %d: %w", i, err)
		}
		pairs = append(pairs, p)
	}
	res.ConnectTime = time.Since(start)
	// The measurement is of behaviour over wall-clock time, so it waits in
	// real time.
	<-time.After(cfg.Settle)
	gc()
	runtime.ReadMemStats(&m1)
	g1, rss1 := runtime.NumGoroutine(), RSS()
	cpu0 := CPUTime()
	t0 := time.Now()
	<-time.After(cfg.Window)
	res.CPU = CPUTime() - cpu0
	res.Window = time.Since(t0)

	var dead int
	for _, p := range pairs {
		if !p.Connected() {
			dead++
		}
	}
	if dead > 0 {
		return res, fmt.Errorf("idle: %d of %d pairs were no longer connected after the idle window", dead, cfg.Pairs)
	}
	n := float64(res.PeerConnections)
	res.Goroutines = g1 - g0
	res.GoroutinesPerPC = float64(res.Goroutines) / n
	res.HeapBytes = int64(m1.HeapAlloc) - int64(m0.HeapAlloc)
	res.HeapKiBPerPC = float64(res.HeapBytes) / 1024 / n
	res.StackBytes = int64(m1.StackInuse) - int64(m0.StackInuse)
	res.StackKiBPerPC = float64(res.StackBytes) / 1024 / n
	res.RSSBytes = -1
	if rss0 >= 0 && rss1 >= 0 {
		res.RSSBytes = rss1 - rss0
		res.RSSKiBPerPC = float64(res.RSSBytes) / 1024 / n
	}
	res.CPUusPerPCPerSec = float64(res.CPU) / float64(time.Microsecond) / res.Window.Seconds() / n
	if res.Goroutines < 0 {
		return res, errors.New("idle: fewer goroutines with the pairs connected than before: something else ran in the process")
	}
	return res, nil
}

// gc runs two collections, so that objects freed by the first one's
// finalizers are gone too.
func gc() {
	runtime.GC()
	runtime.GC()
}
