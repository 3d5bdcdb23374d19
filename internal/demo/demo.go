// Package demo is the browser demo's server: an HTTP handler that serves a
// page and answers its WebRTC offers with a Go PeerConnection. The page
// chats over a data channel (Go echoes every message) and sends a file over
// another (Go confirms its size and SHA-256), showing the connection states
// live. Signalling is one plain HTTP POST: the browser sends its offer with
// all candidates gathered, Go replies with its answer (non-trickle).
package demo

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/c4c1f6e1/webrtc"
)

//go:embed index.html
var indexHTML []byte

// Server serves the demo page and its signalling endpoint.
type Server struct {
	// Log receives one line per event; nil logs nothing.
	Log *slog.Logger
	// SelfTest, when set, receives the page's self-test report
	// (index.html?selftest=1 runs the chat and a file transfer on its own).
	SelfTest chan<- string

	mu    sync.Mutex
	peers []*webrtc.PeerConnection
}

// ServeHTTP routes: / is the page, POST /offer answers an offer, POST
// /selftest takes the page's self-test report.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(indexHTML)
	case "/offer":
		s.offer(w, r)
	case "/selftest":
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if s.SelfTest != nil {
			select {
			case s.SelfTest <- string(b):
			default:
			}
		}
	default:
		http.NotFound(w, r)
	}
}

// Close closes every PeerConnection the server made.
func (s *Server) Close() {
	s.mu.Lock()
	peers := s.peers
	s.peers = nil
	s.mu.Unlock()
	for _, pc := range peers {
		pc.Close()
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.Log != nil {
		s.Log.Info(fmt.Sprintf(format, args...))
	}
}

func (s *Server) offer(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST an offer", http.StatusMethodNotAllowed)
		return
	}
	var offer webrtc.SessionDescription
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&offer); err != nil {
		http.Error(w, "bad offer: "+err.Error(), http.StatusBadRequest)
		return
	}
	pc, err := webrtc.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.mu.Lock()
	s.peers = append(s.peers, pc)
	s.mu.Unlock()
	pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		s.logf("peer connection: %s", st)
		if st == webrtc.PeerConnectionStateFailed || st == webrtc.PeerConnectionStateClosed {
			pc.Close()
		}
	})
	pc.OnDataChannel(func(dc *webrtc.DataChannel) {
		s.logf("data channel %q opened by the browser", dc.Label())
		switch dc.Label() {
		case "chat":
			dc.OnMessage(func(m webrtc.DataChannelMessage) {
				s.logf("chat: %q", m.Data)
				dc.SendText("Go heard: " + string(m.Data))
			})
		case "file":
			receiveFile(s, dc)
		}
	})
	gathered := make(chan struct{})
	pc.OnICEGatheringStateChange(func(st webrtc.ICEGatheringState) {
		if st == webrtc.ICEGatheringStateComplete {
			close(gathered)
		}
	})
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	if err := pc.SetRemoteDescription(ctx, offer); err != nil {
		pc.Close()
		http.Error(w, "setRemoteDescription: "+err.Error(), http.StatusBadRequest)
		return
	}
	if err := pc.SetLocalDescription(ctx, nil); err != nil {
		pc.Close()
		http.Error(w, "setLocalDescription: "+err.Error(), http.StatusInternalServerError)
		return
	}
	select {
	case <-gathered:
	case <-ctx.Done():
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(pc.LocalDescription())
}

// receiveFile reads a JSON header {"name", "size"} and then the file's
// bytes as binary messages, and answers with {"size", "sha256"}.
func receiveFile(s *Server, dc *webrtc.DataChannel) {
	var (
		mu   sync.Mutex
		want int64 = -1
		got  int64
		name string
		h    = sha256.New()
	)
	dc.OnMessage(func(m webrtc.DataChannelMessage) {
		mu.Lock()
		defer mu.Unlock()
		if m.IsString {
			var hdr struct {
				Name string `json:"name"`
				Size int64  `json:"size"`
			}
			if json.Unmarshal(m.Data, &hdr) == nil {
				name, want, got = hdr.Name, hdr.Size, 0
				h.Reset()
			}
			return
		}
		h.Write(m.Data)
		got += int64(len(m.Data))
		if got == want {
			sum := hex.EncodeToString(h.Sum(nil))
			s.logf("file %q: %d bytes, sha256 %s", name, got, sum)
			b, _ := json.Marshal(map[string]any{"name": name, "size": got, "sha256": sum})
			dc.SendText(string(b))
		}
	})
}
