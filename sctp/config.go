package sctp

import (
	"errors"
	"io"
	"time"
)

// Config configures an Association. The zero value of every field but Rand
// selects the default documented on it.
type Config struct {
	// Client makes the association send the INIT (RFC 9260 §5.1); a server
	// waits for one and answers statelessly with a State Cookie. Over DTLS
	// (RFC 8261) either side may initiate and both may do so at once; the
	// collision is resolved as RFC 9260 §5.2.4 says.
	Client bool
	// Rand is the source of tags, initial TSNs and the cookie key. It must
	// be set (crypto/rand.Reader in production, a seeded reader in tests).
	Rand io.Reader
	// SourcePort and DestinationPort go in every packet's common header;
	// zero means 5000, the default of RFC 8841 §5.
	SourcePort, DestinationPort uint16
	// MTU is the largest SCTP packet emitted (one per DTLS record); zero
	// means 1200 (RFC 8831 §6.6 asks for a conservative size, RFC 8261 §5).
	MTU int
	// Streams is the number of outbound and inbound streams requested in
	// INIT; zero means 65535 (RFC 8831 §6.2).
	Streams uint16
	// MaxMessageSize bounds one received message; zero means 256 KiB. A
	// larger message is dropped and counted in Stats.MessagesTooBig.
	MaxMessageSize int
	// MaxReceiveBuffer is the receive window: it bounds the memory held for
	// out-of-order chunks, partial messages and undelivered messages, and
	// is what the a_rwnd advertises when empty. Zero means 8 MiB, a
	// 100 Mbit/s × 500 ms bandwidth-delay product with room for losses.
	MaxReceiveBuffer int
	// MaxSendBuffer bounds the bytes queued by Send and not yet
	// acknowledged; Send fails with ErrBufferFull beyond it. Zero means 16 MiB.
	MaxSendBuffer int
	// RTOInitial, RTOMin and RTOMax are the RTO bounds of RFC 9260 §16;
	// zero means the RFC's 1 s, 1 s and 60 s.
	RTOInitial, RTOMin, RTOMax time.Duration
	// MaxInitRetransmits and MaxAssociationRetransmits are
	// Max.Init.Retransmits and Association.Max.Retrans (RFC 9260 §16); zero
	// means 8 and 10.
	MaxInitRetransmits, MaxAssociationRetransmits int
	// DelayedAckTime is the delayed SACK timer (RFC 9260 §6.2: at most
	// 500 ms); zero means 200 ms.
	DelayedAckTime time.Duration
	// DisableZeroChecksum stops announcing Zero Checksum Acceptable. By
	// default the association announces that it accepts packets with a
	// zero checksum because DTLS, the layer below (RFC 8261), detects
	// errors better than CRC32c (RFC 9653 §5.1 and §6, EDMID 1), and it
	// sends zero checksums when the peer announced the same (§5.2); with a
	// peer that does not, CRC32c is used both ways.
	DisableZeroChecksum bool
	// DisableIData stops announcing I-DATA (RFC 8260); DATA is then used.
	DisableIData bool
	// CookieLifetime is Valid.Cookie.Life (RFC 9260 §16); zero means 60 s.
	CookieLifetime time.Duration
}

func (c *Config) withDefaults() (Config, error) {
	d := *c
	if d.Rand == nil {
		return d, errors.New("sctp: Config.Rand is nil")
	}
	if d.SourcePort == 0 {
		d.SourcePort = 5000
	}
	if d.DestinationPort == 0 {
		d.DestinationPort = 5000
	}
	if d.MTU == 0 {
		d.MTU = 1200
	}
	if d.MTU < 512 || d.MTU > 65535 {
		return d, errors.New("sctp: Config.MTU out of range [512, 65535]")
	}
	d.MTU &^= 3
	if d.Streams == 0 {
		d.Streams = 65535
	}
	if d.MaxMessageSize == 0 {
		d.MaxMessageSize = 256 << 10
	}
	if d.MaxReceiveBuffer == 0 {
		d.MaxReceiveBuffer = 8 << 20
	}
	if d.MaxReceiveBuffer < 4*d.MTU {
		d.MaxReceiveBuffer = 4 * d.MTU
	}
	if d.MaxSendBuffer == 0 {
		d.MaxSendBuffer = 16 << 20
	}
	if d.RTOInitial == 0 {
		d.RTOInitial = time.Second
	}
	if d.RTOMin == 0 {
		d.RTOMin = time.Second
	}
	if d.RTOMax == 0 {
		d.RTOMax = 60 * time.Second
	}
	if d.MaxInitRetransmits == 0 {
		d.MaxInitRetransmits = 8
	}
	if d.MaxAssociationRetransmits == 0 {
		d.MaxAssociationRetransmits = 10
	}
	if d.DelayedAckTime == 0 {
		d.DelayedAckTime = 200 * time.Millisecond
	}
	if d.DelayedAckTime > 500*time.Millisecond {
		d.DelayedAckTime = 500 * time.Millisecond
	}
	if d.CookieLifetime == 0 {
		d.CookieLifetime = 60 * time.Second
	}
	return d, nil
}
