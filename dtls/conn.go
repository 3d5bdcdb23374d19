package dtls

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Limits on what the peer or the caller can make a Conn buffer.
const (
	maxFutureRecords   = 16       // next-epoch records held until ChangeCipherSpec
	maxFutureBytes     = 32 << 10 // and their total size
	maxOutDatagrams    = 256      // datagrams waiting for PollTransmit
	maxAppRecords      = 256      // received application records waiting for Read
	maxEvents          = 8
	maxHelloVerify     = 8 // HelloVerifyRequests a client follows
	maxApplicationData = 1 << 14
)

// Errors reported by a Conn.
var (
	ErrNotConnected     = errors.New("dtls: handshake not complete")
	ErrClosed           = errors.New("dtls: connection closed")
	ErrHandshakeTimeout = errors.New("dtls: handshake timed out after the last retransmission")
	ErrBufferFull       = errors.New("dtls: transmit queue full; drain PollTransmit")
	ErrTooLarge         = errors.New("dtls: application data larger than 2^14 bytes")
)

// EventType tells what an Event reports.
type EventType int

// Events a Conn emits through PollEvent.
const (
	// EventHandshakeComplete: the peer's Finished verified; application
	// data and the exporter are available.
	EventHandshakeComplete EventType = iota + 1
	// EventClosed: the peer sent close_notify (RFC 5246 §7.2.1), or Close
	// was called.
	EventClosed
	// EventFailed: the connection failed; Err says why (an *AlertError,
	// ErrHandshakeTimeout, ErrFingerprintMismatch, …).
	EventFailed
)

// Event is something the layer above must learn about.
type Event struct {
	Type EventType
	Err  error
}

// Stats counts what a Conn dropped.
type Stats struct {
	MalformedRecords int // records or datagrams that did not parse
	DecryptFailures  int // records whose AEAD tag did not verify (RFC 6347 §4.1.2.7)
	ReplayedRecords  int // records rejected by the replay window (RFC 6347 §4.1.2.6)
	EpochDropped     int // records of an epoch we cannot read
	FragmentsDropped int // handshake fragments out of window or inconsistent
	AppDataDropped   int // application records dropped (queue full or before Finished)
	Retransmissions  int // flights we resent
}

type connState int

const (
	stateStart connState = iota
	stateClientWaitServerHello
	stateClientWaitCertificate
	stateClientWaitKeyExchange
	stateClientWaitCertReqOrDone
	stateClientWaitDone
	stateClientWaitFinished
	stateServerWaitClientHello
	stateServerWaitCertificate
	stateServerWaitKeyExchange
	stateServerWaitVerify
	stateServerWaitFinished
	stateConnected
	stateClosed
	stateFailed
)

// Conn is one DTLS 1.2 connection as a sans-IO state machine (DESIGN.md §1).
// It owns no socket, goroutine or clock: feed it with HandleInput and
// HandleTimeout, drain PollTransmit and PollEvent after each call, and call
// HandleTimeout when NextDeadline comes. A Conn is not safe for concurrent
// use.
//
// Everything only the handshake needs lives in hs, which is dropped when
// the handshake ends; datagram buffers are borrowed from a shared pool
// while they wait in a queue. A connected idle Conn keeps its record
// protection, the negotiated parameters and the peer's DER chain.
type Conn struct {
	isClient bool
	state    connState
	// established is set when the handshake completed, and stays set.
	established bool
	resendOnOld bool
	mtu         int
	err         error
	stats       Stats

	// hs is the handshake in progress; nil once it completed or failed.
	hs *handshake

	// Record layer.
	readEpoch  uint16
	writeEpoch uint16
	readProt   *protection
	writeProt  *protection
	replay     replayWindow
	writeSeq   [2]uint64

	// Retransmission: the current flight and its timer; once connected,
	// the server's last flight and lastFlightHold (RFC 6347 §4.2.4).
	flight   []flightItem
	deadline time.Time
	// nextRecvSeq is next_receive_seq once the handshake is over (RFC 6347
	// §4.2.2): fragments below it are retransmissions.
	nextRecvSeq uint16

	// Negotiated state, for the exporter and the accessors.
	suite        *cipherSuite
	group        Group
	srtpProfile  SRTPProtectionProfile
	clientRandom [32]byte
	serverRandom [32]byte
	master       []byte
	alpn         string
	peerChain    [][]byte

	// Output.
	out     []*[]byte // datagrams, oldest first from outHead
	outHead int
	events  []Event
	evHead  int
	app     []*[]byte // received application records
	appHead int
}

