package sctp

import "time"

// Congestion control.
//
// RFC 9260 §7.2 specifies a loss-based controller (TCP Reno style): slow
// start limited to one MTU per SACK, and a halving of cwnd on each loss. On
// a long fat pipe that controller cannot fill the link: with delayed SACKs
// slow start grows 1.5× per round trip, and at 1 % random loss Reno's
// steady state is about MSS/RTT·1.22/√p, under 3 Mbit/s at 50 ms. RFC 9260
// §7 allows other algorithms as long as they are at least as conservative
// under congestion; we use a model-based controller after BBR
// (draft-cardwell-iccrg-bbr-congestion-control, v1 semantics):
//
//   - Every acknowledged chunk gives a delivery-rate sample: bytes
//     delivered between its transmission and its acknowledgement over the
//     longer of the send and ack intervals. The bottleneck bandwidth BtlBw
//     is the windowed maximum of the samples over the last 10 round trips
//     (samples taken while the application had nothing to send only count
//     when they raise the maximum). The round-trip propagation time is the
//     minimum RTT sample of the last 10 s.
//   - Sending is paced at gain·BtlBw, and cwnd is 2·BtlBw·MinRTT (plus three
//     packets for delayed acknowledgements), so the flight fills the pipe
//     without building a standing queue.
//   - Startup doubles the rate every round trip (gain 2/ln 2) until BtlBw
//     stops growing by 25 % for three rounds, Drain empties the queue
//     Startup built, then ProbeBW cycles the pacing gain 1.25, 0.75, 1 ×6
//     to discover more bandwidth and drain what the probe queued.
//   - Random loss does not shrink the window: it does not lower the
//     delivery rate of what gets through, so BtlBw holds. At high loss the
//     pacing rate is raised by 1/(1-p) while no queue stands (lossFactor),
//     otherwise BtlBw would decay: each sample measures only the delivered
//     part. (Counting lost bytes in the samples themselves was tried and
//     inflated the estimate under congestion.) A T3-rtx timeout still collapses cwnd
//     to one MTU until the next acknowledgement (§7.2.3), so a dead path
//     is not flooded.
//   - A rate sample is capped at 1.1 × the pacing gain × the BtlBw of the
//     start of the round, so the estimate grows at most by that factor per
//     round trip, and Startup also ends when a round loses over 5 % (and
//     at least 8 packets):
//     acknowledgement information that arrives late in a burst (gap lists
//     truncated to the MTU, lost SACKs) must not inflate the estimate.
//   - cwnd growth counts acknowledged bytes, not SACKs, so a peer that
//     delays its SACKs does not slow the growth.
//
// Not implemented: ProbeRTT (the MinRTT filter simply takes a new sample
// after 10 s), and ECN.
type bbr struct {
	mtu  int
	cwnd int

	delivered   int64
	deliveredAt time.Time
	firstSentAt time.Time
	appLimited  bool
	appUntil    int64

	round     int64
	roundNext int64
	bw        float64 // bytes per second
	bwMax     [10]float64
	bwRound   [10]int64
	minRTT    time.Duration
	minRTTAt  time.Time

	mode         int
	pacingGain   float64
	cwndGain     float64
	fullBw       float64
	fullBwRounds int
	cycle        int
	cycleAt      time.Time
	recovering   bool
	priorCwnd    int
	filled       bool // Startup ended: the pipe was found full
	lastRTT      time.Duration
	roundLost    int64   // bytes declared lost in this round
	roundAcked   int64   // bytes acknowledged in this round
	lossRate     float64 // smoothed fraction of bytes lost per round without a queue
	roundQueued  bool    // an acknowledgement in this round saw a standing queue
	roundBw      float64 // BtlBw when the round started (caps the samples)
	pacing       float64 // bytes per second; 0 until the first RTT sample
}

const (
	modeStartup = iota
	modeDrain
	modeProbeBW
	startupGain = 2.885
)

var probeGains = [8]float64{1.25, 0.75, 1, 1, 1, 1, 1, 1}

func (c *bbr) init(mtu int) {
	c.mtu = mtu
	// RFC 9260 §7.2.1: initial cwnd = min(4·MTU, max(2·MTU, 4404)).
	c.cwnd = min(4*mtu, max(2*mtu, 4404))
	c.mode = modeStartup
	c.pacingGain, c.cwndGain = startupGain, startupGain
}

