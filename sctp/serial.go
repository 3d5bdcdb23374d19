package sctp

// Serial number arithmetic on 32-bit TSNs and MIDs (RFC 9260 §1.6, RFC 1982).

func tsnLT(a, b uint32) bool  { return int32(a-b) < 0 }
func tsnLTE(a, b uint32) bool { return int32(a-b) <= 0 }
func tsnGT(a, b uint32) bool  { return int32(a-b) > 0 }
