// Package webrtc is a pure-Go implementation of the W3C WebRTC API
// (webrtc-pc, "WebRTC: Real-Time Communication in Browsers"): the
// RTCPeerConnection, its configuration, JSEP offer/answer (RFC 9429) and
// signaling state machine, transceivers, data channels, certificates and
// statistics, in Go form.
//
// Names follow the spec in Go style (RTCPeerConnection → PeerConnection,
// RTCIceServer → ICEServer, "have-local-offer" → SignalingStateHaveLocalOffer).
// Methods that return a promise in JavaScript block and take a
// context.Context; those that run through the operations chain (§4.4.1.2)
// run one after another. Errors match the spec's DOMException names with
// errors.Is (ErrInvalidState, ErrInvalidAccess, ErrInvalidModification,
// ErrOperation, ErrSyntax, ErrNotSupported, ErrType, ErrRange); an *RTCError
// (errors.As) carries the errorDetail. Event handlers (OnX) run one at a
// time, in order, on a goroutine of the connection, never while it holds a
// lock, so a handler may call any method, Close included.
//
// What is here now: configuration with the spec's constructor and
// setConfiguration algorithms (ICE server URLs per RFC 7064/7065,
// certificates ECDSA P-256 or RSASSA-PKCS1-v1_5 2048–8192 bits with PEM
// export for key continuity), createOffer/createAnswer producing SDP that
// Chromium accepts, setLocalDescription/setRemoteDescription with pranswer and
// rollback, addIceCandidate, negotiation-needed, transceivers with codec
// negotiation, data channel objects with stream ids by DTLS role, and
// getStats for what exists.
//
// Not yet: the transports. ICE, DTLS and SCTP are separate packages (ice,
// dtls, sctp) that the integration issue wires in; until then connection
// states stay "new", no candidates are gathered and data channels stay
// "connecting". Non-ASCII host names in ICE server URLs are refused
// (ErrNotSupported; the ASCII "xn--" form works). Identity (peerIdentity) is
// stored but not enforced.
package webrtc
