package perf

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// UDPConfig sizes the bare-UDP baseline.
type UDPConfig struct {
	// Addr is the address both sockets bind.
	Addr netip.Addr
	// Bytes is the total sent, in Datagram-byte datagrams.
	Bytes    int64
	Datagram int
	// Buffer is the sockets' SO_RCVBUF and SO_SNDBUF.
	Buffer int
	// Quiet ends the measurement when no datagram has arrived for this long
	// after the last send.
	Quiet time.Duration
}

// DefaultUDP returns the baseline on addr: 1200-byte datagrams,
// 4 MiB socket buffers, as many bytes as the throughput measurement.
func DefaultUDP(addr netip.Addr) UDPConfig {
	return UDPConfig{Addr: addr, Bytes: 256 << 20, Datagram: 1200, Buffer: 4 << 20, Quiet: 200 * time.Millisecond}
}

// UDPResult is the outcome of UDPBaseline.
type UDPResult struct {
	Sent, Received int64 // datagrams
	Bytes          int64 // received
	// Elapsed runs from the first send to the last datagram received, CPU
	// is the process CPU from the first send to the end.
	Elapsed, CPU time.Duration
	MBps         float64 // Bytes / 10^6 / Elapsed in seconds
	CPUmsPerMiB  float64 // CPU in ms / (Bytes / 2^20)
	LostPercent  float64
}

// UDPBaseline sends cfg.Bytes as fast as one goroutine can write them from
// one UDP socket to another on cfg.Addr, read by one goroutine, with no
// flow control: datagrams the receiver's buffer cannot hold are dropped
// and reported as lost, and MB/s counts what arrived. It is the machine's
// yardstick at the time of the run, for comparing runs on a VM whose speed
// varies.
func UDPBaseline(cfg UDPConfig) (UDPResult, error) {
	var res UDPResult
	if cfg.Datagram <= 0 || cfg.Bytes < int64(cfg.Datagram) || cfg.Quiet <= 0 {
		return res, fmt.Errorf("udp: bad config %+v", cfg)
	}
	rx, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(cfg.Addr, 0)))
	if err != nil {
		return res, err
	}
	defer rx.Close()
	tx, err := net.DialUDP("udp", net.UDPAddrFromAddrPort(netip.AddrPortFrom(cfg.Addr, 0)), rx.LocalAddr().(*net.UDPAddr))
	if err != nil {
		return res, err
	}
	defer tx.Close()
	if err := errors.Join(rx.SetReadBuffer(cfg.Buffer), tx.SetWriteBuffer(cfg.Buffer)); err != nil {
		return res, err
	}
	var (
		got, bytes atomic.Int64
		last       atomic.Int64 // nanoseconds since start of the last arrival
		wg         sync.WaitGroup
	)
	msg := make([]byte, cfg.Datagram)
	n := cfg.Bytes / int64(cfg.Datagram)
	cpu0 := CPUTime()
	start := time.Now()
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 2048)
		for {
			k, err := rx.Read(buf)
			if err != nil {
				return // the deadline below
			}
			last.Store(int64(time.Since(start)))
			bytes.Add(int64(k))
			got.Add(1)
		}
	}()
	var sendErr error
	for range n {
		if _, err := tx.Write(msg); err != nil {
			sendErr = err
			break
		}
		res.Sent++
	}
	// Wait until everything arrived or nothing has for cfg.Quiet.
	for prev := int64(-1); ; {
		g := got.Load()
		if g == res.Sent || g == prev {
			break
		}
		prev = g
		<-time.After(cfg.Quiet)
	}
	rx.SetReadDeadline(time.Now())
	wg.Wait()
	res.CPU = CPUTime() - cpu0
	if sendErr != nil {
		return res, fmt.Errorf("udp: send: %w", sendErr)
	}
	res.Received, res.Bytes = got.Load(), bytes.Load()
	res.Elapsed = time.Duration(last.Load())
	if res.Received == 0 {
		return res, errors.New("udp: nothing arrived")
	}
	res.MBps = float64(res.Bytes) / 1e6 / res.Elapsed.Seconds()
	res.CPUmsPerMiB = float64(res.CPU) / float64(time.Millisecond) / (float64(res.Bytes) / (1 << 20))
	res.LostPercent = 100 * float64(res.Sent-res.Received) / float64(res.Sent)
	return res, nil
}
