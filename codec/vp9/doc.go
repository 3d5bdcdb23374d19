// Package vp9 implements the RTP payload format for VP9 of RFC 9628: the
// payload descriptor of §4.2 in flexible (F=1, reference P_DIFFs) and
// non-flexible (F=0, TL0PICIDX) modes, the scalability structure of
// §4.2.1, and frame fragmentation with the B and E bits (§4.3).
//
// The payloader detects key frames from the VP9 uncompressed header
// (frame_marker, profile, show_existing_frame, frame_type: VP9 bitstream
// specification §6.2, which is not in the specification library) and sends
// a scalability structure on the first packet of each key frame.
//
// Not done yet: sending spatial or temporal layers (the payloader sends a
// single layer; the depacketizer accepts layered streams and concatenates
// the layer frames of a picture without building a superframe index).
package vp9
