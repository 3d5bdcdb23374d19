package sctp

import (
	"testing"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }
