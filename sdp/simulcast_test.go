package sdp

import (
	"reflect"
	"testing"
)

func TestParseSimulcast(t *testing.T) {
	id := func(rid string) SimulcastID { return SimulcastID{RID: rid} }
	for _, tt := range []struct {
		in   string
		want Simulcast
	}{
		{"send h;m;l", Simulcast{Send: [][]SimulcastID{{id("h")}, {id("m")}, {id("l")}}}},
		{"recv 1;2;3", Simulcast{Recv: [][]SimulcastID{{id("1")}, {id("2")}, {id("3")}}}},
		{"send 1,~4;2;3 recv c", Simulcast{Send: [][]SimulcastID{{id("1"), {RID: "4", Paused: true}}, {id("2")}, {id("3")}}, Recv: [][]SimulcastID{{id("c")}}}},
		{"recv ~a send b", Simulcast{Send: [][]SimulcastID{{id("b")}}, Recv: [][]SimulcastID{{{RID: "a", Paused: true}}}, RecvFirst: true}},
	} {
		sc, err := ParseSimulcast(tt.in)
		if err != nil || !reflect.DeepEqual(sc, tt.want) || sc.String() != tt.in {
			t.Fatalf("ParseSimulcast(%q) = %#v, %v; String %q", tt.in, sc, err, sc.String())
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{"", "want send|recv"},
		{"send", "want send|recv"},
		{"send a recv", "want send|recv"},
		{"send a send b", "once each"},
		{"both a", "once each"},
		{"Send a", "once each"},
		{"send a;", "not a rid-id"},
		{"send a,,b", "not a rid-id"},
		{"send ~~a", "not a rid-id"},
		{"send a.b", "not a rid-id"},
	} {
		_, err := ParseSimulcast(tt.in)
		wantAttrError(t, tt.in, err, tt.msg)
	}

	t.Logf("# the Chromium simulcast offer: rids h, m, l sent as three simulcast streams")
	s, err := Parse(readTestdata(t, "chromium-simulcast-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	m := s.Media[0]
	sc, ok, err := m.Simulcast()
	if !ok || err != nil || !reflect.DeepEqual(sc, Simulcast{Send: [][]SimulcastID{{id("h")}, {id("m")}, {id("l")}}}) {
		t.Fatalf("Simulcast() = %+v, %v, %v", sc, ok, err)
	}
	rids, err := m.RIDs()
	if err != nil || len(rids) != 3 {
		t.Fatalf("RIDs() = %v, %v", rids, err)
	}
	for i, r := range rids {
		if r.ID != sc.Send[i][0].RID || r.Direction != RIDSend {
			t.Fatalf("rid %d = %+v, simulcast stream %v", i, r, sc.Send[i])
		}
	}
	if m.Direction() != DirectionSendOnly {
		t.Fatalf("Direction() = %q", m.Direction())
	}
	a, err := Parse(readTestdata(t, "chromium-simulcast-answer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("# Chromium 156 answers a simulcast offer with a plain recvonly section: no a=rid, no a=simulcast")
	if _, ok, err := a.Media[0].Simulcast(); ok || err != nil || a.Media[0].HasAttribute(AttrRID) || a.Media[0].Direction() != DirectionRecvOnly {
		t.Fatalf("answer Simulcast() = %v, %v; direction %q", ok, err, a.Media[0].Direction())
	}
	if _, ok, err := (&MediaDescription{}).Simulcast(); ok || err != nil {
		t.Fatalf("Simulcast() of an empty section = %v, %v", ok, err)
	}
}

func FuzzParseSimulcast(f *testing.F) {
	seedAttrs(f, AttrSimulcast, "send 1,~4;2;3 recv c", "recv ~a send b", "recv 1;2")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseSimulcast) })
}
