package rtp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// equalHeader compares two headers field by field (slices by content).
func equalHeader(a, b *Header) bool {
	if a.Padding != b.Padding || a.Extension != b.Extension || a.Marker != b.Marker ||
		a.PayloadType != b.PayloadType || a.SequenceNumber != b.SequenceNumber ||
		a.Timestamp != b.Timestamp || a.SSRC != b.SSRC || a.ExtensionProfile != b.ExtensionProfile ||
		!bytes.Equal(a.ExtensionData, b.ExtensionData) {
		return false
	}
	ca, cb := a.CSRCs(), b.CSRCs()
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if ca[i] != cb[i] {
			return false
		}
	}
	ea, eb := a.Extensions(), b.Extensions()
	if len(ea) != len(eb) {
		return false
	}
	for i := range ea {
		if ea[i].ID != eb[i].ID || !bytes.Equal(ea[i].Payload, eb[i].Payload) {
			return false
		}
	}
	return true
}

// A header built by hand from RFC 3550 §5.1: V=2 P=0 X=0 CC=2 M=1 PT=96,
// seq 0x1234, timestamp 0xDEADBEEF, SSRC 0x01020304, CSRCs 0xA0A0A0A0 and
// 0xB0B0B0B0.
const goldenCSRCHeader = "8" + "2" + "e0" + "1234" + "deadbeef" + "01020304" + "a0a0a0a0" + "b0b0b0b0"

func TestHeaderGoldenCSRC(t *testing.T) {
	b := mustHex(t, goldenCSRCHeader+"cafe")
	var h Header
	n, err := h.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if n != 20 {
		t.Fatalf("header length %d, want 20", n)
	}
	if !h.Marker || h.PayloadType != 96 || h.SequenceNumber != 0x1234 || h.Timestamp != 0xDEADBEEF ||
		h.SSRC != 0x01020304 || h.Padding || h.Extension {
		t.Fatalf("fields wrong: %+v", h)
	}
	if c := h.CSRCs(); len(c) != 2 || c[0] != 0xA0A0A0A0 || c[1] != 0xB0B0B0B0 {
		t.Fatalf("CSRCs %x", c)
	}
	if got := h.AppendTo(nil); !bytes.Equal(got, b[:20]) {
		t.Fatalf("marshal %x, want %x", got, b[:20])
	}
}

// RFC 8285 §4.2 example: one-byte elements ID 1 (1 byte), ID 2 (2 bytes),
// two padding bytes, ID 3 (4 bytes); length 3 words.
const rfc8285OneByte = "bede0003" + "10aa" + "21bbbb" + "0000" + "33cccccccc"

// RFC 8285 §4.3 example: two-byte elements ID 1 (0 bytes), ID 2 (1 byte),
// a padding byte, ID 3 (4 bytes); length 3 words.
const rfc8285TwoByte = "10000003" + "0100" + "0201bb" + "00" + "0304cccccccc"

