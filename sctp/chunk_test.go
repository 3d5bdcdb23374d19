package sctp

import (
	"bytes"
	"reflect"
	"testing"
)

// parseAny parses one encoded chunk with the type-specific parser and
// returns it re-encoded, or an error.
func parseAny(b []byte) ([]byte, error) {
	typ, flags, v, _, err := NextChunk(b)
	if err != nil {
		return nil, err
	}
	switch typ {
	case ChunkData, ChunkIData:
		var d DataChunk
		if err := d.Unmarshal(typ == ChunkIData, flags, v); err != nil {
			return nil, err
		}
		return d.AppendTo(nil), nil
	case ChunkInit, ChunkInitAck:
		var c InitChunk
		if err := c.Unmarshal(typ == ChunkInitAck, v); err != nil {
			return nil, err
		}
		return c.AppendTo(nil), nil
	case ChunkSack:
		var s SackChunk
		if err := s.Unmarshal(v); err != nil {
			return nil, err
		}
		return s.AppendTo(nil), nil
	case ChunkForwardTSN, ChunkIForwardTSN:
		var f ForwardTSNChunk
		if err := f.Unmarshal(typ == ChunkIForwardTSN, v); err != nil {
			return nil, err
		}
		return f.AppendTo(nil), nil
	case ChunkReconfig:
		var r ReconfigChunk
		if err := r.Unmarshal(v); err != nil {
			return nil, err
		}
		return r.AppendTo(nil), nil
	case ChunkHeartbeat, ChunkHeartbeatAck:
		info, err := ParseHeartbeat(v)
		if err != nil {
			return nil, err
		}
		return AppendHeartbeat(nil, typ == ChunkHeartbeatAck, info), nil
	case ChunkShutdown:
		c, err := ParseShutdown(v)
		if err != nil {
			return nil, err
		}
		return AppendShutdown(nil, c), nil
	case ChunkCookieEcho:
		return AppendCookieEcho(nil, v), nil
	}
	return nil, errShort
}

// sampleChunks holds one encoded example of every chunk type we parse.
func sampleChunks() map[string][]byte {
	init := InitChunk{InitiateTag: 0x01020304, ARwnd: 1 << 20, OutStreams: 1024, InStreams: 1024, InitialTSN: 77,
		ForwardTSN: true, Extensions: []ChunkType{ChunkForwardTSN, ChunkReconfig, ChunkIData}, ZeroChecksum: true, ZeroChecksumEDM: 1}
	initAck := init
	initAck.Ack = true
	initAck.Cookie = []byte("a state cookie of some length")
	return map[string][]byte{
		"DATA":          (&DataChunk{Beginning: true, Ending: true, Unordered: true, TSN: 5, Stream: 7, SSN: 9, PPID: 51, Payload: []byte("hello")}).AppendTo(nil),
		"DATA-middle":   (&DataChunk{TSN: 6, Stream: 7, SSN: 9, PPID: 53, Payload: []byte("x")}).AppendTo(nil),
		"I-DATA-first":  (&DataChunk{IData: true, Beginning: true, TSN: 5, Stream: 7, MID: 1 << 20, PPID: 51, Payload: []byte("hello")}).AppendTo(nil),
		"I-DATA-next":   (&DataChunk{IData: true, Ending: true, TSN: 6, Stream: 7, MID: 1 << 20, FSN: 3, Payload: []byte("world!!")}).AppendTo(nil),
		"INIT":          init.AppendTo(nil),
		"INIT-ACK":      initAck.AppendTo(nil),
		"SACK":          (&SackChunk{CumTSN: 100, ARwnd: 5000, Gaps: []GapBlock{{2, 3}, {5, 9}}, Dups: []uint32{99}}).AppendTo(nil),
		"SACK-empty":    (&SackChunk{CumTSN: 100, ARwnd: 5000}).AppendTo(nil),
		"FORWARD-TSN":   (&ForwardTSNChunk{NewCumTSN: 50, Streams: []SkippedStream{{Stream: 1, SSN: 4}, {Stream: 9, SSN: 0}}}).AppendTo(nil),
		"I-FORWARD-TSN": (&ForwardTSNChunk{IForward: true, NewCumTSN: 50, Streams: []SkippedStream{{Stream: 1, Unordered: true, MID: 4}}}).AppendTo(nil),
		"RE-CONFIG": (&ReconfigChunk{Params: []ReconfigParam{
			{Type: paramOutgoingReset, ReqSeq: 10, RespSeq: 20, LastTSN: 30, Streams: []uint16{1, 3, 5}},
			{Type: paramReconfigResponse, ReqSeq: 21, Result: ReconfigSuccessPerformed}}}).AppendTo(nil),
		"HEARTBEAT":     AppendHeartbeat(nil, false, []byte("info")),
		"HEARTBEAT-ACK": AppendHeartbeat(nil, true, []byte("informatio")),
		"SHUTDOWN":      AppendShutdown(nil, 1234),
		"COOKIE-ECHO":   AppendCookieEcho(nil, []byte("cookie")),
	}
}

