package datachannel

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/sctp"
	"github.com/c4c1f6e1/webrtc/vnet"
)

// TestOpenRoundTrips counts the packets and round trips from the first INIT
// to a data channel open on both sides, on a synthetic clock with a 10 ms
// one-way delay. The shortest sequences RFC 9260 and RFC 8832 allow:
//
//   - the SCTP client opens: its DATA_CHANNEL_OPEN goes in the packet with
//     the COOKIE ECHO (RFC 9260 §5.1 C), the peer opens on receipt and
//     answers COOKIE ACK + SACK + DATA_CHANNEL_ACK in one packet: both are
//     open after 2 RTT (it was 2.5: the OPEN waited for the COOKIE ACK);
//   - the SCTP server opens: its OPEN goes in the packet with the COOKIE
//     ACK (§5.1 D): both are open after 2 RTT;
//   - both sides initiate, as RFC 8841 §9.3 asks: the INITs cross, and both
//     are open after 1.5 RTT.
//
// In every case the DATA_CHANNEL_ACK carries the I bit, so the last SACK is
// sent at once instead of after the 200 ms delayed-ack timer, and then no
// timer but the idle-buffer release is left.
func TestOpenRoundTrips(t *testing.T) {
	const oneWay = 10 * time.Millisecond
	const rtt = 2 * oneWay
	for _, tc := range []struct {
		name           string
		bothInit       bool
		serverOpens    bool
		open           time.Duration // both sides open, after the first INIT
		packets        []string      // until idle
		lastPacketTime time.Duration
	}{
		{name: "client opens", open: 2 * rtt, lastPacketTime: 2 * rtt, packets: []string{
			"c INIT", "s INIT ACK", "c COOKIE ECHO,DATA", "s COOKIE ACK,SACK,DATA", "c SACK"}},
		{name: "server opens", serverOpens: true, open: 2 * rtt, lastPacketTime: 2*rtt + oneWay, packets: []string{
			"c INIT", "s INIT ACK", "c COOKIE ECHO", "s COOKIE ACK,DATA", "c SACK,DATA", "s SACK"}},
		{name: "both initiate, server opens", bothInit: true, serverOpens: true, open: rtt + oneWay, lastPacketTime: 2 * rtt,
			packets: []string{
				"c INIT", "s INIT", "c INIT ACK", "s INIT ACK", "c COOKIE ECHO", "s COOKIE ECHO,DATA",
				"c COOKIE ACK,SACK,DATA", "s COOKIE ACK", "s SACK"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, s := setupSide(t, true, 1), setupSide(t, tc.bothInit, 2)
			link := vnet.LinkConfig{Delay: oneWay}
			p := &vnet.Pair{A: c, B: s, AB: vnet.NewLink(link), BA: vnet.NewLink(link), Now: epoch}
			var log []string
			var last time.Time
			p.OnTransmit = func(from string, b []byte) {
				name := map[string]string{"A": "c", "B": "s"}[from]
				log = append(log, name+" "+chunkTypes(t, b))
				last = p.Now
			}
			opener, other := c, s
			if tc.serverOpens {
				opener, other = s, c
			}
			var openAt [2]time.Time
			opener.on = func(sd *side, ev Event) {
				if ev.Type == EventOpen {
					openAt[0] = sd.now
				}
			}
			other.on = func(sd *side, ev Event) {
				if ev.Type == EventOpen {
					openAt[1] = sd.now
				}
			}
			if _, err := opener.e.CreateChannel("x", Options{}); err != nil {
				t.Fatal(err)
			}
			if err := p.Run(epoch.Add(time.Hour), nil); !errors.Is(err, vnet.ErrIdle) {
				t.Fatalf("not idle: %v", err)
			}
			t.Logf("# packets: %s", strings.Join(log, " | "))
			t.Logf("# open at %v (opener) and %v (other side) after the first INIT; last packet at %v",
				openAt[0].Sub(epoch), openAt[1].Sub(epoch), last.Sub(epoch))
			if fmt.Sprint(log) != fmt.Sprint(tc.packets) {
				t.Errorf("packets %q, want %q", log, tc.packets)
			}
			for i, at := range openAt {
				if at.IsZero() || at.Sub(epoch) > tc.open {
					t.Errorf("side %d open at %v, want %v (%.1f RTT)", i, at.Sub(epoch), tc.open, float64(tc.open)/float64(rtt))
				}
			}
			if last.Sub(epoch) != tc.lastPacketTime {
				t.Errorf("last packet at %v, want %v: a timer delayed it", last.Sub(epoch), tc.lastPacketTime)
			}
		})
	}
}

func setupSide(t testing.TB, client bool, seed uint64) *side {
	a, err := sctp.NewAssociation(epoch, sctp.Config{Client: client, Rand: newRand(seed)})
	if err != nil {
		t.Fatal(err)
	}
	// Stream ids follow the DTLS role: side 1 is the DTLS client.
	return &side{t: t, e: NewEndpoint(a, Config{DTLSClient: seed == 1}), now: epoch, msgs: map[*Channel][]string{}}
}

// chunkTypes lists the chunk types of an SCTP packet, comma-separated.
func chunkTypes(t *testing.T, b []byte) string {
	_, chunks, err := sctp.ParseHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for len(chunks) > 0 {
		typ, _, _, rest, err := sctp.NextChunk(chunks)
		if err != nil {
			t.Fatal(err)
		}
		name := typ.String()
		if typ == sctp.ChunkIData {
			name = "DATA" // I-DATA is negotiated between two of ours
		}
		names = append(names, name)
		chunks = rest
	}
	return strings.Join(names, ",")
}
