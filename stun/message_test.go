package stun

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"
)

func TestMessageTypeEncoding(t *testing.T) {
	t.Logf("# RFC 8489 §5: a Binding request is 0x0001, success response 0x0101, error response 0x0111, indication 0x0011")
	for _, tc := range []struct {
		mt   MessageType
		want uint16
	}{
		{BindingRequest, 0x0001},
		{BindingSuccessResponse, 0x0101},
		{BindingErrorResponse, 0x0111},
		{BindingIndication, 0x0011},
		{MessageType{MethodAllocate, ClassRequest}, 0x0003},
		{MessageType{MethodSend, ClassIndication}, 0x0016},
		{MessageType{MethodData, ClassIndication}, 0x0017},
		{MessageType{MethodChannelBind, ClassErrorResponse}, 0x0119},
		{MessageType{0xfff, ClassErrorResponse}, 0x3fff},
	} {
		if got := tc.mt.Value(); got != tc.want {
			t.Errorf("%v: 0x%04x, want 0x%04x", tc.mt, got, tc.want)
		}
		if back := typeFromValue(tc.want); back != tc.mt {
			t.Errorf("0x%04x decodes to %v, want %v", tc.want, back, tc.mt)
		}
	}
	for v := uint16(0); v < 0x4000; v++ {
		if got := typeFromValue(v).Value(); got != v {
			t.Fatalf("0x%04x round-trips to 0x%04x", v, got)
		}
	}
}

