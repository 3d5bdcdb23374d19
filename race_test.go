//go:build race

package webrtc

// raceEnabled: the race detector slows a connection setup tenfold and
// limits a process to 8128 live goroutines; the scale tests run smaller.
const raceEnabled = true
