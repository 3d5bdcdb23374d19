package stun_test

import (
	"fmt"
	"net/netip"

	"github.com/c4c1f6e1/webrtc/stun"
)

// Build an ICE connectivity check, then parse and authenticate it as the
// receiving agent does.
func Example() {
	key := stun.ShortTermKey("VOkJxbRl1RmTxUk/WvJxBt")
	var w stun.Builder
	w.Reset(make([]byte, 0, 128), stun.BindingRequest, stun.TransactionID{1, 2, 3})
	w.AddString(stun.AttrUsername, "evtj:h6vY")
	w.AddUint32(stun.AttrPriority, 0x6e0001ff)
	w.AddUint64(stun.AttrICEControlling, 0x932ff9b151263b36)
	w.AddMessageIntegrity(key)
	w.AddFingerprint()

	var m stun.Message
	if err := m.Unmarshal(w.Bytes()); err != nil {
		panic(err)
	}
	user, _ := m.Get(stun.AttrUsername)
	fmt.Println(m.Type, string(user), m.CheckIntegrity(key) == nil, m.CheckFingerprint() == nil)

	// The response carries the request's source address.
	w.Reset(nil, stun.BindingSuccessResponse, m.TransactionID)
	w.AddXORAddress(stun.AttrXORMappedAddress, netip.MustParseAddrPort("192.0.2.1:32853"))
	w.AddMessageIntegrity(key)
	w.AddFingerprint()
	r, _ := stun.Parse(w.Bytes())
	addr, _ := r.XORAddress(stun.AttrXORMappedAddress)
	fmt.Println(r.Type, addr)
	// Output:
	// Binding request evtj:h6vY true true
	// Binding success response 192.0.2.1:32853
}
