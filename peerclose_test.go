package webrtc

import (
	"errors"
	"testing"

	"github.com/c4c1f6e1/webrtc/sctp"
)

// When the peer closes its PeerConnection (an SCTP ABORT with the
// User-Initiated Abort cause, then close_notify, §4.4.2 steps 6–7) or only
// its DTLS transport (close_notify alone), our DTLS and SCTP transports and
// our channel reach "closed" (§5.5, §6.1.1.1, §6.2.5) — the channel with a
// close event and no error event, since the association ended on purpose —
// while connectionState stays what §4.3.3 derives from ICE and DTLS:
// "connected", as only close() gives "closed".
func TestPeerCloseClosesTransports(t *testing.T) {
	for _, tc := range []struct {
		name  string
		close func(b *PeerConnection)
		// why our association ended: the peer's ABORT, or our own
		// abort once close_notify closed DTLS under it
		ended func(error) bool
	}{
		{"close", func(b *PeerConnection) { b.Close() }, func(err error) bool {
			var abort *sctp.AbortError
			return errors.As(err, &abort) && abort.Cause == sctp.CauseUserInitiatedAbort
		}},
		{"close_notify", func(b *PeerConnection) {
			b.drv.mu.Lock()
			b.drv.dtls.Close()
			b.drv.flush()
			b.drv.mu.Unlock()
		}, func(err error) bool { return errors.Is(err, sctp.ErrLocalAbort) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := mustPC(t, Configuration{})
			b := mustPC(t, Configuration{})
			ab, ba := trickle(a, b), trickle(b, a)
			dc, err := a.CreateDataChannel("x", nil)
			if err != nil {
				t.Fatal(err)
			}
			opened, closed := make(chan struct{}), make(chan struct{})
			dc.OnOpen(func() { close(opened) })
			dc.OnClose(func() { close(closed) })
			errs := make(chan error, 4)
			dc.OnError(func(err error) { errs <- err })
			dtlsClosed, sctpClosed := make(chan struct{}, 1), make(chan struct{}, 1)
			a.DTLSTransport().OnStateChange(func(s DTLSTransportState) {
				if s == DTLSTransportStateClosed {
					dtlsClosed <- struct{}{}
				}
			})
			negotiate(t, a, b)
			a.SCTP().OnStateChange(func(s SCTPTransportState) {
				if s == SCTPTransportStateClosed {
					sctpClosed <- struct{}{}
				}
			})
			connected := make(chan struct{}, 1)
			a.OnConnectionStateChange(func(s PeerConnectionState) {
				if s == PeerConnectionStateConnected {
					connected <- struct{}{}
				}
			})
			ab.start()
			ba.start()
			waitFor(t, opened, "the channel to open")
			waitFor(t, connected, "connectionState connected")

			t.Logf("# the peer ends with %s", tc.name)
			tc.close(b)
			waitFor(t, closed, "our channel's close event")
			waitFor(t, dtlsClosed, "our DTLS transport's statechange to closed")
			waitFor(t, sctpClosed, "our SCTP transport's statechange to closed")
			select {
			case err := <-errs:
				t.Fatalf("error event %v; the association ended on purpose", err)
			default:
			}
			if s := dc.ReadyState(); s != DataChannelStateClosed {
				t.Fatalf("readyState %v", s)
			}
			a.drv.mu.Lock()
			assocErr := a.drv.ep.Association().Err()
			a.drv.mu.Unlock()
			if !tc.ended(assocErr) {
				t.Fatalf("our association ended with %v", assocErr)
			}
			if s := a.ConnectionState(); s != PeerConnectionStateConnected {
				t.Fatalf("connectionState %v with ICE %v and DTLS closed; §4.3.3 gives connected", s, a.ICEConnectionState())
			}
		})
	}
}
