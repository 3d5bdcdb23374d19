package main

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	"github.com/c4c1f6e1/webrtc/internal/perf"
)

// The test binary is also the child: run re-executes os.Executable, which
// here is the test binary, with childEnv set.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	leakcheck.Main(m)
}

// rows returns the table's rows by metric name, cells trimmed.
func rows(out string) map[string][]string {
	m := map[string][]string{}
	for line := range strings.SplitSeq(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		m[cells[0]] = cells[1:]
	}
	return m
}

// The command runs end to end in -quick mode (every measurement of both
// stacks, each in a child process) and prints the machine, the baseline
// and a complete table of numbers.
func TestQuick(t *testing.T) {
	// A race-enabled child would sleep 1 s at exit (the race runtime's
	// atexit_sleep_ms) and CI runs this test with -race.
	t.Setenv("GORACE", "atexit_sleep_ms=0")
	var out, errs bytes.Buffer
	start := time.Now()
	code := run([]string{"-quick"}, &out, &errs)
	t.Logf("%v:\n%s\n%s", time.Since(start), errs.String(), out.String())
	if code != 0 {
		t.Fatalf("exit status %d", code)
	}
	o := out.String()
	for _, want := range []string{"machine: ", " CPUs ", "go1.", "date: ", "path: UDP between sockets on ", "UDP baseline"} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := strings.Count(o, " MB/s, "); n != 2 {
		t.Errorf("%d UDP baseline results, want 2 (start and end)", n)
	}
	table := rows(o)
	if h := table["metric"]; len(h) != 3 || h[0] != "ours" || h[1] != "Pion" || h[2] != "goal" {
		t.Errorf("header %q", h)
	}
	for _, m := range metrics {
		cells, ok := table[m.name]
		if !ok {
			t.Errorf("no row %q", m.name)
			continue
		}
		for i, stack := range []string{"ours", "Pion"} {
			v, err := strconv.ParseFloat(cells[i], 64)
			if err != nil {
				t.Errorf("%s, %s: %q is not a number", m.name, stack, cells[i])
			}
			if v < 0 || (v == 0 && !strings.Contains(m.name, "RSS")) {
				t.Errorf("%s, %s: %v", m.name, stack, v)
			}
		}
	}
	if len(table) != len(metrics)+1 {
		t.Errorf("%d rows, want %d", len(table), len(metrics)+1)
	}
}

// A measurement that failed shows as "error" in its cells and its message
// below the table; a stack not asked for shows as "—".
func TestReportShowsFailures(t *testing.T) {
	c, err := parseFlags([]string{"-stacks", "ours", "-reps", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r := &report{cfg: c, stacks: []string{"ours"}, start: time.Now(), results: map[string][]outcome{
		"throughput/ours": {{Throughput: &perf.ThroughputResult{MBps: 100}}, {Throughput: &perf.ThroughputResult{MBps: 50}}},
		"connect/ours":    {{Connect: &perf.ConnectResult{}}},
	}, errs: []string{"ours connect: it broke"}}
	var out bytes.Buffer
	r.print(&out)
	table := rows(out.String())
	if got := table["throughput, MB/s"]; got[0] != "75.0 (50.0–100.0)" || got[1] != "—" {
		t.Errorf("throughput row %q", got)
	}
	if got := table["connect to open, p50 ms"]; got[0] != "error" {
		t.Errorf("connect row with one of two repetitions: %q", got)
	}
	if got := table["idle, CPU µs/s/PC"]; got[0] != "error" {
		t.Errorf("idle row with no result: %q", got)
	}
	if !strings.Contains(out.String(), "error: ours connect: it broke") {
		t.Errorf("the failure is not reported:\n%s", out.String())
	}
}

func TestFlags(t *testing.T) {
	c, err := parseFlags([]string{"-quick", "-mib", "8"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.mib != 8 || c.connectRuns != 3 || c.idlePairs != 3 {
		t.Errorf("-quick -mib 8: mib %d, connect runs %d, idle pairs %d", c.mib, c.connectRuns, c.idlePairs)
	}
	for _, bad := range [][]string{{"-stacks", "ours,libwebrtc"}, {"-only", "latency"}, {"-reps", "0"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
