package dtls

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/cryptotest"
	"time"
)

// transcriptRand must match the reader of the recorder in interop/dtls
// (transcript_test.go there).
func transcriptRand() io.Reader {
	var seed [32]byte
	copy(seed[:], "dtls transcript randomness seed!")
	return rand.NewChaCha8(seed)
}

func loadTestdataCert(t *testing.T, name string) Certificate {
	t.Helper()
	cb, err := os.ReadFile(filepath.Join("testdata", name+".crt"))
	if err != nil {
		t.Fatal(err)
	}
	kb, err := os.ReadFile(filepath.Join("testdata", name+".key"))
	if err != nil {
		t.Fatal(err)
	}
	cblk, _ := pem.Decode(cb)
	kblk, _ := pem.Decode(kb)
	if cblk == nil || kblk == nil {
		t.Fatal("bad PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(kblk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return Certificate{Chain: [][]byte{cblk.Bytes}, PrivateKey: k.(crypto.Signer)}
}

// TestTranscriptReplay replays handshakes recorded against OpenSSL (see
// interop/dtls, -update) with the same fixed randomness: every datagram we
// emit must equal the recorded one byte for byte, and the exporter must
// give what OpenSSL printed.
func TestTranscriptReplay(t *testing.T) {
	for _, role := range []string{"client", "server"} {
		t.Run(role, func(t *testing.T) {
			cryptotest.SetGlobalRandom(t, 1) // ECDSA signatures draw from the global source
			ours := loadTestdataCert(t, "ours")
			peer := loadTestdataCert(t, "openssl")
			cfg := &Config{Certificate: ours, Rand: transcriptRand(),
				ExpectedFingerprints: []Fingerprint{fp(t, peer)},
				InitialRetransmit:    30 * time.Second,
			}
			var c *Conn
			var err error
			if role == "client" {
				c, err = NewClient(cfg)
			} else {
				c, err = NewServer(cfg)
			}
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join("testdata", role+"_vs_openssl.transcript"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			buf := make([]byte, 1<<16)
			now := t0
			line := 0
			sent, received := 0, 0
			for sc.Scan() {
				line++
				text := sc.Text()
				if strings.HasPrefix(text, "#") || text == "" {
					continue
				}
				verb, arg, _ := strings.Cut(text, " ")
				data, err := hex.DecodeString(arg)
				if err != nil {
					t.Fatalf("line %d: %v", line, err)
				}
				if verb != ">" {
					if n, ok := c.PollTransmit(buf); ok {
						t.Fatalf("line %d: we sent a datagram the recording does not have: %x", line, buf[:n])
					}
				}
				switch verb {
				case "start":
					if err := c.Start(now); err != nil {
						t.Fatal(err)
					}
				case ">":
					n, ok := c.PollTransmit(buf)
					if !ok {
						t.Fatalf("line %d: we sent nothing, recording has %x", line, data)
					}
					if !bytes.Equal(buf[:n], data) {
						t.Fatalf("line %d: datagram differs\n got %x\nwant %x", line, buf[:n], data)
					}
					sent++
				case "<":
					c.HandleInput(now, data)
					received++
				case "export":
					if !c.Connected() {
						t.Fatalf("line %d: not connected: %v", line, c.Err())
					}
					km, err := c.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", nil, len(data))
					if err != nil || !bytes.Equal(km, data) {
						t.Fatalf("line %d: exporter %x, OpenSSL printed %x", line, km, data)
					}
				case "write":
					if err := c.WriteApplicationData(data); err != nil {
						t.Fatal(err)
					}
				case "read":
					n, ok := c.ReadApplicationData(buf)
					if !ok || !bytes.Equal(buf[:n], data) {
						t.Fatalf("line %d: read %q, want %q", line, buf[:n], data)
					}
				case "close":
					c.Close()
				default:
					t.Fatalf("line %d: unknown verb %q", line, verb)
				}
			}
			if n, ok := c.PollTransmit(buf); ok {
				t.Fatalf("extra datagram at the end: %x", buf[:n])
			}
			t.Logf("# replayed %d datagrams out and %d in, byte for byte", sent, received)
		})
	}
}