// buildAll builds a message carrying every attribute the package encodes.
func buildAll(dst []byte) []byte {
	var w Builder
	w.Reset(dst, MessageType{MethodAllocate, ClassRequest}, TransactionID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	w.AddAddress(AttrMappedAddress, netip.MustParseAddrPort("192.0.2.1:3478"))
	w.AddXORAddress(AttrXORMappedAddress, netip.MustParseAddrPort("[2001:db8::1]:5000"))
	w.AddXORAddress(AttrXORPeerAddress, netip.MustParseAddrPort("198.51.100.7:9"))
	w.AddXORAddress(AttrXORRelayedAddress, netip.MustParseAddrPort("203.0.113.5:49152"))
	w.AddAddress(AttrAlternateServer, netip.MustParseAddrPort("[2001:db8::2]:3478"))
	w.AddString(AttrUsername, "user:name")
	w.Add(AttrUserhash, make([]byte, 32))
	w.AddString(AttrRealm, "example.org")
	w.AddString(AttrNonce, "nonce-123")
	w.AddString(AttrSoftware, "test")
	w.AddString(AttrAlternateDomain, "example.net")
	w.AddErrorCode(438, "Stale Nonce")
	w.AddUnknownAttributes([]AttrType{0x0031, 0x0032, 0x0033})
	w.AddPasswordAlgorithms([]PasswordAlgorithm{PasswordAlgorithmSHA256, PasswordAlgorithmMD5})
	w.AddPasswordAlgorithm(PasswordAlgorithmSHA256)
	w.AddUint32(AttrPriority, 0x7effffff)
	w.AddFlag(AttrUseCandidate)
	w.AddUint64(AttrICEControlling, 0x0102030405060708)
	w.AddUint64(AttrICEControlled, 0x1112131415161718)
	w.AddChannelNumber(0x4001)
	w.AddUint32(AttrLifetime, 600)
	w.Add(AttrData, []byte("hello"))
	w.AddRequestedAddressFamily(AttrRequestedAddressFamily, 0x02)
	w.AddRequestedAddressFamily(AttrAdditionalAddressFamily, 0x01)
	w.AddEvenPort(true)
	w.AddRequestedTransport(17)
	w.AddFlag(AttrDontFragment)
	w.AddUint64(AttrReservationToken, 0xdeadbeefcafef00d)
	w.AddMessageIntegrity([]byte("key"))
	w.AddMessageIntegritySHA256([]byte("key"))
	w.AddFingerprint()
	if w.Err() != nil {
		panic(w.Err())
	}
	return w.Bytes()
}

func TestRoundTripAllAttributes(t *testing.T) {
	t.Logf("# every attribute ICE and TURN use: build → parse → same values")
	b := buildAll([]byte("prefix"))
	if string(b[:6]) != "prefix" {
		t.Fatalf("prefix lost")
	}
	m, err := Parse(b[6:])
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: wrong value", name)
		}
	}
	a, err := m.Address(AttrMappedAddress)
	check("MAPPED-ADDRESS", err == nil && a == netip.MustParseAddrPort("192.0.2.1:3478"))
	a, err = m.XORAddress(AttrXORMappedAddress)
	check("XOR-MAPPED-ADDRESS", err == nil && a == netip.MustParseAddrPort("[2001:db8::1]:5000"))
	a, err = m.XORAddress(AttrXORPeerAddress)
	check("XOR-PEER-ADDRESS", err == nil && a == netip.MustParseAddrPort("198.51.100.7:9"))
	a, err = m.XORAddress(AttrXORRelayedAddress)
	check("XOR-RELAYED-ADDRESS", err == nil && a == netip.MustParseAddrPort("203.0.113.5:49152"))
	a, err = m.Address(AttrAlternateServer)
	check("ALTERNATE-SERVER", err == nil && a == netip.MustParseAddrPort("[2001:db8::2]:3478"))
	for _, s := range []struct {
		t AttrType
		v string
	}{{AttrUsername, "user:name"}, {AttrRealm, "example.org"}, {AttrNonce, "nonce-123"}, {AttrSoftware, "test"}, {AttrAlternateDomain, "example.net"}, {AttrData, "hello"}} {
		v, ok := m.Get(s.t)
		check(s.t.String(), ok && string(v) == s.v)
	}
	uh, _ := m.Get(AttrUserhash)
	check("USERHASH", len(uh) == 32)
	code, reason, err := m.ErrorCode()
	check("ERROR-CODE", err == nil && code == 438 && string(reason) == "Stale Nonce")
	unk, err := m.UnknownAttributes(nil)
	check("UNKNOWN-ATTRIBUTES", err == nil && len(unk) == 3 && unk[2] == 0x0033)
	algs, err := m.PasswordAlgorithms(nil)
	check("PASSWORD-ALGORITHMS", err == nil && len(algs) == 2 && algs[0] == PasswordAlgorithmSHA256 && algs[1] == PasswordAlgorithmMD5)
	alg, err := m.PasswordAlgorithm()
	check("PASSWORD-ALGORITHM", err == nil && alg == PasswordAlgorithmSHA256)
	p, err := m.Uint32(AttrPriority)
	check("PRIORITY", err == nil && p == 0x7effffff)
	check("USE-CANDIDATE", m.Has(AttrUseCandidate))
	v64, err := m.Uint64(AttrICEControlling)
	check("ICE-CONTROLLING", err == nil && v64 == 0x0102030405060708)
	v64, err = m.Uint64(AttrICEControlled)
	check("ICE-CONTROLLED", err == nil && v64 == 0x1112131415161718)
	ch, err := m.ChannelNumber()
	check("CHANNEL-NUMBER", err == nil && ch == 0x4001)
	lt, err := m.Uint32(AttrLifetime)
	check("LIFETIME", err == nil && lt == 600)
	fam, err := m.RequestedAddressFamily(AttrRequestedAddressFamily)
	check("REQUESTED-ADDRESS-FAMILY", err == nil && fam == 2)
	fam, err = m.RequestedAddressFamily(AttrAdditionalAddressFamily)
	check("ADDITIONAL-ADDRESS-FAMILY", err == nil && fam == 1)
	r, err := m.EvenPort()
	check("EVEN-PORT", err == nil && r)
	proto, err := m.RequestedTransport()
	check("REQUESTED-TRANSPORT", err == nil && proto == 17)
	check("DONT-FRAGMENT", m.Has(AttrDontFragment))
	v64, err = m.Uint64(AttrReservationToken)
	check("RESERVATION-TOKEN", err == nil && v64 == 0xdeadbeefcafef00d)
	check("MESSAGE-INTEGRITY", m.CheckIntegrity([]byte("key")) == nil)
	check("MESSAGE-INTEGRITY-SHA256", m.CheckIntegritySHA256([]byte("key")) == nil)
	check("MESSAGE-INTEGRITY-SHA256 wrong key", m.CheckIntegritySHA256([]byte("yek")) == ErrIntegrityMismatch)
	check("FINGERPRINT", m.CheckFingerprint() == nil)
	for _, at := range m.Attributes {
		if !at.Type.Known() {
			t.Errorf("unknown attribute %v", at.Type)
		}
	}
}

