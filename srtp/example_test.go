package srtp_test

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/c4c1f6e1/webrtc/srtp"
)

func Example() {
	// The DTLS exporter gives 2*(key+salt) octets (RFC 5764 §4.2).
	profile := srtp.ProfileAES128CMHMACSHA1_80
	material := make([]byte, profile.KeyingMaterialLen())
	keys, err := srtp.SplitKeyingMaterial(profile, material)
	if err != nil {
		panic(err)
	}
	// The DTLS client sends with the client keys; the server receives with them.
	sender, _ := srtp.NewContext(profile, keys.ClientKey, keys.ClientSalt)
	receiver, _ := srtp.NewContext(profile, keys.ClientKey, keys.ClientSalt)

	rtp := []byte{0x80, 96, 0, 1, 0, 0, 0, 0, 0xca, 0xfe, 0xba, 0xbe, 'h', 'i'}
	buf := make([]byte, len(rtp), len(rtp)+profile.RTPOverhead())
	copy(buf, rtp)
	protected, err := sender.EncryptRTP(buf, buf) // in place
	if err != nil {
		panic(err)
	}
	fmt.Println(len(rtp), "->", len(protected))

	replay := bytes.Clone(protected)

	plain, err := receiver.DecryptRTP(protected, protected)
	fmt.Printf("%q %v\n", plain[12:], err)
	_, err = receiver.DecryptRTP(nil, replay)
	fmt.Println(errors.Is(err, srtp.ErrReplayed))
	// Output:
	// 14 -> 24
	// "hi" <nil>
	// true
}
