// Command webrtc-bench measures this module's WebRTC stack and Pion's in
// the same run, with the same code (internal/perf), and prints one table:
// metric | ours | Pion | goal.
//
//	cd interop && go run ./cmd/webrtc-bench          # the sizes, a few minutes
//	cd interop && go run ./cmd/webrtc-bench -quick   # small sizes, a few seconds
//
// The measurements are data-channel throughput (MB/s and process CPU per
// MiB), connect-to-open time (p50 and p99) and idle connections
// (goroutines, heap, stacks, RSS and CPU per PeerConnection); see package
// internal/perf for their exact methodology. Each measurement of each stack
// runs in a fresh child process (the command re-executes itself), the
// stacks alternating which goes first, and a bare-UDP baseline runs at the
// start and at the end, since the speed of a shared VM varies over time.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/perf"
)

func main() {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

var measures = []string{"throughput", "connect", "idle"}

// config is the command line.
type config struct {
	quick                  bool
	mib, msgKiB            int
	connectRuns, warmup    int
	idlePairs              int
	idleSettle, idleWindow time.Duration
	udpMiB                 int
	reps                   int
	addr                   string
	stacks, only           string
	timeout                time.Duration
	noOffload              bool
}

// quickValues are the -quick sizes, for flags not given explicitly.
var quickValues = map[string]string{
	"mib": "2", "connect-runs": "3", "idle-pairs": "3", "idle-settle": "100ms", "idle-window": "300ms", "udp-mib": "2",
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("webrtc-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&c.quick, "quick", false, "small sizes, for a smoke test: "+quickSummary())
	fs.IntVar(&c.mib, "mib", 256, "throughput: MiB to send")
	fs.IntVar(&c.msgKiB, "msg-kib", 64, "throughput: message size in KiB")
	fs.IntVar(&c.connectRuns, "connect-runs", 50, "connect to open: timed runs")
	fs.IntVar(&c.warmup, "warmup", 1, "connect to open: untimed runs first")
	fs.IntVar(&c.idlePairs, "idle-pairs", 1000, "idle: connected pairs (2 PeerConnections each)")
	fs.DurationVar(&c.idleSettle, "idle-settle", 2*time.Second, "idle: wait after connecting, before measuring")
	fs.DurationVar(&c.idleWindow, "idle-window", 10*time.Second, "idle: CPU measurement window")
	fs.IntVar(&c.udpMiB, "udp-mib", 256, "UDP baseline: MiB to send")
	fs.IntVar(&c.reps, "reps", 1, "repetitions of each measurement per stack (the table shows the median and, above 1, the range)")
	fs.StringVar(&c.addr, "addr", "", "address both stacks and the baseline use (default: the first non-loopback IPv4 address, else IPv6, else 127.0.0.1)")
	fs.StringVar(&c.stacks, "stacks", "ours,pion", "stacks to measure")
	fs.StringVar(&c.only, "only", strings.Join(measures, ","), "measurements to run")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, "limit for each child process")
	fs.BoolVar(&c.noOffload, "no-offload", false, "our stack without UDP GSO and GRO (one datagram per send and receive slot, sendmmsg/recvmmsg batches only)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for name, v := range quickValues {
			if !set[name] {
				if err := fs.Set(name, v); err != nil {
					return c, fmt.Errorf("BUG: -quick value %s=%s: %v", name, v, err)
				}
			}
		}
	}
	if c.mib <= 0 || c.msgKiB <= 0 || c.connectRuns <= 0 || c.warmup < 0 || c.idlePairs <= 0 || c.udpMiB <= 0 || c.reps <= 0 || c.idleWindow <= 0 {
		return c, errors.New("sizes, runs and repetitions must be positive")
	}
	for _, s := range split(c.stacks) {
		if s != "ours" && s != "pion" {
			return c, fmt.Errorf("-stacks: unknown stack %q (ours, pion)", s)
		}
	}
	for _, m := range split(c.only) {
		if !contains(measures, m) {
			return c, fmt.Errorf("-only: unknown measurement %q (%s)", m, strings.Join(measures, ", "))
		}
	}
	return c, nil
}

