//go:build race

package iceconn

// raceEnabled: the race detector limits a process to 8128 live goroutines,
// which large simulations exceed (it crashes the runtime rather than
// reporting it when the goroutines are in a synctest bubble).
const raceEnabled = true
