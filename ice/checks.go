package ice

import (
	"bytes"
	"net/netip"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// maxLocalCandidates caps local candidates, which include peer-reflexive
// candidates learned from responses (§7.2.5.3.1).
const maxLocalCandidates = 64

// scheduleCheck arms the pacing timer if a check could be sent. It only
// ever moves the timer earlier.
func (a *Agent) scheduleCheck(now time.Time) {
	if a.closed || a.cfg.Lite || (!a.nextCheck.IsZero() && !now.Before(a.nextCheck)) {
		return
	}
	if a.creds.remotePwd == "" && len(a.triggered) == 0 {
		return
	}
	if len(a.txs) >= a.cfg.MaxTransactions {
		// At the cap: HandleTimeout reschedules when a transaction ends.
		return
	}
	if !a.hasCheckWork() {
		return
	}
	// RFC 8445 §6.1.4.2, §14.2: the first check goes as soon as a pair is
	// Waiting, the next ones are paced at one every Ta.
	t := now
	if !a.lastCheck.IsZero() && a.lastCheck.Add(a.cfg.Ta).After(t) && !a.unpacedTrigger() {
		t = a.lastCheck.Add(a.cfg.Ta)
	}
	if a.nextCheck.IsZero() || t.Before(a.nextCheck) {
		a.nextCheck = t
	}
}

// unpacedTrigger reports whether the head of the triggered-check queue may
// go without waiting for Ta: while no pair of this generation is valid, a
// triggered check on a pair we have not checked yet (one the peer's check
// just discovered or woke up) answers a check the peer paced itself, so
// the two agents together stay within one check per Ta each, and waiting
// would only delay the first valid pair (RFC 8445 §7.3.1.4: triggered
// checks are there "to facilitate rapid completion of ICE"). A pair whose
// own check is still in flight waits for Ta as usual.
func (a *Agent) unpacedTrigger() bool {
	return len(a.triggered) > 0 && a.firstValid.IsZero() && a.triggered[0].unpaced
}

// runChecks sends the check that the pacing timer has due at now (§6.1.4.2)
// at once instead of leaving it for the next HandleTimeout: every entry
// point that can make a pair Waiting ends with it.
func (a *Agent) runChecks(now time.Time) {
	if a.nextCheck.IsZero() || now.Before(a.nextCheck) {
		return
	}
	a.nextCheck = time.Time{}
	if a.checkOnce(now) {
		a.lastCheck = now
	}
	a.scheduleCheck(now)
}

// hasCheckWork reports whether checkOnce would send something: a triggered
// check, a Waiting pair, or a Frozen pair that can be unfrozen.
func (a *Agent) hasCheckWork() bool {
	for _, p := range a.triggered {
		if p.creds.remotePwd != "" {
			return true
		}
	}
	if a.creds.remotePwd == "" {
		return false
	}
	for _, p := range a.pairs {
		if p.creds != a.creds {
			continue
		}
		if p.state == PairWaiting {
			return true
		}
		if p.state == PairFrozen && !a.foundationBusy(p) {
			return true
		}
	}
	return false
}

// foundationBusy reports whether a pair with p's foundation is Waiting or
// In-Progress (§6.1.4.2).
func (a *Agent) foundationBusy(p *pair) bool {
	for _, q := range a.pairs {
		if q != p && (q.state == PairWaiting || q.state == PairInProgress) && sameFoundation(p, q) {
			return true
		}
	}
	return false
}

// checkOnce sends the next check per RFC 8445 §6.1.4.2: the triggered-check
// queue first, then the highest-priority Waiting pair, then unfreezing. It
// reports whether a check was sent.
func (a *Agent) checkOnce(now time.Time) bool {
	if a.cfg.Lite {
		return false
	}
	for len(a.triggered) > 0 {
		p := a.triggered[0]
		a.triggered[0] = nil
		a.triggered = a.triggered[1:]
		if len(a.triggered) == 0 {
			a.triggered = nil
		}
		p.triggered, p.unpaced = false, false
		if p.creds.remotePwd == "" {
			// Remote credentials are not known yet: keep the pair
			// Waiting; it is picked up as an ordinary check later.
			continue
		}
		if a.sendCheck(now, p) {
			return true
		}
	}
	if a.creds.remotePwd == "" {
		return false
	}
	if p := a.firstWaiting(); p != nil {
		return a.sendCheck(now, p)
	}
	// No Waiting pair: unfreeze, for each foundation without a Waiting or
	// In-Progress pair, one Frozen pair (§6.1.4.2 step 3).
	for _, p := range a.pairs {
		if p.state != PairFrozen {
			continue
		}
		if !a.foundationBusy(p) {
			p.state = PairWaiting
		}
	}
	if p := a.firstWaiting(); p != nil {
		return a.sendCheck(now, p)
	}
	return false
}

func (a *Agent) firstWaiting() *pair {
	for _, p := range a.pairs {
		if p.state == PairWaiting && p.creds == a.creds {
			return p
		}
	}
	return nil
}

// enqueueTriggered puts p in the triggered-check queue (§7.3.1.4);
// unpaced tells that p has no check of ours in flight (see unpacedTrigger).
func (a *Agent) enqueueTriggered(now time.Time, p *pair, unpaced bool) {
	if !p.triggered {
		p.triggered, p.unpaced = true, unpaced
		a.triggered = append(a.triggered, p)
	}
	a.scheduleCheck(now)
}

// buildBindingRequest writes the Binding request of a check or consent
// transaction (RFC 8445 §7.2.2): USERNAME "RFRAG:LFRAG", PRIORITY of a
// peer-reflexive candidate from this base, ICE-CONTROLLING or
// ICE-CONTROLLED with the tie-breaker, USE-CANDIDATE when nominating,
// MESSAGE-INTEGRITY with the remote password and FINGERPRINT. The bytes
// depend on tx only, so that a retransmission is the same request.
func (a *Agent) buildBindingRequest(dst []byte, tx *transaction) []byte {
	var w stun.Builder
	w.Reset(dst, stun.BindingRequest, tx.id)
	w.AddString(stun.AttrUsername, tx.creds.username)
	if a.cfg.Software != "" {
		w.AddString(stun.AttrSoftware, a.cfg.Software)
	}
	w.AddUint32(stun.AttrPriority, Priority(CandidatePeerReflexive, uint16(tx.p.local.Priority>>8), Component))
	if tx.role == Controlling {
		w.AddUint64(stun.AttrICEControlling, a.tie)
		if tx.useCandidate {
			w.AddFlag(stun.AttrUseCandidate)
		}
	} else {
		w.AddUint64(stun.AttrICEControlled, a.tie)
	}
	w.AddMessageIntegrityKey(tx.creds.remoteKey)
	w.AddFingerprint()
	return w.Bytes()
}

// sendCheck starts a connectivity-check transaction on p (§7.2.4).
func (a *Agent) sendCheck(now time.Time, p *pair) bool {
	if len(a.txs) >= a.cfg.MaxTransactions {
		a.Stats.RefusedTransactions++
		return false
	}
	use := a.role == Controlling && (a.cfg.AggressiveNomination || p.useCandidate)
	p.requestsSent++
	if p.state != PairSucceeded {
		p.state = PairInProgress
	}
	a.startTx(now, transaction{id: a.newTransactionID(), kind: txCheck, p: p, from: p.local.Base, to: p.remote.Address,
		rto: a.cfg.RTO, deadline: now.Add(a.cfg.RTO), role: a.role, useCandidate: use, creds: p.creds})
	return true
}

// pairFailed marks p Failed (§7.2.5.2). A failed nomination is retried on
// another pair.
func (a *Agent) pairFailed(now time.Time, p *pair) {
	p.state = PairFailed
	p.valid = false
	p.useCandidate = false
	if a.nominating == p {
		a.nominating = nil
	}
	if a.selected == p {
		a.selected = nil
		a.consentLost = true
	}
	a.scheduleCheck(now)
}

// HandlePacket processes a STUN datagram that arrived on the local socket
// bound to local from remote. The driver demultiplexes (RFC 7983) and
// passes only STUN here. Invalid input is counted in Stats and reported as
// an error; it never panics.
func (a *Agent) HandlePacket(now time.Time, local, remote netip.AddrPort, b []byte) error {
	if a.closed {
		return ErrClosed
	}
	// The parsed message is borrowed for the call: it aliases b, which the
	// caller owns, and an idle agent keeps no parser state.
	m := messages.Get().(*stun.Message)
	err := a.handlePacket(now, local, remote, b, m)
	clear(m.Attributes)
	m.Attributes, m.Raw = m.Attributes[:0], nil
	messages.Put(m)
	a.runChecks(now)
	return err
}

// messages lends the parsed form of incoming datagrams.
var messages = sync.Pool{New: func() any { return new(stun.Message) }}

func (a *Agent) handlePacket(now time.Time, local, remote netip.AddrPort, b []byte, m *stun.Message) error {
	if err := m.Unmarshal(b); err != nil {
		a.Stats.DroppedPackets++
		return err
	}
	defer func() {
		a.maybeNominate(now)
		a.updateState(now)
	}()
	if m.Type.Method != stun.MethodBinding {
		a.Stats.DroppedPackets++
		return ErrNotSTUN
	}
	if m.Has(stun.AttrFingerprint) {
		if err := m.CheckFingerprint(); err != nil {
			a.Stats.DroppedPackets++
			return err
		}
	}
	local = netip.AddrPortFrom(local.Addr().Unmap(), local.Port())
	remote = netip.AddrPortFrom(remote.Addr().Unmap(), remote.Port())
	switch m.Type.Class {
	case stun.ClassRequest:
		return a.handleRequest(now, local, remote, m)
	case stun.ClassSuccessResponse, stun.ClassErrorResponse:
		return a.handleResponse(now, local, remote, m)
	}
	// Binding indications are keepalives (RFC 8445 §11): nothing to do.
	return nil
}

// respondError sends an error response (RFC 8489 §6.3.4); key, when not
// nil, adds MESSAGE-INTEGRITY.
func (a *Agent) respondError(local, remote netip.AddrPort, m *stun.Message, code int, reason string, key *stun.Key, unknown []stun.AttrType) {
	a.Stats.BadRequests++
	var w stun.Builder
	buf := newDatagram()
	w.Reset(*buf, stun.BindingErrorResponse, m.TransactionID)
	w.AddErrorCode(code, reason)
	if len(unknown) > 0 {
		w.AddUnknownAttributes(unknown)
	}
	if key != nil {
		w.AddMessageIntegrityKey(key)
	}
	w.AddFingerprint()
	a.send(local, remote, buf, w.Bytes())
}

func knownAttr(t stun.AttrType) bool { return t.Known() }

// handleRequest answers a connectivity check (RFC 8445 §7.3).
func (a *Agent) handleRequest(now time.Time, local, remote netip.AddrPort, m *stun.Message) error {
	l := a.findLocalBase(local)
	if l == nil && a.selected != nil && a.selected.local.Base == local {
		// During an ICE restart, before gathering again, the old selected
		// pair's base still answers consent checks (RFC 7675 §5.1).
		l = a.selected.local
	}
	if l == nil || !a.signalled(l) {
		a.Stats.DroppedPackets++
		return ErrBadCandidate
	}
	// RFC 8489 §9.1.3: a request without MESSAGE-INTEGRITY or USERNAME gets
	// 400; a wrong username or integrity gets 401.
	user, ok := m.Get(stun.AttrUsername)
	if !ok || !m.Has(stun.AttrMessageIntegrity) {
		a.respondError(local, remote, m, 400, "Bad Request", nil, nil)
		return nil
	}
	lfrag, rfrag, _ := bytes.Cut(user, []byte{':'})
	var creds *credentials
	switch {
	case string(lfrag) == a.creds.localUfrag:
		creds = a.creds
	case a.prevCreds != nil && string(lfrag) == a.prevCreds.localUfrag:
		creds = a.prevCreds
	default:
		a.respondError(local, remote, m, 401, "Unauthenticated", nil, nil)
		return nil
	}
	key := creds.localKey
	if err := m.CheckIntegrityKey(key); err != nil {
		a.respondError(local, remote, m, 401, "Unauthenticated", nil, nil)
		return nil
	}
	if unk := m.UnknownComprehensionRequired(nil, knownAttr); len(unk) > 0 {
		a.respondError(local, remote, m, 420, "Unknown Attribute", key, unk)
		return nil
	}
	prio, err := m.Uint32(stun.AttrPriority)
	if err != nil {
		// RFC 8445 §7.1.1: the PRIORITY attribute MUST be included.
		a.respondError(local, remote, m, 400, "Bad Request", key, nil)
		return nil
	}
	// Role conflict, RFC 8445 §7.3.1.1. A lite agent never takes the
	// controlling role (§6.1.1): it answers 487 so that the full peer does.
	if a.cfg.Lite && m.Has(stun.AttrICEControlled) {
		a.respondError(local, remote, m, 487, "Role Conflict", key, nil)
		return nil
	}
	if theirs, err := m.Uint64(stun.AttrICEControlling); err == nil && a.role == Controlling {
		if a.tie >= theirs {
			a.respondError(local, remote, m, 487, "Role Conflict", key, nil)
			return nil
		}
		a.setRole(Controlled)
	} else if theirs, err := m.Uint64(stun.AttrICEControlled); err == nil && a.role == Controlled {
		if a.tie >= theirs {
			a.setRole(Controlling)
		} else {
			a.respondError(local, remote, m, 487, "Role Conflict", key, nil)
			return nil
		}
	}
	// Success response (§7.3.1.2): XOR-MAPPED-ADDRESS is the source.
	var w stun.Builder
	buf := newDatagram()
	w.Reset(*buf, stun.BindingSuccessResponse, m.TransactionID)
	if a.cfg.Software != "" {
		w.AddString(stun.AttrSoftware, a.cfg.Software)
	}
	w.AddXORAddress(stun.AttrXORMappedAddress, remote)
	w.AddMessageIntegrityKey(key)
	w.AddFingerprint()
	a.send(local, remote, buf, w.Bytes())

	useCandidate := m.Has(stun.AttrUseCandidate)
	if creds != a.creds {
		// A check of the previous generation during an ICE restart: it
		// keeps the old selected pair alive (RFC 7675 §5.1).
		if s := a.selected; s != nil && s.creds == creds && s.local.Base == local && s.remote.Address == remote {
			s.lastResponse = now
		}
		return nil
	}
	if creds.remoteUfrag != "" && string(rfrag) != creds.remoteUfrag {
		// RFC 8445 §7.3: the part after the colon names the peer; a
		// request from another ufrag (forking) is answered but not paired.
		return nil
	}
	// Peer-reflexive remote candidate, §7.3.1.3.
	r := a.findRemote(remote)
	if r == nil {
		if len(a.remotes) >= a.cfg.MaxRemoteCandidates {
			a.Stats.RefusedCandidates++
			return nil
		}
		r = &Candidate{Foundation: foundation(CandidatePeerReflexive, remote.Addr(), netip.Addr{}), Component: Component,
			Priority: prio, Address: remote, Type: CandidatePeerReflexive}
		a.remotes = append(a.remotes, r)
	}
	p := a.findPair(l.Base, remote)
	if p == nil {
		if p = a.addPair(l, r); p == nil {
			return nil
		}
	}
	p.lastResponse = now
	p.requestsReceived++
	p.responsesSent++ // the success response above
	if a.cfg.Lite {
		// RFC 8445 §7.3.2: a lite agent does not check; a request with
		// USE-CANDIDATE puts its pair in the valid list, nominated.
		p.consentAt = now
		if useCandidate {
			p.state, p.valid, p.nominated = PairSucceeded, true, true
			a.selectPair(now, p)
		}
		return nil
	}
	// Triggered check, §7.3.1.4.
	switch p.state {
	case PairSucceeded:
	case PairInProgress:
		a.cancelChecks(p)
		p.state = PairWaiting
		a.enqueueTriggered(now, p, false)
	default:
		p.state = PairWaiting
		a.enqueueTriggered(now, p, true)
	}
	// Nomination, §7.3.1.5.
	if useCandidate && a.role == Controlled {
		if p.state == PairSucceeded && p.valid {
			p.nominated = true
			a.selectPair(now, p)
		} else {
			p.nominateOnSuccess = true
		}
	}
	return nil
}

// handleResponse processes a Binding success or error response.
func (a *Agent) handleResponse(now time.Time, local, remote netip.AddrPort, m *stun.Message) error {
	i := a.findTx(m.TransactionID)
	if i < 0 {
		a.Stats.DroppedPackets++
		return ErrUnknownResponse
	}
	tx := a.txs[i]
	if tx.kind == txGather {
		a.removeTx(i)
		a.gatherResponse(now, &tx, m)
		return nil
	}
	// Responses are authenticated with the password the request used
	// (RFC 8445 §7.2.2); others are discarded (RFC 8489 §9.1.4).
	if err := m.CheckIntegrityKey(tx.creds.remoteKey); err != nil {
		a.Stats.DroppedPackets++
		return err
	}
	a.removeTx(i)
	p := tx.p
	if !a.hasPair(p) {
		return nil
	}
	if m.Type.Class == stun.ClassSuccessResponse {
		p.responsesReceived++
		if tx.sent == 1 {
			// Karn's rule (RFC 6298 §3): only an answer to a request that
			// was never retransmitted measures the round-trip time.
			p.rtt = now.Sub(tx.at)
			p.rttTotal += p.rtt
			p.rttSamples++
		}
	}
	if tx.kind == txConsent {
		// RFC 7675 §5.1: a matching, authenticated, non-error response
		// from the remote address refreshes consent.
		if m.Type.Class == stun.ClassSuccessResponse && remote == tx.to && local == tx.from {
			p.consentAt, p.lastResponse = now, now
		}
		return nil
	}
	if m.Type.Class == stun.ClassErrorResponse {
		code, _, _ := m.ErrorCode()
		if code == 487 {
			// RFC 8445 §7.2.5.1: switch role if the request was sent in
			// the role we still have, and retry the pair.
			if tx.role == a.role {
				if a.role == Controlling {
					a.setRole(Controlled)
				} else {
					a.setRole(Controlling)
				}
			}
			p.state = PairWaiting
			a.enqueueTriggered(now, p, true)
			return nil
		}
		a.pairFailed(now, p)
		return nil
	}
	// RFC 8445 §7.2.5.2.1: the source and destination of the response
	// must be symmetric with the request, or the check fails.
	if remote != tx.to || local != tx.from {
		a.pairFailed(now, p)
		return nil
	}
	mapped, err := m.XORAddress(stun.AttrXORMappedAddress)
	if err != nil {
		a.pairFailed(now, p)
		return nil
	}
	mapped = netip.AddrPortFrom(mapped.Addr().Unmap(), mapped.Port())
	// §7.2.5.3.1: the local candidate of the valid pair is the one whose
	// address is the mapped address, or a new peer-reflexive candidate.
	lc := p.mapped
	if lc == nil || lc.Address != mapped {
		lc = nil
		for _, c := range a.locals {
			if c.Address == mapped {
				lc = c
				break
			}
		}
	}
	if lc == nil {
		lc = &Candidate{Foundation: foundation(CandidatePeerReflexive, p.local.Base.Addr(), netip.Addr{}), Component: Component,
			Priority: Priority(CandidatePeerReflexive, uint16(p.local.Priority>>8), Component),
			Address:  mapped, Type: CandidatePeerReflexive, Base: p.local.Base}
		if len(a.locals) < maxLocalCandidates {
			a.locals = append(a.locals, lc)
		}
	}
	p.mapped = lc
	p.state, p.valid = PairSucceeded, true
	p.consentAt, p.lastResponse = now, now
	if a.firstValid.IsZero() {
		a.firstValid = now
	}
	// §7.2.5.3.3: unfreeze the pairs with the same foundation.
	for _, q := range a.pairs {
		if q.state == PairFrozen && sameFoundation(p, q) {
			q.state = PairWaiting
		}
	}
	if tx.useCandidate && a.role == Controlling {
		// §8.1.1 / §7.2.5.3.4: the check with USE-CANDIDATE succeeded.
		p.nominated = true
		a.selectPair(now, p)
	} else if p.nominateOnSuccess && a.role == Controlled {
		p.nominated = true
		a.selectPair(now, p)
	}
	a.scheduleCheck(now)
	return nil
}

func (a *Agent) hasPair(p *pair) bool {
	if p == a.selected {
		return true
	}
	for _, q := range a.pairs {
		if q == p {
			return true
		}
	}
	return false
}

// setRole changes the role and recomputes pair priorities (§7.2.5.1).
func (a *Agent) setRole(r Role) {
	if a.role == r {
		return
	}
	a.role = r
	for _, p := range a.pairs {
		p.prio = a.pairPriority(p.local, p.remote)
	}
	// Insertion sort keeps the list sorted by decreasing priority.
	for i := 1; i < len(a.pairs); i++ {
		for j := i; j > 0 && a.pairs[j-1].prio < a.pairs[j].prio; j-- {
			a.pairs[j-1], a.pairs[j] = a.pairs[j], a.pairs[j-1]
		}
	}
	a.emit(Event{Type: EventRoleChange, Role: r})
}

// maybeNominate implements regular nomination by the controlling agent
// (RFC 8445 §8.1.1): once a valid pair exists and no higher-priority pair
// is still being checked (or NominationDelay has passed since the first
// valid pair), the best valid pair is checked again with USE-CANDIDATE.
func (a *Agent) maybeNominate(now time.Time) {
	best, pending := a.nominationCandidate()
	if best == nil || (pending && now.Before(a.firstValid.Add(a.cfg.NominationDelay))) {
		return
	}
	best.useCandidate = true
	a.nominating = best
	a.enqueueTriggered(now, best, false)
}

// nominationCandidate returns the pair regular nomination would pick and
// whether higher-priority pairs are still pending; nil when the agent must
// not nominate now.
func (a *Agent) nominationCandidate() (best *pair, pending bool) {
	if a.role != Controlling || a.cfg.Lite || a.cfg.AggressiveNomination || a.nominating != nil || a.consentLost || a.closed {
		return nil, false
	}
	if a.selected != nil && a.selected.creds == a.creds {
		return nil, false
	}
	if best = a.bestValid(); best == nil {
		return nil, false
	}
	for _, p := range a.pairs {
		if p == best {
			break
		}
		if p.state == PairWaiting || p.state == PairInProgress || p.state == PairFrozen {
			return best, true
		}
	}
	return best, false
}

// selectPair makes p the selected pair if it is better than the current
// one (controlled agents follow the highest-priority nominated pair).
func (a *Agent) selectPair(now time.Time, p *pair) {
	if s := a.selected; s != nil && s.creds == p.creds && s.prio >= p.prio {
		return
	}
	old := a.selected
	a.selected = p
	a.consentLost = false
	if a.nominating == p {
		a.nominating = nil
	}
	if (old == nil || old.creds != p.creds) && !a.cfg.Lite {
		a.nextConsent = now.Add(a.consentJitter())
	}
	if p.nominated && p.creds == a.creds {
		// RFC 8445 §8.1.2: remove the other pairs from the checklist and
		// the triggered-check queue, cancelling In-Progress transactions
		// (no retransmission, no failure; a late response is still
		// accepted). Valid pairs are kept: they may still be nominated by
		// a peer that nominates aggressively.
		keep := a.pairs[:0]
		for _, q := range a.pairs {
			if q == p || q.creds != a.creds || q.state == PairSucceeded {
				keep = append(keep, q)
				continue
			}
			a.cancelChecks(q)
			q.triggered = false
		}
		clear(a.pairs[len(keep):])
		a.pairs = keep
		trig := a.triggered[:0]
		for _, q := range a.triggered {
			if q.triggered {
				trig = append(trig, q)
			}
		}
		a.triggered = trig
	}
	if a.prevCreds != nil && p.creds == a.creds {
		// The new generation concluded: the old pair stops (RFC 8445 §9).
		a.prevCreds = nil
		a.removeTxs(func(tx *transaction) bool { return tx.creds != a.creds })
	}
	a.emit(Event{Type: EventSelectedPair, Pair: a.publicPair(p)})
}
