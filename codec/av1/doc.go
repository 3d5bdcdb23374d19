// Package av1 implements the AOMedia "RTP Payload Format For AV1" (v1.0.0):
// the aggregation header (Z, Y, W, N bits, §4.4), OBU elements with
// leb128 length fields (§4.5), fragmentation of OBUs across packets, and
// the OBU handling rules of §5 (temporal delimiters and tile list OBUs are
// removed by the sender and ignored by the receiver; obu_has_size_field is
// cleared in RTP and restored when depacketizing).
//
// That document is not in the specification library: this package follows
// its published text from memory, and its tests use packets built by hand
// from those rules. The OBU header and leb128 syntax come from the AV1
// bitstream specification (§5.3, §4.10.5).
//
// The payloader sets N (first packet of a coded video sequence) when the
// temporal unit carries a sequence header OBU, which encoders emit with
// each key frame; it does not parse frame headers. The depacketizer emits
// each temporal unit in the low-overhead bitstream format (AV1 §5.2)
// starting with a temporal delimiter.
//
// Not done yet: the dependency descriptor extension and SVC-aware
// packetization.
package av1
