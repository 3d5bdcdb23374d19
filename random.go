package webrtc

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
)

const (
	alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	// iceChars is the RFC 8839 §5.4 ice-char set of ufrag and password.
	iceChars = alnum + "+/"
)

// randomString returns n characters drawn uniformly from set, using
// crypto/rand (ICE credentials must be unguessable: RFC 8445 §5.3).
func randomString(n int, set string) string {
	b := make([]byte, n)
	buf := make([]byte, 2*n)
	for i := 0; i < n; {
		if _, err := rand.Read(buf); err != nil {
			panic("BUG: crypto/rand failed: " + err.Error())
		}
		for _, c := range buf {
			// Rejection sampling keeps the draw uniform.
			if int(c) < 256-256%len(set) && i < n {
				b[i] = set[int(c)%len(set)]
				i++
			}
		}
	}
	return string(b)
}

func randomUint32() uint32 {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("BUG: crypto/rand failed: " + err.Error())
	}
	return binary.BigEndian.Uint32(b[:])
}

// randomUUID returns a random (version 4) UUID, the form browsers use for
// track and stream ids.
func randomUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("BUG: crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
