package webrtc

import "sync"

// dispatcher runs a PeerConnection's event handlers one at a time, in the
// order their events were queued, never while an internal lock is held: the
// W3C "queue a task" model (DESIGN.md §1). It owns at most one goroutine,
// which exists only while events are waiting, so an idle connection costs
// none.
type dispatcher struct {
	mu      sync.Mutex
	queue   []func()
	running bool
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
		go d.run()
	}
}

func (d *dispatcher) run() {
	d.mu.Lock()
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
	d.mu.Unlock()
}

// close drops the tasks not yet run; no task starts after it returns. It
// does not wait for a task that is running, since that task may be the
// caller (a handler that closes its connection): the dispatcher's goroutine
// ends as soon as that task returns.
func (d *dispatcher) close() {
	d.mu.Lock()
	d.closed = true
	d.queue = nil
	d.mu.Unlock()
}
