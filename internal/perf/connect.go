package perf

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// ConnectConfig sizes a connect-to-open measurement.
type ConnectConfig struct {
	// Runs is the number of timed connections.
	Runs int
	// Warmup is the number of untimed connections made first (the first
	// connection of a process pays one-time costs: page faults, lazily
	// built tables).
	Warmup int
	// Timeout bounds each connection.
	Timeout time.Duration
}

// DefaultConnect returns the size, 50 runs, after one warm-up.
func DefaultConnect() ConnectConfig {
	return ConnectConfig{Runs: 50, Warmup: 1, Timeout: 20 * time.Second}
}

// ConnectResult is the outcome of ConnectToOpen.
type ConnectResult struct {
	Stack string
	// Times are the runs' durations, sorted.
	Times                    []time.Duration
	P50, P99, Min, Max, Mean time.Duration
}

// ConnectToOpen times cfg.Runs connections one after another, each from
// just before the first NewPeerConnection to the open event on both ends of
// the data channel: certificate generation, offer/answer, ICE, DTLS, SCTP
// and DCEP. Each pair is closed before the next run starts.
func ConnectToOpen(s Stack, cfg ConnectConfig) (ConnectResult, error) {
	res := ConnectResult{Stack: s.Name()}
	if cfg.Runs <= 0 || cfg.Warmup < 0 || cfg.Timeout <= 0 {
		return res, fmt.Errorf("connect: bad config %+v", cfg)
	}
	for i := range cfg.Warmup + cfg.Runs {
		start := time.Now()
		p, err := s.Connect("connect", cfg.Timeout)
		d := time.Since(start)
		if err != nil {
			return res, fmt.Errorf("connect: run %d: %w", i, err)
		}
		if err := p.Close(); err != nil {
			return res, fmt.Errorf("connect: run %d: close: %w", i, err)
		}
		if i >= cfg.Warmup {
			res.Times = append(res.Times, d)
		}
	}
	slices.Sort(res.Times)
	var sum time.Duration
	for _, t := range res.Times {
		sum += t
	}
	res.Mean = sum / time.Duration(len(res.Times))
	res.Min, res.Max = res.Times[0], res.Times[len(res.Times)-1]
	res.P50, res.P99 = Percentile(res.Times, 50), Percentile(res.Times, 99)
	return res, nil
}

// Percentile returns the nearest-rank p-th percentile of sorted: the
// smallest value that at least p percent of the values do not exceed. Of
// 50 values, the 99th percentile is the largest.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	if p <= 0 {
		return sorted[0]
	}
	n := len(sorted)
	// rank = ceil(p/100 * n); the epsilon keeps 50% of 100 at rank 50
	// where floating point gives 50.000000000000007.
	rank := int(math.Ceil(p/100*float64(n) - 1e-9))
	return sorted[min(max(rank, 1), n)-1]
}
