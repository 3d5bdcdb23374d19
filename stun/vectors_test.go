package stun

import (
	"encoding/hex"
	"net/netip"
	"strings"
	"testing"
)

// RFC 5769 §2 test vectors, transcribed from the RFC text.
func unhex(s string) []byte {
	s = strings.Join(strings.Fields(s), "")
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

const vectorPassword = "VOkJxbRl1RmTxUk/WvJxBt"

var (
	// RFC 5769 §2.1 Sample Request.
	vectorRequest = unhex(`
00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
00 24 00 04 6e 00 01 ff
80 29 00 08 93 2f f9 b1 51 26 3b 36
00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
80 28 00 04 e5 7a 3b cf`)
	// RFC 5769 §2.2 Sample IPv4 Response.
	vectorIPv4Response = unhex(`
01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
00 20 00 08 00 01 a1 47 e1 12 a6 43
00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
80 28 00 04 c0 7d 4c 96`)
	// RFC 5769 §2.3 Sample IPv6 Response.
	vectorIPv6Response = unhex(`
01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
80 28 00 04 c8 fb 0b 4c`)
	// RFC 5769 §2.4 Sample Request with Long-Term Authentication.
	vectorLongTerm = unhex(`
00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66`)
)

func TestRFC5769SampleRequest(t *testing.T) {
	t.Logf("# RFC 5769 §2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT")
	m, err := Parse(vectorRequest)
	if err != nil {
		t.Fatal(err)
	}
	if m.Type != BindingRequest {
		t.Fatalf("type = %v, want Binding request", m.Type)
	}
	if u, _ := m.Get(AttrUsername); string(u) != "evtj:h6vY" {
		t.Errorf("USERNAME = %q", u)
	}
	if s, _ := m.Get(AttrSoftware); string(s) != "STUN test client" {
		t.Errorf("SOFTWARE = %q", s)
	}
	if p, err := m.Uint32(AttrPriority); err != nil || p != 0x6e0001ff {
		t.Errorf("PRIORITY = %x, %v", p, err)
	}
	if tb, err := m.Uint64(AttrICEControlled); err != nil || tb != 0x932ff9b151263b36 {
		t.Errorf("ICE-CONTROLLED = %x, %v", tb, err)
	}
	if err := m.CheckIntegrity(ShortTermKey(vectorPassword)); err != nil {
		t.Errorf("MESSAGE-INTEGRITY: %v", err)
	}
	if err := m.CheckIntegrity(ShortTermKey("wrong")); err != ErrIntegrityMismatch {
		t.Errorf("MESSAGE-INTEGRITY with a wrong key: %v, want mismatch", err)
	}
	if err := m.CheckFingerprint(); err != nil {
		t.Errorf("FINGERPRINT: %v", err)
	}
}

func TestRFC5769Responses(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    []byte
		want netip.AddrPort
	}{
		{"§2.2 IPv4", vectorIPv4Response, netip.MustParseAddrPort("192.0.2.1:32853")},
		{"§2.3 IPv6", vectorIPv6Response, netip.MustParseAddrPort("[2001:db8:1234:5678:11:2233:4455:6677]:32853")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Logf("# RFC 5769 %s Sample Response: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT", tc.name)
			m, err := Parse(tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if m.Type != BindingSuccessResponse {
				t.Fatalf("type = %v", m.Type)
			}
			a, err := m.XORAddress(AttrXORMappedAddress)
			if err != nil || a != tc.want {
				t.Errorf("XOR-MAPPED-ADDRESS = %v, %v; want %v", a, err, tc.want)
			}
			if s, _ := m.Get(AttrSoftware); string(s) != "test vector" {
				t.Errorf("SOFTWARE = %q", s)
			}
			if err := m.CheckIntegrity(ShortTermKey(vectorPassword)); err != nil {
				t.Errorf("MESSAGE-INTEGRITY: %v", err)
			}
			if err := m.CheckFingerprint(); err != nil {
				t.Errorf("FINGERPRINT: %v", err)
			}
			t.Logf("# rebuilding the response with the Builder gives the same bytes (padding is spaces in the RFC, so only compare the XOR address)")
			var w Builder
			w.Reset(nil, m.Type, m.TransactionID)
			w.AddXORAddress(AttrXORMappedAddress, tc.want)
			m2, err := Parse(w.Message())
			if err != nil {
				t.Fatal(err)
			}
			v1, _ := m.Get(AttrXORMappedAddress)
			v2, _ := m2.Get(AttrXORMappedAddress)
			if string(v1) != string(v2) {
				t.Errorf("XOR encoding %x, RFC has %x", v2, v1)
			}
		})
	}
}

func TestRFC5769LongTerm(t *testing.T) {
	t.Logf("# RFC 5769 §2.4: long-term credentials, key = MD5(username \":\" realm \":\" SASLprep(password))")
	m, err := Parse(vectorLongTerm)
	if err != nil {
		t.Fatal(err)
	}
	user, _ := m.Get(AttrUsername)
	if string(user) != "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9" {
		t.Errorf("USERNAME = %q", user)
	}
	realm, _ := m.Get(AttrRealm)
	nonce, _ := m.Get(AttrNonce)
	if string(realm) != "example.org" || string(nonce) != "f//499k954d6OL34oL9FSTvy64sA" {
		t.Errorf("REALM %q NONCE %q", realm, nonce)
	}
	// The RFC gives the password after SASLprep: "TheMatrIX".
	key := LongTermKey(PasswordAlgorithmMD5, string(user), string(realm), "TheMatrIX")
	if err := m.CheckIntegrity(key); err != nil {
		t.Errorf("MESSAGE-INTEGRITY: %v", err)
	}
	if err := m.CheckFingerprint(); err != ErrFingerprintMissing {
		t.Errorf("FINGERPRINT: %v, want missing", err)
	}
}

func TestRFC5769RebuildRequest(t *testing.T) {
	t.Logf("# Rebuilding §2.1 with the Builder (space padding as in the RFC) reproduces it byte for byte,")
	t.Logf("# which checks MESSAGE-INTEGRITY and FINGERPRINT generation against the RFC")
	m, err := Parse(vectorRequest)
	if err != nil {
		t.Fatal(err)
	}
	var w Builder
	w.Reset(nil, BindingRequest, m.TransactionID)
	w.AddString(AttrSoftware, "STUN test client")
	w.AddUint32(AttrPriority, 0x6e0001ff)
	w.AddUint64(AttrICEControlled, 0x932ff9b151263b36)
	w.AddString(AttrUsername, "evtj:h6vY")
	// The RFC pads USERNAME with spaces; our Builder pads with zeros
	// (RFC 8489 §14: padding bytes may take any value), so patch them.
	b := w.Message()
	copy(b[len(b)-3:], "   ")
	w.AddMessageIntegrity(ShortTermKey(vectorPassword))
	w.AddFingerprint()
	if got := w.Message(); string(got) != string(vectorRequest) {
		t.Errorf("rebuilt:\n%x\nwant:\n%x", got, vectorRequest)
	}
}
