package sctp

import "encoding/binary"

// PollTransmit writes the next packet to send into buf and returns its
// length, or false when nothing is to be sent now. buf should hold at least
// MTU bytes; a shorter buf limits the packet. Each packet goes into one DTLS
// record (RFC 8261 §4). Control chunks come first, then a SACK, FORWARD TSN
// and RE-CONFIG if due, then retransmissions, then new DATA, bundled up to
// the MTU (RFC 9260 §6.10). New messages are cut to the room left in the
// packet, so a run of messages goes out in packets of exactly MTU bytes
// (the last one excepted).
func (a *Association) PollTransmit(buf []byte) (int, bool) {
	limit := min(len(buf), a.cfg.MTU) &^ 3 // chunks are padded to 4 bytes
	if limit < 64 {
		return 0, false
	}
	b := buf[:0]
	h := Header{SrcPort: a.cfg.SourcePort, DstPort: a.cfg.DestinationPort, VerificationTag: a.peerTag}
	crc := !a.sendZeroChecksum
	nchunks := 0
	cookie := false // the packet carries a COOKIE ECHO

	// Control chunks. A "single" chunk (INIT, INIT ACK) goes alone.
	for len(a.ctrl) > 0 {
		c := &a.ctrl[0]
		if c.single || c.fixed {
			if nchunks > 0 {
				break
			}
			h.VerificationTag = c.vtag
			b = h.AppendTo(b)
			b = append(b, c.chunk...)
			a.ctrl = a.ctrl[1:]
			return a.finishPacket(b, true)
		}
		if nchunks == 0 {
			b = h.AppendTo(b)
		}
		if len(b)+len(c.chunk) > limit {
			if nchunks == 0 {
				a.ctrl = a.ctrl[1:] // cannot fit at all: drop
				b = b[:0]
			}
			break
		}
		b = append(b, c.chunk...)
		crc = crc || c.crc
		cookie = cookie || ChunkType(c.chunk[0]) == ChunkCookieEcho
		nchunks++
		a.ctrl = a.ctrl[1:]
	}
	if len(a.ctrl) == 0 {
		a.ctrl = nil // control chunks are rare: keep no buffer for them
	}
	// RFC 9260 §5.1 C: in COOKIE-ECHOED, DATA goes only in the packet that
	// carries the COOKIE ECHO, and no other packet is sent.
	if a.state == StateClosed || a.peerTag == 0 || (a.state == StateCookieEchoed && !cookie) {
		if nchunks == 0 {
			return 0, false
		}
		return a.finishPacket(b, crc)
	}
	start := func() {
		if nchunks == 0 {
			b = h.AppendTo(b)
		}
	}
	s := &a.snd
	dataOK := s.dataAllowed() && !s.pacingAt.After(a.now)
	wantData := dataOK && s.flight < a.cc.cwnd && (s.rtxq.len() > 0 || s.active.len() > 0 || s.cur != nil)

	// SACK: when due, or piggybacked on a packet that carries data.
	if a.rcv.ackNow || (a.rcv.ackPending > 0 && (nchunks > 0 || wantData)) {
		start()
		b = a.rcv.appendSack(b, limit-len(b))
		nchunks++
	}
	if s.fwdNeeded && a.state >= StateEstablished {
		start()
		before := len(b)
		b = s.appendForwardTSN(b)
		if len(b) > limit {
			b = b[:before]
		} else {
			s.fwdNeeded = false
			nchunks++
		}
	}
	if len(a.rst.pending) > 0 && !a.rst.outstanding {
		a.tryStartReset()
	}
	if a.rst.sendNow {
		start()
		before := len(b)
		b = a.appendReconfig(b)
		if len(b) > limit {
			b = b[:before]
		} else {
			a.rst.sendNow = false
			nchunks++
		}
	}
	sentData := 0
	if wantData {
		hdr := a.chunkHeaderLen()
		s.txSeq++
		for s.flight < a.cc.cwnd {
			// room is the payload that fits in the packet: every length
			// involved is a multiple of 4, so padding never overflows it.
			room := limit - len(b) - hdr
			if nchunks == 0 {
				room -= headerLen
			}
			if room <= 0 {
				break
			}
			c := s.peekRtx()
			if c == nil {
				st := s.peekNew()
				if st == nil {
					break
				}
				// Receiver window (§6.1 A, B): one chunk may probe a zero
				// window when nothing is in flight.
				n := min(headLen(st), room)
				if n < headLen(st) && !s.splittable(st) {
					break
				}
				if s.flight+n > s.peerRwnd && s.flight > 0 {
					break
				}
				c = s.takeNew(st, n)
			} else {
				// A chunk is retransmitted as it was first sent (§6.9:
				// no re-fragmentation); it waits for a packet it fits in.
				if len(c.data) > room {
					break
				}
				s.rtxq.dropFront()
				c.lost = false
				a.stats.Retransmits++
			}
			start()
			b = a.appendData(b, c)
			nchunks++
			c.nsent++
			c.sentAt = a.now
			c.txSeq = s.txSeq
			c.delivered = a.cc.delivered
			c.deliveredAt = a.cc.deliveredAt
			c.firstSentAt = a.cc.firstSentAt
			c.appLimited = a.cc.appLimited
			c.inflight = true
			c.misses = 0
			s.flight += len(c.data)
			sentData += len(c.data)
			a.stats.DataChunksSent++
		}
		if sentData > 0 {
			// In COOKIE-ECHOED, T1-cookie covers the DATA bundled with the
			// COOKIE ECHO (onT1 sends both again); T3 starts once
			// established.
			if s.t3.IsZero() && a.state != StateCookieEchoed {
				s.t3 = a.now.Add(s.rto)
			}
			a.cc.onSend(a.now, s.flight, s.rtxq.len() == 0 && s.active.len() == 0 && s.cur == nil)
			s.pacingSched, s.pacingAt = a.cc.nextSendTime(a.now, s.pacingSched, len(b))
		}
	}
	if nchunks == 0 {
		return 0, false
	}
	return a.finishPacket(b, crc)
}

// appendData encodes an outstanding chunk as DATA or I-DATA.
func (a *Association) appendData(b []byte, c *outChunk) []byte {
	d := DataChunk{
		IData:     a.useIData,
		Unordered: c.flags&flagUnordered != 0,
		Beginning: c.flags&flagBeginning != 0,
		Ending:    c.flags&flagEnding != 0,
		Immediate: c.flags&flagImmediate != 0,
		TSN:       c.tsn,
		Stream:    c.stream,
		SSN:       c.ssn,
		MID:       c.mid,
		FSN:       c.fsn,
		PPID:      c.ppid,
		Payload:   c.data,
	}
	return d.AppendTo(b)
}

// finishPacket fills in the checksum: CRC32c, or zero when both sides
// agreed on RFC 9653 and nothing in the packet requires a real one.
func (a *Association) finishPacket(b []byte, crc bool) (int, bool) {
	if crc || !a.sendZeroChecksum {
		SetChecksum(b)
	} else {
		binary.LittleEndian.PutUint32(b[8:], 0)
	}
	a.stats.PacketsSent++
	return len(b), true
}
