package datachannel

import (
	"bytes"
	"reflect"
	"testing"
)

func sampleOpens() []Open {
	return []Open{
		{ChannelType: ChannelReliable, Priority: 256, Label: "chat", Protocol: "json"},
		{ChannelType: ChannelPartialReliableRexmitUnord, Priority: 128, ReliabilityParameter: 3, Label: "", Protocol: ""},
		{ChannelType: ChannelPartialReliableTimed, Priority: 1024, ReliabilityParameter: 1500, Label: "π", Protocol: "x"},
	}
}

// TestOpenVector decodes a DATA_CHANNEL_OPEN built by hand from the layout
// of RFC 8832 §5.1.
func TestOpenVector(t *testing.T) {
	b := []byte{0x03, 0x81, 0x01, 0x00, 0, 0, 0, 5, 0, 3, 0, 2, 'a', 'b', 'c', 'p', 'q'}
	o, err := ParseOpen(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Open{ChannelType: ChannelPartialReliableRexmitUnord, Priority: 256, ReliabilityParameter: 5, Label: "abc", Protocol: "pq"}
	if o != want {
		t.Fatalf("got %+v", o)
	}
	if !bytes.Equal(o.AppendTo(nil), b) {
		t.Fatal("re-encoding differs")
	}
	if !o.ChannelType.Unordered() {
		t.Fatal("0x81 is unordered")
	}
}

func TestOpenRoundTripAndPrefixes(t *testing.T) {
	for _, o := range sampleOpens() {
		b := o.AppendTo(nil)
		got, err := ParseOpen(b)
		if err != nil || !reflect.DeepEqual(got, o) {
			t.Fatalf("round trip %+v: %+v %v", o, got, err)
		}
		for i := 0; i < len(b); i++ {
			if _, err := ParseOpen(b[:i]); err == nil {
				t.Fatalf("prefix %d of %d parsed", i, len(b))
			}
		}
	}
	t.Logf("# RFC 8832 §5.2: DATA_CHANNEL_ACK is the single byte 0x02")
	if !IsAck(AppendAck(nil)) || IsAck([]byte{2, 0}) || IsAck(nil) {
		t.Fatal("ACK recognition")
	}
	t.Logf("# an unknown channel type is rejected")
	b := sampleOpens()[0].AppendTo(nil)
	b[1] = 0x03
	if _, err := ParseOpen(b); err == nil {
		t.Fatal("channel type 0x03 accepted")
	}
}

func FuzzDCEP(f *testing.F) {
	for _, o := range sampleOpens() {
		f.Add(o.AppendTo(nil))
	}
	f.Add(AppendAck(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = IsAck(b)
		o, err := ParseOpen(b)
		if err != nil {
			return
		}
		enc := o.AppendTo(nil)
		if !bytes.Equal(enc, b) {
			t.Fatalf("re-encoding differs")
		}
		o2, err := ParseOpen(enc)
		if err != nil || o2 != o {
			t.Fatalf("parse → marshal → parse: %+v %v", o2, err)
		}
	})
}
