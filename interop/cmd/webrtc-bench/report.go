package main

import (
	"bufio"
	"fmt"
	"io"
	"net/netip"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/perf"
	"github.com/c4c1f6e1/webrtc/interop/pionperf"
)

// report collects the outcomes of a run and prints them.
type report struct {
	cfg     config
	addr    netip.Addr
	stacks  []string
	start   time.Time
	results map[string][]outcome // by "measure/stack", one per repetition
	udp     []perf.UDPResult     // at the start and at the end
	errs    []string
}

// A metric is a row of the table.
type metric struct {
	name    string
	measure string
	goal    string
	format  string
	value   func(outcome) (float64, bool)
}

// metrics are the rows, with the goals.
var metrics = []metric{
	{"throughput, MB/s", "throughput", "≥ 200", "%.1f", func(o outcome) (float64, bool) { return o.Throughput.MBps, true }},
	{"throughput, CPU ms/MiB", "throughput", "≤ 9", "%.2f", func(o outcome) (float64, bool) { return o.Throughput.CPUmsPerMiB, true }},
	{"connect to open, p50 ms", "connect", "≤ 1.0", "%.2f", func(o outcome) (float64, bool) { return ms(o.Connect.P50), true }},
	{"connect to open, p99 ms", "connect", "", "%.2f", func(o outcome) (float64, bool) { return ms(o.Connect.P99), true }},
	{"idle, goroutines/PC", "idle", "≤ 2", "%.2f", func(o outcome) (float64, bool) { return o.Idle.GoroutinesPerPC, true }},
	{"idle, heap KiB/PC", "idle", "≤ 24", "%.1f", func(o outcome) (float64, bool) { return o.Idle.HeapKiBPerPC, true }},
	{"idle, goroutine stacks KiB/PC", "idle", "", "%.1f", func(o outcome) (float64, bool) { return o.Idle.StackKiBPerPC, true }},
	{"idle, RSS KiB/PC", "idle", "", "%.1f", func(o outcome) (float64, bool) { return o.Idle.RSSKiBPerPC, o.Idle.RSSBytes >= 0 }},
	{"idle, CPU µs/s/PC", "idle", "≤ 5", "%.2f", func(o outcome) (float64, bool) { return o.Idle.CPUusPerPCPerSec, true }},
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (r *report) print(w io.Writer) {
	c := r.cfg
	fmt.Fprintf(w, "webrtc-bench: ours (github.com/c4c1f6e1/webrtc) and Pion (github.com/pion/webrtc/v4 %s)\n", pionperf.Version())
	fmt.Fprintf(w, "machine: %d CPUs (GOMAXPROCS %d), %s, %s/%s, kernel %s, %s\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel(), runtime.GOOS, runtime.GOARCH, kernel(), runtime.Version())
	fmt.Fprintf(w, "date: %s, %s in all\n", r.start.UTC().Format(time.RFC3339), time.Since(r.start).Round(time.Second))
	fmt.Fprintf(w, "path: UDP between sockets on %s, one of this machine's addresses (the kernel carries it through the loopback device); only candidates on it are signalled, to both stacks\n", r.addr)
	offload := "on (sendmmsg with UDP GSO, recvmmsg with UDP GRO, where the kernel has them)"
	if c.noOffload {
		offload = "off (-no-offload: sendmmsg/recvmmsg batches, one datagram per message)"
	}
	fmt.Fprintf(w, "our UDP offload: %s; Pion: its own net.UDPConn I/O\n", offload)
	fmt.Fprintf(w, "method: each measurement of each stack in a fresh process, the stacks alternating which goes first; %d repetition(s)", c.reps)
	if c.reps > 1 {
		fmt.Fprintf(w, ", median (min–max)")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "sizes: throughput %d MiB in %d KiB messages (bufferedAmount ≤ %d KiB, low threshold %d KiB, every message checked); connect %d runs after %d warm-up; idle %d pairs = %d PCs, %v settle, %v CPU window\n",
		c.mib, c.msgKiB, perf.DefaultThroughput().HighWater>>10, perf.DefaultThroughput().LowThreshold>>10,
		c.connectRuns, c.warmup, c.idlePairs, 2*c.idlePairs, c.idleSettle, c.idleWindow)
	fmt.Fprintf(w, "UDP baseline (%d-byte datagrams, one sender, one receiver, %d MiB buffers, %d MiB):", perf.DefaultUDP(r.addr).Datagram, perf.DefaultUDP(r.addr).Buffer>>20, c.udpMiB)
	for i, u := range r.udp {
		when := "start"
		if i > 0 {
			when = "end"
		}
		sep := ";"
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(w, "%s %s %.1f MB/s, %.2f CPU ms/MiB, %.1f%% lost", sep, when, u.MBps, u.CPUmsPerMiB, u.LostPercent)
	}
	if len(r.udp) == 0 {
		fmt.Fprint(w, " failed")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)

	rows := [][]string{{"metric", "ours", "Pion", "goal"}}
	for _, m := range metrics {
		if !contains(split(c.only), m.measure) {
			continue
		}
		goal := m.goal
		if goal == "" {
			goal = "—"
		}
		rows = append(rows, []string{m.name, r.cell(m, "ours"), r.cell(m, "pion"), goal})
	}
	table(w, rows)
	if len(r.errs) > 0 {
		fmt.Fprintln(w)
		for _, e := range r.errs {
			fmt.Fprintf(w, "error: %s\n", e)
		}
	}
}

// cell formats one stack's value of m: the median over the repetitions,
// with the range when there are several; "—" for a stack not measured,
// "error" for one whose measurement failed, "n/a" where the platform does
// not say.
func (r *report) cell(m metric, stack string) string {
	if !contains(r.stacks, stack) {
		return "—"
	}
	outs := r.results[m.measure+"/"+stack]
	if len(outs) < r.cfg.reps {
		return "error"
	}
	var v []float64
	for _, o := range outs {
		x, ok := m.value(o)
		if !ok {
			return "n/a"
		}
		v = append(v, x)
	}
	slices.Sort(v)
	s := fmt.Sprintf(m.format, median(v))
	if len(v) > 1 {
		s += fmt.Sprintf(" ("+m.format+"–"+m.format+")", v[0], v[len(v)-1])
	}
	return s
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// table prints rows as a Markdown table, numbers right-aligned.
func table(w io.Writer, rows [][]string) {
	width := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			width[i] = max(width[i], len([]rune(cell)))
		}
	}
	line := func(row []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, cell := range row {
			pad := strings.Repeat(" ", width[i]-len([]rune(cell)))
			if i == 0 {
				b.WriteString(" " + cell + pad + " |")
			} else {
				b.WriteString(" " + pad + cell + " |")
			}
		}
		fmt.Fprintln(w, b.String())
	}
	line(rows[0])
	var sep strings.Builder
	sep.WriteString("|")
	for i, n := range width {
		if i == 0 {
			sep.WriteString(strings.Repeat("-", n+2) + "|")
		} else {
			sep.WriteString(strings.Repeat("-", n+1) + ":|")
		}
	}
	fmt.Fprintln(w, sep.String())
	for _, row := range rows[1:] {
		line(row)
	}
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "CPU model unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "CPU model unknown"
}

func kernel() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}
