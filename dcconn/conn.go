// Package dcconn drives a datachannel.Endpoint over a packet transport with
// goroutines and a real clock, and offers the W3C RTCDataChannel handlers
// and a blocking Go API on top. It is the thin driver around the sans-IO
// core (DESIGN.md §1); the webrtc package may use it or do the same itself.
package dcconn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	dc "github.com/c4c1f6e1/webrtc/datachannel"
)

// ErrClosed is returned by ReadMessage and WriteMessage once the channel
// or its Conn is closed.
var ErrClosed = errors.New("datachannel: closed")

// Message is one data-channel message for the blocking API.
type Message struct {
	Data     []byte
	IsString bool
}

// Limits of the blocking API.
const (
	// writeHighWater is the BufferedAmount above which WriteMessage waits.
	writeHighWater = 1 << 20
	// readQueueBytes bounds what ReadMessage may have waiting per channel;
	// beyond it the Conn stops taking events, so the SCTP receive window
	// closes and the peer slows down.
	readQueueBytes = 4 << 20
)

// Conn drives a datachannel.Endpoint over a packet transport (for instance a DTLS
// connection: one SCTP packet per Read and per Write, RFC 8261) and offers
// the W3C callback API and a blocking Go API on top. It runs three
// goroutines: a reader, the protocol loop and an event dispatcher that runs
// the callbacks one at a time, in order, with no lock held (so handlers may
// call any method). Close stops them.
type Conn struct {
	mu       sync.Mutex
	e        *dc.Endpoint
	tr       io.ReadWriteCloser
	kick     chan struct{}
	done     chan struct{}
	wg       sync.WaitGroup
	chans    map[*dc.Channel]*DataChannel
	onDC     func(*DataChannel)
	tasks    []func()
	taskCond *sync.Cond
	stopped  bool
	err      error
}

// DataChannel is a datachannel.Channel with W3C-style handlers and blocking reads and
// writes, driven by a Conn. Its methods are safe for concurrent use.
type DataChannel struct {
	c  *Conn
	ch *dc.Channel

	onOpen, onClosing, onClose, onLow func()
	onMessage                         func(Message)
	onError                           func(error)

	queue     []Message
	queued    int
	readable  chan struct{}
	writable  chan struct{}
	wantWrite bool
}

// NewConn starts driving e over tr.
func NewConn(tr io.ReadWriteCloser, e *dc.Endpoint) *Conn {
	c := &Conn{e: e, tr: tr, kick: make(chan struct{}, 1), done: make(chan struct{}), chans: map[*dc.Channel]*DataChannel{}}
	c.taskCond = sync.NewCond(&c.mu)
	in := make(chan []byte, 64)
	c.wg.Add(3)
	go c.read(in)
	go c.loop(in)
	go c.dispatch()
	return c
}

func (c *Conn) read(in chan<- []byte) {
	defer c.wg.Done()
	defer close(in)
	for {
		b := make([]byte, 1<<16)
		n, err := c.tr.Read(b)
		if err != nil {
			return
		}
		select {
		case in <- b[:n]:
		case <-c.done:
			return
		}
	}
}

func (c *Conn) poke() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *Conn) loop(in <-chan []byte) {
	defer c.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	buf := make([]byte, 1500)
	var out [][]byte
	for {
		c.mu.Lock()
		c.pollEvents()
		c.wakeWriters()
		out = out[:0]
		for {
			n, ok := c.e.PollTransmit(buf)
			if !ok {
				break
			}
			out = append(out, append([]byte(nil), buf[:n]...))
		}
		wait := time.Hour
		if d := c.e.NextDeadline(); !d.IsZero() {
			wait = max(0, time.Until(d))
		}
		c.mu.Unlock()
		for _, p := range out {
			if _, err := c.tr.Write(p); err != nil {
				c.shutdown(fmt.Errorf("datachannel: transport write: %w", err))
				return
			}
		}
		timer.Reset(wait)
		select {
		case p, ok := <-in:
			if !ok {
				c.shutdown(errors.New("datachannel: transport closed"))
				return
			}
			c.mu.Lock()
			c.e.HandleInput(time.Now(), p)
			c.mu.Unlock()
		case <-timer.C:
			c.mu.Lock()
			c.e.HandleTimeout(time.Now())
			c.mu.Unlock()
		case <-c.kick:
		case <-c.done:
			return
		}
	}
}

