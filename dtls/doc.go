// Package dtls implements DTLS 1.2 (RFC 6347, on TLS 1.2 of RFC 5246) as a
// sans-IO state machine for WebRTC: a Conn owns no socket, goroutine or
// clock (DESIGN.md §1). The driver feeds datagrams with HandleInput and
// timer expiries with HandleTimeout, and drains PollTransmit, PollEvent and
// ReadApplicationData after every call.
//
// Implemented:
//   - client and server, full handshake with both certificates (RFC 8827
//     §6.5), peers verified by SDP fingerprint (RFC 8122 §5) or callback;
//   - ECDHE_ECDSA and ECDHE_RSA with AES-128-GCM, AES-256-GCM (RFC 5289)
//     and ChaCha20-Poly1305 (RFC 7905); groups X25519, P-256, P-384 (RFC
//     8422); ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384,
//     rsa_pkcs1_sha256/384, rsa_pss_rsae_sha256/384 and ed25519;
//   - extended master secret, required (RFC 7627), renegotiation_info (RFC
//     5746; renegotiation itself is refused with no_renegotiation);
//   - use_srtp (RFC 5764 §4.1) with SRTP_AEAD_AES_128_GCM,
//     SRTP_AEAD_AES_256_GCM (RFC 7714), SRTP_AES128_CM_HMAC_SHA1_80 and _32,
//     the server choosing by its own preference; the RFC 5705 exporter and
//     SRTP keys from EXTRACTOR-dtls_srtp (RFC 5764 §4.2); optional ALPN (RFC
//     7301);
//   - stateless HelloVerifyRequest cookies (RFC 6347 §4.2.1), which a
//     server behind ICE-validated addresses may skip
//     (Config.DisableHelloVerify), flights with
//     retransmission and exponential back-off (§4.2.4), fragmentation to an
//     MTU and reassembly with overlaps, duplicates and reordering (§4.2.3),
//     epochs, the anti-replay window (§4.1.2.6), alerts and close_notify.
//
// Limits: handshake messages of at most 16 KiB, 8 messages ahead of
// next_receive_seq, 16 early next-epoch records, 256 queued datagrams each
// way. Records are protected in place; the application data path does not
// allocate (its buffers come from a pool shared by all Conns).
//
// Once connected, a Conn drops its handshake state and keeps about 2.6 KB
// (two AES-GCM states, keys, replay window, the peer's DER certificate),
// and arms no timer, except that the server keeps its last flight for
// twice the TCP MSL (RFC 6347 §4.2.4) unless the client's application
// data ends that earlier.
//
// Not implemented yet: session resumption and tickets, renegotiation,
// non-AEAD (CBC) suites, DTLS 1.3 (RFC 9147; the record protection is kept
// apart from the handshake so that it can be added), path-MTU discovery,
// connection IDs (RFC 9146), and a server's choice among several
// certificates.
package dtls