// onRTT takes an RTT sample for the MinRTT filter.
func (c *bbr) onRTT(now time.Time, r time.Duration) {
	c.lastRTT = r
	if c.minRTT == 0 || r <= c.minRTT || now.Sub(c.minRTTAt) > 10*time.Second {
		c.minRTT, c.minRTTAt = r, now
	}
}

// onSend records the sending state; idle says the sender ran out of data.
func (c *bbr) onSend(now time.Time, flight int, idle bool) {
	if c.deliveredAt.IsZero() {
		c.deliveredAt = now
	}
	if c.firstSentAt.IsZero() {
		c.firstSentAt = now
	}
	if idle && flight < c.cwnd {
		c.appLimited = true
		c.appUntil = c.delivered + int64(flight)
	}
}

// onAck updates the model with acked newly acknowledged bytes; sample is
// the most recently sent chunk among them.
func (c *bbr) onAck(now time.Time, acked int, sample *outChunk, rtt time.Duration, flight int) {
	if acked == 0 {
		return
	}

	c.deliveredAt = now
	if c.appLimited && c.delivered > c.appUntil {
		c.appLimited = false
	}
	if c.recovering {
		c.recovering = false
		c.cwnd = max(c.cwnd, c.priorCwnd)
	}
	if sample == nil { // no usable rate sample (see processSack)
		c.updateCwnd(acked)
		return
	}
	c.roundAcked += int64(acked)
	roundStart := false
	if sample != nil && sample.delivered >= c.roundNext {
		c.round++
		c.roundNext = c.delivered
		roundStart = true
		// Losses in a round that saw a queue are taken as congestive and
		// do not count; the estimate then decays.
		// Startup ends on heavy loss too (as in BBR v2): the queue
		// overflowed, the pipe is full.
		if t := c.roundAcked + c.roundLost; c.mode == modeStartup && c.roundLost*20 > t && c.roundLost >= int64(8*c.mtu) && c.bw > 0 {
			c.mode, c.filled = modeDrain, true
			c.pacingGain, c.cwndGain = 1/startupGain, startupGain
		}
		c.roundBw = c.bw
		if t := c.roundAcked + c.roundLost; c.roundQueued {
			c.lossRate /= 2
		} else if t > 0 {
			c.lossRate = 0.75*c.lossRate + 0.25*float64(c.roundLost)/float64(t)
		}
		c.roundAcked, c.roundLost, c.roundQueued = 0, 0, false
	}
	if sample != nil && sample.nsent == 1 && c.minRTT > 0 && now.Sub(sample.sentAt) > c.minRTT+c.minRTT/4 {
		c.roundQueued = true
	}
	if sample != nil && !sample.deliveredAt.IsZero() {
		ackElapsed := now.Sub(sample.deliveredAt)
		sendElapsed := sample.sentAt.Sub(sample.firstSentAt)
		if sample.firstSentAt.IsZero() {
			sendElapsed = 0
		}
		c.firstSentAt = sample.sentAt
		iv := max(ackElapsed, sendElapsed)
		if iv > 0 && (c.minRTT == 0 || iv >= c.minRTT/4) {
			n := c.delivered - sample.delivered
			rate := float64(n) / iv.Seconds()
			// A sample can exceed the sending rate when acknowledgement
			// information arrives late in a burst (gap reports truncated
			// by the MTU, lost SACKs). The bottleneck cannot have
			// delivered faster than we sent: cap a sample at the gain the
			// current phase sends at, with 10 % slack.
			if c.roundBw > 0 {
				rate = min(rate, c.roundBw*max(c.pacingGain, 1)*1.1)
			}
			if !sample.appLimited || rate > c.bw {
				c.updateBw(rate)
			}
		}
	}
	c.updateMode(now, roundStart && sample != nil && !sample.appLimited, flight)
	c.updateCwnd(acked)
}

func (c *bbr) updateBw(rate float64) {
	i := int(c.round % int64(len(c.bwMax)))
	if c.bwRound[i] != c.round {
		c.bwRound[i], c.bwMax[i] = c.round, 0
	}
	if rate > c.bwMax[i] {
		c.bwMax[i] = rate
	}
	c.bw = 0
	for j := range c.bwMax {
		if c.round-c.bwRound[j] < int64(len(c.bwMax)) && c.bwMax[j] > c.bw {
			c.bw = c.bwMax[j]
		}
	}
}

func (c *bbr) bdp() int {
	if c.bw == 0 || c.minRTT == 0 {
		return 0
	}
	return int(c.bw * c.minRTT.Seconds())
}

