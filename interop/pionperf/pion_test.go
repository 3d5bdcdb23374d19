package pionperf

import (
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	"github.com/c4c1f6e1/webrtc/internal/perf"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func stack() Stack { return Stack{Addr: perf.DefaultAddr()} }

// Pion goes through the same checked transfer as our stack.
func TestThroughput(t *testing.T) {
	cfg := perf.DefaultThroughput()
	cfg.Bytes = 2 << 20
	r, err := perf.Throughput(stack(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if r.Bytes != cfg.Bytes || r.Waits == 0 {
		t.Errorf("received %d of %d bytes, %d flow-control waits", r.Bytes, cfg.Bytes, r.Waits)
	}
}

func TestConnectAndIdle(t *testing.T) {
	c, err := perf.ConnectToOpen(stack(), perf.ConnectConfig{Runs: 2, Warmup: 1, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", c)
	i, err := perf.Idle(stack(), perf.IdleConfig{Pairs: 2, Settle: 50 * time.Millisecond, Window: 100 * time.Millisecond, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", i)
	if i.Goroutines <= 0 {
		t.Errorf("no goroutines for 4 Pion PeerConnections: %+v", i)
	}
}
