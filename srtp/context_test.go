package srtp

import (
	"errors"
	"testing"
)

func TestMaxSSRCs(t *testing.T) {
	p := newPair(t, ProfileAES128CMHMACSHA1_80, WithMaxSSRCs(2))
	var pkts [][]byte
	for i := range 3 {
		p.ssrc = uint32(i + 1)
		if i < 2 {
			pkts = append(pkts, p.writeRTP(1))
		}
	}
	if _, err := p.tx.EncryptRTP(nil, rtpPacket(1, 3, 10)); !errors.Is(err, ErrTooManySSRCs) {
		t.Fatalf("third SSRC: %v", err)
	}
	p.ssrc = 1
	p.wantRTP("ssrc 1", pkts[0], 1)
	p.ssrc = 2
	p.wantRTP("ssrc 2", pkts[1], 1)
	p.tx.RemoveSSRC(1)
	if _, err := p.tx.EncryptRTP(nil, rtpPacket(1, 3, 10)); err != nil {
		t.Fatalf("after RemoveSSRC: %v", err)
	}
	pkt, _ := p.tx.EncryptRTP(nil, rtpPacket(2, 3, 100))
	p.ssrc = 3
	p.wantDropped("receiver at cap", pkt, ErrTooManySSRCs)
}

func TestNewContextErrors(t *testing.T) {
	if _, err := NewContext(Profile(5), make([]byte, 16), make([]byte, 14)); !errors.Is(err, ErrUnsupportedProfile) {
		t.Error(err)
	}
	if _, err := NewContext(ProfileAEADAES256GCM, make([]byte, 16), make([]byte, 12)); !errors.Is(err, ErrInvalidKey) {
		t.Error(err)
	}
	if _, err := NewContext(ProfileAES128CMHMACSHA1_80, make([]byte, 16), make([]byte, 14), WithReplayWindow(-1)); err == nil {
		t.Error("negative replay window accepted")
	}
	if _, err := NewContext(ProfileAES128CMHMACSHA1_80, make([]byte, 16), make([]byte, 14), WithMaxSSRCs(0)); err == nil {
		t.Error("zero SSRC cap accepted")
	}
}
