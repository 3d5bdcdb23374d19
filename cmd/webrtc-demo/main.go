// Command webrtc-demo serves a page on http://127.0.0.1:8080 where a
// browser connects to a Go PeerConnection: connection states shown live, a
// chat over a data channel that Go echoes, and a file sent to Go with a
// progress bar and its SHA-256 confirmed back.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/signal"

	"github.com/c4c1f6e1/webrtc/internal/demo"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to serve the page on")
	flag.Parse()
	s := &demo.Server{Log: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	defer s.Close()
	srv := &http.Server{Addr: *addr, Handler: s}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Shutdown(context.Background())
	}()
	log.Printf("open http://%s/ in a browser (Ctrl-C to stop)", *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
