// Package stun implements Session Traversal Utilities for NAT messages
// (RFC 8489, wire-compatible with RFC 5389): the message header (§5), the
// message-type encoding of class and method (§5), every attribute that ICE
// (RFC 8445 §16.1) and TURN (RFC 8656 §18) use, short-term and long-term
// credentials (§9.1, §9.2), MESSAGE-INTEGRITY (§14.5),
// MESSAGE-INTEGRITY-SHA256 (§14.6) and FINGERPRINT (§14.7).
//
// Parsing never copies: a parsed [Message] keeps the original bytes and its
// attribute values are sub-slices of them, so integrity and fingerprint
// checks are computed over exactly the bytes that arrived. Unmarshal into a
// reused Message does not allocate.
//
// Messages are built with a [Builder], which appends to a caller-owned buffer
// and keeps the header length right after every attribute, so that
// MESSAGE-INTEGRITY and FINGERPRINT can be appended last. A [Key] keeps the
// HMAC state of a credential for reuse: with it, signing and checking
// integrity do not allocate either.
//
// Not done yet: SASLprep/OpaqueString (RFC 8265) normalisation of long-term
// passwords and realms (values are used as given, which is correct for ASCII
// credentials), the STUN client transaction state machine (retransmission
// timers live in the ice and turn packages), and the DNS discovery of
// servers (§8).
package stun
