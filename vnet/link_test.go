package vnet

import (
	"bytes"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func collect(l *Link, now time.Time) [][]byte {
	var out [][]byte
	l.Deliver(now, func(p []byte) { out = append(out, bytes.Clone(p)) })
	return out
}

func TestLinkDelay(t *testing.T) {
	l := NewLink(LinkConfig{Delay: 25 * time.Millisecond})
	l.Send(t0, []byte("a"))
	l.Send(t0.Add(time.Millisecond), []byte("b"))
	if got := l.NextDelivery(); !got.Equal(t0.Add(25 * time.Millisecond)) {
		t.Fatalf("NextDelivery = %v, want t0+25ms", got.Sub(t0))
	}
	if got := collect(l, t0.Add(25*time.Millisecond-1)); len(got) != 0 {
		t.Fatalf("delivered %q before the delay passed", got)
	}
	got := collect(l, t0.Add(26*time.Millisecond))
	if len(got) != 2 || string(got[0]) != "a" || string(got[1]) != "b" {
		t.Fatalf("delivered %q, want a then b", got)
	}
	if !l.NextDelivery().IsZero() {
		t.Fatalf("NextDelivery after draining = %v, want zero", l.NextDelivery())
	}
}

func TestLinkCopiesInput(t *testing.T) {
	l := NewLink(LinkConfig{})
	p := []byte("abc")
	l.Send(t0, p)
	p[0] = 'X'
	if got := collect(l, t0); string(got[0]) != "abc" {
		t.Fatalf("delivered %q; the link must copy what it is given", got[0])
	}
}

func TestLinkBandwidthSerialises(t *testing.T) {
	// 1 Mbit/s: a 1250-byte packet takes 10 ms on the wire.
	l := NewLink(LinkConfig{Bandwidth: 1_000_000, Delay: 5 * time.Millisecond})
	for range 3 {
		l.Send(t0, make([]byte, 1250))
	}
	var times []time.Duration
	for !l.NextDelivery().IsZero() {
		at := l.NextDelivery()
		l.Deliver(at, func([]byte) { times = append(times, at.Sub(t0)) })
	}
	want := []time.Duration{15 * time.Millisecond, 25 * time.Millisecond, 35 * time.Millisecond}
	if len(times) != 3 || times[0] != want[0] || times[1] != want[1] || times[2] != want[2] {
		t.Fatalf("arrivals %v, want %v", times, want)
	}
}

func TestLinkQueueDropsTail(t *testing.T) {
	l := NewLink(LinkConfig{Bandwidth: 1_000_000, QueueBytes: 5000})
	for range 10 {
		l.Send(t0, make([]byte, 1000))
	}
	if s := l.Stats(); s.QueueDrops != 5 || l.InFlight() != 5 {
		t.Fatalf("queue drops %d in flight %d, want 5 and 5 with a 5000-byte queue", s.QueueDrops, l.InFlight())
	}
}

func TestLinkMTU(t *testing.T) {
	l := NewLink(LinkConfig{MTU: 100})
	l.Send(t0, make([]byte, 101))
	l.Send(t0, make([]byte, 100))
	if s := l.Stats(); s.TooBig != 1 || l.InFlight() != 1 {
		t.Fatalf("TooBig %d InFlight %d, want 1 and 1", s.TooBig, l.InFlight())
	}
}

func TestLinkLossRateAndDeterminism(t *testing.T) {
	run := func(seed uint64) (LinkStats, []byte) {
		l := NewLink(LinkConfig{Loss: 0.2, Reorder: 0.1, Duplicate: 0.05, Delay: 10 * time.Millisecond, Seed: seed})
		for i := range 10000 {
			l.Send(t0.Add(time.Duration(i)*time.Microsecond), []byte{byte(i), byte(i >> 8)})
		}
		var order []byte
		l.Deliver(t0.Add(time.Hour), func(p []byte) { order = append(order, p...) })
		return l.Stats(), order
	}
	s1, o1 := run(1)
	s2, o2 := run(1)
	if s1 != s2 || !bytes.Equal(o1, o2) {
		t.Fatalf("same seed gave different runs: %+v vs %+v", s1, s2)
	}
	if s1.Lost < 1800 || s1.Lost > 2200 {
		t.Errorf("lost %d of 10000 at 20%% loss", s1.Lost)
	}
	if s1.Reordered < 600 || s1.Duplicated < 300 {
		t.Errorf("reordered %d, duplicated %d: expected about 800 and 400", s1.Reordered, s1.Duplicated)
	}
	if s1.Delivered != s1.Sent-s1.Lost+s1.Duplicated {
		t.Errorf("delivered %d != sent %d - lost %d + duplicated %d", s1.Delivered, s1.Sent, s1.Lost, s1.Duplicated)
	}
	s3, o3 := run(2)
	if s3 == s1 && bytes.Equal(o1, o3) {
		t.Errorf("different seeds gave identical runs")
	}
	// Reordering must actually reorder: some packet arrives after a later one.
	inversions := 0
	for i := 2; i+1 < len(o1); i += 2 {
		if int(o1[i])|int(o1[i+1])<<8 < int(o1[i-2])|int(o1[i-1])<<8 {
			inversions++
		}
	}
	if inversions == 0 {
		t.Errorf("no packet arrived out of order with Reorder 0.1")
	}
}

func BenchmarkLinkSendDeliver(b *testing.B) {
	l := NewLink(LinkConfig{Delay: time.Millisecond, Bandwidth: 100_000_000, Loss: 0.01})
	p := make([]byte, 1200)
	now := t0
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		now = now.Add(100 * time.Microsecond)
		l.Send(now, p)
		l.Deliver(now, func([]byte) {})
	}
}
