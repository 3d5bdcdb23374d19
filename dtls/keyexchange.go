package dtls

import (
	"crypto/ecdh"
	"errors"
	"fmt"
	"io"
)

// Group is a NamedCurve / NamedGroup (RFC 8422 §5.1.1).
type Group uint16

// Groups implemented for ECDHE (RFC 8422 §5.1.1).
const (
	GroupP256   Group = 23
	GroupP384   Group = 24
	GroupX25519 Group = 29
)

// DefaultGroups is the preference order used when Config.Groups is empty.
var DefaultGroups = []Group{GroupX25519, GroupP256, GroupP384}

// String returns the IANA name of the group.
func (g Group) String() string {
	switch g {
	case GroupP256:
		return "secp256r1"
	case GroupP384:
		return "secp384r1"
	case GroupX25519:
		return "x25519"
	}
	return fmt.Sprintf("Group(%d)", uint16(g))
}

func (g Group) curve() (ecdh.Curve, int) {
	switch g {
	case GroupP256:
		return ecdh.P256(), 32
	case GroupP384:
		return ecdh.P384(), 48
	case GroupX25519:
		return ecdh.X25519(), 32
	}
	return nil, 0
}

// generateKey makes an ephemeral key from bytes of r, so that a fixed r gives
// a fixed key (for recorded transcripts). NIST scalars out of range are
// rejected by NewPrivateKey and drawn again.
func generateKey(g Group, r io.Reader) (*ecdh.PrivateKey, error) {
	c, n := g.curve()
	if c == nil {
		return nil, errors.New("dtls: unsupported group")
	}
	buf := make([]byte, n)
	for range 16 {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		if k, err := c.NewPrivateKey(buf); err == nil {
			return k, nil
		}
	}
	return nil, errors.New("dtls: random source gives no valid key")
}

// sharedSecret computes the ECDHE premaster secret of RFC 8422 §5.10 (the
// x coordinate for NIST curves, the X25519 output otherwise); it rejects
// invalid points and the all-zero X25519 result.
func sharedSecret(priv *ecdh.PrivateKey, peer []byte) ([]byte, error) {
	pub, err := priv.Curve().NewPublicKey(peer)
	if err != nil {
		return nil, err
	}
	return priv.ECDH(pub)
}
