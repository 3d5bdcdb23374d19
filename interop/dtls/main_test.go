package dtls

import (
	"testing"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

// TestMain fails the run if a goroutine (the readers of openssl's output)
// outlives the tests.
func TestMain(m *testing.M) { leakcheck.Main(m) }
