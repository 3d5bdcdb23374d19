package dtls

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/dtls"
)

// needOpenSSL finds the openssl binary; it fails under CI=true when it is
// missing (DESIGN.md §4) and skips otherwise.
func needOpenSSL(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("openssl not installed: %v", err)
		}
		t.Skipf("openssl not installed: %v", err)
	}
	return p
}

type keyKind string

const (
	kindECDSA keyKind = "ecdsa"
	kindRSA   keyKind = "rsa"
)

// makeCert writes a self-signed certificate and key as PEM files and
// returns them with the dtls form.
func makeCert(t *testing.T, kind keyKind, dir, name string) (dtls.Certificate, string, string) {
	t.Helper()
	var key crypto.Signer
	var err error
	if kind == kindRSA {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath := filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk}), 0o600); err != nil {
		t.Fatal(err)
	}
	return dtls.Certificate{Chain: [][]byte{der}, PrivateKey: key}, certPath, keyPath
}

func fingerprint(t *testing.T, c dtls.Certificate) dtls.Fingerprint {
	f, err := dtls.NewFingerprint("sha-256", c.Chain[0])
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// proc is an openssl child process with its output collected.
type proc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
	lines chan string
}

func startOpenSSL(t *testing.T, args ...string) *proc {
	t.Helper()
	bin := needOpenSSL(t)
	p := &proc{cmd: exec.Command(bin, args...), lines: make(chan string, 1024)}
	var err error
	p.stdin, err = p.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.cmd.Stdout
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.out.WriteString(line + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- line:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		p.stdin.Close()
		_ = p.cmd.Process.Kill()
		_ = p.cmd.Wait()
		<-done
		if t.Failed() {
			t.Logf("openssl %s output:\n%s", strings.Join(args, " "), p.output())
		}
	})
	return p
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitLine waits for a line of OpenSSL output that contains s.
func (p *proc) waitLine(t *testing.T, s string, d time.Duration) {
	t.Helper()
	tm := time.NewTimer(d)
	defer tm.Stop()
	for {
		select {
		case l := <-p.lines:
			if strings.Contains(l, s) {
				return
			}
		case <-tm.C:
			t.Fatalf("openssl did not print %q within %v", s, d)
		}
	}
}

var keyMatRE = regexp.MustCompile(`Keying material: ([0-9A-Fa-f]+)`)

func (p *proc) keyingMaterial(t *testing.T) []byte {
	t.Helper()
	m := keyMatRE.FindStringSubmatch(p.output())
	if m == nil {
		t.Fatalf("no keying material in openssl output")
	}
	b, err := hex.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// driver runs a sans-IO dtls.Conn over a UDP socket with the real clock:
// the test-only equivalent of what the webrtc package's loop will do.
type driver struct {
	conn *dtls.Conn
	pc   *net.UDPConn
	peer *net.UDPAddr
	buf  []byte
	// record, if set, sees every datagram in (in=true) and out.
	record func(in bool, p []byte)
}

func (d *driver) flush(t *testing.T) {
	for {
		n, ok := d.conn.PollTransmit(d.buf)
		if !ok {
			return
		}
		if d.record != nil {
			d.record(false, d.buf[:n])
		}
		if d.peer == nil {
			continue // server that has not heard from anyone yet
		}
		if _, err := d.pc.WriteToUDP(d.buf[:n], d.peer); err != nil {
			t.Errorf("write: %v", err)
		}
	}
}

// run drives the Conn until done returns true, the Conn fails, or the
// timeout passes.
func (d *driver) run(t *testing.T, timeout time.Duration, done func() bool) error {
	t.Helper()
	end := time.Now().Add(timeout)
	rbuf := make([]byte, 1<<16)
	for {
		d.flush(t)
		if done() {
			return nil
		}
		if err := d.conn.Err(); err != nil {
			return err
		}
		if time.Now().After(end) {
			return errors.New("timeout")
		}
		wake := time.Now().Add(20 * time.Millisecond)
		if dl := d.conn.NextDeadline(); !dl.IsZero() && dl.Before(wake) {
			wake = dl
		}
		_ = d.pc.SetReadDeadline(wake)
		n, addr, err := d.pc.ReadFromUDP(rbuf)
		now := time.Now()
		if err == nil {
			if d.peer == nil {
				d.peer = addr
			}
			if d.record != nil {
				d.record(true, rbuf[:n])
			}
			d.conn.HandleInput(now, rbuf[:n])
		}
		if dl := d.conn.NextDeadline(); !dl.IsZero() && !now.Before(dl) {
			d.conn.HandleTimeout(now)
		}
	}
}

// interopCase is one row of the matrix.
type interopCase struct {
	kind     keyKind
	suite    dtls.CipherSuite
	ossl     string // OpenSSL cipher name
	srtp     dtls.SRTPProtectionProfile
	osslSRTP string
	group    dtls.Group
	osslGrp  string
	mtu      int // if set: both sides fragment handshake messages to this MTU
}

var interopCases = []interopCase{
	{kindECDSA, dtls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ECDHE-ECDSA-AES128-GCM-SHA256", dtls.SRTP_AEAD_AES_128_GCM, "SRTP_AEAD_AES_128_GCM", dtls.GroupX25519, "X25519", 0},
	{kindECDSA, dtls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, "ECDHE-ECDSA-AES256-GCM-SHA384", dtls.SRTP_AEAD_AES_256_GCM, "SRTP_AEAD_AES_256_GCM", dtls.GroupP256, "P-256", 0},
	{kindECDSA, dtls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-ECDSA-CHACHA20-POLY1305", dtls.SRTP_AES128_CM_HMAC_SHA1_80, "SRTP_AES128_CM_SHA1_80", dtls.GroupP384, "P-384", 0},
	{kindRSA, dtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ECDHE-RSA-AES128-GCM-SHA256", dtls.SRTP_AES128_CM_HMAC_SHA1_32, "SRTP_AES128_CM_SHA1_32", dtls.GroupP256, "P-256", 0},
	{kindRSA, dtls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ECDHE-RSA-AES256-GCM-SHA384", dtls.SRTP_AEAD_AES_128_GCM, "SRTP_AEAD_AES_128_GCM", dtls.GroupX25519, "X25519", 0},
	{kindRSA, dtls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, "ECDHE-RSA-CHACHA20-POLY1305", dtls.SRTP_AEAD_AES_256_GCM, "SRTP_AEAD_AES_256_GCM", dtls.GroupP384, "P-384", 0},
}

// fragmentCases run with a small MTU so that the RSA certificate and
// other handshake messages are fragmented in both directions (RFC 6347
// §4.2.3).
var fragmentCases = []interopCase{
	{kindRSA, dtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ECDHE-RSA-AES128-GCM-SHA256", dtls.SRTP_AEAD_AES_128_GCM, "SRTP_AEAD_AES_128_GCM", dtls.GroupX25519, "X25519", 300},
}

func allCases() []interopCase {
	return append(append([]interopCase{}, interopCases...), fragmentCases...)
}

func (ic interopCase) name() string {
	n := fmt.Sprintf("%s/%v/%v/%v", ic.kind, ic.suite, ic.srtp, ic.group)
	if ic.mtu > 0 {
		n += fmt.Sprintf("/mtu%d", ic.mtu)
	}
	return n
}

// osslMTU returns the OpenSSL arguments for the case's MTU.
func (ic interopCase) osslMTU() []string {
	if ic.mtu == 0 {
		return nil
	}
	// OpenSSL's -mtu counts the UDP/IP headers (28 bytes for IPv4).
	return []string{"-mtu", fmt.Sprint(ic.mtu + 28)}
}

func (ic interopCase) kmLen() int {
	k, s := ic.srtp.KeySaltLen()
	return 2 * (k + s)
}

// osslSRTPList offers the case's profile first, then another, so that
// negotiation by preference is exercised.
func (ic interopCase) osslSRTPList() string {
	other := "SRTP_AES128_CM_SHA1_80"
	if ic.osslSRTP == other {
		other = "SRTP_AEAD_AES_128_GCM"
	}
	return ic.osslSRTP + ":" + other
}

// groups lists the case's group first and P-256 after it: RFC 8422 §5.1
// makes supported_groups constrain the curve of ECDSA certificates too.
func (ic interopCase) groups() []dtls.Group {
	if ic.group == dtls.GroupP256 {
		return []dtls.Group{ic.group}
	}
	return []dtls.Group{ic.group, dtls.GroupP256}
}

func (ic interopCase) osslGroups() string {
	if ic.osslGrp == "P-256" {
		return ic.osslGrp
	}
	return ic.osslGrp + ":P-256"
}

// checkMTU makes the driver fail the test when one of our handshake
// datagrams exceeds the case's MTU, and checks at the end that handshake
// messages were fragmented in both directions (RFC 6347 §4.2.3).
func checkMTU(t *testing.T, d *driver, mtu int) {
	if mtu == 0 {
		return
	}
	var fragments [2]int // partial fragments received, sent
	d.record = func(in bool, p []byte) {
		if !in && p[0] == 22 && len(p) > mtu {
			t.Errorf("we sent a handshake datagram of %d bytes; MTU %d", len(p), mtu)
		}
		dir := 1
		if in {
			dir = 0
		}
		for len(p) > 0 {
			rec, n, err := dtls.ParseRecord(p)
			if err != nil {
				return
			}
			p = p[n:]
			if rec.Header.Type != dtls.ContentHandshake || rec.Header.Epoch != 0 {
				continue
			}
			f, _, err := dtls.ParseHandshakeFragment(rec.Payload)
			if err == nil && len(f.Fragment) < int(f.Length) {
				fragments[dir]++
			}
		}
	}
	t.Cleanup(func() {
		t.Logf("# partial handshake fragments received %d, sent %d", fragments[0], fragments[1])
		if fragments[0] == 0 || fragments[1] == 0 {
			t.Errorf("handshake was not fragmented both ways with MTU %d", mtu)
		}
	})
}

func freeUDPPort(t *testing.T) int {
	pc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	port := pc.LocalAddr().(*net.UDPAddr).Port
	pc.Close()
	return port
}

func checkKeys(t *testing.T, c *dtls.Conn, ic interopCase, ossl []byte) {
	t.Helper()
	if c.CipherSuite() != ic.suite {
		t.Errorf("suite %v, want %v", c.CipherSuite(), ic.suite)
	}
	if c.Group() != ic.group {
		t.Errorf("group %v, want %v", c.Group(), ic.group)
	}
	if c.SRTPProfile() != ic.srtp {
		t.Errorf("SRTP profile %v, want %v", c.SRTPProfile(), ic.srtp)
	}
	ours, err := c.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", nil, ic.kmLen())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours, ossl) {
		t.Errorf("exported keying material differs:\n ours    %x\n openssl %x", ours, ossl)
	}
	keys, err := c.SRTPKeys()
	if err != nil {
		t.Fatal(err)
	}
	if got := append(append(append(append([]byte{}, keys.ClientKey...), keys.ServerKey...), keys.ClientSalt...), keys.ServerSalt...); !bytes.Equal(got, ossl) {
		t.Errorf("SRTPKeys do not split the exporter output as RFC 5764 §4.2 says")
	}
}

// TestOurClientOpenSSLServer: our client against openssl s_server -dtls1_2.
func TestOurClientOpenSSLServer(t *testing.T) {
	needOpenSSL(t)
	for _, ic := range allCases() {
		t.Run(ic.name(), func(t *testing.T) {
			dir := t.TempDir()
			ourCert, _, _ := makeCert(t, ic.kind, dir, "client")
			srvCert, srvCrt, srvKey := makeCert(t, ic.kind, dir, "server")
			ourCrtPath := filepath.Join(dir, "client.crt")
			port := freeUDPPort(t)
			p := startOpenSSL(t, append([]string{"s_server", "-dtls1_2", "-accept", fmt.Sprintf("127.0.0.1:%d", port),
				"-cert", srvCrt, "-key", srvKey, "-cipher", ic.ossl, "-groups", ic.osslGroups(), // OpenSSL checks an ECDSA peer key's curve against this list
				"-use_srtp", ic.osslSRTPList(), "-keymatexport", "EXTRACTOR-dtls_srtp",
				"-keymatexportlen", fmt.Sprint(ic.kmLen()), "-Verify", "1", "-verifyCAfile", ourCrtPath, "-naccept", "1"}, ic.osslMTU()...)...)
			p.waitLine(t, "ACCEPT", 10*time.Second)

			cfg := &dtls.Config{Certificate: ourCert, Rand: rand.Reader,
				ExpectedFingerprints: []dtls.Fingerprint{fingerprint(t, srvCert)},
				CipherSuites:         dtls.DefaultCipherSuites,
				Groups:               ic.groups(),
				SRTPProfiles:         []dtls.SRTPProtectionProfile{ic.srtp, dtls.SRTP_AES128_CM_HMAC_SHA1_80},
				InitialRetransmit:    200 * time.Millisecond,
				MTU:                  ic.mtu,
			}
			c, err := dtls.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			pc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			if err != nil {
				t.Fatal(err)
			}
			defer pc.Close()
			d := &driver{conn: c, pc: pc, peer: &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}, buf: make([]byte, 1<<16)}
			checkMTU(t, d, ic.mtu)
			hsIn := handshakeTypes(d, true)
			if err := c.Start(time.Now()); err != nil {
				t.Fatal(err)
			}
			if err := d.run(t, 10*time.Second, c.Connected); err != nil {
				t.Fatalf("handshake: %v", err)
			}
			if len(*hsIn) == 0 || (*hsIn)[0] != uint8(dtls.TypeHelloVerifyRequest) {
				t.Errorf("s_server sent %v first, want a HelloVerifyRequest (it always asks for a cookie)", *hsIn)
			}
			p.waitLine(t, "Keying material: ", 5*time.Second)
			checkKeys(t, c, ic, p.keyingMaterial(t))

			t.Logf("# application data both ways")
			if err := c.WriteApplicationData([]byte("hello from go\n")); err != nil {
				t.Fatal(err)
			}
			d.flush(t)
			p.waitLine(t, "hello from go", 5*time.Second)
			if _, err := io.WriteString(p.stdin, "hello from openssl\n"); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 1<<14)
			var got string
			if err := d.run(t, 5*time.Second, func() bool {
				n, ok := c.ReadApplicationData(buf)
				got += string(buf[:n])
				return ok && strings.Contains(got, "hello from openssl")
			}); err != nil {
				t.Fatalf("reading from openssl: %v (got %q)", err, got)
			}
			c.Close()
			d.flush(t)
		})
	}
}

// TestOpenSSLClientOurServer: openssl s_client -dtls1_2 against our server.
func TestOpenSSLClientOurServer(t *testing.T) {
	needOpenSSL(t)
	for _, ic := range allCases() {
		t.Run(ic.name(), func(t *testing.T) { openSSLClientOurServer(t, ic, false) })
	}
}

// TestOpenSSLClientOurServerNoCookie: openssl s_client against our server
// without the cookie exchange (Config.DisableHelloVerify, RFC 6347 §4.2.1
// "MAY"): the first ClientHello is answered with ServerHello at once, and
// OpenSSL completes the handshake. (OpenSSL's s_server always asks for a
// cookie, so our client meets a cookie-less server only in package dtls.)
func TestOpenSSLClientOurServerNoCookie(t *testing.T) {
	needOpenSSL(t)
	for _, ic := range []interopCase{interopCases[0], interopCases[3], fragmentCases[0]} {
		t.Run(ic.name(), func(t *testing.T) { openSSLClientOurServer(t, ic, true) })
	}
}

// handshakeTypes records the types of the handshake messages (first
// fragments, epoch 0) in the datagrams a driver sends (in=false) or
// receives.
func handshakeTypes(d *driver, in bool) *[]uint8 {
	var types []uint8
	prev := d.record
	d.record = func(dirIn bool, p []byte) {
		if prev != nil {
			prev(dirIn, p)
		}
		if dirIn != in {
			return
		}
		for len(p) > 0 {
			rec, n, err := dtls.ParseRecord(p)
			if err != nil {
				return
			}
			p = p[n:]
			if rec.Header.Type != dtls.ContentHandshake || rec.Header.Epoch != 0 {
				continue
			}
			if f, _, err := dtls.ParseHandshakeFragment(rec.Payload); err == nil && f.Offset == 0 {
				types = append(types, uint8(f.Type))
			}
		}
	}
	return &types
}

func openSSLClientOurServer(t *testing.T, ic interopCase, noCookie bool) {
	dir := t.TempDir()
	ourCert, ourCrt, _ := makeCert(t, ic.kind, dir, "server")
	cliCert, cliCrt, cliKey := makeCert(t, ic.kind, dir, "client")
	pc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	port := pc.LocalAddr().(*net.UDPAddr).Port
	cfg := &dtls.Config{Certificate: ourCert, Rand: rand.Reader,
		ExpectedFingerprints: []dtls.Fingerprint{fingerprint(t, cliCert)},
		Groups:               ic.groups(),
		SRTPProfiles:         []dtls.SRTPProtectionProfile{ic.srtp},
		InitialRetransmit:    200 * time.Millisecond,
		MTU:                  ic.mtu,
		DisableHelloVerify:   noCookie,
	}
	s, err := dtls.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	d := &driver{conn: s, pc: pc, buf: make([]byte, 1<<16)}
	checkMTU(t, d, ic.mtu)
	sent := handshakeTypes(d, false)
	p := startOpenSSL(t, append([]string{"s_client", "-dtls1_2", "-connect", fmt.Sprintf("127.0.0.1:%d", port),
		"-cert", cliCrt, "-key", cliKey, "-cipher", ic.ossl, "-groups", "X25519:P-256:P-384",
		"-use_srtp", ic.osslSRTPList(), "-keymatexport", "EXTRACTOR-dtls_srtp",
		"-keymatexportlen", fmt.Sprint(ic.kmLen()), "-verify", "1", "-CAfile", ourCrt}, ic.osslMTU()...)...)
	if err := d.run(t, 10*time.Second, s.Connected); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	t.Logf("# handshake messages we sent: %v", *sent)
	if hvr := slices.Contains(*sent, uint8(dtls.TypeHelloVerifyRequest)); hvr == noCookie || (*sent)[len(*sent)-1] != uint8(dtls.TypeServerHelloDone) {
		t.Errorf("sent %v with DisableHelloVerify %v", *sent, noCookie)
	}
	p.waitLine(t, "Keying material: ", 5*time.Second)
	checkKeys(t, s, ic, p.keyingMaterial(t))
	if s.CipherSuite() != ic.suite {
		t.Errorf("suite %v", s.CipherSuite())
	}

	t.Logf("# application data both ways")
	if err := s.WriteApplicationData([]byte("hello from go\n")); err != nil {
		t.Fatal(err)
	}
	d.flush(t)
	p.waitLine(t, "hello from go", 5*time.Second)
	if _, err := io.WriteString(p.stdin, "hello from openssl\n"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<14)
	var got string
	if err := d.run(t, 5*time.Second, func() bool {
		n, ok := s.ReadApplicationData(buf)
		got += string(buf[:n])
		return ok && strings.Contains(got, "hello from openssl")
	}); err != nil {
		t.Fatalf("reading from openssl: %v (got %q)", err, got)
	}
	s.Close()
	d.flush(t)
}
