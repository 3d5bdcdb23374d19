package rtp

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadChromium reads a capture from testdata/chromium: one packet per line
// in hex, '#' lines are comments.
func loadChromium(t testing.TB, name string) [][]byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "chromium", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		b, err := hex.DecodeString(line)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var chromiumCaptures = []struct {
	file string
	pt   uint8
	mid  string
}{
	{"chromium-vp8.hex", 96, "0"}, {"chromium-vp9.hex", 98, "0"}, {"chromium-h264.hex", 102, "0"},
	{"chromium-av1.hex", 45, "0"}, {"chromium-opus.hex", 111, "1"},
}

// Extension IDs negotiated in the captures (see the file headers).
const (
	chromeAbsSendTime = 2
	chromeOrientation = 3
	chromeTransportCC = 4
	chromeMID         = 9
	chromeAudioLevel  = 14
)

func TestChromiumPackets(t *testing.T) {
	t.Logf("# every packet Chromium sent parses, and re-encodes to the same bytes")
	for _, c := range chromiumCaptures {
		pkts := loadChromium(t, c.file)
		var lastTCC uint16
		mids := 0
		for i, b := range pkts {
			var p Packet
			if err := p.Unmarshal(b); err != nil {
				t.Fatalf("%s #%d: %v", c.file, i, err)
			}
			if p.PayloadType != c.pt || p.ExtensionProfile != ExtensionProfileOneByte || len(p.Payload) == 0 {
				t.Fatalf("%s #%d: PT %d profile %#x payload %d", c.file, i, p.PayloadType, p.ExtensionProfile, len(p.Payload))
			}
			if out := p.AppendTo(nil); !bytes.Equal(out, b) {
				t.Fatalf("%s #%d: re-encoded differently\n in %x\nout %x", c.file, i, b, out)
			}
			if _, err := ParseAbsSendTime(p.GetExtension(chromeAbsSendTime)); err != nil {
				t.Fatalf("%s #%d: abs-send-time: %v", c.file, i, err)
			}
			tcc, err := ParseTransportCC(p.GetExtension(chromeTransportCC))
			if err != nil {
				t.Fatalf("%s #%d: transport-cc: %v", c.file, i, err)
			}
			if i > 0 && !SeqNewer(tcc, lastTCC) {
				t.Fatalf("%s #%d: transport-wide sequence number %d after %d", c.file, i, tcc, lastTCC)
			}
			lastTCC = tcc
			if m := p.GetExtension(chromeMID); m != nil {
				if v, err := ParseSDES(m); err != nil || string(v) != c.mid {
					t.Fatalf("%s #%d: MID %q %v", c.file, i, v, err)
				}
				mids++
			}
			if o := p.GetExtension(chromeOrientation); o != nil {
				if v, err := ParseVideoOrientation(o); err != nil || v.Rotation != 0 {
					t.Fatalf("%s #%d: video orientation %+v %v", c.file, i, v, err)
				}
			}
			if c.pt == 111 {
				if _, _, err := ParseAudioLevel(p.GetExtension(chromeAudioLevel)); err != nil {
					t.Fatalf("%s #%d: audio level: %v", c.file, i, err)
				}
			}
		}
		if mids == 0 {
			t.Fatalf("%s: no MID extension", c.file)
		}
	}
}

func TestChromiumRTX(t *testing.T) {
	rtx := loadChromium(t, "chromium-rtx.hex")
	vp8 := loadChromium(t, "chromium-vp8.hex")
	var probe Packet
	if err := probe.Unmarshal(rtx[0]); err != nil {
		t.Fatal(err)
	}
	t.Logf("# Chromium's bandwidth probes are RTX packets of padding only (RFC 3550 §5.1, 255 padding bytes)")
	if probe.PaddingSize != 255 || len(probe.Payload) != 0 || probe.PayloadType != 97 {
		t.Fatalf("probe: PT %d padding %d payload %d", probe.PayloadType, probe.PaddingSize, len(probe.Payload))
	}
	if err := probe.UnwrapRTX(96, 0); err == nil {
		t.Fatal("padding-only RTX unwrapped")
	}
	var orig Packet
	if err := orig.Unmarshal(vp8[0]); err != nil {
		t.Fatal(err)
	}
	var r Packet
	if err := r.Unmarshal(rtx[1]); err != nil {
		t.Fatal(err)
	}
	t.Logf("# RFC 4588 §4: the retransmission carries the original timestamp, and the OSN then the original payload")
	if err := r.UnwrapRTX(96, orig.SSRC); err != nil {
		t.Fatal(err)
	}
	if r.SequenceNumber != orig.SequenceNumber || r.Timestamp != orig.Timestamp || r.Marker != orig.Marker || !bytes.Equal(r.Payload, orig.Payload) {
		t.Fatalf("unwrapped RTX differs from the original packet: seq %d/%d ts %d/%d", r.SequenceNumber, orig.SequenceNumber, r.Timestamp, orig.Timestamp)
	}
	t.Logf("# and AppendRTX rebuilds Chromium's RTX packet from the original and the RTX header fields")
	var rtxHdr Packet
	_ = rtxHdr.Unmarshal(rtx[1])
	orig.Header = rtxHdr.Header
	orig.SequenceNumber, orig.PayloadType, orig.SSRC = r.SequenceNumber, 96, r.SSRC
	if out := orig.AppendRTX(nil, rtxHdr.PayloadType, rtxHdr.SSRC, rtxHdr.SequenceNumber); !bytes.Equal(out, rtx[1]) {
		t.Fatalf("AppendRTX:\n got %x\nwant %x", out[:40], rtx[1][:40])
	}
}

func BenchmarkUnmarshalChromium(b *testing.B) {
	pkts := loadChromium(b, "chromium-vp8.hex")
	var p Packet
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range pkts {
			if err := p.Unmarshal(raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}
