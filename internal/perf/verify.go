package perf

import (
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"sync"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// distinctPayloads is how many different messages a transfer cycles
// through: message i is payload i mod distinctPayloads, so a lost,
// duplicated or reordered message changes what the receiver sees.
const distinctPayloads = 8

// payloads returns distinctPayloads messages of n pseudo-random bytes (a
// fixed seed) and the CRC-32C of each.
func payloads(n int) ([][]byte, []uint32) {
	r := rand.New(rand.NewChaCha8([32]byte{'p', 'e', 'r', 'f'}))
	msgs := make([][]byte, distinctPayloads)
	sums := make([]uint32, distinctPayloads)
	for i := range msgs {
		msgs[i] = make([]byte, n)
		for j := range msgs[i] {
			msgs[i][j] = byte(r.Uint32())
		}
		sums[i] = crc32.Checksum(msgs[i], castagnoli)
	}
	return msgs, sums
}

// checker verifies a transfer message by message as it arrives: message i
// must have the length and CRC-32C of payload i mod distinctPayloads, and
// exactly want messages must come. Done is closed when the last one has.
type checker struct {
	sums []uint32
	size int
	want int64
	done chan struct{}

	mu       sync.Mutex
	got      int64
	bytes    int64
	bad      int64
	firstBad string
}

func newChecker(sums []uint32, size int, want int64) *checker {
	return &checker{sums: sums, size: size, want: want, done: make(chan struct{})}
}

// receive is the receiver's message handler.
func (c *checker) receive(b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := c.got
	c.got++
	c.bytes += int64(len(b))
	switch {
	case i >= c.want:
		c.fail("message %d arrived after the last one (%d expected)", i, c.want)
	case len(b) != c.size:
		c.fail("message %d has %d bytes, want %d", i, len(b), c.size)
	case crc32.Checksum(b, castagnoli) != c.sums[i%int64(len(c.sums))]:
		c.fail("message %d has the wrong content (CRC-32C %08x, want %08x)", i, crc32.Checksum(b, castagnoli), c.sums[i%int64(len(c.sums))])
	}
	if c.got == c.want {
		close(c.done)
	}
}

func (c *checker) fail(format string, args ...any) {
	c.bad++
	if c.firstBad == "" {
		c.firstBad = fmt.Sprintf(format, args...)
	}
}

// result returns the messages and bytes received so far, and an error if
// any message was wrong.
func (c *checker) result() (msgs, bytes int64, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bad > 0 {
		err = fmt.Errorf("%d of %d messages wrong, the first: %s", c.bad, c.got, c.firstBad)
	}
	return c.got, c.bytes, err
}
