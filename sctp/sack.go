package sctp

import (
	"fmt"
	"time"
)

// dupThresh is the number of miss indications that marks a chunk lost
// (RFC 9260 §7.2.4).
const dupThresh = 3

// handleSack processes a SACK chunk value (RFC 9260 §6.2.1).
func (s *sender) handleSack(v []byte) error {
	sk := &s.a.sack
	if err := sk.Unmarshal(v); err != nil {
		return err
	}
	s.a.stats.SacksReceived++
	if s.a.state < StateEstablished && s.a.state != StateCookieEchoed {
		return nil
	}
	if !tsnLT(sk.CumTSN, s.nextTSN) {
		return fmt.Errorf("%w: SACK acknowledges unsent TSN %d", ErrMalformed, sk.CumTSN)
	}
	if tsnLT(sk.CumTSN, s.cumAck) {
		return nil // §6.2.1 D i: out of date
	}
	s.processSack(sk)
	return nil
}

// processSack applies a SACK: cumulative and gap acknowledgements, RTT and
// delivery-rate samples, loss detection, the T3 timer and PR-SCTP.
//
// Loss detection follows RFC 9260 §7.2.4 (a chunk is lost after three miss
// indications) but counts misses in transmission order instead of TSN
// order: a chunk is "missed" when a chunk sent after it is newly
// acknowledged. For first transmissions this is exactly the HTNA rule of
// §7.2.4; for retransmissions it also detects a lost retransmission
// without waiting for T3 (as RACK does for TCP, RFC 8985), which is what
// keeps throughput up at 20 % loss.
func (s *sender) processSack(sk *SackChunk) {
	a := s.a
	now := a.now
	var (
		acked       int
		newestTx    uint64
		best        *outChunk // newest-delivered acknowledged chunk: the rate sample
		rttSample   time.Duration
		cumAdvanced = tsnGT(sk.CumTSN, s.cumAck)
		newCum      = s.cumAck
	)
	if cumAdvanced {
		newCum = sk.CumTSN
	}
	ack := func(c *outChunk) {
		if c.acked || c.abandoned {
			return
		}
		c.acked = true
		s.unacked--
		if c.inflight {
			s.flight -= len(c.data)
			c.inflight = false
		}
		c.lost = false
		acked += len(c.data)
		a.cc.delivered += int64(len(c.data))
		if c.txSeq > newestTx {
			newestTx = c.txSeq
		}
		if best == nil || c.delivered > best.delivered {
			best = c
		}
		// Karn's rule (§6.3.1 C5): only chunks sent once give RTT samples,
		// and at most one per round trip.
		if c.nsent == 1 && tsnGTE(c.tsn, s.rttProbe) && rttSample == 0 {
			rttSample = max(now.Sub(c.sentAt), time.Microsecond)
			s.rttProbe = s.nextTSN
		}
	}
	// Chunks up to newCum are popped once the congestion controller has
	// taken its rate sample, which may be one of them.
	ncum := int(newCum - s.cumAck)
	for i := range ncum {
		ack(s.out.at(i))
	}
	highest := newCum
	for _, g := range sk.Gaps {
		if g.Start == 0 || g.End < g.Start {
			continue
		}
		start, end := sk.CumTSN+uint32(g.Start), sk.CumTSN+uint32(g.End)
		if !tsnLT(end, s.nextTSN) {
			break
		}
		for t := start; tsnLTE(t, end); t++ {
			if c := s.outAt(t); c != nil {
				ack(c)
			}
		}
		if tsnGT(end, highest) {
			highest = end
		}
	}
	// Miss indications (§7.2.4), in transmission order.
	if newestTx > 0 {
		for t := newCum + 1; tsnLT(t, highest); t++ {
			c := s.outAt(t)
			if c == nil || c.acked || !c.inflight || c.txSeq >= newestTx {
				continue
			}
			c.misses++
			if c.misses >= dupThresh {
				c.lost, c.inflight, c.misses = true, false, 0
				s.flight -= len(c.data)
				s.rtxq.pushBack(c.tsn)
				a.cc.roundLost += int64(len(c.data))
				a.stats.FastRetransmits++
			}
		}
	}
	if rttSample > 0 {
		s.updateRTT(rttSample)
	}
	s.peerRwnd = int(sk.ARwnd)
	if cumAdvanced {
		s.t3Errors = 0
	}
	sp := best
	// A SACK with this many gap blocks was probably truncated to the MTU by
	// its sender (RFC 9260 §6.2): acknowledgements hidden by it arrive
	// later in a burst, so rate samples until the next complete SACK would
	// overestimate the bottleneck.
	truncated := len(sk.Gaps) >= 128
	if truncated || s.lastSackTruncated {
		sp = nil
	}
	s.lastSackTruncated = truncated
	a.cc.onAck(now, acked, sp, rttSample, s.flight)
	for range ncum {
		c := s.out.front()
		if !c.abandoned {
			s.buffered -= len(c.data)
		}
		s.a.bufs.put(c.buf)
		s.out.dropFront()
		s.cumAck++
	}
	if s.unacked == 0 {
		s.t3 = time.Time{}
	} else if cumAdvanced || s.t3.IsZero() {
		s.t3 = now.Add(s.rto) // §6.3.2 R3
	}
	if a.peerForwardTSN {
		s.advanceFwd()
	}
	a.afterAck()
}

// markAllLost marks every outstanding chunk for retransmission (RFC 9260
// §6.3.3 E3).
func (s *sender) markAllLost() {
	for i := 0; i < s.out.len(); i++ {
		c := s.out.at(i)
		if c.acked || c.abandoned {
			continue
		}
		if c.inflight {
			s.flight -= len(c.data)
			c.inflight = false
		}
		if !c.lost {
			c.lost = true
			s.rtxq.pushBack(c.tsn)
		}
		c.misses = 0
	}
}

func tsnGTE(a, b uint32) bool { return int32(a-b) >= 0 }

// updateRTT applies RFC 9260 §6.3.1 C1–C3 with α = 1/8, β = 1/4.
func (s *sender) updateRTT(r time.Duration) {
	if s.srtt == 0 {
		s.srtt, s.rttvar = r, r/2
	} else {
		d := s.srtt - r
		if d < 0 {
			d = -d
		}
		s.rttvar = (3*s.rttvar + d) / 4
		s.srtt = (7*s.srtt + r) / 8
	}
	s.rto = min(max(s.srtt+4*s.rttvar, s.a.cfg.RTOMin), s.a.cfg.RTOMax)
	s.a.cc.onRTT(s.a.now, r)
}

// onT3 handles T3-rtx expiry (RFC 9260 §6.3.3): back off the RTO, mark every
// outstanding chunk for retransmission, and collapse the congestion window
// (§7.2.3).
func (s *sender) onT3(now time.Time) {
	s.t3 = time.Time{}
	if s.unacked == 0 {
		return
	}
	s.a.stats.T3Expiries++
	s.t3Errors++
	if s.t3Errors > s.a.cfg.MaxAssociationRetransmits {
		s.a.abort(CauseUserInitiatedAbort, ErrTimeout)
		return
	}
	s.rto = min(2*s.rto, s.a.cfg.RTOMax) // E2
	s.markAllLost()
	s.a.cc.onTimeout()
	if s.a.peerForwardTSN {
		s.advanceFwd()
	}
	s.t3 = now.Add(s.rto) // restarted when the retransmission goes out (E3)
}
