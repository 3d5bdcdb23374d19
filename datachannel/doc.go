// Package datachannel implements WebRTC data channels (RFC 8831) and the
// Data Channel Establishment Protocol (DCEP, RFC 8832) on top of an
// sctp.Association, with the channel semantics of the W3C RTCDataChannel
// (webrtc-pc §6.2).
//
// Endpoint is the sans-IO core: it owns the association, passes packets and
// time through to it, and turns its events into channel events (open,
// datachannel, message, bufferedamountlow, closing, close, error). It
// implements DATA_CHANNEL_OPEN / ACK (RFC 8832 §5), negotiated channels,
// stream id allocation by DTLS role (client even, server odd, §6), the
// createDataChannel checks (both maxPacketLifeTime and maxRetransmits, or
// negotiated without id, are TypeErrors), the PPIDs for string, binary and
// empty messages (RFC 8831 §6.6), the remote max-message-size (a TypeError
// on Send), partial reliability per channel, "send ordered until the first
// message arrives" (RFC 8832 §6), and the closing procedure of RFC 8831
// §6.7 (reset the outgoing stream; the peer resets its own; closed when
// both are done).
//
// A channel created before the association is up sends its
// DATA_CHANNEL_OPEN as soon as the association can carry it: with the
// COOKIE ECHO on the SCTP client, with the COOKIE ACK on the server (RFC
// 9260 §5.1 C, D), and is announced open once the association is up; the
// DATA_CHANNEL_ACK carries the I bit so that the opener acknowledges it at
// once. Opening a channel thus takes 2 RTT from the first INIT, 1.5 RTT
// when both sides initiate as RFC 8841 §9.3 asks.
//
// Package dcconn (at the module root, so that this core package stays free of clocks and goroutines) drives an Endpoint over a packet
// transport with goroutines and a real clock, and offers the W3C handlers (OnOpen, OnMessage, OnError, OnClosing, OnClose,
// OnBufferedAmountLow, OnDataChannel) run in order on one dispatcher
// goroutine, and a blocking Go form: ReadMessage(ctx) and WriteMessage(ctx),
// which waits while BufferedAmount is over 1 MiB.
//
// Not done yet: the priority is announced but not used by the scheduler
// (all streams are served round-robin); the deprecated partial PPIDs 52 and
// 54 are received as whole messages; a full ReadMessage queue of one
// channel pauses event processing for all channels of the Conn.
package datachannel
