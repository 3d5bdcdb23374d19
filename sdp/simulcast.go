package sdp

import "strings"

// Simulcast is the value of an a=simulcast attribute (RFC 8853 §5.1):
// "send <streams> [recv <streams>]" or "recv <streams> [send <streams>]",
// where <streams> is a ";"-separated list of simulcast streams and each
// stream a ","-separated list of alternative rids, e.g.
// "send h;m;l" or "recv 1,~2;3".
type Simulcast struct {
	Send [][]SimulcastID // the send streams, each a list of alternatives; nil when absent
	Recv [][]SimulcastID // the receive streams; nil when absent

	// RecvFirst records that the recv list came first, so that String
	// writes the lists back in the order they were read.
	RecvFirst bool
}

// SimulcastID is one rid of a simulcast stream (RFC 8853 §5.1 sc-id).
type SimulcastID struct {
	RID    string // a rid-id, naming an a=rid line
	Paused bool   // written with a "~" prefix: the stream is paused
}

func parseSimulcastList(s string) ([][]SimulcastID, error) {
	var out [][]SimulcastID
	for stream := range strings.SplitSeq(s, ";") {
		var alts []SimulcastID
		for id := range strings.SplitSeq(stream, ",") {
			rid, paused := strings.CutPrefix(id, "~")
			if !isRIDID(rid) {
				return nil, attrErrorf(AttrSimulcast, "%q is not a rid-id (RFC 8853 §5.1)", id)
			}
			alts = append(alts, SimulcastID{RID: rid, Paused: paused})
		}
		out = append(out, alts)
	}
	return out, nil
}

// ParseSimulcast parses the value of an a=simulcast attribute (RFC 8853
// §5.1).
func ParseSimulcast(v string) (Simulcast, error) {
	f := strings.Split(v, " ")
	if len(f) != 2 && len(f) != 4 {
		return Simulcast{}, attrErrorf(AttrSimulcast, "want send|recv <streams> [recv|send <streams>] (RFC 8853 §5.1)")
	}
	var sc Simulcast
	for i := 0; i < len(f); i += 2 {
		list, err := parseSimulcastList(f[i+1])
		if err != nil {
			return Simulcast{}, err
		}
		switch {
		case f[i] == "send" && sc.Send == nil:
			sc.Send = list
		case f[i] == "recv" && sc.Recv == nil:
			sc.Recv = list
			sc.RecvFirst = i == 0
		default:
			return Simulcast{}, attrErrorf(AttrSimulcast, "want send or recv once each, got %q (RFC 8853 §5.1)", f[i])
		}
	}
	if sc.Send == nil {
		sc.RecvFirst = false
	}
	return sc, nil
}

func appendSimulcastList(b []byte, dir string, list [][]SimulcastID) []byte {
	b = append(b, dir...)
	b = append(b, ' ')
	for i, alts := range list {
		if i > 0 {
			b = append(b, ';')
		}
		for j, id := range alts {
			if j > 0 {
				b = append(b, ',')
			}
			if id.Paused {
				b = append(b, '~')
			}
			b = append(b, id.RID...)
		}
	}
	return b
}

// AppendTo appends the attribute value to b: the send list first unless
// RecvFirst is set. Empty lists are omitted.
func (sc Simulcast) AppendTo(b []byte) []byte {
	first, second := "send", "recv"
	l1, l2 := sc.Send, sc.Recv
	if sc.RecvFirst {
		first, second, l1, l2 = second, first, l2, l1
	}
	if len(l1) > 0 {
		b = appendSimulcastList(b, first, l1)
	}
	if len(l2) > 0 {
		if len(l1) > 0 {
			b = append(b, ' ')
		}
		b = appendSimulcastList(b, second, l2)
	}
	return b
}

// String returns the attribute value.
func (sc Simulcast) String() string { return string(sc.AppendTo(nil)) }

// Simulcast returns the section's a=simulcast attribute (RFC 8853 §5.1),
// false if it has none, and an error if it is malformed.
func (m *MediaDescription) Simulcast() (Simulcast, bool, error) {
	v, ok := m.Attribute(AttrSimulcast)
	if !ok {
		return Simulcast{}, false, nil
	}
	sc, err := ParseSimulcast(v)
	return sc, err == nil, err
}
