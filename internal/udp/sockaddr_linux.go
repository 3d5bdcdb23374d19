//go:build !udpfallback

package udp

import (
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// sockaddr holds a struct sockaddr_in or sockaddr_in6 in the kernel's layout:
// family (host order), port (network order), then for IPv4 the address, for
// IPv6 the flow label, the address and the scope id (host order).
type sockaddr [unix.SizeofSockaddrInet6]byte

var errIPv6FromIPv4 = errors.New("udp: cannot send to an IPv6 address from an IPv4 socket")

// put stores to for a socket of the given family and returns the length of
// the sockaddr. An IPv4 destination on an IPv6 socket is stored IPv4-mapped
// (RFC 4291 §2.5.5.2).
func (sa *sockaddr) put(family int, to netip.AddrPort) (uint32, error) {
	addr := to.Addr()
	if !addr.IsValid() {
		return 0, errNoDestination
	}
	if family == unix.AF_INET {
		addr = addr.Unmap()
		if !addr.Is4() {
			return 0, errIPv6FromIPv4
		}
		*sa = sockaddr{}
		binary.NativeEndian.PutUint16(sa[0:], unix.AF_INET)
		binary.BigEndian.PutUint16(sa[2:], to.Port())
		a := addr.As4()
		copy(sa[4:8], a[:])
		return unix.SizeofSockaddrInet4, nil
	}
	var scope uint32
	if z := addr.Zone(); z != "" {
		var err error
		if scope, err = zoneIndex(z); err != nil {
			return 0, err
		}
	}
	binary.NativeEndian.PutUint16(sa[0:], unix.AF_INET6)
	binary.BigEndian.PutUint16(sa[2:], to.Port())
	binary.BigEndian.PutUint32(sa[4:], 0)
	a := addr.As16()
	copy(sa[8:24], a[:])
	binary.NativeEndian.PutUint32(sa[24:], scope)
	return unix.SizeofSockaddrInet6, nil
}

// addrPort returns the address in the first n bytes of sa, unmapped; it is
// invalid if they hold no IPv4 or IPv6 address.
func (sa *sockaddr) addrPort(n uint32) netip.AddrPort {
	if n < 2 {
		return netip.AddrPort{}
	}
	port := binary.BigEndian.Uint16(sa[2:])
	switch binary.NativeEndian.Uint16(sa[0:]) {
	case unix.AF_INET:
		if n < unix.SizeofSockaddrInet4 {
			return netip.AddrPort{}
		}
		return netip.AddrPortFrom(netip.AddrFrom4([4]byte(sa[4:8])), port)
	case unix.AF_INET6:
		if n < unix.SizeofSockaddrInet6 {
			return netip.AddrPort{}
		}
		addr := netip.AddrFrom16([16]byte(sa[8:24]))
		if addr.Is4In6() {
			return netip.AddrPortFrom(addr.Unmap(), port)
		}
		if scope := binary.NativeEndian.Uint32(sa[24:]); scope != 0 {
			addr = addr.WithZone(zoneName(scope))
		}
		return netip.AddrPortFrom(addr, port)
	}
	return netip.AddrPort{}
}

// zones caches the names of IPv6 zones (interface indexes), which only
// link-local addresses carry, so that reading them allocates once.
var zones struct {
	sync.Mutex
	names   map[uint32]string
	indexes map[string]uint32
}

// zoneName returns the interface name of index i, as package net names zones,
// or the number if there is no such interface.
func zoneName(i uint32) string {
	zones.Lock()
	defer zones.Unlock()
	if name, ok := zones.names[i]; ok {
		return name
	}
	name := strconv.FormatUint(uint64(i), 10)
	if ifi, err := net.InterfaceByIndex(int(i)); err == nil {
		name = ifi.Name
	}
	if zones.names == nil {
		zones.names = make(map[uint32]string)
	}
	if len(zones.names) < 1024 {
		zones.names[i] = name
	}
	return name
}

// zoneIndex returns the interface index a zone names: a number, or an
// interface name.
func zoneIndex(zone string) (uint32, error) {
	if i, err := strconv.ParseUint(zone, 10, 32); err == nil {
		return uint32(i), nil
	}
	zones.Lock()
	defer zones.Unlock()
	if i, ok := zones.indexes[zone]; ok {
		return i, nil
	}
	ifi, err := net.InterfaceByName(zone)
	if err != nil {
		return 0, err
	}
	if zones.indexes == nil {
		zones.indexes = make(map[string]uint32)
	}
	if len(zones.indexes) < 1024 {
		zones.indexes[zone] = uint32(ifi.Index)
	}
	return uint32(ifi.Index), nil
}
