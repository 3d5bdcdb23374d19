package webrtc

import (
	"net/netip"
	"testing"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// noSockets makes connections gather no host candidates for the rest of
// the test, so that no goroutine blocks on a real socket (testing/synctest
// cannot wait for network I/O), and gives them timers of their own, which
// follow a synctest bubble's clock.
func noSockets(t *testing.T) {
	saved := localHostAddresses
	localHostAddresses = func() []netip.Addr { return nil }
	ownTimers = true
	t.Cleanup(func() { localHostAddresses = saved; ownTimers = false })
}
