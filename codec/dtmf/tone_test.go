package dtmf

import "testing"

func collect(t *testing.T, tone *Tone) []Report {
	t.Helper()
	var out []Report
	for r, ok := tone.Next(); ok; r, ok = tone.Next() {
		out = append(out, r)
		if len(out) > 1000 {
			t.Fatal("tone does not end")
		}
	}
	return out
}

func TestToneShort(t *testing.T) {
	tone, err := NewTone(11, 10, 8000, 1000, 400)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, tone)
	t.Logf("# RFC 4733 §2.5.1.2: first packet has M; updates keep the timestamp; the final packet has E")
	t.Logf("# RFC 4733 §2.5.1.4: the final packet SHOULD be sent a total of three times")
	want := []Report{
		{8000, true, Event{11, false, 10, 400}},
		{8000, false, Event{11, false, 10, 800}},
		{8000, false, Event{11, true, 10, 1000}},
		{8000, false, Event{11, true, 10, 1000}},
		{8000, false, Event{11, true, 10, 1000}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d reports: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("report %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if _, ok := tone.Next(); ok {
		t.Fatal("report after the end")
	}
}

func TestToneLong(t *testing.T) {
	tone, err := NewTone(1, 0, 0xFFFFFF00, 70000, 20000)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, tone)
	t.Logf("# RFC 4733 §2.5.1.3: report 0xFFFF without E, then a new segment at the end of the previous one, without M")
	start := uint32(0xFFFFFF00)
	seg2 := start + 0xFFFF // wraps, as RTP timestamps do
	want := []Report{
		{0xFFFFFF00, true, Event{1, false, 0, 20000}},
		{0xFFFFFF00, false, Event{1, false, 0, 40000}},
		{0xFFFFFF00, false, Event{1, false, 0, 60000}},
		{0xFFFFFF00, false, Event{1, false, 0, 0xFFFF}},
		{0xFFFFFF00, false, Event{1, false, 0, 0xFFFF}},
		{0xFFFFFF00, false, Event{1, false, 0, 0xFFFF}},
		{seg2, false, Event{1, true, 0, 70000 - 0xFFFF}},
		{seg2, false, Event{1, true, 0, 70000 - 0xFFFF}},
		{seg2, false, Event{1, true, 0, 70000 - 0xFFFF}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d reports: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("report %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestToneInvalid(t *testing.T) {
	for _, args := range [][3]uint32{{64, 100, 10}, {0, 0, 10}, {0, 100, 0}} {
		if _, err := NewTone(1, uint8(args[0]), 0, args[1], args[2]); err == nil {
			t.Fatalf("NewTone(volume %d, duration %d, interval %d) accepted", args[0], args[1], args[2])
		}
	}
}

type row struct {
	m        bool
	ts       uint32
	seq      uint16
	code     uint8
	duration uint16
	e        bool
}

func TestRFC4733Table5(t *testing.T) {
	t.Logf("# RFC 4733 §5 Table 5: the digits 9, 1, 1 with 50 ms updates (400 units at 8 kHz)")
	want := []row{
		{true, 0, 1, 9, 400, false}, {false, 0, 2, 9, 800, false}, {false, 0, 3, 9, 1200, false},
		{false, 0, 4, 9, 1600, false}, {false, 0, 5, 9, 1600, true}, {false, 0, 6, 9, 1600, true},
		{true, 7040, 7, 1, 400, false}, {false, 7040, 8, 1, 800, false}, {false, 7040, 9, 1, 1200, false},
		{false, 7040, 10, 1, 1600, false}, {false, 7040, 11, 1, 2000, false}, {false, 7040, 12, 1, 2000, true},
		{false, 7040, 13, 1, 2000, true},
		{true, 11200, 14, 1, 400, false}, {false, 11200, 15, 1, 800, false}, {false, 11200, 16, 1, 1200, false},
		{false, 11200, 17, 1, 1600, false}, {false, 11200, 18, 1, 1760, true}, {false, 11200, 19, 1, 1760, true},
		{false, 11200, 20, 1, 1760, true},
	}
	var got []row
	seq := uint16(1)
	for _, d := range []struct {
		code            uint8
		start, duration uint32
		deferEnd        bool
	}{
		// The first two digits end on an update boundary: the sender learns
		// of the end only afterwards and defers E (§2.5.1.2); the third
		// ends between updates, so its final report has E at once.
		{9, 0, 1600, true}, {1, 7040, 2000, true}, {1, 11200, 1760, false},
	} {
		tone, err := NewTone(d.code, 0, d.start, d.duration, 400)
		if err != nil {
			t.Fatal(err)
		}
		tone.DeferEnd = d.deferEnd
		for _, r := range collect(t, tone) {
			got = append(got, row{r.Marker, r.Timestamp, seq, r.Event.Code, r.Event.Duration, r.Event.End})
			seq++
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d reports, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
