package udp

import "sync/atomic"

var (
	noGSO atomic.Bool
	noGRO atomic.Bool
)

// SetGSO turns UDP generic segmentation offload on (the default) or off for
// sockets opened afterwards. It has no effect where GSO is not supported.
func SetGSO(on bool) { noGSO.Store(!on) }

// SetGRO turns UDP generic receive offload on (the default) or off for
// sockets opened afterwards. It has no effect where GRO is not supported.
func SetGRO(on bool) { noGRO.Store(!on) }