// TestChunkRoundTrip: marshal → parse → marshal gives the same bytes, and
// parsed fields equal the originals (DESIGN.md §4).
func TestChunkRoundTrip(t *testing.T) {
	for name, b := range sampleChunks() {
		out, err := parseAny(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(out, b) {
			t.Errorf("%s: round trip\n got %x\nwant %x", name, out, b)
		}
		if len(b)%4 != 0 {
			t.Errorf("%s: not padded to 4 bytes", name)
		}
	}
}

// TestChunkNoStrictPrefix: no strict prefix of a chunk (short of its
// padding) parses.
func TestChunkNoStrictPrefix(t *testing.T) {
	for name, b := range sampleChunks() {
		unpadded := int(b[2])<<8 | int(b[3])
		for i := 0; i < unpadded; i++ {
			if _, err := parseAny(b[:i]); err == nil {
				t.Errorf("%s: prefix of %d/%d bytes parsed", name, i, unpadded)
			}
		}
	}
}

func TestDataChunkFields(t *testing.T) {
	t.Logf("# RFC 8260 §2.1: the PPID field is the FSN when B is clear")
	var d DataChunk
	b := sampleChunks()["I-DATA-next"]
	typ, flags, v, _, _ := NextChunk(b)
	if err := d.Unmarshal(typ == ChunkIData, flags, v); err != nil {
		t.Fatal(err)
	}
	want := DataChunk{IData: true, Ending: true, TSN: 6, Stream: 7, MID: 1 << 20, FSN: 3, Payload: []byte("world!!")}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("got %+v", d)
	}
	t.Logf("# RFC 9260 §3.3.1: a DATA chunk without user data is an error")
	empty := (&DataChunk{TSN: 1, Payload: nil}).AppendTo(nil)
	if _, err := parseAny(empty); err == nil {
		t.Fatal("empty DATA parsed")
	}
}

func TestInitRejects(t *testing.T) {
	t.Logf("# RFC 9260 §3.3.2: Initiate Tag and stream counts MUST NOT be 0")
	for _, c := range []InitChunk{{InitiateTag: 0, OutStreams: 1, InStreams: 1}, {InitiateTag: 1, OutStreams: 0, InStreams: 1}, {InitiateTag: 1, OutStreams: 1, InStreams: 0}} {
		if _, err := parseAny(c.AppendTo(nil)); err == nil {
			t.Errorf("%+v parsed", c)
		}
	}
	t.Logf("# RFC 9260 §3.3.3: INIT ACK must carry a State Cookie")
	c := InitChunk{Ack: true, InitiateTag: 1, OutStreams: 1, InStreams: 1}
	b := c.AppendTo(nil)
	if _, err := parseAny(b); err == nil {
		t.Error("INIT ACK without cookie parsed")
	}
}

func fuzzChunk(f *testing.F, keys ...string) {
	s := sampleChunks()
	for _, k := range keys {
		f.Add(s[k])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := parseAny(b)
		if err != nil {
			return
		}
		out2, err := parseAny(out)
		if err != nil {
			t.Fatalf("re-encoded chunk does not parse: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("parse → marshal → parse disagrees:\n%x\n%x", out, out2)
		}
	})
}

func FuzzDataChunk(f *testing.F)       { fuzzChunk(f, "DATA", "DATA-middle", "I-DATA-first", "I-DATA-next") }
func FuzzInitChunk(f *testing.F)       { fuzzChunk(f, "INIT", "INIT-ACK") }
func FuzzSackChunk(f *testing.F)       { fuzzChunk(f, "SACK", "SACK-empty") }
func FuzzForwardTSNChunk(f *testing.F) { fuzzChunk(f, "FORWARD-TSN", "I-FORWARD-TSN") }
func FuzzReconfigChunk(f *testing.F)   { fuzzChunk(f, "RE-CONFIG") }
func FuzzControlChunk(f *testing.F) {
	fuzzChunk(f, "HEARTBEAT", "HEARTBEAT-ACK", "SHUTDOWN", "COOKIE-ECHO")
}
