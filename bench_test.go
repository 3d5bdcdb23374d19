package webrtc_test

import (
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/perf"
)

// The benchmarks are thin wrappers around internal/perf, which also backs
// the comparison with Pion (cd interop && go run ./cmd/webrtc-bench): one
// implementation of each measurement. They run over UDP on perf.DefaultAddr.

func ours() perf.Ours { return perf.Ours{Addr: perf.DefaultAddr()} }

// BenchmarkDataChannelThroughput sends b.N 64 KiB messages from one
// PeerConnection to another (perf.Throughput: at most 1 MiB buffered,
// resuming on bufferedamountlow, every message checked) and reports MB/s
// and the CPU the whole process spent per MiB. ns/op is the time per
// message, without connecting.
func BenchmarkDataChannelThroughput(b *testing.B) {
	cfg := perf.DefaultThroughput()
	cfg.Bytes = int64(b.N) * int64(cfg.Message)
	r, err := perf.Throughput(ours(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(r.Elapsed.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(r.MBps, "MB/s")
	b.ReportMetric(r.CPUmsPerMiB, "cpu-ms/MiB")
}

// BenchmarkConnectToOpen times b.N connections from NewPeerConnection to
// the data channel open on both sides (perf.ConnectToOpen) and reports the
// median and the 99th percentile.
func BenchmarkConnectToOpen(b *testing.B) {
	cfg := perf.DefaultConnect()
	cfg.Runs = b.N
	r, err := perf.ConnectToOpen(ours(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(r.Mean.Nanoseconds()), "ns/op")
	b.ReportMetric(ms(r.P50), "p50-ms")
	b.ReportMetric(ms(r.P99), "p99-ms")
}

// BenchmarkIdleConnections connects 1,000 pairs (2,000 PeerConnections)
// with an open data channel each (perf.Idle) and reports per
// PeerConnection the goroutines, the live heap, the goroutine stacks and
// the CPU used per second over 10 s of idleness. It measures once, whatever
// b.N: run it with -benchtime 1x.
func BenchmarkIdleConnections(b *testing.B) {
	r, err := perf.Idle(ours(), perf.DefaultIdle())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(r.Window.Nanoseconds()), "ns/op")
	b.ReportMetric(r.GoroutinesPerPC, "goroutines/conn")
	b.ReportMetric(r.HeapKiBPerPC, "heap-KiB/conn")
	b.ReportMetric(r.StackKiBPerPC, "stack-KiB/conn")
	b.ReportMetric(r.CPUusPerPCPerSec, "idle-cpu-µs/s/conn")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
