// Package interop holds tests of this stack against independent implementations:
// headless Chromium and Firefox, OpenSSL's DTLS, coturn and Pion. It is a separate
// module so that none of those test-only dependencies reach the main module.
package interop
