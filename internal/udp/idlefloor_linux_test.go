//go:build !udpfallback

package udp

import (
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkIdleFloor measures what the datagrams of RFC 7675 consent
// freshness cost by themselves, with nothing of WebRTC around them: 1,000
// pairs of sockets, each socket sending its partner an 88-byte request every
// 4–6 s (sent from one timer goroutine on a 128 ms grid, as the webrtc
// package's timer service does) and answering each request it gets with 64
// bytes at once, from its reader. That is the traffic of 1,000 idle
// connected PeerConnection pairs: per endpoint 0.4 datagrams sent and 0.4
// received a second. It reports the process CPU per endpoint (one
// PeerConnection's share) per second over a 10 s window, for sockets of this
// package (shared readers), for net.UDPConn with a goroutine per socket (the
// standard library's poller), and, in udp-shared, with one side of every
// pair on one socket (single-port mode's side): the floor under the idle CPU
// of a connection on the machine it runs on. It measures once, whatever
// b.N: run it with -benchtime 1x.
func BenchmarkIdleFloor(b *testing.B) {
	const pairs = 1000
	const window = 10 * time.Second
	for _, impl := range []string{"udp", "net", "udp-shared"} {
		b.Run(impl, func(b *testing.B) {
			f := newIdleFloor(b, impl, pairs)
			defer f.close()
			f.run(2 * time.Second) // every socket has sent, and answered, by then
			cpu0, sent0, got0 := cpuTime(), f.sent.Load(), f.answered.Load()
			t0 := time.Now()
			f.run(window)
			cpu, wall := cpuTime()-cpu0, time.Since(t0)
			sent, got := f.sent.Load()-sent0, f.answered.Load()-got0
			n := float64(2 * pairs)
			if got < sent*9/10 {
				b.Fatalf("%d of %d requests answered in the window", got, sent)
			}
			b.ReportMetric(float64(wall.Nanoseconds()), "ns/op")
			b.ReportMetric(float64(cpu.Microseconds())/wall.Seconds()/n, "cpu-µs/s/endpoint")
			b.ReportMetric(float64(2*sent)/wall.Seconds()/n, "sent/s/endpoint")
		})
	}
}

// idleFloor is BenchmarkIdleFloor's sockets and their schedule.
type idleFloor struct {
	b        *testing.B
	send     []func(p []byte) error // request to the partner, per socket
	closers  []func() error
	next     []time.Time // per socket, its next request
	rng      *rand.Rand
	sent     atomic.Int64
	answered atomic.Int64
	wg       sync.WaitGroup
}

var (
	floorRequest  = make([]byte, 88)
	floorResponse = append([]byte{1}, make([]byte, 63)...)
)

func newIdleFloor(b *testing.B, impl string, pairs int) *idleFloor {
	f := &idleFloor{b: b, rng: rand.New(rand.NewPCG(1, 2))}
	addrs := make([]netip.AddrPort, 2*pairs)
	writers := make([]func(p []byte, to netip.AddrPort) error, 2*pairs)
	start := time.Now()
	for i := range 2 * pairs {
		switch impl {
		case "udp-shared":
			if i%2 == 1 && i > 1 {
				// The odd ones are one socket: single-port mode's side.
				addrs[i], writers[i] = addrs[1], writers[1]
				break
			}
			fallthrough
		case "udp":
			s, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), receiverFunc(func(s *Socket, batch []Datagram) {
				for _, d := range batch {
					f.handle(d.Data, func(p []byte) error { return s.WriteTo(p, d.From) })
				}
			}))
			if err != nil {
				b.Fatal(err)
			}
			addrs[i], writers[i] = s.LocalAddr(), s.WriteTo
			f.closers = append(f.closers, s.Close)
		case "net":
			c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			if err != nil {
				b.Fatal(err)
			}
			addrs[i] = c.LocalAddr().(*net.UDPAddr).AddrPort()
			writers[i] = func(p []byte, to netip.AddrPort) error { _, err := c.WriteToUDPAddrPort(p, to); return err }
			f.closers = append(f.closers, c.Close)
			f.wg.Add(1)
			go func() {
				defer f.wg.Done()
				buf := make([]byte, 1500)
				for {
					n, from, err := c.ReadFromUDPAddrPort(buf)
					if err != nil {
						return
					}
					f.handle(buf[:n], func(p []byte) error { _, err := c.WriteToUDPAddrPort(p, from); return err })
				}
			}()
		}
		f.next = append(f.next, start.Add(time.Duration(f.rng.Int64N(int64(5*time.Second)))))
	}
	for i := range 2 * pairs {
		w, to := writers[i], addrs[i^1]
		if impl == "udp-shared" && i%2 == 1 {
			to = addrs[i-1]
		}
		f.send = append(f.send, func(p []byte) error { return w(p, to) })
	}
	return f
}

func (f *idleFloor) handle(p []byte, reply func([]byte) error) {
	if len(p) > 0 && p[0] == 1 {
		f.answered.Add(1)
		return
	}
	if err := reply(floorResponse); err != nil {
		f.b.Error(err)
	}
}

// run sends the requests that fall due for d, on a 128 ms grid.
func (f *idleFloor) run(d time.Duration) {
	end := time.Now().Add(d)
	tick := time.NewTicker(128 * time.Millisecond)
	defer tick.Stop()
	for now := range tick.C {
		if now.After(end) {
			return
		}
		for i, at := range f.next {
			if at.After(now) {
				continue
			}
			if err := f.send[i](floorRequest); err != nil {
				f.b.Fatal(err)
			}
			f.sent.Add(1)
			f.next[i] = now.Add(4*time.Second + time.Duration(f.rng.Int64N(int64(2*time.Second))))
		}
	}
}

func (f *idleFloor) close() {
	for _, c := range f.closers {
		c()
	}
	f.wg.Wait()
}
