package leakcheck

import (
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

func TestLeakedFindsAGoroutine(t *testing.T) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { <-stop; close(done) }()
	leaked := Leaked(0)
	if len(leaked) != 1 {
		t.Fatalf("Leaked found %d goroutines, want the 1 this test started: %q", len(leaked), leaked)
	}
	close(stop)
	<-done
	if leaked := Leaked(time.Second); len(leaked) != 0 {
		t.Fatalf("after the goroutine ended, Leaked still reports %q", leaked)
	}
}
