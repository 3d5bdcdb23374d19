package sctp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// localInit builds our INIT or INIT ACK with the parameters of the
// extensions we implement: FORWARD-TSN (RFC 3758 §3.1), RE-CONFIG (RFC 6525
// §3.1), I-DATA (RFC 8260 §2.2) and Zero Checksum (RFC 9653 §5.1).
func (a *Association) localInit(ack bool, cookie []byte) InitChunk {
	c := InitChunk{
		Ack:         ack,
		InitiateTag: a.myTag,
		ARwnd:       uint32(a.cfg.MaxReceiveBuffer),
		OutStreams:  a.cfg.Streams,
		InStreams:   a.cfg.Streams,
		InitialTSN:  a.snd.initialTSN,
		Cookie:      cookie,
		ForwardTSN:  true,
		Extensions:  []ChunkType{ChunkForwardTSN, ChunkReconfig},
	}
	if !a.cfg.DisableIData {
		c.Extensions = append(c.Extensions, ChunkIData, ChunkIForwardTSN)
	}
	if !a.cfg.DisableZeroChecksum {
		c.ZeroChecksum, c.ZeroChecksumEDM = true, EDMIDDTLS
	}
	return c
}

func (a *Association) sendInit(now time.Time) {
	c := a.localInit(false, nil)
	a.initRaw = c.AppendTo(nil)
	a.state = StateCookieWait
	a.t1Count = 0
	a.queueCtrl(ctrlChunk{vtag: 0, crc: true, chunk: a.initRaw, single: true, fixed: true})
	a.t1 = now.Add(a.snd.rto)
}

// onT1 retransmits INIT or COOKIE ECHO (RFC 9260 §5.1 T1-init, T1-cookie).
func (a *Association) onT1(now time.Time) {
	a.t1Count++
	if int(a.t1Count) > a.cfg.MaxInitRetransmits {
		a.t1 = time.Time{}
		a.terminate(fmt.Errorf("%w: association setup", ErrTimeout))
		return
	}
	a.snd.rto = min(2*a.snd.rto, a.cfg.RTOMax)
	switch a.state {
	case StateCookieWait:
		a.queueCtrl(ctrlChunk{vtag: 0, crc: true, chunk: a.initRaw, single: true, fixed: true})
	case StateCookieEchoed:
		a.queueCtrl(ctrlChunk{crc: true, chunk: AppendCookieEcho(nil, a.cookieEcho)})
		// DATA that went with the lost COOKIE ECHO goes with it again
		// (§5.1 C; T3 does not run before ESTABLISHED).
		a.snd.markAllLost()
	default:
		a.t1 = time.Time{}
		return
	}
	a.t1 = now.Add(a.snd.rto)
}

// cookie is what the State Cookie carries: everything needed to build the
// association from a COOKIE ECHO without having kept state (RFC 9260
// §5.1.3).
type cookie struct {
	myTag, peerTag      uint32
	myTSN, peerTSN      uint32
	peerRwnd            uint32
	peerOut, peerIn     uint16
	fwdTSN, reconfig    bool
	idata, zeroChecksum bool
	created             int64 // unix nanoseconds
}

const cookieLen = 1 + 4*5 + 2*2 + 1 + 8 + sha256.Size

func (a *Association) makeCookie(c *cookie) []byte {
	b := make([]byte, 0, cookieLen)
	b = append(b, 1)
	b = binary.BigEndian.AppendUint32(b, c.myTag)
	b = binary.BigEndian.AppendUint32(b, c.peerTag)
	b = binary.BigEndian.AppendUint32(b, c.myTSN)
	b = binary.BigEndian.AppendUint32(b, c.peerTSN)
	b = binary.BigEndian.AppendUint32(b, c.peerRwnd)
	b = binary.BigEndian.AppendUint16(b, c.peerOut)
	b = binary.BigEndian.AppendUint16(b, c.peerIn)
	var f byte
	for i, v := range []bool{c.fwdTSN, c.reconfig, c.idata, c.zeroChecksum} {
		if v {
			f |= 1 << i
		}
	}
	b = append(b, f)
	b = binary.BigEndian.AppendUint64(b, uint64(c.created))
	m := hmac.New(sha256.New, a.cookieKey[:])
	m.Write(b)
	return m.Sum(b)
}

