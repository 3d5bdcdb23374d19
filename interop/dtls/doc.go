// Package dtls tests github.com/c4c1f6e1/webrtc/dtls against OpenSSL's DTLS
// 1.2 (openssl s_server / s_client run as child processes), over real UDP
// sockets on 127.0.0.1 driven by a small test-only loop.
package dtls
