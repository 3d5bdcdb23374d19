package ice

import (
	"net/netip"
	"testing"

	"github.com/c4c1f6e1/webrtc/stun"
)

// BenchmarkHandleBindingRequest measures answering a connectivity check on
// an established pair (the steady-state STUN work of a connected agent:
// consent requests from the peer).
func BenchmarkHandleBindingRequest(b *testing.B) {
	local, remote := netip.MustParseAddrPort("10.0.0.1:5000"), netip.MustParseAddrPort("10.0.0.2:6000")
	a, _ := NewAgent(Config{Rand: seededReader(1), Ufrag: "aaaaaaaa", Pwd: "pppppppppppppppppppppppp",
		HostAddresses: []netip.AddrPort{local}})
	_ = a.Gather(t0)
	_ = a.SetRemoteCredentials(t0, "bbbb", "qqqqqqqqqqqqqqqqqqqqqqqq")
	_ = a.AddRemoteCandidate(t0, remoteHost(remote.String(), 65535))
	var w stun.Builder
	w.Reset(nil, stun.BindingRequest, stun.TransactionID{1})
	w.AddString(stun.AttrUsername, "aaaaaaaa:bbbb")
	w.AddUint32(stun.AttrPriority, Priority(CandidatePeerReflexive, 65535, 1))
	w.AddUint64(stun.AttrICEControlling, 1)
	w.AddMessageIntegrity([]byte("pppppppppppppppppppppppp"))
	w.AddFingerprint()
	req := w.Bytes()
	drain := func() {
		for {
			if _, ok := a.PollTransmit(); !ok {
				break
			}
		}
		for {
			if _, ok := a.PollEvent(); !ok {
				break
			}
		}
	}
	// Make the pair Succeeded so that requests trigger nothing more.
	_ = a.HandlePacket(t0, local, remote, req)
	drain()
	p := a.findPair(local, remote)
	p.state, p.valid = PairSucceeded, true
	b.ReportAllocs()
	for b.Loop() {
		if err := a.HandlePacket(t0, local, remote, req); err != nil {
			b.Fatal(err)
		}
		drain()
	}
}