func TestNoStrictPrefixParses(t *testing.T) {
	t.Logf("# RFC 8489 §5: the header length must match the data, so no strict prefix of a message parses")
	for _, b := range [][]byte{vectorRequest, vectorIPv4Response, vectorIPv6Response, vectorLongTerm, buildAll(nil)} {
		for i := 0; i < len(b); i++ {
			if _, err := Parse(b[:i]); err == nil {
				t.Errorf("prefix of %d/%d bytes parsed", i, len(b))
			}
		}
	}
}

func TestParseRejects(t *testing.T) {
	good := append([]byte(nil), vectorIPv4Response...)
	mutate := func(f func(b []byte)) []byte {
		b := append([]byte(nil), good...)
		f(b)
		return b
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want error
	}{
		{"top bits set (RFC 8489 §5: MUST be zero)", mutate(func(b []byte) { b[0] |= 0x80 }), ErrNotSTUN},
		{"wrong magic cookie", mutate(func(b []byte) { b[4] = 0 }), ErrNotSTUN},
		{"length not a multiple of 4", mutate(func(b []byte) { b[3]-- }), ErrBadLength},
		{"attribute overruns message", mutate(func(b []byte) { b[23] = 0xff }), ErrTruncated},
		{"short", good[:10], ErrTruncated},
	} {
		if _, err := Parse(tc.b); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	t.Logf("# RFC 8489 §14.7: FINGERPRINT MUST be the last attribute")
	var w Builder
	w.Reset(nil, BindingRequest, TransactionID{})
	w.AddFingerprint()
	w.AddString(AttrSoftware, "x")
	if _, err := Parse(w.Message()); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("attribute after FINGERPRINT: %v", err)
	}
	t.Logf("# too many attributes are refused (cap %d)", MaxAttributes)
	w.Reset(nil, BindingRequest, TransactionID{})
	for i := 0; i <= MaxAttributes; i++ {
		w.AddFlag(AttrUseCandidate)
	}
	if _, err := Parse(w.Message()); !errors.Is(err, ErrTooManyAttributes) {
		t.Errorf("%d attributes: %v", MaxAttributes+1, err)
	}
}

func TestIgnoreAfterIntegrity(t *testing.T) {
	t.Logf("# RFC 8489 §14.5: agents MUST ignore all other attributes that follow MESSAGE-INTEGRITY")
	var w Builder
	w.Reset(nil, BindingRequest, TransactionID{9})
	w.AddString(AttrUsername, "a:b")
	w.AddMessageIntegrity([]byte("pw"))
	w.AddUint32(AttrPriority, 5)
	m, err := Parse(w.Message())
	if err != nil {
		t.Fatal(err)
	}
	if m.Has(AttrPriority) {
		t.Errorf("PRIORITY after MESSAGE-INTEGRITY is visible")
	}
	if err := m.CheckIntegrity([]byte("pw")); err != nil {
		t.Errorf("integrity with a trailing attribute: %v", err)
	}
	t.Logf("# and flipping one byte covered by the HMAC breaks it")
	b := w.Message()
	b[HeaderSize+4] ^= 1
	m, _ = Parse(b)
	if err := m.CheckIntegrity([]byte("pw")); err != ErrIntegrityMismatch {
		t.Errorf("tampered: %v", err)
	}
}

