package perf

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"
)

// Stack is a WebRTC implementation under measurement.
type Stack interface {
	// Name names the implementation in results.
	Name() string
	// Connect creates two PeerConnections, negotiates a data channel
	// labelled label from the first to the second with candidates trickled
	// in process and restricted to the stack's address, and returns once the
	// channel's open event has fired on both sides, or an error after
	// timeout.
	Connect(label string, timeout time.Duration) (Pair, error)
}

// Pair is two connected PeerConnections with one open data channel.
type Pair interface {
	// Sender returns the offerer's end of the channel.
	Sender() Sender
	// OnReceive sets the handler of the messages arriving at the answerer's
	// end. The slice is valid only until the handler returns.
	OnReceive(f func(data []byte))
	// Connected reports whether both PeerConnections are still connected
	// and both ends of the channel open.
	Connected() bool
	// Close closes both PeerConnections.
	Close() error
}

// Sender is the sending end of a data channel: the W3C RTCDataChannel
// members that flow control uses (W3C webrtc §6.2 bufferedAmount,
// bufferedAmountLowThreshold, onbufferedamountlow, send).
type Sender interface {
	Send(data []byte) error
	BufferedAmount() uint64
	SetBufferedAmountLowThreshold(n uint64)
	OnBufferedAmountLow(f func())
}

// Trickle carries one PeerConnection's candidates to the other in process:
// it holds them until Start (both descriptions applied, so the peer accepts
// them), then delivers each one as it comes. It counts the candidates it
// was offered and kept, and remembers the first delivery error, for the
// message of a connection that does not come up.
type Trickle struct {
	mu      sync.Mutex
	live    bool
	queue   []func() error
	offered int
	kept    int
	err     error
}

// Offer counts a gathered candidate; keep says whether it is on the
// measured path, and deliver adds it to the peer.
func (t *Trickle) Offer(keep bool, deliver func() error) {
	t.Count(keep)
	if keep {
		t.pass(deliver)
	}
}

// Count counts a candidate signalled in a description rather than
// trickled; keep says whether it was left in.
func (t *Trickle) Count(keep bool) {
	t.mu.Lock()
	t.offered++
	if keep {
		t.kept++
	}
	t.mu.Unlock()
}

// End passes on the end of candidates (W3C webrtc §4.4.1.7, the null
// candidate) for stacks that signal it.
func (t *Trickle) End(deliver func() error) { t.pass(deliver) }

// pass holds deliver until Start, or runs it if Start has been called.
func (t *Trickle) pass(deliver func() error) {
	t.mu.Lock()
	if !t.live {
		t.queue = append(t.queue, deliver)
		t.mu.Unlock()
		return
	}
	t.mu.Unlock()
	t.run(deliver)
}

// Start delivers the held candidates and every later one at once.
func (t *Trickle) Start() {
	t.mu.Lock()
	q := t.queue
	t.queue, t.live = nil, true
	t.mu.Unlock()
	for _, f := range q {
		t.run(f)
	}
}

func (t *Trickle) run(deliver func() error) {
	if err := deliver(); err != nil {
		t.mu.Lock()
		if t.err == nil {
			t.err = err
		}
		t.mu.Unlock()
	}
}

// String describes what was trickled, for error messages.
func (t *Trickle) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := fmt.Sprintf("%d of %d candidates on the path", t.kept, t.offered)
	if t.err != nil {
		s += fmt.Sprintf(", first error adding one: %v", t.err)
	}
	return s
}

// OnPath reports whether a candidate with this transport and address is on
// the measured path: UDP on addr.
func OnPath(addr netip.Addr, udp bool, address string) bool {
	a, err := netip.ParseAddr(address)
	return err == nil && udp && a.Unmap() == addr.Unmap()
}

// DefaultAddr returns the address the measurements run over: the first
// IPv4 address of an interface that is up and not loopback, else the first
// such global IPv6 address, else 127.0.0.1. Datagrams between two sockets
// on one of the machine's own addresses go through the loopback device all
// the same (the kernel routes local addresses there); the point of a
// non-loopback address is that every stack gathers it by default.
func DefaultAddr() netip.Addr {
	var v6 netip.Addr
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			p, err := netip.ParsePrefix(a.String())
			if err != nil {
				continue
			}
			ip := p.Addr()
			switch {
			case ip.IsLoopback(), ip.IsLinkLocalUnicast(), ip.IsMulticast(), ip.IsUnspecified():
			case ip.Is4():
				return ip
			case !v6.IsValid():
				v6 = ip
			}
		}
	}
	if v6.IsValid() {
		return v6
	}
	return netip.MustParseAddr("127.0.0.1")
}
