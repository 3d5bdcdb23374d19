package ice

import (
	"bytes"
	"net/netip"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// txKind is what a STUN transaction is for.
type txKind uint8

const (
	txCheck   txKind = iota + 1 // connectivity check (§7.2.4)
	txConsent                   // consent freshness (RFC 7675)
	txGather                    // server-reflexive gathering (§5.1.1.2)
)

// keepTransactions is the capacity of the transaction table kept when it
// empties: one consent transaction at a time is the idle steady state, so
// that starting one does not allocate.
const keepTransactions = 2

// transaction is an outstanding STUN client transaction (RFC 8489 §6.2.1).
// It keeps no copy of the request: a retransmission rebuilds the same bytes
// (same transaction id and attributes) from these fields.
type transaction struct {
	id           stun.TransactionID
	kind         txKind
	role         Role // the role the request was sent in (§7.2.5.1)
	useCandidate bool
	// cancelled transactions are not retransmitted (§7.3.1.4) but a late
	// response is still accepted until the deadline.
	cancelled bool
	server    int // index into Config.STUNServers, for txGather
	sent      int // requests sent so far
	p         *pair
	creds     *credentials
	from, to  netip.AddrPort
	at        time.Time // when the first request went out, for RTT
	rto       time.Duration
	deadline  time.Time
}

// findTx returns the index of the transaction with the given id, or -1.
// The table is capped at Config.MaxTransactions and holds a handful.
func (a *Agent) findTx(id stun.TransactionID) int {
	for i := range a.txs {
		if a.txs[i].id == id {
			return i
		}
	}
	return -1
}

// removeTx deletes a.txs[i] (the order of the table is not kept) and gives
// the table's storage back when it empties.
func (a *Agent) removeTx(i int) {
	last := len(a.txs) - 1
	a.txs[i] = a.txs[last]
	a.txs[last] = transaction{}
	a.txs = a.txs[:last]
	if last == 0 && cap(a.txs) > keepTransactions {
		a.txs = nil
	}
}

// removeTxs deletes the transactions for which drop reports true.
func (a *Agent) removeTxs(drop func(*transaction) bool) {
	for i := 0; i < len(a.txs); {
		if drop(&a.txs[i]) {
			a.removeTx(i)
		} else {
			i++
		}
	}
}

// cancelChecks cancels the connectivity checks in progress on p (§7.3.1.4,
// §8.1.2).
func (a *Agent) cancelChecks(p *pair) {
	for i := range a.txs {
		if tx := &a.txs[i]; tx.p == p && tx.kind == txCheck {
			tx.cancelled = true
		}
	}
}

// nextDueTx returns the index of the transaction due at now with the
// earliest (deadline, id), or -1; due transactions run in that order so
// that a run is reproducible with a seeded Rand.
func (a *Agent) nextDueTx(now time.Time) int {
	best := -1
	for i := range a.txs {
		tx := &a.txs[i]
		if now.Before(tx.deadline) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := &a.txs[best]
		if c := tx.deadline.Compare(b.deadline); c < 0 || c == 0 && bytes.Compare(tx.id[:], b.id[:]) < 0 {
			best = i
		}
	}
	return best
}

// writeRequest builds the request of tx into dst.
func (a *Agent) writeRequest(dst []byte, tx *transaction) []byte {
	if tx.kind == txGather {
		// RFC 8489 §6.1: a Binding request to a STUN server carries no
		// credentials; FINGERPRINT tells it from other protocols.
		var w stun.Builder
		w.Reset(dst, stun.BindingRequest, tx.id)
		w.AddFingerprint()
		return w.Bytes()
	}
	return a.buildBindingRequest(dst, tx)
}

// startTx records tx and sends its first request.
func (a *Agent) startTx(now time.Time, tx transaction) {
	tx.sent, tx.at = 1, now
	a.txs = append(a.txs, tx)
	buf := newDatagram()
	a.send(tx.from, tx.to, buf, a.writeRequest(*buf, &tx))
}

// retransmit handles a.txs[i], whose deadline passed (RFC 8489 §6.2.1):
// resend with a doubled RTO, or time out after Rc requests and a final wait
// of Rm×RTO.
func (a *Agent) retransmit(now time.Time, i int) {
	tx := &a.txs[i]
	once := tx.kind == txConsent // RFC 7675 §5.1: transmitted once only
	if tx.cancelled || once || tx.sent >= a.cfg.Rc {
		done := *tx
		a.removeTx(i)
		if !done.cancelled {
			a.transactionTimeout(now, &done)
		}
		return
	}
	buf := newDatagram()
	a.send(tx.from, tx.to, buf, a.writeRequest(*buf, tx))
	tx.sent++
	if tx.sent == a.cfg.Rc {
		tx.deadline = now.Add(time.Duration(a.cfg.Rm) * a.cfg.RTO)
	} else {
		tx.rto *= 2
		tx.deadline = now.Add(tx.rto)
	}
}

func (a *Agent) transactionTimeout(now time.Time, tx *transaction) {
	switch tx.kind {
	case txCheck:
		a.pairFailed(now, tx.p)
	case txGather:
		s := a.cfg.STUNServers[tx.server]
		a.emit(Event{Type: EventCandidateError, Error: CandidateError{
			Address: tx.from.Addr().String(), Port: int(tx.from.Port()), URL: s.URL,
			ErrorCode: 701, ErrorText: "STUN server did not answer"}})
		a.gatherDone(now)
	}
}
