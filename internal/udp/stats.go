package udp

import "sync/atomic"

// Stats are a socket's counters since it was opened.
type Stats struct {
	DatagramsSent     uint64 // datagrams the kernel accepted
	BytesSent         uint64 // their payload bytes
	DatagramsReceived uint64 // datagrams handed to the Receiver
	BytesReceived     uint64 // their payload bytes
	SendCalls         uint64 // system calls that sent datagrams
	ReceiveCalls      uint64 // system calls that returned datagrams

	// SendDropped counts datagrams not sent: refused by the kernel (an
	// unreachable network, a bad destination), left over when the send
	// buffer stayed full, or written after Close.
	SendDropped uint64
	// ReceiveTruncated counts datagrams dropped because they were larger
	// than the read buffer.
	ReceiveTruncated uint64
	// ReceiveErrors counts failed read calls.
	ReceiveErrors uint64
	// ReceiveOverflows is the kernel's count of packets it dropped because
	// the socket's receive buffer was full (Linux SO_MEMINFO), as of the
	// Stats call (or of Close, once closed). A GSO buffer that arrived
	// unsegmented, as on loopback, counts once for all its datagrams.
	ReceiveOverflows uint64

	GSODatagrams uint64 // datagrams sent inside GSO messages
	GRODatagrams uint64 // datagrams received inside coalesced GRO buffers

	GSO         bool // GSO is in use for sending
	GRO         bool // GRO is enabled for receiving
	ReadBuffer  int  // the kernel's receive buffer size in bytes
	WriteBuffer int  // the kernel's send buffer size in bytes
}

// counters holds a socket's Stats while it runs.
type counters struct {
	datagramsSent, bytesSent         atomic.Uint64
	datagramsReceived, bytesReceived atomic.Uint64
	sendCalls, receiveCalls          atomic.Uint64
	sendDropped                      atomic.Uint64
	receiveTruncated, receiveErrors  atomic.Uint64
	receiveOverflows                 atomic.Uint64
	gsoDatagrams, groDatagrams       atomic.Uint64
}

// snapshot copies the counters into st.
func (c *counters) snapshot(st *Stats) {
	st.DatagramsSent = c.datagramsSent.Load()
	st.BytesSent = c.bytesSent.Load()
	st.DatagramsReceived = c.datagramsReceived.Load()
	st.BytesReceived = c.bytesReceived.Load()
	st.SendCalls = c.sendCalls.Load()
	st.ReceiveCalls = c.receiveCalls.Load()
	st.SendDropped = c.sendDropped.Load()
	st.ReceiveTruncated = c.receiveTruncated.Load()
	st.ReceiveErrors = c.receiveErrors.Load()
	st.ReceiveOverflows = c.receiveOverflows.Load()
	st.GSODatagrams = c.gsoDatagrams.Load()
	st.GRODatagrams = c.groDatagrams.Load()
}
