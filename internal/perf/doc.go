// Package perf measures a WebRTC stack the way the performance issue
// defines it, through nothing but the stack's public API, so that the same
// code measures this module's PeerConnection and, from the interop module,
// Pion's:
//
//   - Throughput: two PeerConnections in one process, one reliable ordered
//     data channel, a fixed number of bytes in fixed-size messages with
//     bufferedAmount flow control; MB/s and process CPU per MiB. Delivery is
//     checked: message count, length, order and a CRC-32C of every message.
//   - ConnectToOpen: the time from before the first NewPeerConnection to the
//     open event on both sides of a data channel; percentiles over runs.
//   - Idle: many connected pairs with one open channel each; goroutines, live
//     heap, goroutine stacks and RSS per PeerConnection, and the process CPU
//     they use per second while idle.
//   - UDPBaseline: bare UDP between two sockets on the same path, the yardstick
//     for how fast this machine is at the time of the run.
//
// A stack is plugged in through the Stack interface; Ours is this module's.
// Candidates are trickled in process and restricted to one address, so both
// stacks use the same network path. The functions wait in real time (that is
// what they measure); they start no goroutine that outlives them.
package perf
