package webrtc

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzSetRemoteDescription feeds arbitrary SDP to setRemoteDescription as an
// offer and, when it is accepted, answers it and applies the answer back to
// a fresh offerer: malformed input must give an error, never a panic, and
// every answer we create must be one we accept ourselves.
func FuzzSetRemoteDescription(f *testing.F) {
	files, _ := filepath.Glob("sdp/testdata/*.sdp")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		ctx := context.Background()
		pc, err := NewPeerConnection(Configuration{Certificates: fuzzCerts(t)})
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close()
		if err := pc.SetRemoteDescription(ctx, SessionDescription{Type: SDPTypeOffer, SDP: text}); err != nil {
			return
		}
		answer, err := pc.CreateAnswer(ctx, nil)
		if err != nil {
			t.Fatalf("CreateAnswer after an accepted offer: %v", err)
		}
		if err := pc.SetLocalDescription(ctx, &answer); err != nil {
			t.Fatalf("SetLocalDescription(our own answer): %v\n%s", err, answer.SDP)
		}
		if _, err := parseDescription(SDPTypeAnswer, answer.SDP); err != nil {
			t.Fatalf("our answer does not parse: %v\n%s", err, answer.SDP)
		}
		if _, err := pc.CreateOffer(ctx, nil); err != nil {
			t.Fatalf("CreateOffer after negotiating: %v", err)
		}
	})
}

var fuzzCert Certificate

func fuzzCerts(t *testing.T) []Certificate {
	if fuzzCert.IsZero() {
		c, err := GenerateCertificate(ECDSAP256)
		if err != nil {
			t.Fatal(err)
		}
		fuzzCert = c
	}
	return []Certificate{fuzzCert}
}
