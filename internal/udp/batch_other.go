//go:build !linux || udpfallback

package udp

// batchScratch is empty where WriteBatch writes datagrams one by one.
type batchScratch struct{}

func (*batchScratch) init(int) {}
