package webrtc

import (
	"encoding/json"
	"errors"
	"testing"
)

// Every enum's String is the spec value, parses back, and survives JSON;
// unknown values are a TypeError (DESIGN.md §5).
func TestEnumsRoundTrip(t *testing.T) {
	tables := []*enumTable{&signalingStateEnum, &iCEGatheringStateEnum, &peerConnectionStateEnum, &iCEConnectionStateEnum,
		&iCETransportPolicyEnum, &bundlePolicyEnum, &rTCPMuxPolicyEnum, &sDPTypeEnum, &dataChannelStateEnum,
		&rTPTransceiverDirectionEnum, &iCECandidateTypeEnum, &iCEProtocolEnum, &iCETCPCandidateTypeEnum, &iCERoleEnum,
		&iCEComponentEnum, &dTLSTransportStateEnum, &sCTPTransportStateEnum}
	if len(tables) != 17 {
		t.Fatalf("%d enum tables", len(tables))
	}
	for _, tab := range tables {
		for i, v := range tab.values {
			if i == 0 && tab.zeroInvalid {
				if _, err := tab.marshal(0); !errors.Is(err, ErrType) {
					t.Errorf("%s: marshalling the unset value gave %v, want TypeError", tab.name, err)
				}
				continue
			}
			b, err := tab.marshal(i)
			if err != nil || string(b) != v {
				t.Errorf("%s(%d) marshals to %q, %v; want %q", tab.name, i, b, err, v)
			}
			var got int
			if err := tab.unmarshal([]byte(v), &got); err != nil || got != i {
				t.Errorf("%s: %q parses to %d, %v; want %d", tab.name, v, got, err, i)
			}
		}
		var got int
		if err := tab.unmarshal([]byte("bogus"), &got); !errors.Is(err, ErrType) {
			t.Errorf("%s: parsing \"bogus\" gave %v, want TypeError", tab.name, err)
		}
	}
	// Spot checks through the typed API and JSON.
	if SignalingStateHaveLocalPranswer.String() != "have-local-pranswer" || ICETransportPolicyRelay.String() != "relay" ||
		BundlePolicyMaxBundle.String() != "max-bundle" || RTPTransceiverDirectionStopped.String() != "stopped" {
		t.Errorf("String values differ from the spec")
	}
	var v struct {
		S PeerConnectionState `json:"s"`
		T SDPType             `json:"t"`
	}
	if err := json.Unmarshal([]byte(`{"s":"disconnected","t":"pranswer"}`), &v); err != nil || v.S != PeerConnectionStateDisconnected || v.T != SDPTypePranswer {
		t.Fatalf("JSON decode: %+v, %v", v, err)
	}
	if err := json.Unmarshal([]byte(`{"s":"Disconnected"}`), &v); !errors.Is(err, ErrType) {
		t.Fatalf("JSON decode of a wrong-case value: %v, want TypeError", err)
	}
	b, err := json.Marshal(SessionDescription{Type: SDPTypeAnswer, SDP: "v=0\r\n"})
	if err != nil || string(b) != `{"type":"answer","sdp":"v=0\r\n"}` {
		t.Fatalf("SessionDescription JSON = %s, %v", b, err)
	}
	if _, err := ParseICECandidateType("srflx"); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsMatchDOMExceptionNames(t *testing.T) {
	err := newError(ErrInvalidState, "x %d", 1)
	if !errors.Is(err, ErrInvalidState) || errors.Is(err, ErrOperation) || err.Error() != "InvalidStateError: x 1" {
		t.Fatalf("newError: %v", err)
	}
	var rtc error = &RTCError{ErrorDetail: ErrorDetailSDPSyntaxError, SDPLineNumber: 3}
	if !errors.Is(rtc, ErrOperation) {
		t.Fatalf("RTCError does not match ErrOperation")
	}
	var re *RTCError
	if !errors.As(rtc, &re) || re.SDPLineNumber != 3 {
		t.Fatalf("errors.As: %v", re)
	}
}