func TestMessageIntegritySHA256Truncated(t *testing.T) {
	t.Logf("# RFC 8489 §14.6: the value MUST be at least 16 bytes and a multiple of 4; truncated values verify")
	var w Builder
	w.Reset(nil, BindingRequest, TransactionID{1})
	w.AddString(AttrUsername, "u")
	// A 16-byte truncated HMAC, computed with the length field ending at it.
	w.addHMAC(AttrMessageIntegritySHA256, NewKey([]byte("k")).hmacSHA256(), 16)
	b := append([]byte(nil), w.Message()...)
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.CheckIntegritySHA256([]byte("k")); err != nil {
		t.Errorf("16-byte truncation: %v", err)
	}
	b[len(b)-16-1] = 12
	b = b[:len(b)-4]
	b[3] = byte(len(b) - HeaderSize)
	m, err = Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.CheckIntegritySHA256([]byte("k")); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("12-byte value: %v, want rejected", err)
	}
}

func TestAttributeValueErrors(t *testing.T) {
	var w Builder
	w.Reset(nil, BindingSuccessResponse, TransactionID{})
	w.Add(AttrXORMappedAddress, []byte{0, 3, 0, 0, 1, 2, 3, 4})
	w.Add(AttrPriority, []byte{1, 2})
	w.Add(AttrErrorCode, []byte{0, 0, 7, 0})
	w.Add(AttrUnknownAttributes, []byte{1, 2, 3})
	w.Add(AttrPasswordAlgorithms, []byte{0, 1, 0, 8, 0})
	m, err := Parse(w.Message())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.XORAddress(AttrXORMappedAddress); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("family 3: %v", err)
	}
	if _, err := m.Uint32(AttrPriority); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("2-byte PRIORITY: %v", err)
	}
	if _, _, err := m.ErrorCode(); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("class 7: %v", err)
	}
	if _, err := m.UnknownAttributes(nil); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("odd UNKNOWN-ATTRIBUTES: %v", err)
	}
	if _, err := m.PasswordAlgorithms(nil); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("overrunning PASSWORD-ALGORITHMS: %v", err)
	}
	if _, err := m.Uint64(AttrICEControlling); !errors.Is(err, ErrAttributeNotFound) {
		t.Errorf("absent: %v", err)
	}
	unk := m.UnknownComprehensionRequired(nil, func(t AttrType) bool { return t != AttrErrorCode })
	if len(unk) != 1 || unk[0] != AttrErrorCode {
		t.Errorf("unknown comprehension-required = %v", unk)
	}
}

func TestBuilderTooLong(t *testing.T) {
	var w Builder
	w.Reset(nil, BindingRequest, TransactionID{})
	w.Add(AttrData, make([]byte, 70000))
	if w.Err() != ErrTooLong {
		t.Errorf("70000-byte value: %v", w.Err())
	}
	if _, err := Parse(w.Message()); err != nil {
		t.Errorf("message after a refused attribute does not parse: %v", err)
	}
}

func TestLongTermKeys(t *testing.T) {
	t.Logf("# RFC 8489 §9.2.2: SHA-256 key is SHA-256(username \":\" realm \":\" password), 32 bytes")
	if k := LongTermKey(PasswordAlgorithmSHA256, "u", "r", "p"); len(k) != 32 {
		t.Errorf("len %d", len(k))
	}
	if k := LongTermKey(PasswordAlgorithmMD5, "u", "r", "p"); len(k) != 16 {
		t.Errorf("len %d", len(k))
	}
	if LongTermKey(7, "u", "r", "p") != nil {
		t.Errorf("unknown algorithm gives a key")
	}
	h := Userhash("u", "r")
	if bytes.Equal(h[:], make([]byte, 32)) {
		t.Errorf("zero userhash")
	}
}

