package ice

import (
	"net/netip"
	"time"

	"github.com/c4c1f6e1/webrtc/stun"
)

// FilterHostAddresses chooses which interface addresses become host
// candidates, as browsers do: loopback addresses only when includeLoopback
// is set, no IPv6 link-local addresses (they need a zone and only work on
// one link), no unspecified, multicast, IPv4 link-local (169.254/16) or
// IPv4-mapped addresses. Duplicates are removed and IPv6 addresses are
// listed first, preferring global IPv6 as RFC 8421 §4 recommends.
func FilterHostAddresses(addrs []netip.Addr, includeLoopback bool) []netip.Addr {
	var v6, v4 []netip.Addr
	seen := map[netip.Addr]bool{}
	for _, ip := range addrs {
		ip = ip.WithZone("")
		switch {
		case !ip.IsValid(), ip.IsUnspecified(), ip.IsMulticast(), ip.IsLinkLocalUnicast(), ip.Is4In6():
			continue
		case ip.IsLoopback() && !includeLoopback:
			continue
		case seen[ip]:
			continue
		}
		seen[ip] = true
		if ip.Is6() {
			v6 = append(v6, ip)
		} else {
			v4 = append(v4, ip)
		}
	}
	return append(v6, v4...)
}

// Gather starts gathering (RFC 8445 §5.1.1): a host candidate for each
// Config.HostAddresses entry, then Binding requests to each STUN server from
// each host base of the same family for server-reflexive candidates. Each
// candidate is reported by an EventCandidate; the gathering state ends in
// complete when all servers answered or timed out.
func (a *Agent) Gather(now time.Time) error {
	if a.closed {
		return ErrClosed
	}
	if a.gathering != GatheringNew {
		return nil
	}
	a.setGathering(GatheringGathering)
	for i, addr := range a.cfg.HostAddresses {
		addr = netip.AddrPortFrom(addr.Addr().Unmap(), addr.Port())
		if !addr.IsValid() || addr.Port() == 0 || len(a.locals) >= maxLocalCandidates {
			continue
		}
		// RFC 8445 §5.1.2.1: local preferences are unique per candidate of
		// a type; the first address is preferred.
		pref := uint16(65535 - min(i, 65535))
		c := &Candidate{Foundation: foundation(CandidateHost, addr.Addr(), netip.Addr{}), Component: Component,
			Priority: Priority(CandidateHost, pref, Component), Address: addr, Type: CandidateHost, Base: addr}
		if a.cfg.HostName != nil {
			c.Hostname = a.cfg.HostName(addr.Addr())
		}
		a.addLocal(now, c)
	}
	if !a.cfg.Lite && !a.cfg.RelayOnly {
		for si, s := range a.cfg.STUNServers {
			for _, l := range a.locals {
				if l.Type != CandidateHost || l.Base.Addr().Is4() != s.Address.Addr().Unmap().Is4() || l.Base.Addr().IsLoopback() {
					continue
				}
				if len(a.txs) >= a.cfg.MaxTransactions {
					a.Stats.RefusedTransactions++
					continue
				}
				to := netip.AddrPortFrom(s.Address.Addr().Unmap(), s.Address.Port())
				a.pendingGathers++
				a.startTx(now, transaction{id: a.newTransactionID(), kind: txGather, server: si, from: l.Base, to: to,
					rto: a.cfg.RTO, deadline: now.Add(a.cfg.RTO)})
			}
		}
	}
	a.gatherDone0(now)
	return nil
}

// BeginExternalGathering holds the gathering state in "gathering" while
// another gatherer (the TURN client) works; each call must be matched by
// EndExternalGathering.
func (a *Agent) BeginExternalGathering() { a.pendingGathers++ }

// EndExternalGathering releases a BeginExternalGathering hold.
func (a *Agent) EndExternalGathering(now time.Time) { a.gatherDone(now) }

// AddLocalCandidate adds a candidate gathered elsewhere, typically a relayed
// candidate from the TURN client (its Base is the relayed address; checks
// and data for it are emitted with From equal to that address and the driver
// routes them through the allocation).
func (a *Agent) AddLocalCandidate(now time.Time, c Candidate) error {
	if a.closed {
		return ErrClosed
	}
	if !c.Address.IsValid() || len(a.locals) >= maxLocalCandidates {
		return ErrBadCandidate
	}
	if c.Component == 0 {
		c.Component = Component
	}
	if !c.Base.IsValid() {
		c.Base = c.Address
	}
	a.addLocal(now, &c)
	a.updateState(now)
	return nil
}

func (a *Agent) addLocal(now time.Time, c *Candidate) {
	for _, l := range a.locals {
		// RFC 8445 §5.1.3: a candidate redundant with one of the same
		// address and base is eliminated.
		if l.Address == c.Address && l.Base == c.Base && (l.Hostname == "" || l.Type == c.Type) {
			return
		}
	}
	a.locals = append(a.locals, c)
	if a.signalled(c) {
		a.emit(Event{Type: EventCandidate, Candidate: *c})
	}
	if a.cfg.Lite {
		return
	}
	for _, r := range a.remotes {
		a.addPair(c, r)
	}
	a.initialStates()
	a.scheduleCheck(now)
}