// NewClient returns a client Conn; call Start to send the first flight.
func NewClient(cfg *Config) (*Conn, error) { return newConn(cfg, true) }

// NewServer returns a server Conn waiting for a ClientHello.
func NewServer(cfg *Config) (*Conn, error) { return newConn(cfg, false) }

func newConn(cfg *Config, client bool) (*Conn, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Conn{isClient: client, hs: newHandshake(cfg), mtu: cfg.mtu()}
	if client {
		c.state = stateStart
	} else {
		c.state = stateServerWaitClientHello
		if _, err := io.ReadFull(cfg.Rand, c.hs.cookieSecret[:]); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// IsClient reports whether the Conn is the DTLS client.
func (c *Conn) IsClient() bool { return c.isClient }

// Stats returns the drop counters.
func (c *Conn) Stats() Stats { return c.stats }

// Err returns why the connection failed or closed, or nil.
func (c *Conn) Err() error { return c.err }

// Connected reports whether the handshake has completed and the connection
// is neither closed nor failed.
func (c *Conn) Connected() bool { return c.state == stateConnected }

// Start sends the client's first flight (RFC 6347 §4.2.4: clients start in
// PREPARING). It does nothing on a server or after the first call.
func (c *Conn) Start(now time.Time) error {
	if !c.isClient || c.state != stateStart {
		return nil
	}
	if err := c.clientStart(now); err != nil {
		c.fail(err)
		return err
	}
	return nil
}

// appendRecord appends one record of our current write state for epoch.
func (c *Conn) appendRecord(b []byte, typ ContentType, epoch uint16, payload []byte) []byte {
	seq := c.writeSeq[epoch]
	if seq >= maxSeq {
		// RFC 6347 §4.1: the sequence number MUST NOT wrap.
		panic("BUG: dtls: record sequence number exhausted")
	}
	c.writeSeq[epoch]++
	if epoch == 0 {
		h := RecordHeader{Type: typ, Version: VersionDTLS12, Epoch: 0, Seq: seq, Length: uint16(len(payload))}
		b = h.AppendTo(b)
		return append(b, payload...)
	}
	return c.writeProt.seal(b, typ, epoch, seq, payload)
}

// queueOut queues a datagram for PollTransmit; when the queue is full the
// buffer goes back to the pool and queueOut reports false.
func (c *Conn) queueOut(b *[]byte) bool {
	if len(c.out)-c.outHead >= maxOutDatagrams {
		putBuf(b)
		return false
	}
	if c.outHead > 0 && len(c.out) == cap(c.out) {
		n := copy(c.out, c.out[c.outHead:])
		clear(c.out[n:])
		c.out, c.outHead = c.out[:n], 0
	}
	c.out = append(c.out, b)
	return true
}

// PollTransmit copies the next datagram to send into buf and reports its
// length; ok is false when nothing is waiting. A buf shorter than the
// datagram gets a truncated copy, so pass at least the MTU (and 2^14+64 for
// application data).
func (c *Conn) PollTransmit(buf []byte) (n int, ok bool) {
	if c.outHead == len(c.out) {
		return 0, false
	}
	b := c.out[c.outHead]
	c.out[c.outHead] = nil
	c.outHead++
	if c.outHead == len(c.out) {
		c.out, c.outHead = trimQueue(c.out), 0
	}
	n = copy(buf, *b)
	putBuf(b)
	return n, true
}

// trimQueue empties a drained queue, keeping its backing array only if it
// is small (maxKeptQueue).
func trimQueue(q []*[]byte) []*[]byte {
	if cap(q) > maxKeptQueue {
		return nil
	}
	return q[:0]
}

// PollEvent returns the next event, if any.
func (c *Conn) PollEvent() (Event, bool) {
	if c.evHead == len(c.events) {
		return Event{}, false
	}
	e := c.events[c.evHead]
	c.events[c.evHead] = Event{}
	c.evHead++
	if c.evHead == len(c.events) {
		// Events are rare once connected: keep no array for them.
		c.events, c.evHead = nil, 0
	}
	return e, true
}

func (c *Conn) emit(e Event) {
	if len(c.events)-c.evHead < maxEvents {
		c.events = append(c.events, e)
	}
}

// ReadApplicationData copies the next received application record into buf
// and reports its length; ok is false when none is waiting. A record longer
// than buf is truncated.
func (c *Conn) ReadApplicationData(buf []byte) (n int, ok bool) {
	// Records are readable once Finished verified, and stay readable after
	// close_notify (they came before it), but not after a failure.
	if c.appHead == len(c.app) || !c.established || c.state == stateFailed {
		return 0, false
	}
	b := c.app[c.appHead]
	c.app[c.appHead] = nil
	c.appHead++
	if c.appHead == len(c.app) {
		c.app, c.appHead = trimQueue(c.app), 0
	}
	n = copy(buf, *b)
	putBuf(b)
	return n, true
}

// WriteApplicationData protects p as one application_data record (RFC 5246
// §6.2.3.3) and queues it for PollTransmit. It does not allocate once the
// buffers are warm.
func (c *Conn) WriteApplicationData(p []byte) error {
	if c.state != stateConnected {
		if c.state == stateClosed || c.state == stateFailed {
			return ErrClosed
		}
		return ErrNotConnected
	}
	if len(p) > maxApplicationData {
		return ErrTooLarge
	}
	if len(c.out)-c.outHead >= maxOutDatagrams {
		return ErrBufferFull
	}
	b := getBuf()
	*b = c.appendRecord(*b, ContentApplicationData, c.writeEpoch, p)
	c.queueOut(b)
	return nil
}

// AppendApplicationData protects p as one application_data record (RFC
// 5246 §6.2.3.3) and appends the datagram to dst, for a caller that sends
// it at once: it is WriteApplicationData and PollTransmit without the
// queue, the pooled buffer and the copy, and it does not allocate when dst
// has room for len(p)+29 bytes. Datagrams already waiting for PollTransmit
// are older; send them first (a peer accepts records out of order, RFC
// 6347 §4.1.2.6, but keeping the order is cheaper for it).
func (c *Conn) AppendApplicationData(dst, p []byte) ([]byte, error) {
	if c.state != stateConnected {
		if c.state == stateClosed || c.state == stateFailed {
			return dst, ErrClosed
		}
		return dst, ErrNotConnected
	}
	if len(p) > maxApplicationData {
		return dst, ErrTooLarge
	}
	return c.appendRecord(dst, ContentApplicationData, c.writeEpoch, p), nil
}

// Close sends close_notify (RFC 5246 §7.2.1) and closes the connection.
func (c *Conn) Close() {
	if c.state == stateClosed || c.state == stateFailed {
		return
	}
	c.sendAlert(AlertWarning, AlertCloseNotify)
	c.end(stateClosed, ErrClosed)
	c.emit(Event{Type: EventClosed, Err: ErrClosed})
}

// end moves to a final state and drops the handshake, the flight and the
// timer.
func (c *Conn) end(st connState, err error) {
	c.state = st
	c.err = err
	c.deadline = time.Time{}
	c.flight = nil
	c.hs = nil
}

func (c *Conn) sendAlert(level AlertLevel, desc AlertDescription) {
	b := getBuf()
	*b = c.appendRecord(*b, ContentAlert, c.writeEpoch, []byte{byte(level), byte(desc)})
	c.queueOut(b)
}

// fail ends the connection; an *AlertError we raised is sent to the peer.
func (c *Conn) fail(err error) {
	if c.state == stateClosed || c.state == stateFailed {
		return
	}
	var ae *AlertError
	if errors.As(err, &ae) && !ae.Remote {
		c.sendAlert(AlertFatal, ae.Description)
	}
	c.end(stateFailed, err)
	c.emit(Event{Type: EventFailed, Err: err})
}

func alertf(d AlertDescription, format string, args ...any) *AlertError {
	return &AlertError{Description: d, Reason: fmt.Sprintf(format, args...)}
}

// HandleInput processes one received datagram. Records are decrypted in
// place: p's contents are overwritten, and p is not kept after the call.
func (c *Conn) HandleInput(now time.Time, p []byte) {
	if c.state == stateClosed || c.state == stateFailed || c.state == stateStart {
		return
	}
	c.resendOnOld = false
	for len(p) > 0 {
		rec, n, err := ParseRecord(p)
		if err != nil {
			// RFC 6347 §4.1.2.7: invalid records are silently discarded;
			// the rest of the datagram cannot be delimited.
			c.stats.MalformedRecords++
			break
		}
		p = p[n:]
		c.handleRecord(now, rec.Header, rec.Payload, false)
		if c.state == stateClosed || c.state == stateFailed {
			return
		}
	}
	if c.resendOnOld && c.flight != nil {
		// RFC 6347 §4.2.4: a retransmitted flight from the peer means ours
		// was lost; resend it (at most once per datagram).
		c.resend(now)
	}
}

func (c *Conn) handleRecord(now time.Time, h RecordHeader, payload []byte, replayed bool) {
	switch {
	case h.Epoch == c.readEpoch:
	case h.Epoch == c.readEpoch+1 && c.hs != nil && c.master != nil:
		// A record of the next epoch that overtook the ChangeCipherSpec:
		// keep a bounded number until the keys are in place. Nothing is
		// kept before the key exchange, so a stateless server stays so.
		hs := c.hs
		if len(hs.future) < maxFutureRecords && hs.futureBytes+len(payload) <= maxFutureBytes && !replayed {
			hs.futureBytes += RecordHeaderLen + len(payload)
			rec := make([]byte, 0, RecordHeaderLen+len(payload))
			rec = h.AppendTo(rec)
			hs.future = append(hs.future, append(rec, payload...))
		} else {
			c.stats.EpochDropped++
		}
		return
	case h.Epoch == 0 && h.Type == ContentHandshake:
		// A retransmitted epoch-0 handshake message after we moved on.
		c.handleHandshakeRecord(now, h, payload)
		return
	default:
		c.stats.EpochDropped++
		return
	}
	if h.Epoch > 0 {
		if !c.replay.check(h.Seq) {
			c.stats.ReplayedRecords++
			return
		}
		pt, err := c.readProt.open(&h, payload)
		if err != nil {
			c.stats.DecryptFailures++
			return
		}
		c.replay.mark(h.Seq)
		payload = pt
	} else if h.Type == ContentApplicationData {
		c.stats.AppDataDropped++
		return
	}
	switch h.Type {
	case ContentHandshake:
		c.handleHandshakeRecord(now, h, payload)
	case ContentChangeCipherSpec:
		if len(payload) != 1 || payload[0] != 1 {
			c.fail(alertf(AlertUnexpectedMessage, "malformed ChangeCipherSpec"))
			return
		}
		if h.Epoch == 0 && c.hs != nil {
			c.hs.ccsSeen = true
			c.maybeActivateRead(now)
		}
	case ContentAlert:
		c.handleAlert(payload)
	case ContentApplicationData:
		// Data of the new epoch can overtake the peer's Finished (its last
		// flight lost and resent): it is held, unread, until Finished
		// verifies; ReadApplicationData returns nothing before that.
		if c.state == stateClosed || c.state == stateFailed {
			c.stats.AppDataDropped++
			return
		}
		if c.hs == nil && c.flight != nil {
			// RFC 6347 §4.2.4: the client's data proves it has our
			// Finished, so the last flight need not be kept any longer.
			c.dropLastFlight()
		}
		if len(c.app)-c.appHead >= maxAppRecords {
			c.stats.AppDataDropped++
			return
		}
		b := getBuf()
		*b = append(*b, payload...)
		c.app = append(c.app, b)
	default:
		c.stats.MalformedRecords++
	}
}

func (c *Conn) handleAlert(p []byte) {
	if len(p) != 2 {
		c.stats.MalformedRecords++
		return
	}
	level, desc := AlertLevel(p[0]), AlertDescription(p[1])
	if desc == AlertCloseNotify {
		// RFC 5246 §7.2.1: answer close_notify with close_notify.
		if c.state != stateClosed {
			c.sendAlert(AlertWarning, AlertCloseNotify)
			c.end(stateClosed, ErrClosed)
			c.emit(Event{Type: EventClosed, Err: ErrClosed})
		}
		return
	}
	if level == AlertFatal {
		err := &AlertError{Description: desc, Remote: true}
		c.end(stateFailed, err)
		c.emit(Event{Type: EventFailed, Err: err})
	}
	// Warnings (no_renegotiation and the like) are ignored.
}

// maybeActivateRead switches the read side to the next epoch once both the
// peer's ChangeCipherSpec and the keys are there, then replays the records
// of that epoch that arrived early.
func (c *Conn) maybeActivateRead(now time.Time) {
	hs := c.hs
	if hs == nil || !hs.ccsSeen || hs.pendingRead == nil {
		return
	}
	c.readProt, hs.pendingRead = hs.pendingRead, nil
	c.readEpoch++
	c.replay = replayWindow{}
	hs.ccsSeen = false
	future := hs.future
	hs.future, hs.futureBytes = nil, 0
	for _, rec := range future {
		r, _, err := ParseRecord(rec)
		if err == nil {
			c.handleRecord(now, r.Header, r.Payload, true)
		}
		if c.state == stateFailed || c.state == stateClosed {
			return
		}
	}
}

func (c *Conn) handleHandshakeRecord(now time.Time, h RecordHeader, p []byte) {
	for len(p) > 0 {
		f, n, err := ParseHandshakeFragment(p)
		if err != nil {
			c.stats.FragmentsDropped++
			return
		}
		p = p[n:]
		hs := c.hs
		if hs == nil {
			c.handleFragmentAfterHandshake(h, &f)
			if c.state == stateFailed {
				return
			}
			continue
		}
		if c.state == stateServerWaitClientHello {
			c.serverHandleClientHelloFragment(now, h, &f)
			if c.state == stateFailed {
				return
			}
			continue
		}
		switch hs.reasm.add(&f, h.Epoch) {
		case fragmentOld:
			c.resendOnOld = true
		case fragmentDropped:
			c.stats.FragmentsDropped++
		}
		for c.hs != nil {
			typ, seq, epoch, body, ok := c.hs.reasm.pop()
			if !ok {
				break
			}
			if err := c.handleMessage(now, typ, seq, epoch, body); err != nil {
				c.fail(err)
				return
			}
		}
	}
}

// handleFragmentAfterHandshake handles a handshake fragment once the
// handshake is over. Below next_receive_seq it is the peer's last flight
// again, which our last flight answers (RFC 6347 §4.2.4). A new message in
// epoch 0 is unauthenticated and dropped; in the current epoch a
// ClientHello or HelloRequest asks for renegotiation, which we refuse
// with a no_renegotiation warning (RFC 5746 §4.5, §4.3), and anything
// else is unexpected.
func (c *Conn) handleFragmentAfterHandshake(h RecordHeader, f *HandshakeFragment) {
	switch {
	case f.Seq < c.nextRecvSeq:
		c.resendOnOld = true
	case h.Epoch != c.readEpoch:
		c.stats.FragmentsDropped++
	case f.Type == TypeClientHello || f.Type == TypeHelloRequest:
		if f.Offset == 0 {
			c.sendAlert(AlertWarning, AlertNoRenegotiation)
		}
	default:
		c.fail(alertf(AlertUnexpectedMessage, "%v after the handshake", f.Type))
	}
}

// handleMessage dispatches a complete handshake message in message_seq
// order.
func (c *Conn) handleMessage(now time.Time, typ HandshakeType, seq uint16, epoch uint16, body []byte) error {
	// RFC 6347 §4.2.6 / RFC 5246 §7.4.9: Finished is the first message
	// protected by the new epoch; everything before it is in epoch 0.
	if (typ == TypeFinished) != (epoch == 1) {
		return alertf(AlertUnexpectedMessage, "%v in epoch %d", typ, epoch)
	}
	if c.isClient {
		return c.clientHandle(now, typ, seq, body)
	}
	return c.serverHandle(now, typ, seq, body)
}

// hashTranscript hashes the handshake so far with the suite's PRF hash.
func (c *Conn) hashTranscript() []byte { return digest(c.suite.hash, c.hs.transcript) }

// appendReceived adds a received message to the transcript.
func (c *Conn) appendReceived(typ HandshakeType, seq uint16, body []byte) {
	c.hs.transcript = appendHandshakeMessage(c.hs.transcript, typ, seq, body)
}

// deriveKeys derives the record keys (RFC 5246 §6.3) and sets the write
// side to epoch 1 and the pending read side.
func (c *Conn) deriveKeys() error {
	kb := deriveKeys(c.suite, c.master, c.clientRandom[:], c.serverRandom[:])
	wk, wiv, rk, riv := kb.clientKey, kb.clientIV, kb.serverKey, kb.serverIV
	if !c.isClient {
		wk, wiv, rk, riv = rk, riv, wk, wiv
	}
	w, err := newProtection(c.suite, wk, wiv)
	if err != nil {
		return err
	}
	r, err := newProtection(c.suite, rk, riv)
	if err != nil {
		return err
	}
	c.writeProt = w
	c.hs.pendingRead = r
	return nil
}

// verifyPeer checks the peer's chain against the SDP fingerprints (RFC
// 8122 §5) and the callback, and keeps the leaf's public key for the
// handshake signature the peer sends next.
func (c *Conn) verifyPeer(chain [][]byte) error {
	if len(chain) == 0 {
		return alertf(AlertHandshakeFailure, "peer sent no certificate")
	}
	if len(c.hs.cfg.ExpectedFingerprints) > 0 {
		ok := false
		for _, f := range c.hs.cfg.ExpectedFingerprints {
			if f.Matches(chain[0]) {
				ok = true
				break
			}
		}
		if !ok {
			return &AlertError{Description: AlertBadCertificate, Reason: ErrFingerprintMismatch.Error()}
		}
	}
	if c.hs.cfg.VerifyPeerCertificate != nil {
		if err := c.hs.cfg.VerifyPeerCertificate(chain); err != nil {
			return alertf(AlertBadCertificate, "peer certificate rejected: %v", err)
		}
	}
	pub, err := certificatePublicKey(chain[0])
	if errors.Is(err, errCertificateKey) {
		return alertf(AlertUnsupportedCertificate, "peer certificate: %v", err)
	} else if err != nil {
		return alertf(AlertBadCertificate, "peer certificate does not parse: %v", err)
	}
	c.peerChain = chain
	c.hs.peerKey = pub
	return nil
}

// finishHandshake marks the connection established and drops the
// handshake state.
func (c *Conn) finishHandshake() {
	c.state = stateConnected
	c.established = true
	c.deadline = time.Time{}
	c.nextRecvSeq = c.hs.reasm.next
	c.hs = nil
	c.emit(Event{Type: EventHandshakeComplete})
}

// PeerCertificates returns the peer's DER chain once it has been verified.
func (c *Conn) PeerCertificates() [][]byte { return c.peerChain }

// CipherSuite returns the negotiated suite (zero before ServerHello).
func (c *Conn) CipherSuite() CipherSuite {
	if c.suite == nil {
		return 0
	}
	return c.suite.id
}

// Group returns the ECDHE group of the key exchange (RFC 8422 §5.1.1), or
// zero before it is known.
func (c *Conn) Group() Group { return c.group }

// SRTPProfile returns the profile negotiated by use_srtp (RFC 5764 §4.1.1),
// or zero if none was.
func (c *Conn) SRTPProfile() SRTPProtectionProfile { return c.srtpProfile }

// NegotiatedProtocol returns the ALPN protocol (RFC 7301), or "".
func (c *Conn) NegotiatedProtocol() string { return c.alpn }

// ExportKeyingMaterial is the TLS exporter of RFC 5705 §4; context nil means
// "no context", which differs from an empty one. It needs a completed
// handshake.
func (c *Conn) ExportKeyingMaterial(label string, context []byte, n int) ([]byte, error) {
	if c.state != stateConnected || c.master == nil {
		return nil, ErrNotConnected
	}
	return exportKeyingMaterial(c.suite, c.master, c.clientRandom[:], c.serverRandom[:], label, context, n)
}

// SRTPKeys derives the SRTP master keys and salts for the negotiated
// profile with the exporter label EXTRACTOR-dtls_srtp (RFC 5764 §4.2).
func (c *Conn) SRTPKeys() (SRTPKeys, error) {
	if c.srtpProfile == 0 {
		return SRTPKeys{}, errors.New("dtls: no SRTP profile negotiated")
	}
	kl, sl := c.srtpProfile.KeySaltLen()
	km, err := c.ExportKeyingMaterial(srtpExporterLabel, nil, 2*(kl+sl))
	if err != nil {
		return SRTPKeys{}, err
	}
	return SRTPKeys{
		Profile:    c.srtpProfile,
		ClientKey:  km[:kl],
		ServerKey:  km[kl : 2*kl],
		ClientSalt: km[2*kl : 2*kl+sl],
		ServerSalt: km[2*kl+sl:],
	}, nil
}
