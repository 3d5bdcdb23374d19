//go:build !udpfallback

package udp

import (
	"net/netip"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestNoAllocations checks that writing and reading allocate nothing once
// warmed up. testing.AllocsPerRun counts the mallocs of the whole process,
// so each run waits until the shared reader has delivered everything it
// sent: the read path is counted too.
func TestNoAllocations(t *testing.T) {
	for _, o := range offloads {
		t.Run(o.name, func(t *testing.T) {
			setOffload(t, o.gso, o.gro)
			const n = 64
			got := make(chan int, 1024)
			rx := listen(t, "127.0.0.1:0", receiverFunc(func(_ *Socket, b []Datagram) { got <- len(b) }))
			tx := listen(t, "127.0.0.1:0", newCollector(0))
			to := rx.LocalAddr()
			stall := time.NewTimer(time.Hour)
			defer stall.Stop()
			await := func(want int) {
				stall.Reset(timeout)
				for want > 0 {
					select {
					case k := <-got:
						want -= k
					case <-stall.C:
						t.Fatalf("%d datagrams never arrived", want)
					}
				}
			}
			b := NewBatch(n*1200, n)
			p := make([]byte, 1200)
			writeBatch := func() {
				b.Reset()
				for range n {
					b.Add(append(b.Free(), p...), to)
				}
				if err := tx.WriteBatch(b); err != nil {
					t.Fatal(err)
				}
				await(n)
			}
			writeTo := func() {
				for range n {
					if err := tx.WriteTo(p, to); err != nil {
						t.Fatal(err)
					}
				}
				await(n)
			}
			for name, f := range map[string]func(){"WriteBatch": writeBatch, "WriteTo": writeTo} {
				f() // warm up
				if allocs := testing.AllocsPerRun(50, f); allocs != 0 {
					t.Errorf("%s of %d datagrams and reading them: %.1f allocations, want 0", name, n, allocs)
				}
			}
		})
	}
}

// An IPv6 link-local sender would carry a zone; its name is cached, so
// reading addresses allocates nothing after the first one either.
func TestZoneNameCached(t *testing.T) {
	var sa sockaddr
	n, err := sa.put(unix.AF_INET6, netip.MustParseAddrPort("[fe80::1%1]:9"))
	if err != nil {
		t.Fatal(err)
	}
	sa.addrPort(n)
	if allocs := testing.AllocsPerRun(100, func() { sa.addrPort(n) }); allocs != 0 {
		t.Fatalf("reading a zoned address: %.1f allocations, want 0", allocs)
	}
}