func TestRFC8285Examples(t *testing.T) {
	for _, tc := range []struct {
		name, ext string
		profile   uint16
		want      []Extension
	}{
		{"one-byte §4.2", rfc8285OneByte, ExtensionProfileOneByte, []Extension{
			{1, []byte{0xaa}}, {2, []byte{0xbb, 0xbb}}, {3, []byte{0xcc, 0xcc, 0xcc, 0xcc}}}},
		{"two-byte §4.3", rfc8285TwoByte, ExtensionProfileTwoByte, []Extension{
			{1, []byte{}}, {2, []byte{0xbb}}, {3, []byte{0xcc, 0xcc, 0xcc, 0xcc}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := mustHex(t, "9060000100000002000000aa"+tc.ext+"ff")
			var p Packet
			if err := p.Unmarshal(b); err != nil {
				t.Fatal(err)
			}
			if p.ExtensionProfile != tc.profile {
				t.Fatalf("profile %#x", p.ExtensionProfile)
			}
			got := p.Extensions()
			if len(got) != len(tc.want) {
				t.Fatalf("got %d elements, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i].ID != tc.want[i].ID || !bytes.Equal(got[i].Payload, tc.want[i].Payload) {
					t.Errorf("element %d: %d %x, want %d %x", i, got[i].ID, got[i].Payload, tc.want[i].ID, tc.want[i].Payload)
				}
			}
			if !bytes.Equal(p.Payload, []byte{0xff}) {
				t.Fatalf("payload %x", p.Payload)
			}
			// Re-encoding drops the inner padding but keeps the meaning
			// and the 32-bit alignment.
			out := p.AppendTo(nil)
			if (len(out)-13)%4 != 0 {
				t.Fatalf("extension not word aligned: %x", out)
			}
			var q Packet
			if err := q.Unmarshal(out); err != nil {
				t.Fatal(err)
			}
			if !equalHeader(&p.Header, &q.Header) || !bytes.Equal(p.Payload, q.Payload) {
				t.Fatalf("round trip differs: %x", out)
			}
		})
	}
}

func TestOneByteStopRules(t *testing.T) {
	t.Logf("# RFC 8285 §4.2: if the ID value 15 is encountered ... processing of the entire extension MUST terminate")
	b := mustHex(t, "9060000100000002000000aa"+"bede0002"+"10aa"+"f5"+"20bb"+"000000")
	var h Header
	if _, err := h.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	if e := h.Extensions(); len(e) != 1 || e[0].ID != 1 {
		t.Fatalf("elements %v, want only ID 1", e)
	}
	t.Logf("# RFC 8285 §4.1.2: an element with ID 0 and a length greater than 0 ... processing MUST terminate")
	b = mustHex(t, "9060000100000002000000aa"+"bede0002"+"10aa"+"05"+"20bb"+"000000")
	if _, err := h.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	if e := h.Extensions(); len(e) != 1 || e[0].ID != 1 {
		t.Fatalf("elements %v, want only ID 1", e)
	}
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		want      error
	}{
		{"empty", "", ErrShortPacket},
		{"11 bytes", "8060000100000002000000", ErrShortPacket},
		{"version 1", "4060000100000002000000aa", ErrVersion},
		{"version 0", "0060000100000002000000aa", ErrVersion},
		{"csrc missing", "8160000100000002000000aa", ErrShortPacket},
		{"ext header missing", "9060000100000002000000aa" + "bede", ErrShortPacket},
		{"ext body missing", "9060000100000002000000aa" + "bede0001" + "10aa", ErrShortPacket},
		{"one-byte element overruns", "9060000100000002000000aa" + "bede0001" + "10aa" + "3100", ErrExtension},
		{"two-byte length missing", "9060000100000002000000aa" + "10000001" + "0000" + "0001", ErrExtension},
		{"two-byte element overruns", "9060000100000002000000aa" + "10000001" + "0103aaaa", ErrExtension},
		{"padding zero", "a060000100000002000000aa" + "0000", ErrPadding},
		{"padding too long", "a060000100000002000000aa" + "0003", ErrPadding},
		{"padding without bytes", "a060000100000002000000aa", ErrPadding},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p Packet
			if err := p.Unmarshal(mustHex(t, tc.hex)); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestTooManyExtensions(t *testing.T) {
	// 17 two-byte elements of length 0: 34 bytes, padded to 36 (9 words).
	ext := "10000009"
	for i := 1; i <= MaxExtensions+1; i++ {
		ext += hex.EncodeToString([]byte{byte(i), 0})
	}
	ext += "0000"
	var h Header
	if _, err := h.Unmarshal(mustHex(t, "9060000100000002000000aa"+ext)); !errors.Is(err, ErrTooManyExtensions) {
		t.Fatalf("got %v, want ErrTooManyExtensions", err)
	}
	var w Header
	for i := 1; i <= MaxExtensions; i++ {
		if err := w.SetExtension(uint8(i), []byte{1}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.SetExtension(200, []byte{1}); !errors.Is(err, ErrTooManyExtensions) {
		t.Fatalf("SetExtension over the cap: %v", err)
	}
}

func TestExtensionFormChoice(t *testing.T) {
	var h Header
	h.PayloadType = 111
	if err := h.SetExtension(3, []byte{0x80 | 30}); err != nil {
		t.Fatal(err)
	}
	if err := h.SetExtension(5, []byte{0, 7}); err != nil {
		t.Fatal(err)
	}
	b := h.AppendTo(nil)
	t.Logf("# RFC 8285 §4.1.1: transmitters SHOULD NOT use the two-byte form when all extensions fit the one-byte form")
	want := mustHex(t, "906f00000000000000000000"+"bede0002"+"309e"+"510007"+"000000")
	if !bytes.Equal(b, want) {
		t.Fatalf("one-byte form:\n got %x\nwant %x", b, want)
	}
	if err := h.SetExtension(20, []byte("abc")); err != nil {
		t.Fatal(err)
	}
	b = h.AppendTo(nil)
	want = mustHex(t, "906f00000000000000000000"+"10000003"+"03019e"+"05020007"+"1403616263")
	if !bytes.Equal(b, want) {
		t.Fatalf("two-byte form:\n got %x\nwant %x", b, want)
	}
	if !h.DelExtension(20) || h.DelExtension(20) {
		t.Fatal("DelExtension")
	}
	if got := h.GetExtension(5); !bytes.Equal(got, []byte{0, 7}) {
		t.Fatalf("GetExtension(5) = %x", got)
	}
	if h.GetExtension(20) != nil {
		t.Fatal("deleted extension still present")
	}
	if err := h.SetExtension(0, []byte{1}); !errors.Is(err, ErrInvalidField) {
		t.Fatalf("ID 0 accepted: %v", err)
	}
	if err := h.SetExtension(1, make([]byte, 256)); !errors.Is(err, ErrInvalidField) {
		t.Fatalf("256-byte payload accepted: %v", err)
	}
	h.ClearExtensions()
	if b := h.AppendTo(nil); len(b) != 12 || b[0] != 0x80 {
		t.Fatalf("after ClearExtensions: %x", b)
	}
}

func TestRawExtension(t *testing.T) {
	t.Logf("# RFC 3550 §5.3.1: a profile-defined extension is kept as opaque words")
	b := mustHex(t, "9060000100000002000000aa"+"abcd0001"+"01020304"+"99")
	var p Packet
	if err := p.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	if p.ExtensionProfile != 0xabcd || !bytes.Equal(p.ExtensionData, []byte{1, 2, 3, 4}) || len(p.Extensions()) != 0 {
		t.Fatalf("raw extension: %#x %x", p.ExtensionProfile, p.ExtensionData)
	}
	if out := p.AppendTo(nil); !bytes.Equal(out, b) {
		t.Fatalf("raw round trip %x", out)
	}
	p.ExtensionData = []byte{1, 2, 3}
	if err := p.Validate(); !errors.Is(err, ErrInvalidField) {
		t.Fatalf("unaligned raw extension validated: %v", err)
	}
	if _, err := p.MarshalTo(make([]byte, 100)); !errors.Is(err, ErrInvalidField) {
		t.Fatalf("MarshalTo: %v", err)
	}
}

func TestValidate(t *testing.T) {
	h := Header{PayloadType: 128}
	if err := h.Validate(); !errors.Is(err, ErrInvalidField) {
		t.Fatal("PT 128 accepted")
	}
	h = Header{NumCSRC: 16}
	if err := h.Validate(); !errors.Is(err, ErrInvalidField) {
		t.Fatal("16 CSRCs accepted")
	}
	h = Header{NumCSRC: 1}
	if _, err := h.MarshalTo(make([]byte, 15)); !errors.Is(err, ErrBufferTooSmall) {
		t.Fatalf("short buffer: %v", err)
	}
	n, err := h.MarshalTo(make([]byte, 16))
	if err != nil || n != 16 {
		t.Fatalf("MarshalTo = %d, %v", n, err)
	}
}

func TestHeaderPrefixes(t *testing.T) {
	t.Logf("# RTP has no length field, so only the header can be checked: no strict prefix of a header parses")
	full := mustHex(t, "9260000100000002000000aa"+"11111111"+"22222222"+rfc8285OneByte)
	var h Header
	n, err := h.Unmarshal(full)
	if err != nil || n != len(full) {
		t.Fatalf("full header: %d %v", n, err)
	}
	for i := range len(full) {
		if _, err := h.Unmarshal(full[:i]); err == nil {
			t.Fatalf("prefix of %d bytes parsed", i)
		}
	}
}
