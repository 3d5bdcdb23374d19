package sctp

import (
	"fmt"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// runThroughput transfers total bytes over a link of rate bit/s, RTT rtt and
// loss probability loss in both directions and returns the goodput in bit/s
// measured from association up to the last byte delivered.
func runThroughput(t testing.TB, rate int64, rtt time.Duration, loss float64, total int) (float64, Stats) {
	link := vnet.LinkConfig{Delay: rtt / 2, Bandwidth: rate, Loss: loss}
	p, c, s := newPair(t, link, link, nil)
	b := newBulk(total, 64<<10)
	b.highWater = 14 << 20 // keep the send buffer (16 MiB) from limiting a 300 ms path
	var upAt time.Time
	c.after = func(p *peer) {
		if p.up && upAt.IsZero() {
			upAt = p.now
		}
		b.fill(p)
	}
	s.onEvent = b.recv
	if err := p.Run(epoch.Add(30*time.Minute), func() bool { return b.recvd == b.total }); err != nil {
		t.Fatalf("run: %v (sent %d recvd %d) client %+v", err, b.sent, b.recvd, c.a.Stats())
	}
	if string(b.sendHash.Sum(nil)) != string(b.recvHash.Sum(nil)) {
		t.Fatalf("content mismatch")
	}
	d := b.doneAt.Sub(upAt)
	return float64(total) * 8 / d.Seconds(), c.a.Stats()
}

// BenchmarkThroughputTable prints the throughput table: a 100 Mbit/s
// link at 2, 20, 50, 100 and 300 ms RTT with 0 % and 1 % random loss in
// both directions (simulated time; run with -bench ThroughputTable
// -benchtime 1x).
func BenchmarkThroughputTable(b *testing.B) {
	for range b.N {
		throughputTable(b)
	}
}

// TestThroughputGoals checks the goals at 50 ms RTT: at least 80 %
// of the link rate without loss and 60 % at 1 % loss.
func TestThroughputGoals(t *testing.T) {
	const rate = 100_000_000
	total := 40 << 20
	if testing.Short() {
		t.Skip("transfers 80 MiB")
	}
	for _, c := range []struct {
		loss, goal float64
	}{{0, 0.80}, {0.01, 0.60}} {
		gp, st := runThroughput(t, rate, 50*time.Millisecond, c.loss, total)
		t.Logf("# 50 ms RTT, %.0f%% loss: %.1f Mbit/s (%.1f%% of the link, goal %.0f%%), %d retransmissions",
			c.loss*100, gp/1e6, gp/rate*100, c.goal*100, st.Retransmits)
		if gp < c.goal*rate {
			t.Errorf("goodput %.1f Mbit/s below %.0f%% of the link", gp/1e6, c.goal*100)
		}
	}
}

func throughputTable(t testing.TB) {
	const rate = 100_000_000
	t.Logf("# 100 Mbit/s link, goodput of a 64 KiB-message transfer (first byte after association up to last byte delivered)")
	t.Logf("%-8s %-6s %12s %8s %8s", "RTT", "loss", "goodput", "of link", "rtx")
	for _, rtt := range []time.Duration{2, 20, 50, 100, 300} {
		rtt *= time.Millisecond
		for _, loss := range []float64{0, 0.01} {
			// Transfer long enough to be dominated by steady state.
			total := int(rate / 8 * 10) // 10 s of link time
			if rtt >= 100*time.Millisecond {
				total *= 2
			}
			gp, st := runThroughput(t, rate, rtt, loss, total)
			t.Logf("%-8v %-6s %9.1f Mb %7.1f%% %8d", rtt, fmt.Sprintf("%.0f%%", loss*100), gp/1e6, gp/rate*100, st.Retransmits)
		}
	}
}