func quickSummary() string {
	return fmt.Sprintf("%s MiB throughput, %s connect runs, %s idle pairs for %s, %s MiB UDP",
		quickValues["mib"], quickValues["connect-runs"], quickValues["idle-pairs"], quickValues["idle-window"], quickValues["udp-mib"])
}

func split(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// run is the command: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "webrtc-bench:", err)
		}
		return 2
	}
	addr := perf.DefaultAddr()
	if c.addr != "" {
		if addr, err = netip.ParseAddr(c.addr); err != nil {
			fmt.Fprintln(stderr, "webrtc-bench: -addr:", err)
			return 2
		}
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "webrtc-bench: cannot re-execute myself:", err)
		return 1
	}
	base := job{Addr: addr, NoOffload: c.noOffload}
	base.Throughput = perf.DefaultThroughput()
	base.Throughput.Bytes = int64(c.mib) << 20
	base.Throughput.Message = c.msgKiB << 10
	base.Connect = perf.DefaultConnect()
	base.Connect.Runs, base.Connect.Warmup = c.connectRuns, c.warmup
	base.Idle = perf.DefaultIdle()
	base.Idle.Pairs, base.Idle.Settle, base.Idle.Window = c.idlePairs, c.idleSettle, c.idleWindow
	base.UDP = perf.DefaultUDP(addr)
	base.UDP.Bytes = int64(c.udpMiB) << 20

	// The plan: the baseline, every measurement with the stacks in
	// alternating order, the baseline again.
	stacks, only := split(c.stacks), split(c.only)
	var plan []job
	udp := base
	udp.Measure = "udp"
	plan = append(plan, udp)
	k := 0
	for range c.reps {
		for _, m := range measures {
			if !contains(only, m) {
				continue
			}
			for i := range stacks {
				j := base
				j.Measure, j.Stack = m, stacks[(i+k)%len(stacks)]
				plan = append(plan, j)
			}
			k++
		}
	}
	plan = append(plan, udp)

	r := &report{cfg: c, addr: addr, stacks: stacks, start: time.Now(), results: map[string][]outcome{}}
	failed := false
	for i, j := range plan {
		what := strings.TrimSpace(j.Stack + " " + j.Measure)
		fmt.Fprintf(stderr, "webrtc-bench: [%d/%d] %s ...", i+1, len(plan), what)
		t0 := time.Now()
		o, err := child(exe, j, c.timeout)
		if err != nil {
			fmt.Fprintf(stderr, " failed\n")
			r.errs = append(r.errs, fmt.Sprintf("%s: %v", what, err))
			failed = true
			continue
		}
		fmt.Fprintf(stderr, " %.1f s\n", time.Since(t0).Seconds())
		switch {
		case j.Measure == "udp":
			r.udp = append(r.udp, *o.UDP)
		default:
			key := j.Measure + "/" + j.Stack
			r.results[key] = append(r.results[key], o)
		}
	}
	r.print(stdout)
	if failed {
		return 1
	}
	return 0
}

// child runs j in a fresh process of this executable and returns its
// outcome.
func child(exe string, j job, timeout time.Duration) (outcome, error) {
	var o outcome
	f, err := os.CreateTemp("", "webrtc-bench-*.json")
	if err != nil {
		return o, err
	}
	f.Close()
	defer os.Remove(f.Name())
	j.Result = f.Name()
	spec, err := json.Marshal(j)
	if err != nil {
		return o, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
	out := &tail{max: 4 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return o, fmt.Errorf("%v\n%s", err, bytes.TrimSpace(out.b))
	}
	b, err := os.ReadFile(j.Result)
	if err != nil {
		return o, err
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return o, fmt.Errorf("the child's result: %w", err)
	}
	if o.Throughput == nil && o.Connect == nil && o.Idle == nil && o.UDP == nil {
		return o, errors.New("the child reported no result")
	}
	return o, nil
}

// tail keeps the last max bytes written to it: a child's output, for the
// message when it fails.
type tail struct {
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}
