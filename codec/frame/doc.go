// Package frame rebuilds media frames from RTP packets for any
// codec.Depacketizer: it reorders packets by extended sequence number
// (RFC 3550 Appendix A.1, across the 16-bit wrap), drops duplicates and
// packets older than what it already delivered, finds frame boundaries
// (RTP marker bit or the codec's end-of-frame rule, a change of RTP
// timestamp, the codec's start-of-frame rule), detects loss, and after a
// loss holds back frames until a key frame arrives (the caller sends a PLI
// or FIR while NeedKeyframe reports true, RFC 4585 §6.3.1, RFC 5104
// §4.3.1).
//
// The first packet received is taken as the start of a frame (packets
// reordered before it, while nothing has been delivered, move the start
// back); a wrong guess yields a partial frame that the depacketizer or the
// key-frame rule rejects.
//
// It is sans-IO and has no clock: an incomplete frame blocks delivery
// until the missing packets arrive (for example by RTX), a later key frame
// is complete, the window of MaxPackets overflows, or the caller gives up
// on it with SkipIncomplete (typically from its jitter-buffer deadline).
//
// Not done yet: decodability tracking for codecs whose frames reference
// selectively (VP8/VP9 temporal layers, VP9 flexible-mode P_DIFFs): after a
// loss every codec waits for a key frame unless DecodeThroughLoss is set.
package frame
