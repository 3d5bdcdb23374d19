// Package h264 implements the RTP payload format for H.264 of RFC 6184 in
// non-interleaved mode (packetization-mode 0 and 1, §6.2 and §6.3): single
// NAL unit packets (§5.6), STAP-A aggregation (§5.7.1) and FU-A
// fragmentation (§5.8). Frames are Annex B byte streams (ITU-T H.264
// Annex B, start codes 0x000001) on both sides.
//
// The payloader aggregates consecutive NAL units that fit one payload into
// a STAP-A, fragments the ones larger than the MTU into FU-As, and, unless
// disabled, re-sends the last SPS and PPS before an IDR picture whose access
// unit lacks them, so that a receiver joining late can decode it.
//
// With SingleNAL set the payloader follows packetization-mode 0 (§6.2).
//
// Not done yet: interleaved mode (packetization-mode 2: STAP-B, MTAP16/24,
// FU-B; depacketizing them fails with codec.ErrUnsupported).
package h264
