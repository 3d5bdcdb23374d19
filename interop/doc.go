// Package interop holds tests of this stack against independent implementations:
// headless Chromium and Firefox, OpenSSL's DTLS, coturn and Pion. It is a separate
// module so that none of those test-only dependencies reach the main module.
// It also holds cmd/webrtc-bench, which measures this stack and Pion side by
// side with the code of internal/perf (pionperf plugs Pion into it).
package interop