// pollEvents turns endpoint events into tasks; called with mu held. It
// stops early while a channel's read queue is full (back-pressure).
func (c *Conn) pollEvents() {
	for {
		for _, d := range c.chans {
			if d.queued > readQueueBytes {
				return
			}
		}
		ev, ok := c.e.PollEvent()
		if !ok {
			return
		}
		var d *DataChannel
		if ev.Channel != nil {
			d = c.chans[ev.Channel]
			if d == nil {
				d = c.wrap(ev.Channel)
			}
		}
		switch ev.Type {
		case dc.EventDataChannel:
			c.task(func() {
				if f := c.handlerDC(); f != nil {
					f(d)
				}
			})
		case dc.EventOpen:
			c.task(func() { d.fire(func() func() { return d.onOpen }) })
		case dc.EventMessage:
			m := Message{Data: append([]byte(nil), ev.Data...), IsString: ev.IsString}
			// The handler is looked up when the task runs, so that a
			// handler set in OnDataChannel sees the first messages.
			c.task(func() {
				c.mu.Lock()
				f := d.onMessage
				if f == nil {
					d.queue = append(d.queue, m)
					d.queued += len(m.Data)
					close(d.readable)
					d.readable = make(chan struct{})
				}
				c.mu.Unlock()
				if f != nil {
					f(m)
				}
			})
		case dc.EventBufferedAmountLow:
			c.task(func() { d.fire(func() func() { return d.onLow }) })
		case dc.EventClosing:
			c.task(func() { d.fire(func() func() { return d.onClosing }) })
		case dc.EventError:
			err := ev.Err
			c.task(func() {
				c.mu.Lock()
				f := d.onError
				c.mu.Unlock()
				if f != nil {
					f(err)
				}
			})
		case dc.EventClose:
			delete(c.chans, ev.Channel)
			c.task(func() {
				c.mu.Lock()
				close(d.readable)
				d.readable = make(chan struct{})
				c.wakeOne(d)
				c.mu.Unlock()
				d.fire(func() func() { return d.onClose })
			})
		}
	}
}

func (c *Conn) handlerDC() func(*DataChannel) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.onDC
}

// fire runs the handler get returns (read under the lock), without the lock.
func (d *DataChannel) fire(get func() func()) {
	d.c.mu.Lock()
	f := get()
	d.c.mu.Unlock()
	if f != nil {
		f()
	}
}

func (c *Conn) wrap(ch *dc.Channel) *DataChannel {
	d := &DataChannel{c: c, ch: ch, readable: make(chan struct{}), writable: make(chan struct{})}
	c.chans[ch] = d
	return d
}

func (c *Conn) wakeWriters() {
	for _, d := range c.chans {
		if d.wantWrite && d.ch.BufferedAmount() <= writeHighWater {
			c.wakeOne(d)
		}
	}
}

func (c *Conn) wakeOne(d *DataChannel) {
	d.wantWrite = false
	close(d.writable)
	d.writable = make(chan struct{})
}

func (c *Conn) task(f func()) {
	c.tasks = append(c.tasks, f)
	c.taskCond.Signal()
}

func (c *Conn) dispatch() {
	defer c.wg.Done()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for len(c.tasks) == 0 && !c.stopped {
			c.taskCond.Wait()
		}
		if len(c.tasks) == 0 {
			return
		}
		f := c.tasks[0]
		c.tasks[0] = nil
		c.tasks = c.tasks[1:]
		c.mu.Unlock()
		f()
		c.mu.Lock()
	}
}

func (c *Conn) shutdown(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	c.stopped = true
	c.err = err
	for _, d := range c.chans {
		close(d.readable)
		d.readable = make(chan struct{})
		c.wakeOne(d)
	}
	c.taskCond.Broadcast()
}

// Close aborts the association, stops the goroutines and closes the
// transport.
func (c *Conn) Close() error {
	c.mu.Lock()
	c.e.Association().Abort()
	buf := make([]byte, 1500)
	var final [][]byte
	for {
		n, ok := c.e.PollTransmit(buf)
		if !ok {
			break
		}
		final = append(final, append([]byte(nil), buf[:n]...))
	}
	c.mu.Unlock()
	select {
	case <-c.done:
		return nil
	default:
	}
	for _, p := range final {
		_, _ = c.tr.Write(p)
	}
	close(c.done)
	err := c.tr.Close()
	c.shutdown(ErrClosed)
	c.wg.Wait()
	return err
}

