// The browser demo (cmd/webrtc-demo) driven in headless Chromium and
// Firefox: the page's self-test connects, chats and sends a 3 MiB file, and
// reports what it saw.
package demo_test

import (
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/demo"
	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	"github.com/c4c1f6e1/webrtc/interop/browser"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestDemoPage(t *testing.T) {
	for _, k := range browser.All {
		t.Run(string(k), func(t *testing.T) {
			reports := make(chan string, 1)
			s := &demo.Server{SelfTest: reports}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			srv := &http.Server{Handler: s}
			go srv.Serve(ln)
			defer func() { srv.Close(); s.Close() }()
			browser.Launch(t, k, "http://"+ln.Addr().String()+"/?selftest=1")
			var r struct {
				Error    string  `json:"error"`
				State    string  `json:"state"`
				Echo     string  `json:"echo"`
				FileOK   bool    `json:"fileOK"`
				Progress float64 `json:"progress"`
				Result   string  `json:"result"`
			}
			select {
			case v := <-reports:
				if err := json.Unmarshal([]byte(v), &r); err != nil {
					t.Fatalf("report %q: %v", v, err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("the page sent no self-test report")
			}
			t.Logf("%s reports: %+v", k, r)
			if r.Error != "" || r.State != "connected" || r.Echo != "Go heard: hello Go" || !r.FileOK || r.Progress != 1 {
				t.Fatalf("self-test failed: %+v", r)
			}
		})
	}
}
