// Remote ICE candidates hidden behind mDNS names
// (draft-ietf-mmusic-mdns-ice-candidates-03), resolved by our
// PeerConnection against an independent mDNS responder.
package mdns_test

import (
	"testing"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }
