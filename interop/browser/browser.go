// Package browser runs a headless browser — Debian's chromium or
// firefox-esr — on a page that a test serves, for interoperability tests. No webdriver is needed: the
// page does the WebRTC calls and talks to the test through a small mailbox
// over HTTP, so the test can exchange SDP and candidates with it.
package browser

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Kind names a browser.
type Kind string

// The browsers the tests drive.
const (
	Chromium Kind = "chromium"
	Firefox  Kind = "firefox-esr"
)

// All is every browser kind, for table-driven tests.
var All = []Kind{Chromium, Firefox}

// Find returns the path of the browser's binary. When it is missing the
// test is skipped, except under CI (CI=true), where a missing peer is a
// failure.
func Find(t testing.TB, k Kind) string {
	t.Helper()
	if p, err := exec.LookPath(string(k)); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; .ci/run must install Debian's %s", k, k)
	}
	t.Skipf("%s is not installed (apt-get install %s); set CI=true to make this a failure", k, k)
	return ""
}

// Page serves one HTML page and a mailbox between the page and the test.
type Page struct {
	t     testing.TB
	srv   *http.Server
	ln    net.Listener
	mu    sync.Mutex
	boxes map[string]chan string
	html  string
	done  chan struct{}
}

// NewPage serves html at http://127.0.0.1:<port>/ with the mailbox script
// (functions toGo(key, value) and fromGo(key) → Promise<string>) prepended.
func NewPage(t testing.TB, html string) *Page {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Page{t: t, ln: ln, boxes: map[string]chan string{}, html: html, done: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><meta charset=utf-8><script>"+mailboxJS+"</script>\n"+p.html)
	})
	mux.HandleFunc("/to-go/", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
		p.box(strings.TrimPrefix(r.URL.Path, "/to-go/")) <- string(b)
	})
	mux.HandleFunc("/from-go/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case v := <-p.box("go:" + strings.TrimPrefix(r.URL.Path, "/from-go/")):
			io.WriteString(w, v)
		case <-r.Context().Done():
		case <-p.done:
		}
	})
	p.srv = &http.Server{Handler: mux}
	go p.srv.Serve(ln)
	t.Cleanup(p.close)
	return p
}

const mailboxJS = `
async function toGo(key, value) {
  await fetch('/to-go/' + key, {method: 'POST', body: typeof value === 'string' ? value : JSON.stringify(value)});
}
async function fromGo(key) {
  for (;;) {
    const r = await fetch('/from-go/' + key);
    const text = await r.text();
    if (r.ok) return text;
  }
}
window.onerror = (msg, src, line) => { toGo('error', 'uncaught: ' + msg + ' at line ' + line); };
window.onunhandledrejection = (e) => { toGo('error', 'unhandled rejection: ' + (e.reason && e.reason.stack || e.reason)); };
`

func (p *Page) box(key string) chan string {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.boxes[key]
	if !ok {
		c = make(chan string, 64)
		p.boxes[key] = c
	}
	return c
}

// URL returns the page's address.
func (p *Page) URL() string { return "http://" + p.ln.Addr().String() + "/" }

// Send makes value available to the page's fromGo(key).
func (p *Page) Send(key, value string) { p.box("go:" + key) <- value }

// Recv waits for the page's toGo(key, …); a toGo('error', …) from the page
// fails t at once.
func (p *Page) Recv(t testing.TB, key string, timeout time.Duration) string {
	t.Helper()
	select {
	case v := <-p.box(key):
		return v
	case e := <-p.box("error"):
		t.Fatalf("page error while waiting for %q: %s", key, e)
	case <-time.After(timeout):
		t.Fatalf("timed out after %v waiting for %q from the page", timeout, key)
	}
	return ""
}

// RecvNoFail is Recv for helper goroutines: it returns "" on a timeout or
// when the page is gone, instead of failing the test.
func (p *Page) RecvNoFail(key string, timeout time.Duration) string {
	select {
	case v := <-p.box(key):
		return v
	case <-p.done:
	case <-time.After(timeout):
	}
	return ""
}

func (p *Page) close() {
	close(p.done)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	p.srv.Shutdown(ctx)
}

// firefoxPrefs make Firefox quiet without network, and let it use loopback
// and plain host addresses in ICE.
const firefoxPrefs = `user_pref("media.peerconnection.ice.loopback", true);
user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);
user_pref("media.navigator.permission.disabled", true);
user_pref("media.navigator.streams.fake", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.disabledForTesting", true);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.safebrowsing.update.enabled", false);
`

// Launch starts the headless browser on url, killing it when the test
// ends. Extra flags are appended to the ones that work as root without
// network. Chromium gets fake media devices and permission, which also
// makes it show its host addresses in ICE candidates.
func Launch(t testing.TB, k Kind, url string, extra ...string) {
	t.Helper()
	launch(t, k, url, true, extra)
}

// LaunchWithoutMedia is Launch without Chromium's fake media devices and
// permission: as a page that never asked for the camera, Chromium hides
// its host addresses behind mDNS names (its default).
func LaunchWithoutMedia(t testing.TB, k Kind, url string, extra ...string) {
	t.Helper()
	launch(t, k, url, false, extra)
}

func launch(t testing.TB, k Kind, url string, media bool, extra []string) {
	t.Helper()
	bin := Find(t, k)
	dir := t.TempDir()
	var args []string
	switch k {
	case Firefox:
		if err := os.WriteFile(dir+"/user.js", []byte(firefoxPrefs), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append([]string{"--headless", "--no-remote", "--profile", dir}, extra...)
	default:
		args = []string{
			"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--disable-quic", "--disable-dev-shm-usage", "--user-data-dir=" + dir,
			"--remote-debugging-port=0",
		}
		if media {
			args = append(args, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream")
		}
		args = append(args, extra...)
	}
	args = append(args, url)
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &limitedWriter{w: &stderr, n: 64 << 10}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("%s stderr (tail):\n%s", k, tail(stderr.String(), 4000))
		}
	})
}

// Version returns the browser's --version.
func Version(t testing.TB, k Kind) string {
	out, err := exec.Command(Find(t, k), "--version").Output()
	if err != nil {
		return fmt.Sprint("unknown: ", err)
	}
	return strings.TrimSpace(string(out))
}

type limitedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
	n  int
}

func (l *limitedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w.Len() < l.n {
		l.w.Write(b)
	}
	return len(b), nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
