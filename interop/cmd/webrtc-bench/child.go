package main

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"

	"github.com/c4c1f6e1/webrtc/internal/perf"
	"github.com/c4c1f6e1/webrtc/internal/udp"
	"github.com/c4c1f6e1/webrtc/interop/pionperf"
)

// childEnv holds the job of a child process: the command re-executes
// itself with it set, once per measurement and stack, so that one stack's
// heap, goroutines and garbage collector never share a process with the
// other's.
const childEnv = "WEBRTC_BENCH_CHILD"

// A job is one measurement of one stack, run in a child process.
type job struct {
	Stack   string // "ours" or "pion"; empty for the UDP baseline
	Measure string // "throughput", "connect", "idle" or "udp"
	Addr    netip.Addr
	// NoOffload turns UDP GSO and GRO off for our stack.
	NoOffload bool
	// Result is the file the child writes its outcome to, as JSON.
	Result string

	Throughput perf.ThroughputConfig
	Connect    perf.ConnectConfig
	Idle       perf.IdleConfig
	UDP        perf.UDPConfig
}

// An outcome is what a child reports: the result of its job's measurement.
type outcome struct {
	Throughput *perf.ThroughputResult `json:",omitempty"`
	Connect    *perf.ConnectResult    `json:",omitempty"`
	Idle       *perf.IdleResult       `json:",omitempty"`
	UDP        *perf.UDPResult        `json:",omitempty"`
}

// runChild runs the job in the environment and returns the exit status.
func runChild() int {
	var j job
	if err := json.Unmarshal([]byte(os.Getenv(childEnv)), &j); err != nil {
		fmt.Fprintf(os.Stderr, "webrtc-bench child: bad job %s: %v\n", childEnv, err)
		return 2
	}
	o, err := j.run()
	if err != nil {
		fmt.Fprintf(os.Stderr, "webrtc-bench child: %s %s: %v\n", j.Stack, j.Measure, err)
		return 1
	}
	b, err := json.Marshal(o)
	if err == nil {
		err = os.WriteFile(j.Result, b, 0o600)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "webrtc-bench child: writing the result: %v\n", err)
		return 1
	}
	return 0
}

func (j job) stack() (perf.Stack, error) {
	switch j.Stack {
	case "ours":
		return perf.Ours{Addr: j.Addr}, nil
	case "pion":
		return pionperf.Stack{Addr: j.Addr}, nil
	}
	return nil, fmt.Errorf("unknown stack %q", j.Stack)
}

func (j job) run() (outcome, error) {
	var o outcome
	if j.NoOffload {
		udp.SetGSO(false)
		udp.SetGRO(false)
	}
	if j.Measure == "udp" {
		r, err := perf.UDPBaseline(j.UDP)
		o.UDP = &r
		return o, err
	}
	s, err := j.stack()
	if err != nil {
		return o, err
	}
	switch j.Measure {
	case "throughput":
		r, err := perf.Throughput(s, j.Throughput)
		o.Throughput = &r
		return o, err
	case "connect":
		r, err := perf.ConnectToOpen(s, j.Connect)
		o.Connect = &r
		return o, err
	case "idle":
		r, err := perf.Idle(s, j.Idle)
		o.Idle = &r
		return o, err
	}
	return o, fmt.Errorf("unknown measurement %q", j.Measure)
}
