package vnet

import (
	"errors"
	"testing"
	"time"
)

// pinger sends a numbered ping whenever its retransmission timer fires, and
// answers pings with pongs; it counts the pongs it gets.
type pinger struct {
	out      [][]byte
	deadline time.Time
	rto      time.Duration
	pongs    int
	limit    int
}

func (p *pinger) HandleInput(now time.Time, b []byte) {
	switch b[0] {
	case 'i':
		p.out = append(p.out, []byte{'o'})
	case 'o':
		p.pongs++
		p.deadline = now // send the next ping at once
	}
}

func (p *pinger) HandleTimeout(now time.Time) {
	if p.pongs >= p.limit {
		p.deadline = time.Time{}
		return
	}
	p.out = append(p.out, []byte{'i'})
	p.deadline = now.Add(p.rto)
}

func (p *pinger) PollTransmit(buf []byte) (int, bool) {
	if len(p.out) == 0 {
		return 0, false
	}
	n := copy(buf, p.out[0])
	p.out = p.out[1:]
	return n, true
}

func (p *pinger) NextDeadline() time.Time { return p.deadline }

func TestPairRunsToCompletionOverLoss(t *testing.T) {
	a := &pinger{deadline: t0, rto: 200 * time.Millisecond, limit: 100}
	b := &pinger{}
	cfg := LinkConfig{Delay: 20 * time.Millisecond, Loss: 0.3, Seed: 7}
	p := &Pair{A: a, B: b, AB: NewLink(cfg), BA: NewLink(cfg), Now: t0}
	err := p.Run(t0.Add(time.Hour), func() bool { return a.pongs >= 100 })
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	elapsed := p.Now.Sub(t0)
	// Each exchange takes one 40 ms RTT, plus a 200 ms timeout per loss; at
	// 30 % loss each way about half the pings fail, so ≈ 250 ms on average.
	if elapsed < 100*40*time.Millisecond || elapsed > 100*600*time.Millisecond {
		t.Fatalf("100 exchanges took %v of simulated time", elapsed)
	}
	t.Logf("100 ping/pong exchanges at 30%% loss took %v simulated", elapsed)
}

func TestPairReportsIdleAndLimit(t *testing.T) {
	a := &pinger{deadline: t0, rto: time.Second, limit: 1}
	b := &pinger{}
	p := &Pair{A: a, B: b, AB: NewLink(LinkConfig{}), BA: NewLink(LinkConfig{}), Now: t0}
	if err := p.Run(t0.Add(time.Hour), func() bool { return false }); !errors.Is(err, ErrIdle) {
		t.Fatalf("Run = %v, want ErrIdle once both are idle", err)
	}
	a = &pinger{deadline: t0, rto: time.Second, limit: 1 << 30}
	p = &Pair{A: a, B: b, AB: NewLink(LinkConfig{Loss: 1}), BA: NewLink(LinkConfig{}), Now: t0}
	if err := p.Run(t0.Add(10*time.Second), nil); !errors.Is(err, ErrTimeLimit) {
		t.Fatalf("Run = %v, want ErrTimeLimit", err)
	}
	if !p.Now.Equal(t0.Add(10 * time.Second)) {
		t.Fatalf("Now = %v after the limit, want t0+10s", p.Now.Sub(t0))
	}
}

// stuck keeps its deadline at the current time and never acts.
type stuck struct{ d time.Time }

func (s *stuck) HandleInput(time.Time, []byte)   {}
func (s *stuck) HandleTimeout(time.Time)         {}
func (s *stuck) PollTransmit([]byte) (int, bool) { return 0, false }
func (s *stuck) NextDeadline() time.Time         { return s.d }

func TestPairDetectsStuckDeadline(t *testing.T) {
	p := &Pair{A: &stuck{d: t0}, B: &stuck{}, AB: NewLink(LinkConfig{}), BA: NewLink(LinkConfig{}), Now: t0}
	if err := p.Run(t0.Add(time.Second), nil); !errors.Is(err, ErrStuck) {
		t.Fatalf("Run = %v, want ErrStuck", err)
	}
}
