package dtls

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/cryptotest"
	"time"

	"github.com/c4c1f6e1/webrtc/dtls"
)

var update = flag.Bool("update", false, "record new OpenSSL transcripts into ../../dtls/testdata")

// testdataDir is where the dtls package's replay test reads transcripts.
const testdataDir = "../../dtls/testdata"

// transcriptRand must match the reader of the replay test in package dtls
// (transcript_test.go there): ChaCha8 seeded with this string.
func transcriptRand() io.Reader {
	var seed [32]byte
	copy(seed[:], "dtls transcript randomness seed!")
	return rand.NewChaCha8(seed)
}

// loadOrMakeCert reads testdata/<name>.crt/.key, or makes them under -update.
func loadOrMakeCert(t *testing.T, name string) (dtls.Certificate, string, string) {
	crt, key := filepath.Join(testdataDir, name+".crt"), filepath.Join(testdataDir, name+".key")
	if _, err := os.Stat(crt); err != nil {
		c, crt2, key2 := makeCert(t, kindECDSA, t.TempDir(), name)
		for _, p := range [][2]string{{crt2, crt}, {key2, key}} {
			b, err := os.ReadFile(p[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p[1], b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return c, crt, key
	}
	cb, err := os.ReadFile(crt)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	cblk, _ := pem.Decode(cb)
	kblk, _ := pem.Decode(kb)
	if cblk == nil || kblk == nil {
		t.Fatalf("bad PEM in %s", testdataDir)
	}
	k, err := x509.ParsePKCS8PrivateKey(kblk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	signer, ok := k.(crypto.Signer)
	if !ok {
		t.Fatal("key is not a signer")
	}
	c := dtls.Certificate{Chain: [][]byte{cblk.Bytes}, PrivateKey: signer}
	return c, crt, key
}

// TestRecordTranscripts records a handshake, one application record each
// way and close_notify against openssl s_server and s_client, with fixed
// randomness on our side, for the byte-for-byte replay test in package dtls.
// It only runs with -update.
func TestRecordTranscripts(t *testing.T) {
	if !*update {
		t.Skip("run with -update to record new transcripts")
	}
	needOpenSSL(t)
	for _, role := range []string{"client", "server"} {
		t.Run(role, func(t *testing.T) { recordTranscript(t, role) })
	}
}

func recordTranscript(t *testing.T, role string) {
	ours, oursCrt, _ := loadOrMakeCert(t, "ours")
	peer, peerCrt, peerKey := loadOrMakeCert(t, "openssl")
	cryptotest.SetGlobalRandom(t, 1)
	var lines []string
	logf := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	cfg := &dtls.Config{Certificate: ours, Rand: transcriptRand(),
		ExpectedFingerprints: []dtls.Fingerprint{fingerprint(t, peer)},
		InitialRetransmit:    30 * time.Second,
	}
	pc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	common := []string{"-dtls1_2", "-cert", peerCrt, "-key", peerKey, "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
		"-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"}
	var conn *dtls.Conn
	var p *proc
	d := &driver{pc: pc, buf: make([]byte, 1<<16)}
	if role == "client" {
		port := freeUDPPort(t)
		p = startOpenSSL(t, append([]string{"s_server", "-accept", fmt.Sprintf("127.0.0.1:%d", port),
			"-Verify", "1", "-verifyCAfile", oursCrt, "-naccept", "1"}, common...)...)
		p.waitLine(t, "ACCEPT", 10*time.Second)
		conn, err = dtls.NewClient(cfg)
		d.peer = &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}
	} else {
		conn, err = dtls.NewServer(cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	d.conn = conn
	d.record = func(in bool, b []byte) {
		if in {
			logf("< %x", b)
		} else {
			logf("> %x", b)
		}
	}
	if role == "client" {
		logf("start")
		if err := conn.Start(time.Now()); err != nil {
			t.Fatal(err)
		}
	} else {
		port := pc.LocalAddr().(*net.UDPAddr).Port
		p = startOpenSSL(t, append([]string{"s_client", "-connect", fmt.Sprintf("127.0.0.1:%d", port),
			"-verify", "1", "-CAfile", oursCrt}, common...)...)
	}
	if err := d.run(t, 10*time.Second, conn.Connected); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	p.waitLine(t, "Keying material: ", 5*time.Second)
	logf("export %x", p.keyingMaterial(t))
	msg := []byte("hello from go\n")
	logf("write %x", msg)
	if err := conn.WriteApplicationData(msg); err != nil {
		t.Fatal(err)
	}
	d.flush(t)
	p.waitLine(t, "hello from go", 5*time.Second)
	if _, err := io.WriteString(p.stdin, "hello from openssl\n"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<14)
	if err := d.run(t, 5*time.Second, func() bool {
		n, ok := conn.ReadApplicationData(buf)
		if ok {
			logf("read %x", buf[:n])
		}
		return ok
	}); err != nil {
		t.Fatal(err)
	}
	logf("close")
	conn.Close()
	d.flush(t)
	head := fmt.Sprintf("# Our %s against OpenSSL (%s), recorded by interop/dtls TestRecordTranscripts -update.\n"+
		"# Replayed byte for byte by TestTranscriptReplay in package dtls.\n", role, opensslVersion(t))
	out := head + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(testdataDir, role+"_vs_openssl.transcript"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

func opensslVersion(t *testing.T) string {
	out, err := exec.Command(needOpenSSL(t), "version").Output()
	if err != nil {
		return "unknown version"
	}
	return strings.TrimSpace(string(out))
}
