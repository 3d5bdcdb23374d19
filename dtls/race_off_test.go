//go:build !race

package dtls

// raceEnabled: the race detector makes sync.Pool drop a quarter of what
// is put into it, so allocation counts do not hold.
const raceEnabled = false
