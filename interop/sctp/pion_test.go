package sctp

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/c4c1f6e1/webrtc/internal/leakcheck"
	"github.com/c4c1f6e1/webrtc/sctp"
	"github.com/pion/logging"
	pion "github.com/pion/sctp"
)

var testTimeout = 30 * time.Second

func TestMain(m *testing.M) { leakcheck.Main(m) }

// loop drives our association over conn in real time until done returns
// true, the context ends, or the association ends. onEvent runs on the
// loop goroutine and may call the association.
func loop(ctx context.Context, a *sctp.Association, conn net.Conn, onEvent func(sctp.Event), done func() bool) error {
	in := make(chan []byte, 256)
	go func() {
		defer close(in)
		for {
			b := make([]byte, 1<<16)
			n, err := conn.Read(b)
			if err != nil {
				return
			}
			select {
			case in <- b[:n]:
			case <-ctx.Done():
				return
			}
		}
	}()
	out := make([]byte, 1500)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		for {
			e, ok := a.PollEvent()
			if !ok {
				break
			}
			if e.Type == sctp.EventAssociationLost {
				return e.Err
			}
			if onEvent != nil {
				onEvent(e)
			}
		}
		finished := done() // may queue messages: transmit after
		for {
			n, ok := a.PollTransmit(out)
			if !ok {
				break
			}
			if _, err := conn.Write(out[:n]); err != nil {
				return fmt.Errorf("write: %w", err)
			}
		}
		if finished {
			return nil
		}
		wait := time.Hour
		if d := a.NextDeadline(); !d.IsZero() {
			wait = max(0, time.Until(d))
		}
		timer.Reset(wait)
		select {
		case p, ok := <-in:
			if !ok {
				return errors.New("connection closed")
			}
			a.HandleInput(time.Now(), p)
		case <-timer.C:
			a.HandleTimeout(time.Now())
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func ours(t *testing.T, client, zero bool) *sctp.Association {
	a, err := sctp.NewAssociation(time.Now(), sctp.Config{Client: client, Rand: rand.Reader, DisableZeroChecksum: !zero,
		RTOMin: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func pionOptions(conn net.Conn, zero bool) []pion.AssociationOption {
	return []pion.AssociationOption{pion.WithNetConn(conn), pion.WithLoggerFactory(logging.NewDefaultLoggerFactory()),
		pion.WithEnableZeroChecksum(zero), pion.WithMaxReceiveBufferSize(4 << 20), pion.WithEnableInterleaving(true)}
}

func pionServer(conn net.Conn, zero bool) (*pion.Association, error) {
	var opts []pion.ServerOption
	for _, o := range pionOptions(conn, zero) {
		opts = append(opts, o)
	}
	return pion.ServerWithOptions(opts...)
}

func pionClient(conn net.Conn, zero bool) (*pion.Association, error) {
	var opts []pion.ClientOption
	for _, o := range pionOptions(conn, zero) {
		opts = append(opts, o)
	}
	return pion.ClientWithOptions(opts...)
}

// echo reads messages from a Pion stream and writes them back until EOF.
func echo(s *pion.Stream) {
	buf := make([]byte, 1<<17)
	for {
		n, ppi, err := s.ReadSCTP(buf)
		if err != nil {
			return
		}
		if _, err := s.WriteSCTP(buf[:n], ppi); err != nil {
			return
		}
	}
}

// TestOursClientPionServer: our association initiates; Pion accepts the
// stream and echoes every message; sizes cross the MTU so fragmentation
// and reassembly are exercised on both sides.
func TestOursClientPionServer(t *testing.T) {
	for _, zero := range []bool{false, true} {
		for _, idata := range []bool{false, true} {
			t.Run(fmt.Sprintf("zerochecksum=%v/idata=%v", zero, idata), func(t *testing.T) { clientAgainstPion(t, zero, zero, idata) })
		}
	}
	// RFC 9653 §5.2: we announce by default; a peer that does not gets
	// (and sends) CRC32c.
	t.Run("zerochecksum=ours-only", func(t *testing.T) { clientAgainstPion(t, true, false, true) })
}

func clientAgainstPion(t *testing.T, ourZero, pionZero, idata bool) {
	zero := ourZero && pionZero
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	srvErr := make(chan error, 1)
	srvDone := make(chan struct{})
	go func() {
		defer close(srvDone)
		as, err := pionServer(c2, pionZero)
		if err != nil {
			srvErr <- err
			return
		}
		defer as.Close()
		s, err := as.AcceptStream()
		if err != nil {
			srvErr <- err
			return
		}
		echo(s)
	}()
	a := ours(t, true, ourZero)
	if !idata {
		var err error
		a, err = sctp.NewAssociation(time.Now(), sctp.Config{Client: true, Rand: rand.Reader, DisableZeroChecksum: !ourZero, DisableIData: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	sizes := []int{1, 100, 1100, 1200, 5000, 60000, 65536}
	var sent, got [][]byte
	started := false
	err := loop(ctx, a, c1, func(e sctp.Event) {
		if e.Type == sctp.EventMessage {
			got = append(got, append([]byte(nil), e.Data...))
			if e.PPID != 53 {
				t.Errorf("PPID %d echoed as %d", 53, e.PPID)
			}
		}
	}, func() bool {
		if a.State() == sctp.StateEstablished && !started {
			started = true
			for i, n := range sizes {
				m := bytes.Repeat([]byte{byte(i + 1)}, n)
				sent = append(sent, m)
				if err := a.Send(1, 53, m, sctp.SendOptions{}); err != nil {
					t.Fatal(err)
				}
			}
		}
		return started && len(got) == len(sizes)
	})
	if err != nil {
		select {
		case e := <-srvErr:
			t.Fatalf("loop: %v; pion: %v", err, e)
		default:
		}
		t.Fatalf("loop: %v (state %v, stats %+v)", err, a.State(), a.Stats())
	}
	for i := range sent {
		if !bytes.Equal(sent[i], got[i]) {
			t.Fatalf("message %d (%d bytes) came back as %d bytes", i, len(sent[i]), len(got[i]))
		}
	}
	t.Logf("# %d messages of %v bytes echoed by pion/sctp; zero checksum negotiated: %v; I-DATA: %v", len(sizes), sizes, a.ZeroChecksum(), a.IData())
	if a.IData() != idata {
		t.Errorf("I-DATA %v, want %v", a.IData(), idata)
	}
	if a.ZeroChecksum() != zero {
		t.Errorf("zero checksum %v, want %v", a.ZeroChecksum(), zero)
	}
	a.Abort()
	for {
		n, ok := a.PollTransmit(make([]byte, 1500))
		if !ok {
			break
		}
		_ = n
	}
	c1.Close()
	<-srvDone
}

// TestPionClientOursServer: Pion initiates and sends; we echo.
func TestPionClientOursServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	a := ours(t, false, false)
	const n = 200
	result := make(chan error, 1)
	resetSeen := make(chan struct{})
	go func() {
		result <- func() error {
			ac, err := pionClient(c2, false)
			if err != nil {
				return err
			}
			defer ac.Close()
			s, err := ac.OpenStream(3, pion.PayloadTypeWebRTCString)
			if err != nil {
				return err
			}
			buf := make([]byte, 1<<17)
			for i := 0; i < n; i++ {
				m := bytes.Repeat([]byte{byte(i)}, 1+i*97)
				if _, err := s.WriteSCTP(m, pion.PayloadTypeWebRTCString); err != nil {
					return err
				}
				k, ppi, err := s.ReadSCTP(buf)
				if err != nil {
					return err
				}
				if ppi != pion.PayloadTypeWebRTCString || !bytes.Equal(buf[:k], m) {
					return fmt.Errorf("message %d: got %d bytes ppi %d", i, k, ppi)
				}
			}
			t.Logf("# stream reset: pion closes stream 3")
			if err := s.Close(); err != nil {
				return err
			}
			select { // keep the association up until we saw the reset
			case <-resetSeen:
			case <-ctx.Done():
			}
			return nil
		}()
	}()
	echoed, reset := 0, false
	err := loop(ctx, a, c1, func(e sctp.Event) {
		switch e.Type {
		case sctp.EventMessage:
			if err := a.Send(e.Stream, e.PPID, e.Data, sctp.SendOptions{}); err != nil {
				t.Errorf("echo: %v", err)
			}
			echoed++
		case sctp.EventIncomingStreamReset:
			if e.Stream == 3 && !reset {
				reset = true
				close(resetSeen)
			}
		}
	}, func() bool { return echoed == n && reset })
	// Once the reset is seen the pion side finishes and closes its end of
	// the pipe; a write of ours that races with that close is not a failure.
	if err != nil && !(echoed == n && reset) {
		select {
		case e := <-result:
			t.Fatalf("loop: %v; pion: %v", err, e)
		default:
		}
		t.Fatalf("loop: %v", err)
	}
	if err := <-result; err != nil {
		t.Fatalf("pion side: %v", err)
	}
	t.Logf("# echoed %d messages from a pion/sctp client; RFC 6525 reset of stream 3 seen", echoed)
	c1.Close()
}

// TestBulkToPion sends 32 MiB to Pion and checks the hash.
func TestBulkToPion(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*testTimeout)
	defer cancel()
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	const total = 32 << 20
	res := make(chan string, 1)
	go func() {
		as, err := pionServer(c2, false)
		if err != nil {
			res <- "err " + err.Error()
			return
		}
		defer as.Close()
		s, err := as.AcceptStream()
		if err != nil {
			res <- "err " + err.Error()
			return
		}
		h := sha256.New()
		buf := make([]byte, 1<<17)
		got := 0
		for got < total {
			k, err := s.Read(buf)
			if err != nil {
				res <- "err " + err.Error()
				return
			}
			h.Write(buf[:k])
			got += k
		}
		res <- fmt.Sprintf("%x", h.Sum(nil))
		_, _ = io.Copy(io.Discard, s)
	}()
	a := ours(t, true, false)
	h := sha256.New()
	msg := make([]byte, 16<<10)
	sent := 0
	start := time.Now()
	var upAt time.Time
	err := loop(ctx, a, c1, nil, func() bool {
		if a.State() != sctp.StateEstablished {
			return false
		}
		if upAt.IsZero() {
			upAt = time.Now()
		}
		for sent < total && a.BufferedTotal() < 4<<20 {
			for i := range msg {
				msg[i] = byte(sent + i)
			}
			if err := a.Send(1, 53, msg, sctp.SendOptions{}); err != nil {
				t.Fatal(err)
			}
			h.Write(msg)
			sent += len(msg)
		}
		return sent == total && a.BufferedTotal() == 0
	})
	if err != nil {
		t.Fatalf("loop: %v", err)
	}
	d := time.Since(upAt)
	select {
	case r := <-res:
		if r != fmt.Sprintf("%x", h.Sum(nil)) {
			t.Fatalf("pion received different bytes: %s", r)
		}
	case <-ctx.Done():
		t.Fatal("pion did not finish")
	}
	t.Logf("# 32 MiB to pion/sctp over net.Pipe in %v (%.0f Mbit/s, setup %v)", d, float64(total)*8/d.Seconds()/1e6, upAt.Sub(start))
	c1.Close()
}

// sniffConn records the chunk types of every packet written through it.
type sniffConn struct {
	net.Conn
	packets [][]sctp.ChunkType
}

func (c *sniffConn) Write(b []byte) (int, error) {
	var types []sctp.ChunkType
	if _, chunks, err := sctp.ParseHeader(b); err == nil {
		for len(chunks) > 0 {
			typ, _, _, rest, err := sctp.NextChunk(chunks)
			if err != nil {
				break
			}
			types = append(types, typ)
			chunks = rest
		}
	}
	c.packets = append(c.packets, types)
	return c.Conn.Write(b)
}

// TestDataWithCookieEcho: messages sent while our client is in
// COOKIE-ECHOED travel in the packet with the COOKIE ECHO (RFC 9260 §5.1
// C); Pion must take them there and echo them.
func TestDataWithCookieEcho(t *testing.T) {
	for _, idata := range []bool{false, true} {
		t.Run(fmt.Sprintf("idata=%v", idata), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			c1, c2 := net.Pipe()
			defer c1.Close()
			defer c2.Close()
			srvDone := make(chan struct{})
			go func() {
				defer close(srvDone)
				as, err := pionServer(c2, true)
				if err != nil {
					return
				}
				defer as.Close()
				if s, err := as.AcceptStream(); err == nil {
					echo(s)
				}
			}()
			a, err := sctp.NewAssociation(time.Now(), sctp.Config{Client: true, Rand: rand.Reader, DisableIData: !idata})
			if err != nil {
				t.Fatal(err)
			}
			conn := &sniffConn{Conn: c1}
			sent, got := false, 0
			err = loop(ctx, a, conn, func(e sctp.Event) {
				if e.Type == sctp.EventMessage {
					got++
				}
			}, func() bool {
				if a.State() == sctp.StateCookieEchoed && !sent {
					sent = true
					for i := range 3 {
						if err := a.Send(1, 51, []byte(fmt.Sprint("early ", i)), sctp.SendOptions{}); err != nil {
							t.Fatal(err)
						}
					}
				}
				return got == 3
			})
			if err != nil {
				t.Fatalf("loop: %v (state %v)", err, a.State())
			}
			var cookie []sctp.ChunkType
			for _, p := range conn.packets {
				if len(p) > 0 && p[0] == sctp.ChunkCookieEcho {
					cookie = p
					break
				}
			}
			if len(cookie) < 2 || (cookie[1] != sctp.ChunkData && cookie[1] != sctp.ChunkIData) {
				t.Fatalf("the COOKIE ECHO packet holds %v: want the DATA bundled with it", cookie)
			}
			t.Logf("# the COOKIE ECHO packet held %v; pion/sctp echoed the 3 messages", cookie)
			a.Abort()
			for {
				if _, ok := a.PollTransmit(make([]byte, 1500)); !ok {
					break
				}
			}
			c1.Close()
			<-srvDone
		})
	}
}
