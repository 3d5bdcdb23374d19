//go:build !udpfallback

package udp

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// bytesOf returns the bytes of a controlBuf.
func bytesOf(c *controlBuf) []byte {
	return (*[controlBufLength]byte)(unsafe.Pointer(c))[:]
}

// putCmsg writes a control message with a 4-byte value at off in b and
// returns the offset of the next one.
func putCmsg(b []byte, off int, level, typ int32, v uint32) int {
	h := (*unix.Cmsghdr)(unsafe.Pointer(&b[off]))
	h.Level, h.Type = level, typ
	h.SetLen(unix.CmsgLen(4))
	binary.NativeEndian.PutUint32(b[off+unix.CmsgLen(0):], v)
	return off + unix.CmsgSpace(4)
}

func TestGROSegment(t *testing.T) {
	var c controlBuf
	b := bytesOf(&c)
	// Another message first, as a kernel may add: it is skipped.
	n := putCmsg(b, 0, unix.SOL_SOCKET, unix.SO_RXQ_OVFL, 7)
	n = putCmsg(b, n, unix.SOL_UDP, unix.UDP_GRO, 1200)
	if got := groSegment(b[:n]); got != 1200 {
		t.Fatalf("groSegment = %d, want 1200", got)
	}
	if got := groSegment(b[:n-unix.CmsgSpace(4)+unix.CmsgLen(4)]); got != 1200 {
		t.Fatalf("last message without its padding: %d, want 1200", got)
	}
	if got := groSegment(b[:n-unix.CmsgSpace(4)+unix.CmsgLen(4)-1]); got != 0 {
		t.Fatalf("a cut-off UDP_GRO message read as %d", got)
	}
	if got := groSegment(nil); got != 0 {
		t.Fatalf("no control messages: %d", got)
	}
	putCmsg(b, 0, unix.SOL_UDP, unix.UDP_GRO, 0xffffffff)
	if got := groSegment(b[:unix.CmsgSpace(4)]); got != 0 {
		t.Fatalf("segment size -1 read as %d", got)
	}
	// A length shorter than the header stops the parse.
	h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
	h.SetLen(3)
	if got := groSegment(b); got != 0 {
		t.Fatalf("malformed length: %d", got)
	}
}

func TestSegmentCmsgLayout(t *testing.T) {
	var c segmentCmsg
	c.set(1200)
	if got, want := int(unsafe.Sizeof(c)), unix.CmsgSpace(2); got != want {
		t.Fatalf("segmentCmsg is %d bytes, want CMSG_SPACE(2) = %d", got, want)
	}
	b := (*[unsafe.Sizeof(segmentCmsg{})]byte)(unsafe.Pointer(&c))
	if v := binary.NativeEndian.Uint16(b[unix.CmsgLen(0):]); v != 1200 {
		t.Fatalf("CMSG_DATA holds %d, want 1200", v)
	}
	if int(c.hdr.Len) != unix.CmsgLen(2) || c.hdr.Level != unix.SOL_UDP || c.hdr.Type != unix.UDP_SEGMENT {
		t.Fatalf("header %+v, want len %d, SOL_UDP, UDP_SEGMENT", c.hdr, unix.CmsgLen(2))
	}
}

func FuzzParseControl(f *testing.F) {
	var c controlBuf
	b := bytesOf(&c)
	n := putCmsg(b, 0, unix.SOL_SOCKET, unix.SO_RXQ_OVFL, 7)
	n = putCmsg(b, n, unix.SOL_UDP, unix.UDP_GRO, 1200)
	f.Add(append([]byte(nil), b[:n]...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		var c controlBuf
		b := bytesOf(&c)
		n := copy(b, in)
		if got := groSegment(b[:n]); got < 0 {
			t.Fatalf("negative segment size %d", got)
		}
	})
}

func TestSockaddr(t *testing.T) {
	for _, tc := range []struct {
		family int
		to     string
		want   string // what reading it back gives
	}{
		{unix.AF_INET, "192.0.2.1:5000", "192.0.2.1:5000"},
		{unix.AF_INET, "[::ffff:192.0.2.1]:5000", "192.0.2.1:5000"},
		{unix.AF_INET6, "[2001:db8::1]:443", "[2001:db8::1]:443"},
		{unix.AF_INET6, "192.0.2.1:5000", "192.0.2.1:5000"}, // sent IPv4-mapped, read unmapped
		{unix.AF_INET6, "[fe80::1%1]:9", "[fe80::1%" + zoneName(1) + "]:9"},
	} {
		var sa sockaddr
		n, err := sa.put(tc.family, netip.MustParseAddrPort(tc.to))
		if err != nil {
			t.Errorf("put(%s): %v", tc.to, err)
			continue
		}
		if got := sa.addrPort(n).String(); got != tc.want {
			t.Errorf("put(%s) read back as %s, want %s", tc.to, got, tc.want)
		}
	}
	var sa sockaddr
	if _, err := sa.put(unix.AF_INET, netip.MustParseAddrPort("[2001:db8::1]:443")); err == nil {
		t.Error("put of an IPv6 address for an IPv4 socket succeeded")
	}
	if got := sa.addrPort(3); got.IsValid() {
		t.Errorf("a 3-byte sockaddr read as %v", got)
	}
	sa = sockaddr{}
	if got := sa.addrPort(uint32(len(sa))); got.IsValid() {
		t.Errorf("family 0 read as %v", got)
	}
}

func TestFDRef(t *testing.T) {
	fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	valid := func() bool {
		_, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		return err == nil
	}
	r := fdRef{fd: fd}
	for range 2 {
		if !r.acquire() {
			t.Fatal("acquire failed on an open descriptor")
		}
	}
	if !r.close() {
		t.Fatal("close reported the descriptor already closed")
	}
	if r.close() {
		t.Fatal("a second close reported success")
	}
	if r.acquire() {
		t.Fatal("acquire succeeded after close")
	}
	r.release()
	if !valid() {
		t.Fatal("the descriptor was closed while still in use")
	}
	r.release()
	if valid() {
		t.Fatal("the descriptor stayed open after its last use ended")
	}
}
