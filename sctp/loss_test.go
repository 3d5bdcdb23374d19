package sctp

import (
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/vnet"
)

// TestReliableAtHeavyLoss is the acceptance test: 100 MiB, reliable
// and ordered, over a path that loses 20 % of packets in each direction and
// reorders 5 %; every byte must arrive, in order (compared by hash).
func TestReliableAtHeavyLoss(t *testing.T) {
	total := 100 << 20
	if testing.Short() {
		total = 8 << 20
	}
	link := vnet.LinkConfig{Delay: 10 * time.Millisecond, Jitter: 2 * time.Millisecond, Bandwidth: 100_000_000,
		Loss: 0.20, Reorder: 0.05, ReorderDelay: 5 * time.Millisecond, Duplicate: 0.01}
	p, c, s := newPair(t, link, link, nil)
	b := newBulk(total, 16<<10)
	c.after = b.fill
	s.onEvent = b.recv
	t.Logf("# RFC 9260 §6.3.3/§7.2.4: lost chunks are retransmitted until acknowledged; 20%% loss, 5%% reorder, 1%% dup")
	if err := p.Run(epoch.Add(2*time.Hour), func() bool { return b.recvd == b.total }); err != nil {
		t.Fatalf("run: %v (sent %d recvd %d) client %+v", err, b.sent, b.recvd, c.a.Stats())
	}
	if string(b.sendHash.Sum(nil)) != string(b.recvHash.Sum(nil)) {
		t.Fatalf("received bytes differ from sent bytes")
	}
	st := c.a.Stats()
	d := b.doneAt.Sub(epoch)
	t.Logf("%d MiB delivered in order in %v simulated (%.1f Mbit/s); %d chunks sent, %d retransmitted, %d T3 expiries; link AB %+v",
		total>>20, d, float64(total)*8/d.Seconds()/1e6, st.DataChunksSent, st.Retransmits, st.T3Expiries, p.AB.Stats())
}