func FuzzParse(f *testing.F) {
	for _, b := range [][]byte{vectorRequest, vectorIPv4Response, vectorIPv6Response, vectorLongTerm, buildAll(nil)} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			return
		}
		// Exercise every decoder; none may panic.
		for _, at := range []AttrType{AttrMappedAddress, AttrAlternateServer} {
			_, _ = m.Address(at)
		}
		for _, at := range []AttrType{AttrXORMappedAddress, AttrXORPeerAddress, AttrXORRelayedAddress} {
			_, _ = m.XORAddress(at)
		}
		_, _, _ = m.ErrorCode()
		_, _ = m.UnknownAttributes(nil)
		_, _ = m.PasswordAlgorithms(nil)
		_, _ = m.PasswordAlgorithm()
		_, _ = m.ChannelNumber()
		_, _ = m.EvenPort()
		_, _ = m.RequestedTransport()
		_, _ = m.RequestedAddressFamily(AttrRequestedAddressFamily)
		_ = m.CheckIntegrity([]byte("k"))
		_ = m.CheckIntegritySHA256([]byte("k"))
		_ = m.CheckFingerprint()
		// parse → marshal → parse agrees: rebuild from the kept attributes.
		var w Builder
		w.Reset(nil, m.Type, m.TransactionID)
		for _, a := range m.Attributes {
			w.Add(a.Type, a.Value)
		}
		m2, err := Parse(w.Message())
		if err != nil {
			t.Fatalf("rebuilt message does not parse: %v", err)
		}
		if m2.Type != m.Type || m2.TransactionID != m.TransactionID || len(m2.Attributes) != len(m.Attributes) {
			t.Fatalf("rebuilt message differs: %v vs %v", &m2, &m)
		}
		for i := range m.Attributes {
			if m.Attributes[i].Type != m2.Attributes[i].Type || !bytes.Equal(m.Attributes[i].Value, m2.Attributes[i].Value) {
				t.Fatalf("attribute %d differs", i)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	var m Message
	b.ReportAllocs()
	b.SetBytes(int64(len(vectorRequest)))
	for b.Loop() {
		if err := m.Unmarshal(vectorRequest); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildBindingRequest(b *testing.B) {
	var w Builder
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		w.Reset(buf[:0], BindingRequest, TransactionID{1})
		w.AddString(AttrUsername, "abcd:efgh")
		w.AddUint32(AttrPriority, 1)
		w.AddUint64(AttrICEControlling, 2)
		w.AddFingerprint()
	}
}

func BenchmarkCheckIntegrityKey(b *testing.B) {
	var m Message
	key := NewKey(ShortTermKey(vectorPassword))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Unmarshal(vectorRequest)
		if err := m.CheckIntegrityKey(key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildSignedRequest(b *testing.B) {
	var w Builder
	buf := make([]byte, 0, 256)
	key := NewKey([]byte(vectorPassword))
	b.ReportAllocs()
	for b.Loop() {
		w.Reset(buf[:0], BindingRequest, TransactionID{1})
		w.AddString(AttrUsername, "abcd:efgh")
		w.AddUint32(AttrPriority, 1)
		w.AddUint64(AttrICEControlling, 2)
		w.AddMessageIntegrityKey(key)
		w.AddFingerprint()
	}
}

func TestKeyMatchesBytes(t *testing.T) {
	t.Logf("# a reusable Key gives the same MESSAGE-INTEGRITY(-SHA256) as the key bytes, on every reuse")
	k := NewKey(ShortTermKey(vectorPassword))
	for i := 0; i < 3; i++ {
		m, _ := Parse(vectorRequest)
		if err := m.CheckIntegrityKey(k); err != nil {
			t.Fatalf("use %d: %v", i, err)
		}
		var w1, w2 Builder
		w1.Reset(nil, BindingRequest, TransactionID{byte(i)})
		w2.Reset(nil, BindingRequest, TransactionID{byte(i)})
		w1.AddMessageIntegrityKey(k)
		w1.AddMessageIntegritySHA256Key(k)
		w2.AddMessageIntegrity([]byte(vectorPassword))
		w2.AddMessageIntegritySHA256([]byte(vectorPassword))
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("use %d: Key and bytes differ", i)
		}
		m2, _ := Parse(w1.Bytes())
		if m2.CheckIntegritySHA256Key(k) != nil || m2.CheckIntegrityKey(NewKey([]byte("x"))) != ErrIntegrityMismatch {
			t.Fatalf("use %d: SHA256 check with Key", i)
		}
	}
}

func BenchmarkCheckIntegrity(b *testing.B) {
	var m Message
	key := ShortTermKey(vectorPassword)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Unmarshal(vectorRequest)
		if err := m.CheckIntegrity(key); err != nil {
			b.Fatal(err)
		}
	}
}
