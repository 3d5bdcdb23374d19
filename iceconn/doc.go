// Package iceconn runs an ice.Agent over sockets: real UDP ones or the
// simulated network's (package vnet), with the real clock and goroutines —
// everything the sans-IO agent leaves out.
//
// Conn is one agent over one or more sockets (one reader goroutine per
// socket, an event dispatcher, a timer); ListenUDP opens the sockets for it.
// UDPMux is single-port mode: many Conns share one socket, and datagrams are
// demultiplexed by the ufrag of Binding requests (RFC 8445 §7.3) and then by
// remote address, so a server can hold thousands of sessions on one port.
// InterfaceAddrs lists the host addresses browsers would use.
//
// The webrtc package has its own driver; this one serves applications that
// want ICE alone, the tests, and the interop tests against Pion and browsers.
package iceconn
