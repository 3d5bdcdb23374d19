package rtp

import (
	"bytes"
	"testing"
)

func TestRTX(t *testing.T) {
	var p Packet
	p.PayloadType, p.SequenceNumber, p.Timestamp, p.SSRC, p.Marker = 96, 0x1234, 9000, 0xAAAA, true
	_ = p.SetExtension(1, []byte("0"))
	p.Payload = []byte{0xde, 0xad}
	p.PaddingSize = 3
	t.Logf("# RFC 4588 §4: same timestamp, RTX PT/SSRC/seq, payload = OSN + original payload")
	b := p.AppendRTX(nil, 97, 0xBBBB, 7)
	want := mustHex(t, "90e10007"+"00002328"+"0000bbbb"+"bede0001"+"10300000"+"1234dead")
	if !bytes.Equal(b, want) {
		t.Fatalf("RTX\n got %x\nwant %x", b, want)
	}
	var r Packet
	if err := r.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	if err := r.UnwrapRTX(96, 0xAAAA); err != nil {
		t.Fatal(err)
	}
	if r.SequenceNumber != 0x1234 || r.PayloadType != 96 || r.SSRC != 0xAAAA || r.Timestamp != 9000 ||
		!r.Marker || !bytes.Equal(r.Payload, p.Payload) || string(r.GetExtension(1)) != "0" {
		t.Fatalf("unwrapped %+v", r)
	}
	r.Payload = []byte{1}
	if err := r.UnwrapRTX(96, 1); err == nil {
		t.Fatal("RTX payload without OSN accepted")
	}
	osn, pl, err := ParseRTXPayload(AppendRTXPayload(nil, 65535, []byte{5}))
	if err != nil || osn != 65535 || !bytes.Equal(pl, []byte{5}) {
		t.Fatalf("%d %x %v", osn, pl, err)
	}
}
