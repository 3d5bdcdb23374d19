package webrtc

import (
	"net/netip"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/udp"
)

// packetSocket is a local UDP socket the driver sends from: one of its own,
// or its share of a UDPMux.
type packetSocket interface {
	LocalAddr() netip.AddrPort
	WriteTo(p []byte, to netip.AddrPort) error
	// WriteBatch sends the datagrams of b, which all go to to.
	WriteBatch(b *udp.Batch, to netip.AddrPort) error
	Close() error
}

// ownSocket is a socket of the connection's own, read by the shared
// readers of package udp, which hand what it reads to the driver.
type ownSocket struct{ *udp.Socket }

func (s ownSocket) WriteBatch(b *udp.Batch, _ netip.AddrPort) error { return s.Socket.WriteBatch(b) }

// ReceiveBatch takes what one of the connection's sockets read: the
// datagrams go through the cores under one lock, and what they answer goes
// out in one flush (udp.Receiver).
func (d *driver) ReceiveBatch(s *udp.Socket, batch []udp.Datagram) {
	d.receive(s.LocalAddr(), batch)
}

// receive feeds datagrams that arrived on local to the cores.
func (d *driver) receive(local netip.AddrPort, batch []udp.Datagram) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	var rx []byte
	var t *pairTraffic
	now := d.now()
	for _, dg := range batch {
		d.packetsReceived++
		if len(dg.Data) > 0 && dg.Data[0] > 3 { // not STUN (RFC 9443 §3)
			d.bytesReceived += uint64(len(dg.Data))
			if t == nil || t.remote != dg.From {
				t = d.trafficFor(local, dg.From)
			}
			t.packetsReceived++
			t.bytesReceived += uint64(len(dg.Data))
			t.lastReceived = now
		}
		d.input(local, dg.From, dg.Data)
		// The records each datagram held go to SCTP now, so that the
		// DTLS receive queue never holds more than one datagram's worth.
		if d.dtls != nil && d.ep != nil {
			if rx == nil {
				bufs := flushBuffers.Get().(*[2][]byte)
				defer flushBuffers.Put(bufs)
				rx = bufs[1]
			}
			d.pumpApplicationData(rx)
		}
	}
	d.flush()
}

// socket returns the local socket that sends from local to to: the one
// bound to local, or, for a local address that is not a socket's (a
// server-reflexive or relayed base), one of the same family.
func (d *driver) socket(local, to netip.AddrPort) packetSocket {
	var family packetSocket
	for _, s := range d.socks {
		a := s.LocalAddr()
		if a == local {
			return s
		}
		if family == nil && a.Addr().Is4() == to.Addr().Is4() {
			family = s
		}
	}
	if local.IsValid() {
		return nil
	}
	return family
}

// write sends one datagram at once (ICE checks and responses).
func (d *driver) write(from, to netip.AddrPort, p []byte) {
	s := d.socket(from, to)
	if s == nil {
		return
	}
	if s.WriteTo(p, to) == nil {
		d.packetsSent++
	} else {
		d.discardedOnSend++
	}
}

// batches are the outgoing datagram batches, shared by every connection:
// an idle connection holds none.
var batches = sync.Pool{New: func() any { return udp.NewBatch(0, 0) }}

// recordOverhead is the room a record needs in the batch beyond its
// plaintext: DTLS adds at most 29 bytes (header, explicit nonce, tag).
const recordOverhead = 64

// batch returns the drain's batch with room for n more bytes, sending what
// it holds first if it is full.
func (d *driver) batch(n int) *udp.Batch {
	if d.out == nil {
		d.out = batches.Get().(*udp.Batch)
	} else if cap(d.out.Free()) < n || d.out.Len() == udp.DefaultBatchDatagrams {
		d.sendBatch()
		d.out = batches.Get().(*udp.Batch)
	}
	return d.out
}

// sendApplicationData seals p as a DTLS record into the batch. It reports
// false when DTLS cannot send (not connected, closed).
func (d *driver) sendApplicationData(p []byte) bool {
	if !d.dtlsTo.IsValid() {
		return false
	}
	b := d.batch(len(p) + recordOverhead)
	rec, err := d.dtls.AppendApplicationData(b.Free(), p)
	if err != nil {
		return false
	}
	d.add(b, rec)
	return true
}

// pumpApplicationData hands the application records DTLS decrypted to
// SCTP, reading them into rx; it reports whether there were any.
func (d *driver) pumpApplicationData(rx []byte) bool {
	moved := false
	for {
		n, ok := d.dtls.ReadApplicationData(rx)
		if !ok {
			return moved
		}
		moved = true
		if d.ep != nil {
			d.ep.HandleInput(d.now(), rx[:n])
		}
	}
}

// pollDTLS moves one datagram the DTLS connection queued (handshake
// flights, alerts: rare, so they are read into the scratch tx and copied)
// into the batch, which an idle drain then never takes from the pool; a
// connection without a valid pair yet drops it (its retransmission timer
// resends the flight).
func (d *driver) pollDTLS(tx []byte) bool {
	n, ok := d.dtls.PollTransmit(tx)
	if ok && d.dtlsTo.IsValid() {
		d.add(d.batch(n), tx[:n])
	}
	return ok
}

func (d *driver) add(b *udp.Batch, p []byte) {
	if b.Add(p, d.dtlsTo) == nil {
		d.outPackets++
		d.outBytes += len(p)
	}
}

// sendBatch writes the drain's batch and gives it back to the pool.
func (d *driver) sendBatch() {
	b := d.out
	if b == nil {
		return
	}
	d.out = nil
	if b.Len() > 0 && d.dtlsSock != nil {
		t := d.trafficFor(d.dtlsSock.LocalAddr(), d.dtlsTo)
		if d.dtlsSock.WriteBatch(b, d.dtlsTo) == nil {
			d.packetsSent += uint64(d.outPackets)
			d.bytesSent += uint64(d.outBytes)
			t.packetsSent += uint64(d.outPackets)
			t.bytesSent += uint64(d.outBytes)
			t.lastSent = time.Now()
		} else {
			// The socket counts what it dropped of a batch; the pair
			// reports the batch as discarded (webrtc-stats §8.19).
			t.packetsDiscarded += uint64(d.outPackets)
			t.bytesDiscarded += uint64(d.outBytes)
			d.discardedOnSend += uint64(d.outPackets)
		}
	}
	d.outPackets, d.outBytes = 0, 0
	b.Reset()
	batches.Put(b)
}

func (d *driver) closeSockets() {
	for _, s := range d.socks {
		s.Close()
	}
}