func (a *Agent) setGathering(s GatheringState) {
	if a.gathering != s {
		a.gathering = s
		a.emit(Event{Type: EventGatheringState, GatheringState: s})
	}
}

// gatherDone accounts for a finished gathering transaction.
func (a *Agent) gatherDone(now time.Time) {
	if a.pendingGathers > 0 {
		a.pendingGathers--
	}
	a.gatherDone0(now)
}

func (a *Agent) gatherDone0(now time.Time) {
	if a.pendingGathers == 0 && a.gathering == GatheringGathering {
		a.setGathering(GatheringComplete)
		a.updateState(now)
	}
}

// gatherResponse handles the answer of a STUN server (RFC 8445 §5.1.1.2).
func (a *Agent) gatherResponse(now time.Time, tx *transaction, m *stun.Message) {
	defer a.gatherDone(now)
	s := a.cfg.STUNServers[tx.server]
	cerr := CandidateError{Address: tx.from.Addr().String(), Port: int(tx.from.Port()), URL: s.URL}
	if m.Type.Class == stun.ClassErrorResponse {
		code, reason, err := m.ErrorCode()
		if err != nil {
			code, reason = 600, []byte("malformed error response")
		}
		cerr.ErrorCode, cerr.ErrorText = code, string(reason)
		a.emit(Event{Type: EventCandidateError, Error: cerr})
		return
	}
	mapped, err := m.XORAddress(stun.AttrXORMappedAddress)
	if err != nil {
		// RFC 8489 §14.1: MAPPED-ADDRESS is still sent by old servers.
		if mapped, err = m.Address(stun.AttrMappedAddress); err != nil {
			cerr.ErrorCode, cerr.ErrorText = 600, "response without a mapped address"
			a.emit(Event{Type: EventCandidateError, Error: cerr})
			return
		}
	}
	mapped = netip.AddrPortFrom(mapped.Addr().Unmap(), mapped.Port())
	base := a.findLocalBase(tx.from)
	if base == nil || (mapped == base.Address && base.Hostname == "") {
		// Redundant with the host candidate (§5.1.3); not when the host
		// candidate is signalled under an mDNS name (draft
		// §3.1.2.2: such a srflx candidate MUST NOT be considered
		// redundant).
		return
	}
	related := tx.from
	if base.Hostname != "" {
		// Draft §3.1.2.2: raddr 0.0.0.0 or ::, rport 9, to keep the
		// address hidden.
		related = netip.AddrPortFrom(netip.IPv4Unspecified(), 9)
		if tx.from.Addr().Is6() {
			related = netip.AddrPortFrom(netip.IPv6Unspecified(), 9)
		}
	}
	c := &Candidate{Foundation: foundation(CandidateServerReflexive, tx.from.Addr(), s.Address.Addr()), Component: Component,
		Priority: Priority(CandidateServerReflexive, uint16(base.Priority>>8), Component),
		Address:  mapped, Type: CandidateServerReflexive, Related: related, Base: tx.from, URL: s.URL}
	if len(a.locals) < maxLocalCandidates {
		a.addLocal(now, c)
	}
}

// Restart performs an ICE restart (RFC 8445 §9): new local credentials
// (generated when empty), the checklist and remote candidates are cleared
// and gathering starts over when Gather is called again. The selected pair
// keeps carrying data, with consent checks under the old credentials, until
// a pair of the new generation is selected.
func (a *Agent) Restart(now time.Time, ufrag, pwd string) error {
	if a.closed {
		return ErrClosed
	}
	c := &credentials{localUfrag: ufrag, localPwd: pwd}
	if err := a.fillCredentials(c); err != nil {
		return err
	}
	if a.selected == nil && !a.cfg.Lite {
		// Before any nomination, data goes on a valid pair (RFC 8445
		// §12.1): that pair carries on as the old generation's until the
		// new one selects a pair, as a selected pair would (§9), and
		// the transport stays connected (W3C webrtc §5.6.4).
		p := a.consentPair()
		if p == nil {
			if p = a.bestValid(); p != nil {
				a.nextConsent = now.Add(a.consentJitter())
			}
		}
		a.selected = p
	}
	a.inUse = nil
	if a.selected != nil {
		a.prevCreds = a.selected.creds
	}
	a.creds = c
	a.removeTxs(func(tx *transaction) bool { return tx.p != a.selected || tx.kind != txConsent })
	a.pairs = a.pairs[:0]
	a.triggered = a.triggered[:0]
	a.remotes = a.remotes[:0]
	a.locals = a.locals[:0]
	a.nominating = nil
	a.firstValid = time.Time{}
	a.remoteEOC = false
	a.pendingGathers = 0
	a.nextCheck = time.Time{}
	a.gathering = GatheringNew
	a.updateState(now)
	return nil
}
