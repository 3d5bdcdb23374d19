package browser

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// RPCJS is the page half of RPC: include it in a page's script and call
// rpc.serve(ops) with an object of async functions. Each Call from Go runs
// ops[name](args) as soon as it arrives (calls start in the order Go made
// them and may overlap); the value the function resolves to, or the error
// it throws, is the call's reply. rpc.emit(value) pushes an event to Go.
//
// Everything the page sends to Go — replies and events — travels through
// one queue, one request at a time, so Go receives it in the order the page
// sent it (a trickled end-of-candidates must not overtake the last
// candidate). Go's calls arrive through one long poll, in order. A page
// therefore holds at most two HTTP connections however many calls are in
// flight, below the browsers' six per host.
const RPCJS = `
const rpc = (() => {
  let queue = Promise.resolve();
  const post = msg => {
    const body = JSON.stringify(msg);
    queue = queue.then(() => fetch('/to-go/rpc', {method: 'POST', body})).catch(() => {});
  };
  return {
    emit(value) { post({event: value}); },
    async serve(ops) {
      for (;;) {
        const m = JSON.parse(await fromGo('rpc'));
        (async () => {
          try {
            const result = await ops[m.op](m.args);
            post({seq: m.seq, result: result === undefined ? null : result});
          } catch (e) {
            post({seq: m.seq, error: String(e && e.stack || e)});
          }
        })();
      }
    },
  };
})();
`

// RPC calls the operations of a page that runs RPCJS, and hands its events
// to a handler.
type RPC struct {
	p       *Page
	onEvent func(json.RawMessage)

	mu      sync.Mutex
	seq     int
	pending map[int]chan rpcReply
	pageErr error
	done    chan struct{}
}

type rpcReply struct {
	Seq    int             `json:"seq"`
	Result json.RawMessage `json:"result"`
	Error  *string         `json:"error"`
	Event  json.RawMessage `json:"event"`
}

// NewRPC starts serving the page's replies and events; onEvent is called
// for each event, in order, on one goroutine that ends when the page is
// closed. An error the page reports (an uncaught exception) fails every
// call in flight and every later one.
func (p *Page) NewRPC(onEvent func(json.RawMessage)) *RPC {
	r := &RPC{p: p, onEvent: onEvent, pending: map[int]chan rpcReply{}, done: make(chan struct{})}
	go r.pump()
	return r
}

func (r *RPC) pump() {
	defer close(r.done)
	replies, errs := r.p.box("rpc"), r.p.box("error")
	for {
		select {
		case v := <-replies:
			var m rpcReply
			if err := json.Unmarshal([]byte(v), &m); err != nil {
				r.fail(fmt.Errorf("bad message from the page: %v: %.200s", err, v))
				continue
			}
			if m.Event != nil {
				r.onEvent(m.Event)
				continue
			}
			r.mu.Lock()
			c := r.pending[m.Seq]
			delete(r.pending, m.Seq)
			r.mu.Unlock()
			if c != nil {
				c <- m
			}
		case e := <-errs:
			r.fail(fmt.Errorf("page error: %s", e))
		case <-r.p.done:
			r.fail(errors.New("the page is closed"))
			return
		}
	}
}

// fail records the page's first error and ends every pending call with it.
func (r *RPC) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pageErr == nil {
		r.pageErr = err
	}
	for seq, c := range r.pending {
		msg := r.pageErr.Error()
		c <- rpcReply{Seq: seq, Error: &msg}
		delete(r.pending, seq)
	}
}

// Call runs the page's operation op with args (marshalled to JSON) and
// unmarshals its result into result (unless nil). It fails when the
// operation throws, when the page has reported an error, or after timeout.
func (r *RPC) Call(timeout time.Duration, op string, args, result any) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	c := make(chan rpcReply, 1)
	r.mu.Lock()
	if r.pageErr != nil {
		r.mu.Unlock()
		return fmt.Errorf("%s: %w", op, r.pageErr)
	}
	r.seq++
	seq := r.seq
	r.pending[seq] = c
	r.mu.Unlock()
	msg, _ := json.Marshal(struct {
		Seq  int             `json:"seq"`
		Op   string          `json:"op"`
		Args json.RawMessage `json:"args"`
	}{seq, op, b})
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r.p.box("go:rpc") <- string(msg):
	case <-timer.C:
		r.forget(seq)
		return fmt.Errorf("%s: the page took no call for %v", op, timeout)
	}
	select {
	case m := <-c:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", op, *m.Error)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("%s: result %.200s: %v", op, m.Result, err)
			}
		}
		return nil
	case <-timer.C:
		r.forget(seq)
		return fmt.Errorf("%s: no reply after %v", op, timeout)
	}
}

func (r *RPC) forget(seq int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.pending, seq)
}
