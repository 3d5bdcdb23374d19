package mdns

import (
	"encoding/hex"
	"io"
	"strings"
)

// IsICEName reports whether name has the format of an mDNS ICE candidate
// name: a version 4 UUID (RFC 4122 §4.4) followed by ".local"
// (draft-ietf-mmusic-mdns-ice-candidates §3.1.1 step 3). The draft §3.2.2
// says agents SHOULD NOT resolve names of another format.
func IsICEName(name string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	u, ok := strings.CutSuffix(name, ".local")
	if !ok || len(u) != 36 {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	// Version 4 and the RFC 4122 variant (10xx).
	return u[14] == '4' && strings.IndexByte("89ab", u[19]) >= 0
}

// NewICEName returns a fresh "<uuid-v4>.local" name from rand.
func NewICEName(rand io.Reader) (string, error) {
	var u [16]byte
	if _, err := io.ReadFull(rand, u[:]); err != nil {
		return "", err
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // variant 10xx
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32] + ".local", nil
}
