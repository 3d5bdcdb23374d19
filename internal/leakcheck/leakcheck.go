// Package leakcheck fails a test binary whose goroutines outlive its tests.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { leakcheck.Main(m) }
package leakcheck

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// Main runs the tests and then fails (exit status 1) if goroutines other than
// the ones the runtime and the testing package own are still alive after a
// grace period. The grace period is real time, because goroutines that are
// finishing need the scheduler; it is only waited when something is left over.
func Main(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := Leaked(2 * time.Second); len(leaked) > 0 {
			fmt.Fprintf(os.Stderr, "leakcheck: %d goroutine(s) outlived the tests:\n\n%s\n", len(leaked), strings.Join(leaked, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

// Leaked returns the stacks of goroutines that are not expected to be running,
// retrying until grace has passed so that goroutines on their way out can end.
func Leaked(grace time.Duration) []string {
	deadline := time.Now().Add(grace)
	for {
		leaked := interesting()
		if len(leaked) == 0 || time.Now().After(deadline) {
			return leaked
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func interesting() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if g == "" || benign(g) {
			continue
		}
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

func benign(stack string) bool {
	for _, s := range []string{
		"leakcheck.interesting(",
		"testing.(*M).",
		"testing.tRunner(",
		"testing.runTests(",
		"runtime.goexit0",
		"created by runtime.gc",
		"runtime.MHeap_Scavenger",
		"signal.signal_recv",
		"sigterm.handler",
		"runtime_mcall",
		"goroutine in C code",
		"os/signal.loop",
	} {
		if strings.Contains(stack, s) {
			return true
		}
	}
	return false
}
