package dtls

import "time"

// lastFlightHold is how long the node that sent the last flight keeps it
// to answer a retransmission of the peer's last flight: RFC 6347 §4.2.4
// says "for at least twice the default MSL defined for [TCP]", and RFC
// 793 §3.3 defines the MSL as 2 minutes. Application data from the peer
// ends it earlier: the peer sends none before it has our Finished.
const lastFlightHold = 2 * 2 * time.Minute

// flightItem is one message of a flight, kept to be re-rendered into fresh
// records on every retransmission (RFC 6347 §4.2.4).
type flightItem struct {
	ccs   bool // a ChangeCipherSpec rather than a handshake message
	typ   HandshakeType
	seq   uint16
	epoch uint16
	body  []byte
}

// NextDeadline returns when HandleTimeout must be called next, or the zero
// time when no timer is running. A connected Conn runs no timer, except
// that the server keeps its last flight for lastFlightHold unless the
// client's application data shows earlier that it arrived.
func (c *Conn) NextDeadline() time.Time { return c.deadline }

// HandleTimeout runs the retransmission timer (RFC 6347 §4.2.4.1): when it
// has expired, the current flight is resent and the timeout doubled up to
// Config.MaxRetransmit; after Config.MaxRetransmissions the handshake fails.
// Once connected, the expiry of lastFlightHold drops the last flight.
func (c *Conn) HandleTimeout(now time.Time) {
	if c.deadline.IsZero() || now.Before(c.deadline) {
		return
	}
	hs := c.hs
	if hs == nil {
		// Connected: the last flight need not be answered any longer.
		c.dropLastFlight()
		return
	}
	if hs.retransmits >= hs.cfg.maxRetransmissions() {
		c.deadline = time.Time{}
		c.fail(ErrHandshakeTimeout)
		return
	}
	hs.retransmits++
	hs.rto = min(2*hs.rto, hs.cfg.maxRTO())
	c.resend(now)
}

// SetInitialRetransmit changes the initial retransmission timeout of the
// handshake, for a caller that learns the round-trip time after creating
// the Conn: RFC 9147 §5.8.2 says a timer of 1.5 times an RTT estimate from
// ICE SHOULD be used. It applies to the flights sent from now on and, if
// the current flight has not been resent yet, to its timer. It does
// nothing once the handshake is over, or for d <= 0.
func (c *Conn) SetInitialRetransmit(now time.Time, d time.Duration) {
	hs := c.hs
	if hs == nil || d <= 0 {
		return
	}
	hs.cfg.InitialRetransmit = d
	if hs.retransmits == 0 {
		hs.rto = d
		if !c.deadline.IsZero() && now.Add(d).Before(c.deadline) {
			c.deadline = now.Add(d)
		}
	}
}

// dropLastFlight forgets the flight kept for retransmission and its timer.
func (c *Conn) dropLastFlight() {
	c.flight = nil
	c.deadline = time.Time{}
}

// resend retransmits the current flight and, during the handshake, rearms
// the timer. Once connected the last flight is resent only in answer to
// the peer's, and the hold deadline stays as it is.
func (c *Conn) resend(now time.Time) {
	c.stats.Retransmissions++
	c.renderFlight()
	if c.hs != nil {
		c.deadline = now.Add(c.hs.rto)
	}
}

// sendFlight makes items the current flight, sends it and starts the
// retransmission timer (RFC 6347 §4.2.4). Called after finishHandshake it
// sends the last flight, which has no timer but is kept for
// lastFlightHold.
func (c *Conn) sendFlight(now time.Time, items []flightItem) {
	c.flight = items
	if hs := c.hs; hs != nil {
		if hs.retransmits == 0 {
			// RFC 6347 §4.2.4.1: keep the backed-off value until a flight
			// gets through without loss, then return to the initial value.
			hs.rto = hs.cfg.initialRTO()
		}
		hs.retransmits = 0
		c.renderFlight()
		c.deadline = now.Add(hs.rto)
		return
	}
	c.renderFlight()
	c.deadline = now.Add(lastFlightHold)
}

// addHandshake appends a message we send to the transcript and returns the
// flight item for it.
func (c *Conn) addHandshake(typ HandshakeType, body []byte) flightItem {
	hs := c.hs
	it := flightItem{typ: typ, seq: hs.sendSeq, epoch: c.writeEpoch, body: body}
	hs.sendSeq++
	hs.transcript = appendHandshakeMessage(hs.transcript, typ, it.seq, body)
	return it
}

// renderFlight writes the current flight into datagrams of at most the
// MTU, fragmenting handshake messages as needed (RFC 6347 §4.2.3) and
// packing several records per datagram (RFC 6347 §4.1.1).
func (c *Conn) renderFlight() {
	mtu := c.mtu
	var scratch []byte
	if c.hs != nil {
		scratch = c.hs.scratch
	}
	cur := getBuf()
	flush := func() {
		if len(*cur) > 0 {
			c.queueOut(cur)
			cur = getBuf()
		}
	}
	for _, it := range c.flight {
		over := 0
		if it.epoch > 0 {
			over = c.writeProt.overhead()
		}
		if it.ccs {
			if len(*cur)+RecordHeaderLen+1+over > mtu {
				flush()
			}
			*cur = c.appendRecord(*cur, ContentChangeCipherSpec, it.epoch, []byte{1})
			continue
		}
		off := 0
		for {
			room := mtu - len(*cur) - RecordHeaderLen - HandshakeHeaderLen - over
			if room < 32 && len(*cur) > 0 {
				flush()
				continue
			}
			n := min(room, len(it.body)-off)
			f := HandshakeFragment{Type: it.typ, Length: uint32(len(it.body)), Seq: it.seq, Offset: uint32(off), Fragment: it.body[off : off+n]}
			scratch = f.AppendTo(scratch[:0])
			*cur = c.appendRecord(*cur, ContentHandshake, it.epoch, scratch)
			off += n
			if off >= len(it.body) {
				break
			}
		}
	}
	if len(*cur) > 0 {
		c.queueOut(cur)
	} else {
		putBuf(cur)
	}
	if c.hs != nil {
		c.hs.scratch = scratch
	}
}