func (a *Association) openCookie(b []byte) (cookie, error) {
	if len(b) != cookieLen || b[0] != 1 {
		return cookie{}, fmt.Errorf("%w: bad State Cookie", ErrMalformed)
	}
	body, mac := b[:cookieLen-sha256.Size], b[cookieLen-sha256.Size:]
	m := hmac.New(sha256.New, a.cookieKey[:])
	m.Write(body)
	if !hmac.Equal(m.Sum(nil), mac) {
		return cookie{}, fmt.Errorf("%w: State Cookie MAC mismatch", ErrMalformed)
	}
	var c cookie
	p := body[1:]
	c.myTag, p = binary.BigEndian.Uint32(p), p[4:]
	c.peerTag, p = binary.BigEndian.Uint32(p), p[4:]
	c.myTSN, p = binary.BigEndian.Uint32(p), p[4:]
	c.peerTSN, p = binary.BigEndian.Uint32(p), p[4:]
	c.peerRwnd, p = binary.BigEndian.Uint32(p), p[4:]
	c.peerOut, p = binary.BigEndian.Uint16(p), p[2:]
	c.peerIn, p = binary.BigEndian.Uint16(p), p[2:]
	f := p[0]
	c.fwdTSN, c.reconfig, c.idata, c.zeroChecksum = f&1 != 0, f&2 != 0, f&4 != 0, f&8 != 0
	c.created = int64(binary.BigEndian.Uint64(p[1:]))
	return c, nil
}

// handleInit answers an INIT with an INIT ACK carrying a State Cookie and
// keeps no state (RFC 9260 §5.1.3), including during an INIT collision
// (§5.2.1: reply with our existing tag and TSN).
func (a *Association) handleInit(h Header, v []byte) {
	var in InitChunk
	if err := in.Unmarshal(false, v); err != nil {
		a.stats.DroppedPackets++
		return
	}
	switch a.state {
	case StateClosed:
		if a.closedReported {
			return
		}
	case StateCookieWait, StateCookieEchoed:
	default:
		// Restart of an established association (§5.2.2) is not
		// supported: the DTLS connection is new for every association.
		return
	}
	c := a.cookieFromInit(&in)
	ack := a.localInit(true, a.makeCookie(&c))
	a.queueCtrl(ctrlChunk{vtag: in.InitiateTag, crc: true, chunk: ack.AppendTo(nil), single: true, fixed: true})
}

func (a *Association) cookieFromInit(in *InitChunk) cookie {
	return cookie{
		myTag: a.myTag, peerTag: in.InitiateTag,
		myTSN: a.snd.initialTSN, peerTSN: in.InitialTSN,
		peerRwnd: in.ARwnd, peerOut: in.OutStreams, peerIn: in.InStreams,
		fwdTSN:       in.ForwardTSN || in.HasExtension(ChunkForwardTSN),
		reconfig:     in.HasExtension(ChunkReconfig),
		idata:        !a.cfg.DisableIData && in.HasExtension(ChunkIData),
		zeroChecksum: !a.cfg.DisableZeroChecksum && in.ZeroChecksum && in.ZeroChecksumEDM == EDMIDDTLS,
		created:      a.now.UnixNano(),
	}
}

// handleInitAck moves COOKIE-WAIT to COOKIE-ECHOED (RFC 9260 §5.1 C).
func (a *Association) handleInitAck(v []byte) {
	if a.state != StateCookieWait {
		return // §5.2.3: unexpected INIT ACK is discarded
	}
	var in InitChunk
	if err := in.Unmarshal(true, v); err != nil {
		a.stats.DroppedPackets++
		return
	}
	c := a.cookieFromInit(&in)
	a.applyPeer(&c)
	a.cookieEcho = append([]byte(nil), in.Cookie...)
	a.state = StateCookieEchoed
	a.t1Count = 0
	a.t1 = a.now.Add(a.snd.rto)
	a.queueCtrl(ctrlChunk{crc: true, chunk: AppendCookieEcho(nil, a.cookieEcho)})
}

// applyPeer takes the peer's parameters and negotiates the extensions.
func (a *Association) applyPeer(c *cookie) {
	a.peerTag = c.peerTag
	a.outStreams = min(a.cfg.Streams, c.peerIn)
	a.inStreams = min(a.cfg.Streams, c.peerOut)
	a.peerForwardTSN = c.fwdTSN
	a.peerReconfig = c.reconfig
	a.useIData = c.idata
	a.sendZeroChecksum = c.zeroChecksum
	a.snd.peerRwnd = int(c.peerRwnd)
	a.rcv.start(c.peerTSN)
	// RFC 6525 §5.1.1: request sequence numbers start at the initial TSNs.
	a.rst.reqSeq = a.snd.initialTSN
	a.rst.peerReqSeq = c.peerTSN
}

