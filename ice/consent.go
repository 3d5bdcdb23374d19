package ice

import (
	"encoding/binary"
	"time"
)

// consentJitter returns the interval to the next consent check, randomized
// between 0.8 and 1.2 times the basic period (RFC 7675 §5.1).
func (a *Agent) consentJitter() time.Duration {
	f := 0.8 + 0.4*float64(binary.BigEndian.Uint16(a.random(2)))/65535
	return time.Duration(float64(a.cfg.ConsentInterval) * f)
}

// consentPair is the pair consent runs on: the selected one, or before a
// selection the valid pair data goes on (UseValidPair).
func (a *Agent) consentPair() *pair {
	if a.selected != nil {
		return a.selected
	}
	if p := a.inUse; p != nil && p.valid && p.creds == a.creds {
		return p
	}
	return nil
}

// consentTick sends consent checks on the consent pair and expires consent
// after ConsentTimeout without an authenticated response (RFC 7675 §5.1).
func (a *Agent) consentTick(now time.Time) {
	p := a.consentPair()
	if p == nil || a.cfg.Lite {
		return
	}
	if !now.Before(p.consentAt.Add(a.cfg.ConsentTimeout)) {
		// RFC 7675 §5.1: the endpoint MUST cease transmission; all
		// outstanding consent transactions are discarded.
		a.removeTxs(func(tx *transaction) bool { return tx.p == p })
		p.state, p.valid = PairFailed, false
		if a.selected == p {
			a.selected = nil
		}
		if a.inUse == p {
			a.inUse = nil
		}
		a.consentLost = true
		a.nextConsent = time.Time{}
		return
	}
	if a.nextConsent.IsZero() || now.Before(a.nextConsent) {
		return
	}
	a.nextConsent = now.Add(a.consentJitter())
	if p.creds.remotePwd == "" || len(a.txs) >= a.cfg.MaxTransactions {
		a.Stats.RefusedTransactions++
		return
	}
	// Each consent request has a new transaction id and is sent once; we
	// wait for its response for a few RTOs.
	p.requestsSent++
	p.consentRequestsSent++
	a.startTx(now, transaction{id: a.newTransactionID(), kind: txConsent, p: p, from: p.local.Base, to: p.remote.Address,
		rto: a.cfg.RTO, role: a.role, creds: p.creds, deadline: now.Add(4 * a.cfg.RTO)})
}

// updateState recomputes the RTCIceTransportState (webrtc-pc §5.6.3) and
// emits a change.
func (a *Agent) updateState(now time.Time) {
	s := a.computeState(now)
	if s == StateCompleted && a.state != StateConnected && a.state != StateCompleted {
		// Browsers report connected before completed; so do we.
		a.state = StateConnected
		a.emit(Event{Type: EventState, State: StateConnected})
	}
	if s != a.state {
		a.state = s
		a.emit(Event{Type: EventState, State: s})
	}
}

func (a *Agent) computeState(now time.Time) TransportState {
	if a.closed {
		return StateClosed
	}
	if a.consentLost && a.consentPair() == nil {
		return StateFailed
	}
	if p := a.consentPair(); p != nil {
		if !now.Before(p.lastResponse.Add(a.cfg.DisconnectedTimeout)) {
			return StateDisconnected
		}
		if p == a.selected && p.creds == a.creds && a.gathering == GatheringComplete && a.remoteEOC && !a.checking() {
			return StateCompleted
		}
		return StateConnected
	}
	if len(a.pairs) == 0 {
		if a.remoteEOC && a.gathering == GatheringComplete && len(a.remotes) > 0 {
			return StateFailed
		}
		return StateNew
	}
	if a.bestValid() != nil {
		// W3C webrtc §5.6.3 "connected": a usable connection is found
		// while checking goes on; data may go on a valid pair before
		// nomination selects one (RFC 8445 §12.1).
		return StateConnected
	}
	if a.remoteEOC && a.gathering == GatheringComplete && !a.checking() && a.nominating == nil {
		allFailed := true
		for _, p := range a.pairs {
			if p.state != PairFailed {
				allFailed = false
				break
			}
		}
		if allFailed {
			return StateFailed
		}
	}
	return StateChecking
}

// checking reports whether some pair of the current generation is still to
// be checked or being checked.
func (a *Agent) checking() bool {
	if a.cfg.Lite {
		return false // a lite agent never checks (RFC 8445 §2.5)
	}
	for _, p := range a.pairs {
		if p.creds == a.creds && (p.state == PairFrozen || p.state == PairWaiting || p.state == PairInProgress) {
			return true
		}
	}
	return false
}
