package perf

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
)

// CPUTime returns the user and system CPU time the whole process has used
// (getrusage RUSAGE_SELF): every goroutine of both peers, and the kernel's
// work on their sockets that is charged to the process.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// RSS returns the process's resident set size in bytes from
// /proc/self/statm, or -1 where that file does not exist.
func RSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return -1
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return -1
	}
	return pages * int64(os.Getpagesize())
}
