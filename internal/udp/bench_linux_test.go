//go:build !udpfallback

package udp

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the user+system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const (
	benchSize  = 1200 // bytes per datagram
	benchBatch = 64   // datagrams per WriteBatch
	// Datagrams in flight at most, so that none is dropped: the 8 MiB
	// receive buffer holds about 2,900 single 1200-byte datagrams (2.9 KB of
	// kernel memory each) and more when GSO sends them in 64 KB buffers.
	benchWindow    = 2048
	benchWindowGSO = 4096
)

// BenchmarkThroughput sends 1200-byte datagrams from one socket to another
// over loopback, with a bounded number in flight, and reports the
// delivered throughput and the process's CPU time per MiB (both sockets'
// work: sender, readers, kernel). One op is one datagram.
func BenchmarkThroughput(b *testing.B) {
	for _, m := range []struct {
		name            string
		batch, gso, gro bool
	}{
		{"WriteTo", false, false, false},
		{"WriteBatch", true, false, false},
		{"WriteBatch+GSO+GRO", true, true, true},
	} {
		b.Run(m.name, func(b *testing.B) {
			SetGSO(m.gso)
			SetGRO(m.gro)
			defer SetGSO(true)
			defer SetGRO(true)
			var received atomic.Int64
			progress := make(chan struct{}, 1)
			rx, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), receiverFunc(func(_ *Socket, batch []Datagram) {
				received.Add(int64(len(batch)))
				select {
				case progress <- struct{}{}:
				default:
				}
			}))
			if err != nil {
				b.Fatal(err)
			}
			defer rx.Close()
			tx, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), receiverFunc(func(*Socket, []Datagram) {}))
			if err != nil {
				b.Fatal(err)
			}
			defer tx.Close()
			to := rx.LocalAddr()
			batch := NewBatch(benchBatch*benchSize, benchBatch)
			p := make([]byte, benchSize)
			send := func(n int) {
				if !m.batch {
					for range n {
						if err := tx.WriteTo(p, to); err != nil {
							b.Fatal(err)
						}
					}
					return
				}
				batch.Reset()
				for range n {
					batch.Add(append(batch.Free(), p...), to)
				}
				if err := tx.WriteBatch(batch); err != nil {
					b.Fatal(err)
				}
			}
			window := benchWindow
			if m.gso {
				window = benchWindowGSO
			}
			measure(b, window, send, &received, progress, func() string {
				st, rs := tx.Stats(), rx.Stats()
				return statsLine(st, rs)
			})
		})
	}
	b.Run("net.UDPConn", func(b *testing.B) {
		// What the driver does today: one WriteToUDPAddrPort per datagram,
		// one reader goroutine per socket with a 64 KiB buffer.
		rx, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		rx.SetReadBuffer(socketBufferBytes)
		tx, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Fatal(err)
		}
		defer tx.Close()
		tx.SetWriteBuffer(socketBufferBytes)
		var received atomic.Int64
		progress := make(chan struct{}, 1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			buf := make([]byte, 65536)
			for {
				if _, _, err := rx.ReadFromUDPAddrPort(buf); errors.Is(err, net.ErrClosed) {
					return
				}
				received.Add(1)
				select {
				case progress <- struct{}{}:
				default:
				}
			}
		}()
		defer func() { rx.Close(); <-done }()
		to := rx.LocalAddr().(*net.UDPAddr).AddrPort()
		p := make([]byte, benchSize)
		measure(b, benchWindow, func(n int) {
			for range n {
				if _, err := tx.WriteToUDPAddrPort(p, to); err != nil {
					b.Fatal(err)
				}
			}
		}, &received, progress, func() string { return "" })
	})
}

// measure runs send(n) until b.N datagrams have been sent, with at most
// window not yet received, waits for all of them, and reports MB/s
// (through SetBytes), CPU ms per MiB and the mallocs of the whole run.
func measure(b *testing.B, window int, send func(n int), received *atomic.Int64, progress chan struct{}, stats func() string) {
	b.SetBytes(benchSize)
	b.ReportAllocs()
	stall := time.NewTimer(time.Hour)
	defer stall.Stop()
	wait := func() {
		stall.Reset(10 * time.Second)
		select {
		case <-progress:
		case <-stall.C:
			b.Fatalf("stalled at %d datagrams received: %s", received.Load(), stats())
		}
	}
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := cpuTime()
	b.ResetTimer()
	for sent := 0; sent < b.N; {
		for sent-int(received.Load()) > window-benchBatch {
			wait()
		}
		n := min(benchBatch, b.N-sent)
		send(n)
		sent += n
	}
	for received.Load() < int64(b.N) {
		wait()
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&ms1)
	mib := float64(b.N) * benchSize / (1 << 20)
	b.ReportMetric(float64(cpu.Microseconds())/1000/mib, "cpu-ms/MiB")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs), "mallocs/run")
	if s := stats(); s != "" && b.N > 1000 {
		b.Log(s)
	}
}

func statsLine(tx, rx Stats) string {
	return "sent " + itoa(tx.DatagramsSent) + " in " + itoa(tx.SendCalls) + " calls (" + itoa(tx.GSODatagrams) +
		" via GSO); received " + itoa(rx.DatagramsReceived) + " in " + itoa(rx.ReceiveCalls) + " calls (" +
		itoa(rx.GRODatagrams) + " via GRO), kernel drops " + itoa(rx.ReceiveOverflows)
}

func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// BenchmarkIdleSockets opens 1,000 sockets and reports the heap and the
// goroutines they cost, per socket (the readers' buffers included).
func BenchmarkIdleSockets(b *testing.B) {
	const n = 1000
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		g := runtime.NumGoroutine()
		socks := make([]*Socket, n)
		for i := range socks {
			s, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), receiverFunc(func(*Socket, []Datagram) {}))
			if err != nil {
				b.Fatal(err)
			}
			socks[i] = s
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "heap-B/socket")
		b.ReportMetric(float64(runtime.NumGoroutine()-g), "goroutines")
		for _, s := range socks {
			s.Close()
		}
	}
}

// BenchmarkListenClose opens and closes one socket at a time, the pattern
// of a process that makes one connection after another: what a connection
// pays per socket on its setup and teardown paths. The readers linger
// between sockets, and so do the GRO sockets they hold.
func BenchmarkListenClose(b *testing.B) {
	for _, gro := range []bool{false, true} {
		b.Run(fmt.Sprintf("gro=%v", gro), func(b *testing.B) {
			SetGRO(gro)
			defer SetGRO(true)
			for b.Loop() {
				s, err := Listen(netip.MustParseAddrPort("127.0.0.1:0"), receiverFunc(func(*Socket, []Datagram) {}))
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}
