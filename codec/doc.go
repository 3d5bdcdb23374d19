// Package codec defines the interfaces shared by the RTP payload formats in
// its subpackages: opus (RFC 7587), vp8 (RFC 7741), vp9 (RFC 9628), h264
// (RFC 6184), av1 (AOMedia "RTP Payload Format for AV1") and dtmf
// (RFC 4733). Package frame rebuilds frames from RTP packets with any
// [Depacketizer].
//
// Payloaders split one encoded frame into RTP payloads and hand each to a
// callback; depacketizers append the media bytes of one payload to a frame
// buffer. Neither allocates once its scratch buffers have grown, and
// depacketizers treat their input as hostile: malformed payloads yield an
// error, never a panic.
//
// Not done yet: media container readers and writers (IVF, Ogg, Annex B
// files), RFC 2198 redundancy and H.265.
package codec
