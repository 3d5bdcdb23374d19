package perf

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// ThroughputConfig sizes a throughput measurement.
type ThroughputConfig struct {
	// Bytes is the total sent, a multiple of Message.
	Bytes int64
	// Message is the size of each message.
	Message int
	// HighWater bounds bufferedAmount: the sender does not send a message
	// that would take bufferedAmount above it, and waits for
	// bufferedamountlow instead.
	HighWater uint64
	// LowThreshold is the channel's bufferedAmountLowThreshold.
	LowThreshold uint64
	// Timeout bounds connecting, each wait for bufferedamountlow and the
	// wait for the last message after the last send.
	Timeout time.Duration
}

// DefaultThroughput returns the sizes: 256 MiB in 64 KiB messages,
// at most 1 MiB buffered, resuming at 512 KiB.
func DefaultThroughput() ThroughputConfig {
	return ThroughputConfig{Bytes: 256 << 20, Message: 64 << 10, HighWater: 1 << 20, LowThreshold: 512 << 10, Timeout: 20 * time.Second}
}

// ThroughputResult is the outcome of Throughput.
type ThroughputResult struct {
	Stack    string
	Bytes    int64 // received, all checked
	Messages int64 // received, all checked
	// Elapsed runs from the first Send to the arrival of the last message.
	Elapsed time.Duration
	// CPU is the process CPU time over Elapsed.
	CPU time.Duration
	// Waits counts the times the sender waited for bufferedamountlow.
	Waits       int64
	MBps        float64 // Bytes / 10^6 / Elapsed in seconds
	CPUmsPerMiB float64 // CPU in ms / (Bytes / 2^20)
}

// Throughput connects a pair and sends cfg.Bytes in cfg.Message-byte binary
// messages on its reliable ordered channel. The sender keeps
// bufferedAmount at or below cfg.HighWater and, when the next message would
// exceed it, waits for bufferedamountlow (W3C webrtc §6.2) at
// cfg.LowThreshold. Every message is checked at the receiver (see checker);
// a transfer that loses, reorders or corrupts a message is an error, not a
// result. The receiver's CRC-32C (hardware, tens of GB/s) is part of the
// CPU measured, for every stack alike.
func Throughput(s Stack, cfg ThroughputConfig) (ThroughputResult, error) {
	res := ThroughputResult{Stack: s.Name()}
	switch {
	case cfg.Message <= 0 || cfg.Bytes < int64(cfg.Message) || cfg.Bytes%int64(cfg.Message) != 0:
		return res, fmt.Errorf("throughput: %d bytes is not a positive multiple of the %d-byte message", cfg.Bytes, cfg.Message)
	case cfg.LowThreshold+uint64(cfg.Message) > cfg.HighWater:
		// Otherwise the sender could wait above the threshold with
		// bufferedAmount already below it, for an event that never comes.
		return res, fmt.Errorf("throughput: low threshold %d + message %d exceeds the high water mark %d", cfg.LowThreshold, cfg.Message, cfg.HighWater)
	case cfg.Timeout <= 0:
		return res, errors.New("throughput: no timeout")
	}
	msgs, sums := payloads(cfg.Message)
	n := cfg.Bytes / int64(cfg.Message)
	p, err := s.Connect("bulk", cfg.Timeout)
	if err != nil {
		return res, err
	}
	defer p.Close()
	ck := newChecker(sums, cfg.Message, n)
	p.OnReceive(ck.receive)
	snd := p.Sender()
	low := make(chan struct{}, 1)
	snd.SetBufferedAmountLowThreshold(cfg.LowThreshold)
	snd.OnBufferedAmountLow(func() {
		select {
		case low <- struct{}{}:
		default:
		}
	})
	timer := time.NewTimer(cfg.Timeout)
	defer timer.Stop()
	runtime.GC() // start each stack with the connection's garbage collected
	cpu0 := CPUTime()
	start := time.Now()
	for i := range n {
		for {
			ba := snd.BufferedAmount()
			if ba+uint64(cfg.Message) <= cfg.HighWater {
				break
			}
			res.Waits++
			timer.Reset(cfg.Timeout)
			select {
			case <-low: // a stale event only makes the loop look again
			case <-timer.C:
				got, _, _ := ck.result()
				return res, fmt.Errorf("throughput: no bufferedamountlow for %v at message %d with bufferedAmount %d (receiver has %d messages)", cfg.Timeout, i, ba, got)
			}
		}
		if err := snd.Send(msgs[i%distinctPayloads]); err != nil {
			return res, fmt.Errorf("throughput: send of message %d: %w", i, err)
		}
	}
	timer.Reset(cfg.Timeout)
	select {
	case <-ck.done:
	case <-timer.C:
		got, _, err := ck.result()
		return res, errors.Join(fmt.Errorf("throughput: %d of %d messages arrived within %v of the last send", got, n, cfg.Timeout), err)
	}
	res.Elapsed = time.Since(start)
	res.CPU = CPUTime() - cpu0
	res.Messages, res.Bytes, err = ck.result()
	if err != nil {
		return res, fmt.Errorf("throughput: %w", err)
	}
	res.MBps = float64(res.Bytes) / 1e6 / res.Elapsed.Seconds()
	res.CPUmsPerMiB = float64(res.CPU) / float64(time.Millisecond) / (float64(res.Bytes) / (1 << 20))
	return res, nil
}