// OnDataChannel sets the handler for channels the peer opens.
func (c *Conn) OnDataChannel(f func(*DataChannel)) { c.mu.Lock(); c.onDC = f; c.mu.Unlock() }

// CreateDataChannel creates a channel (see datachannel.Endpoint.CreateChannel).
func (c *Conn) CreateDataChannel(label string, o dc.Options) (*DataChannel, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, err := c.e.CreateChannel(label, o)
	if err != nil {
		return nil, err
	}
	d := c.wrap(ch)
	c.poke()
	return d, nil
}

// Label returns the channel label.
func (d *DataChannel) Label() string { return d.ch.Label() }

// ReadyState returns the channel state.
func (d *DataChannel) ReadyState() dc.ReadyState {
	d.c.mu.Lock()
	defer d.c.mu.Unlock()
	return d.ch.ReadyState()
}

// OnOpen, OnMessage, OnError, OnClosing, OnClose and OnBufferedAmountLow set
// the W3C event handlers (webrtc-pc §6.2). With OnMessage set, messages go
// to it and not to ReadMessage.
func (d *DataChannel) OnOpen(f func())    { d.set(func() { d.onOpen = f }) }
func (d *DataChannel) OnClosing(f func()) { d.set(func() { d.onClosing = f }) }
func (d *DataChannel) OnClose(f func())   { d.set(func() { d.onClose = f }) }
func (d *DataChannel) OnError(f func(error)) {
	d.set(func() { d.onError = f })
}
func (d *DataChannel) OnMessage(f func(Message)) { d.set(func() { d.onMessage = f }) }
func (d *DataChannel) OnBufferedAmountLow(f func()) {
	d.set(func() { d.onLow = f })
}

func (d *DataChannel) set(f func()) {
	d.c.mu.Lock()
	f()
	d.c.mu.Unlock()
}

// Send sends a binary message (W3C send()).
func (d *DataChannel) Send(b []byte) error { return d.do(func() error { return d.ch.Send(b) }) }

// SendText sends a string message.
func (d *DataChannel) SendText(s string) error { return d.do(func() error { return d.ch.SendText(s) }) }

// Close starts the closing procedure.
func (d *DataChannel) Close() error { return d.do(func() error { d.ch.Close(); return nil }) }

// BufferedAmount returns the bytes queued and not yet sent.
func (d *DataChannel) BufferedAmount() int {
	d.c.mu.Lock()
	defer d.c.mu.Unlock()
	return d.ch.BufferedAmount()
}

// SetBufferedAmountLowThreshold sets the bufferedamountlow threshold.
func (d *DataChannel) SetBufferedAmountLowThreshold(n int) {
	_ = d.do(func() error { d.ch.SetBufferedAmountLowThreshold(n); return nil })
}

func (d *DataChannel) do(f func() error) error {
	d.c.mu.Lock()
	err := f()
	d.c.mu.Unlock()
	d.c.poke()
	return err
}

// ReadMessage returns the next message, waiting for one. It fails with
// ErrClosed once the channel is closed and its queue is empty.
func (d *DataChannel) ReadMessage(ctx context.Context) (Message, error) {
	for {
		d.c.mu.Lock()
		if len(d.queue) > 0 {
			m := d.queue[0]
			d.queue[0] = Message{}
			d.queue = d.queue[1:]
			d.queued -= len(m.Data)
			d.c.mu.Unlock()
			d.c.poke() // the loop may have stopped taking events
			return m, nil
		}
		if d.ch.ReadyState() == dc.StateClosed || d.c.stopped {
			d.c.mu.Unlock()
			return Message{}, ErrClosed
		}
		wait := d.readable
		d.c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return Message{}, ctx.Err()
		}
	}
}

// WriteMessage sends m, first waiting while BufferedAmount is above a
// high-water mark of 1 MiB (back-pressure for blocking writers).
func (d *DataChannel) WriteMessage(ctx context.Context, m Message) error {
	for {
		d.c.mu.Lock()
		st := d.ch.ReadyState()
		if st == dc.StateClosed || st == dc.StateClosing || d.c.stopped {
			d.c.mu.Unlock()
			return ErrClosed
		}
		if st == dc.StateOpen && d.ch.BufferedAmount() <= writeHighWater {
			var err error
			if m.IsString {
				err = d.ch.SendText(string(m.Data))
			} else {
				err = d.ch.Send(m.Data)
			}
			d.c.mu.Unlock()
			d.c.poke()
			return err
		}
		d.wantWrite = true
		wait := d.writable
		d.c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
