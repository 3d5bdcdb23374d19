package perf

import (
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func ours() Ours { return Ours{Addr: DefaultAddr()} }

// The throughput measurement delivers and checks every message, and its
// numbers are consistent with what was sent.
func TestThroughputOurs(t *testing.T) {
	cfg := DefaultThroughput()
	cfg.Bytes = 4 << 20
	r, err := Throughput(ours(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if r.Bytes != cfg.Bytes || r.Messages != cfg.Bytes/int64(cfg.Message) {
		t.Errorf("received %d bytes in %d messages, sent %d in %d", r.Bytes, r.Messages, cfg.Bytes, cfg.Bytes/int64(cfg.Message))
	}
	if r.Waits == 0 {
		t.Errorf("4 MiB with a 1 MiB high water mark never waited for bufferedamountlow")
	}
	if r.MBps <= 0 || r.CPUmsPerMiB <= 0 || r.Elapsed <= 0 {
		t.Errorf("no rates: %+v", r)
	}
}

func TestThroughputRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*ThroughputConfig)
		want string
	}{
		{"not a multiple", func(c *ThroughputConfig) { c.Bytes = 100<<10 + 1 }, "multiple"},
		{"low too close to high", func(c *ThroughputConfig) { c.LowThreshold = c.HighWater }, "high water"},
		{"no timeout", func(c *ThroughputConfig) { c.Timeout = 0 }, "timeout"},
	} {
		cfg := DefaultThroughput()
		tc.edit(&cfg)
		if _, err := Throughput(ours(), cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one about %q", tc.name, err, tc.want)
		}
	}
}

// The checker is what makes a throughput number a measurement: it must
// catch a corrupted, short, reordered, missing or extra message.
func TestCheckerCatchesBadDelivery(t *testing.T) {
	msgs, sums := payloads(100)
	good := func(ck *checker, i int) { ck.receive(msgs[i%distinctPayloads]) }
	for _, tc := range []struct {
		name string
		feed func(ck *checker)
		want string
	}{
		{"corrupt", func(ck *checker) {
			good(ck, 0)
			b := append([]byte(nil), msgs[1]...)
			b[50] ^= 1
			ck.receive(b)
		}, "message 1 has the wrong content"},
		{"short", func(ck *checker) { ck.receive(msgs[0][:99]) }, "message 0 has 99 bytes"},
		{"reordered", func(ck *checker) { good(ck, 1); good(ck, 0) }, "message 0 has the wrong content"},
		{"extra", func(ck *checker) {
			for i := range 11 {
				good(ck, i)
			}
		}, "message 10 arrived after the last one"},
	} {
		ck := newChecker(sums, 100, 10)
		tc.feed(ck)
		if _, _, err := ck.result(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	ck := newChecker(sums, 100, 10)
	for i := range 10 {
		good(ck, i)
	}
	select {
	case <-ck.done:
	default:
		t.Fatal("10 good messages of 10 did not finish the transfer")
	}
	if n, b, err := ck.result(); n != 10 || b != 1000 || err != nil {
		t.Errorf("10 good messages: %d messages, %d bytes, %v", n, b, err)
	}
}

func TestPayloadsDiffer(t *testing.T) {
	_, sums := payloads(64 << 10)
	seen := map[uint32]bool{}
	for _, s := range sums {
		if seen[s] {
			t.Fatalf("two payloads with CRC %08x: the checker could not tell them apart", s)
		}
		seen[s] = true
	}
}

func TestConnectToOpenOurs(t *testing.T) {
	r, err := ConnectToOpen(ours(), ConnectConfig{Runs: 4, Warmup: 1, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if len(r.Times) != 4 || r.Min <= 0 || r.Min > r.P50 || r.P50 > r.P99 || r.P99 != r.Max {
		t.Errorf("inconsistent result: %+v", r)
	}
}

func TestPercentile(t *testing.T) {
	var v []time.Duration
	for i := 1; i <= 100; i++ {
		v = append(v, time.Duration(i))
	}
	for _, tc := range []struct {
		n    int
		p    float64
		want time.Duration
	}{
		{100, 50, 50}, {100, 99, 99}, {100, 100, 100}, {100, 0, 1},
		{50, 50, 25}, {50, 99, 50}, {1, 99, 1}, {3, 50, 2},
	} {
		if got := Percentile(v[:tc.n], tc.p); got != tc.want {
			t.Errorf("p%v of 1..%d = %v, want %v", tc.p, tc.n, got, tc.want)
		}
	}
}

func TestIdleOurs(t *testing.T) {
	r, err := Idle(ours(), IdleConfig{Pairs: 3, Settle: 50 * time.Millisecond, Window: 200 * time.Millisecond, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if r.PeerConnections != 6 || r.Goroutines <= 0 || r.HeapBytes <= 0 || r.Window < 200*time.Millisecond {
		t.Errorf("implausible: %+v", r)
	}
}

func TestUDPBaseline(t *testing.T) {
	cfg := DefaultUDP(DefaultAddr())
	cfg.Bytes = 1 << 20
	r, err := UDPBaseline(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if r.Sent != cfg.Bytes/int64(cfg.Datagram) || r.Received <= 0 || r.Received > r.Sent || r.Bytes != r.Received*int64(cfg.Datagram) {
		t.Errorf("inconsistent: %+v", r)
	}
}
