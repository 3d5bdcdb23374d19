// Package vp8 implements the RTP payload format for VP8 of RFC 7741: the
// payload descriptor of §4.2 (extended control bits, 7- and 15-bit
// PictureID, TL0PICIDX, TID/Y/KEYIDX), the key-frame bit of the payload
// header of §4.3, frame fragmentation (§4.4) and de-packetization (§4.5).
//
// The payloader sends one partition-agnostic stream of fragments (PID 0,
// S=1 on the first packet only, as §4.4 allows) with a 15-bit PictureID.
// Not done yet: partition-aligned packetization and temporal-layer fields
// on the sending side (the receiving side parses them).
package vp8
