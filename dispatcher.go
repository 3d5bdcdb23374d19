package webrtc

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
)

// dispatcher runs a PeerConnection's event handlers one at a time, in the
// order their events were queued, never while an internal lock is held: the
// W3C "queue a task" model (DESIGN.md §1). It owns at most one goroutine,
// which exists only while events are waiting, so an idle connection costs
// none.
type dispatcher struct {
	mu      sync.Mutex
	queue   []func()
	running bool
	goid    uint64        // goroutine running the queue, valid while running
	idle    chan struct{} // closed when the running goroutine stops
	closed  bool
}

// enqueue queues task; it runs after every task queued before it.
func (d *dispatcher) enqueue(task func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.queue = append(d.queue, task)
	if !d.running {
		d.running = true
		d.idle = make(chan struct{})
		go d.run()
	}
}

func (d *dispatcher) run() {
	id := currentGoroutineID()
	d.mu.Lock()
	d.goid = id
	for len(d.queue) > 0 && !d.closed {
		task := d.queue[0]
		d.queue[0] = nil
		d.queue = d.queue[1:]
		d.mu.Unlock()
		task()
		d.mu.Lock()
	}
	d.queue = nil
	d.running = false
	d.goid = 0
	close(d.idle)
	d.mu.Unlock()
}

// close drops the tasks not yet run and, unless called from a handler (on
// the dispatcher's own goroutine), waits for the running one to return, so
// that no goroutine outlives the connection.
func (d *dispatcher) close() {
	d.mu.Lock()
	d.closed = true
	d.queue = nil
	running, idle, goid := d.running, d.idle, d.goid
	d.mu.Unlock()
	if running && goid != currentGoroutineID() {
		<-idle
	}
}

// currentGoroutineID returns the runtime's id of the calling goroutine. The
// dispatcher uses it only to tell whether Close was called from a handler,
// where waiting for the handler to return would deadlock.
func currentGoroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
