package ice

import (
	"fmt"
	"time"
)

// PairState is the state of a candidate pair (RFC 8445 §6.1.2.6).
type PairState uint8

// Candidate pair states of RFC 8445 §6.1.2.6.
const (
	PairFrozen PairState = iota
	PairWaiting
	PairInProgress
	PairSucceeded
	PairFailed
)

// String returns the state name used in RFC 8445 and in W3C
// RTCStatsIceCandidatePairState.
func (s PairState) String() string {
	switch s {
	case PairFrozen:
		return "frozen"
	case PairWaiting:
		return "waiting"
	case PairInProgress:
		return "in-progress"
	case PairSucceeded:
		return "succeeded"
	case PairFailed:
		return "failed"
	}
	return fmt.Sprintf("pairstate(%d)", uint8(s))
}

// PairPriority computes the priority of a pair from the priority G of the
// controlling agent's candidate and D of the controlled agent's candidate
// (RFC 8445 §6.1.2.3): 2^32·MIN(G,D) + 2·MAX(G,D) + (G>D?1:0).
func PairPriority(g, d uint32) uint64 {
	lo, hi := uint64(min(g, d)), uint64(max(g, d))
	// Candidate priorities are below 2^31 (type preference ≤ 126), so the
	// sum fits in 64 bits.
	p := lo<<32 + hi<<1
	if g > d {
		p++
	}
	return p
}

// pair is a candidate pair of the checklist (RFC 8445 §6.1.2). The local
// candidate is always a base (host or relayed), since reflexive local
// candidates are replaced by their base (§6.1.2.4).
type pair struct {
	local  *Candidate
	remote *Candidate
	state  PairState
	prio   uint64
	// valid is set when a check succeeded (the pair is in the valid list,
	// §7.2.5.3.2); mapped is the local candidate whose address is the
	// XOR-MAPPED-ADDRESS of the response (§7.2.5.3.1).
	valid  bool
	mapped *Candidate
	// nominated is set once nomination concluded (§8.1.1, §7.3.1.5).
	nominated bool
	// nominateOnSuccess records a USE-CANDIDATE received before the pair
	// was valid (controlled agent, §7.3.1.5).
	nominateOnSuccess bool
	// triggered is set while the pair sits in the triggered-check queue;
	// unpaced when it went there with no check of ours in flight.
	triggered, unpaced bool
	// useCandidate asks the next check of this pair to carry USE-CANDIDATE
	// (controlling agent, regular nomination §8.1.1).
	useCandidate bool
	// consentAt is the time of the last authenticated success response on
	// this pair (RFC 7675 §5.1); lastResponse also counts authenticated
	// requests from the peer, for the "disconnected" state.
	consentAt    time.Time
	lastResponse time.Time
	// Counters for the W3C RTCIceCandidatePairStats: STUN requests sent
	// (checks and consent) and received, success responses received and
	// sent, and round-trip times.
	requestsSent, responsesReceived uint64
	requestsReceived, responsesSent uint64
	consentRequestsSent             uint64
	rtt, rttTotal                   time.Duration
	rttSamples                      uint64
	// creds is the credential generation the pair was formed under.
	creds *credentials
}

func (p *pair) String() string {
	return fmt.Sprintf("%s→%s %s", p.local.Address, p.remote.Address, p.state)
}

// Pair describes a candidate pair to the layer above.
type Pair struct {
	Local  Candidate
	Remote Candidate
}
