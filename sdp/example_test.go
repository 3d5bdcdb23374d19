package sdp_test

import (
	"fmt"

	"github.com/c4c1f6e1/webrtc/sdp"
)

func Example() {
	offer := "v=0\r\n" +
		"o=- 3086714679920040928 2 IN IP4 127.0.0.1\r\n" +
		"s=-\r\n" +
		"t=0 0\r\n" +
		"a=group:BUNDLE 0\r\n" +
		"m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" +
		"c=IN IP4 0.0.0.0\r\n" +
		"a=candidate:24353537 1 udp 2122194687 192.0.2.2 56441 typ host generation 0 network-id 1\r\n" +
		"a=ice-ufrag:v4nM\r\n" +
		"a=ice-pwd:k4FnG0KynCgCp6nKKmYLDYC2\r\n" +
		"a=fingerprint:sha-256 F0:46:6F:BF:5D:FF:2F:9D:A5:8F:E8:31:28:80:4E:D3:89:38:2F:81:76:27:B4:71:E9:29:63:25:E9:14:3D:DC\r\n" +
		"a=setup:actpass\r\n" +
		"a=mid:0\r\n" +
		"a=sctp-port:5000\r\n"

	s, err := sdp.Parse([]byte(offer))
	if err != nil {
		fmt.Println(err)
		return
	}
	m := s.Media[0]
	ml, _ := m.MediaLine()
	mid, _ := m.Mid()
	ufrag, pwd, _ := m.ICECredentials()
	fps, _ := m.Fingerprints()
	setup, _, _ := m.Setup()
	port, _, _ := m.SCTPPort()
	cands, _ := m.Candidates()
	fmt.Println(ml.Media, ml.Proto, "mid", mid, "ufrag", ufrag, "pwd", len(pwd), "bytes")
	fmt.Println(fps[0].HashFunc, len(fps[0].Value), "bytes; setup", setup, "; sctp-port", port)
	fmt.Println(cands[0].Protocol(), cands[0].Address, cands[0].Port, cands[0].Type)
	fmt.Println("round trip exact:", string(s.Marshal()) == offer)

	// Build an answer section in code.
	a := sdp.NewMediaDescription(sdp.MediaLine{Media: "application", Port: 9, Proto: "UDP/DTLS/SCTP", Formats: []string{"webrtc-datachannel"}})
	a.Lines = append(a.Lines, sdp.Line{Type: 'c', Value: "IN IP4 0.0.0.0"})
	a.AddAttribute(sdp.AttrMid, mid)
	a.AddAttribute(sdp.AttrSetup, sdp.SetupActive.String())
	a.AddAttribute(sdp.AttrSCTPPort, "5000")
	fmt.Printf("%q\n", a.Lines)

	// Output:
	// application UDP/DTLS/SCTP mid 0 ufrag v4nM pwd 24 bytes
	// sha-256 32 bytes; setup actpass ; sctp-port 5000
	// udp 192.0.2.2 56441 host
	// round trip exact: true
	// [{'m' "application 9 UDP/DTLS/SCTP webrtc-datachannel"} {'c' "IN IP4 0.0.0.0"} {'a' "mid:0"} {'a' "setup:active"} {'a' "sctp-port:5000"}]
}