// handleCookieEcho establishes the association from a valid cookie (RFC
// 9260 §5.1.5) or handles the collision cases of §5.2.4.
func (a *Association) handleCookieEcho(h Header, v []byte) error {
	c, err := a.openCookie(v)
	if err != nil {
		return err
	}
	if h.VerificationTag != c.myTag {
		return fmt.Errorf("%w: COOKIE ECHO tag", ErrMalformed)
	}
	// §5.1.5 step 3: a stale cookie is answered with an error; we drop it.
	if age := a.now.UnixNano() - c.created; age < 0 || time.Duration(age) > a.cfg.CookieLifetime {
		return fmt.Errorf("%w: stale cookie", ErrMalformed)
	}
	switch a.state {
	case StateClosed:
		if a.closedReported || c.myTag != a.myTag {
			return nil
		}
	case StateCookieWait, StateCookieEchoed:
		if c.myTag != a.myTag {
			return nil
		}
		a.t1 = time.Time{}
	default:
		// §5.2.4 case D: a duplicate cookie for this association.
		if c.myTag == a.myTag && c.peerTag == a.peerTag {
			a.queueCtrl(ctrlChunk{chunk: AppendEmptyChunk(nil, ChunkCookieAck, 0)})
		}
		return nil
	}
	a.applyPeer(&c)
	a.cookieEcho = nil
	a.queueCtrl(ctrlChunk{chunk: AppendEmptyChunk(nil, ChunkCookieAck, 0)})
	a.established()
	return nil
}

// Shutdown starts the graceful close of RFC 9260 §9.2: queued data is still
// delivered, then SHUTDOWN, SHUTDOWN ACK and SHUTDOWN COMPLETE are exchanged
// and EventAssociationClosed is reported.
func (a *Association) Shutdown() {
	switch a.state {
	case StateEstablished:
		a.state = StateShutdownPending
		a.maybeShutdown()
	case StateCookieWait, StateCookieEchoed:
		a.abort(CauseUserInitiatedAbort, ErrLocalAbort)
	}
}

// maybeShutdown sends SHUTDOWN or SHUTDOWN ACK once all our data is
// acknowledged (RFC 9260 §9.2).
func (a *Association) maybeShutdown() {
	if !a.snd.idle() {
		return
	}
	switch a.state {
	case StateShutdownPending:
		a.state = StateShutdownSent
		a.t2Count = 0
		a.sendShutdownChunk()
	case StateShutdownReceived:
		a.state = StateShutdownAckSent
		a.t2Count = 0
		a.sendShutdownChunk()
	}
}

func (a *Association) sendShutdownChunk() {
	if a.state == StateShutdownSent {
		a.queueCtrl(ctrlChunk{chunk: AppendShutdown(nil, a.rcv.cum)})
	} else {
		a.queueCtrl(ctrlChunk{chunk: AppendEmptyChunk(nil, ChunkShutdownAck, 0)})
	}
	a.t2 = a.now.Add(a.snd.rto)
}

// onT2 retransmits SHUTDOWN or SHUTDOWN ACK (RFC 9260 §9.2 T2-shutdown).
func (a *Association) onT2(now time.Time) {
	a.t2Count++
	if int(a.t2Count) > a.cfg.MaxAssociationRetransmits {
		a.abort(CauseUserInitiatedAbort, fmt.Errorf("%w: shutdown", ErrTimeout))
		return
	}
	a.snd.rto = min(2*a.snd.rto, a.cfg.RTOMax)
	if a.state == StateShutdownSent || a.state == StateShutdownAckSent {
		a.sendShutdownChunk()
	} else {
		a.t2 = time.Time{}
	}
}

func (a *Association) handleShutdown(cum uint32) {
	switch a.state {
	case StateEstablished, StateShutdownPending:
		a.snd.ackUpTo(cum)
		a.state = StateShutdownReceived
		a.maybeShutdown()
	case StateShutdownSent:
		// §9.2: both sides sent SHUTDOWN; answer with SHUTDOWN ACK.
		a.snd.ackUpTo(cum)
		a.state = StateShutdownAckSent
		a.sendShutdownChunk()
	case StateShutdownReceived, StateShutdownAckSent:
		a.snd.ackUpTo(cum)
	}
}

func (a *Association) handleShutdownAck() {
	switch a.state {
	case StateShutdownSent, StateShutdownAckSent:
		a.t2 = time.Time{}
		a.queueCtrl(ctrlChunk{chunk: AppendEmptyChunk(nil, ChunkShutdownComplete, 0)})
		a.closeGracefully()
	case StateCookieWait, StateCookieEchoed:
		// §8.4 item 5: answer with SHUTDOWN COMPLETE, T bit set.
		a.queueCtrl(ctrlChunk{vtag: 0, fixed: true, chunk: AppendEmptyChunk(nil, ChunkShutdownComplete, flagT)})
	}
}