// updateMode runs the state machine; fullRound is a round start whose
// sample was not application-limited (only those tell whether the pipe is
// full).
func (c *bbr) updateMode(now time.Time, fullRound bool, flight int) {
	switch c.mode {
	case modeStartup:
		if fullRound && c.bw > 0 {
			if c.bw >= c.fullBw*1.25 {
				c.fullBw, c.fullBwRounds = c.bw, 0
			} else if c.fullBwRounds++; c.fullBwRounds >= 3 {
				c.mode = modeDrain
				c.filled = true
				c.pacingGain, c.cwndGain = 1/startupGain, startupGain
			}
		}
	case modeDrain:
		if flight <= c.bdp() {
			c.mode = modeProbeBW
			c.cycle, c.cycleAt = 2, now
			c.pacingGain, c.cwndGain = 1, 2
		}
	case modeProbeBW:
		if c.minRTT > 0 && now.Sub(c.cycleAt) > c.minRTT {
			c.cycle = (c.cycle + 1) % len(probeGains)
			c.cycleAt = now
			c.pacingGain = probeGains[c.cycle]
		}
	}
}

func (c *bbr) updateCwnd(acked int) {
	// Byte counting, not SACK counting: a peer that delays its SACKs does
	// not slow the growth.
	target := int(c.cwndGain*float64(c.bdp())) + 3*c.mtu
	switch {
	case c.mode != modeStartup && c.bdp() > 0:
		c.cwnd = min(c.cwnd+acked, target)
	case c.cwnd < target || c.bdp() == 0:
		c.cwnd += acked
	}
	c.cwnd = max(c.cwnd, 4*c.mtu)
}

// onTimeout collapses cwnd after T3-rtx (RFC 9260 §7.2.3).
func (c *bbr) onTimeout() {
	if !c.recovering {
		c.priorCwnd = c.cwnd
	}
	c.recovering = true
	c.cwnd = c.mtu
}

// pacingRate returns the pacing rate in bytes per second, 0 for none. As
// in BBR, it starts at Startup's gain times cwnd/RTT and does not decrease
// before the pipe is full, so a few application-limited samples at the
// start cannot throttle the sender; it never goes below 4 MTU per MinRTT.
func (c *bbr) pacingRate() float64 {
	if c.minRTT == 0 {
		return 0
	}
	floor := float64(4*c.mtu) / c.minRTT.Seconds()
	if c.pacing == 0 {
		c.pacing = startupGain * float64(c.cwnd) / c.minRTT.Seconds()
	}
	r := c.pacingGain * c.bw
	if c.filled || r > c.pacing {
		c.pacing = r
	}
	return max(c.pacing*c.lossFactor(), floor)
}

// lossFactor compensates random loss: BtlBw measures what arrives, so at
// loss rate p sending at BtlBw delivers only (1-p)·BtlBw and the estimate
// decays round after round. While the path shows no queue (the latest RTT
// within 1.25·MinRTT) losses are not congestive and we send 1/(1-p) faster,
// p capped at 30 %. With a standing queue the factor is 1, so congestive
// loss is never answered with more traffic.
func (c *bbr) lossFactor() float64 {
	if c.lossRate <= 0 || c.minRTT == 0 || c.lastRTT > c.minRTT+c.minRTT/4 {
		return 1
	}
	return 1 / (1 - min(c.lossRate, 0.3))
}

// nextSendTime advances the pacing schedule sched over a packet of n bytes
// that left at now, and returns the new schedule and when the next packet
// may leave. Packets go in bursts of one send quantum, as in BBR: the data
// of 1 ms at the pacing rate, at least two packets and at most 64 KiB. The
// next packet may leave while the schedule is less than a quantum ahead of
// now, so a sender woken by a timer or a SACK sends a batch of full-size
// packets (what UDP GSO wants) instead of one packet per wakeup, and the
// average rate is still the pacing rate.
func (c *bbr) nextSendTime(now, sched time.Time, n int) (next, release time.Time) {
	r := c.pacingRate()
	if r == 0 {
		return time.Time{}, time.Time{}
	}
	if sched.Before(now) {
		sched = now
	}
	sec := float64(time.Second)
	next = sched.Add(time.Duration(float64(n) / r * sec))
	quantum := min(max(r/1000, float64(2*c.mtu)), 64<<10)
	return next, next.Add(-time.Duration(quantum / r * sec))
}
