package dtls

// Bounds on what a peer can make us buffer while reassembling handshake
// messages (RFC 6347 §4.2.3). A WebRTC handshake message is at most a few
// kilobytes (one self-signed certificate).
const (
	maxHandshakeMessage = 16 << 10 // largest message body we accept
	maxPendingMessages  = 8        // messages at or after next_receive_seq we hold
)

type pendingMessage struct {
	used  bool
	seq   uint16
	typ   HandshakeType
	epoch uint16
	body  []byte
	have  []uint64 // bit per body byte received
	got   int      // bytes received
}

// reassembler holds the handshake messages from next_receive_seq on
// (RFC 6347 §4.2.2: messages ahead of it SHOULD be queued) and puts
// fragments back together, overlaps included (RFC 6347 §4.2.3).
type reassembler struct {
	next uint16 // next_receive_seq
	msgs [maxPendingMessages]pendingMessage
}

// fragmentVerdict says what add did with a fragment.
type fragmentVerdict int

const (
	fragmentQueued  fragmentVerdict = iota
	fragmentOld                     // message_seq < next_receive_seq: a retransmission
	fragmentDropped                 // out of window, too big, or inconsistent
)

// add buffers fragment f that came in a record of the given epoch.
func (r *reassembler) add(f *HandshakeFragment, epoch uint16) fragmentVerdict {
	if f.Seq < r.next {
		return fragmentOld
	}
	if f.Seq-r.next >= maxPendingMessages || f.Length > maxHandshakeMessage {
		return fragmentDropped
	}
	m := &r.msgs[f.Seq%maxPendingMessages]
	if !m.used {
		*m = pendingMessage{used: true, seq: f.Seq, typ: f.Type, epoch: epoch,
			body: make([]byte, f.Length), have: make([]uint64, (f.Length+63)/64)}
	} else if m.seq != f.Seq || m.typ != f.Type || len(m.body) != int(f.Length) || m.epoch != epoch {
		// Same message_seq with a different shape: not a retransmission of
		// the same message. Keep the first.
		return fragmentDropped
	}
	copy(m.body[f.Offset:], f.Fragment)
	for i := int(f.Offset); i < int(f.Offset)+len(f.Fragment); i++ {
		if m.have[i/64]&(1<<(i%64)) == 0 {
			m.have[i/64] |= 1 << (i % 64)
			m.got++
		}
	}
	return fragmentQueued
}

// pop returns the message at next_receive_seq if it is complete, and
// advances next_receive_seq.
func (r *reassembler) pop() (typ HandshakeType, seq uint16, epoch uint16, body []byte, ok bool) {
	m := &r.msgs[r.next%maxPendingMessages]
	if !m.used || m.seq != r.next || m.got != len(m.body) {
		return 0, 0, 0, nil, false
	}
	typ, seq, epoch, body = m.typ, m.seq, m.epoch, m.body
	*m = pendingMessage{}
	r.next++
	return typ, seq, epoch, body, true
}

// reset empties the buffer and sets next_receive_seq.
func (r *reassembler) reset(next uint16) {
	*r = reassembler{next: next}
}
