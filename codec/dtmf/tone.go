package dtmf

import "errors"

// Report is one telephone-event packet to send: its RTP timestamp and
// marker bit and its payload.
type Report struct {
	// Timestamp is the RTP timestamp: the start of the event or segment
	// (§2.2.1).
	Timestamp uint32
	// Marker is the RTP marker bit, set on the first packet of the event
	// only (§2.2.2).
	Marker bool
	// Event is the payload.
	Event Event
}

// Tone produces the reports for one event of known duration, following
// RFC 4733 §2.5.1.2-§2.5.1.4. It is a plain state machine: the caller
// sends one report per update interval and gives each the next RTP
// sequence number (§2.5.1.6).
type Tone struct {
	// DeferEnd sends the first transmission of an event's final report
	// with E=0 and sets E on its retransmissions only, which §2.5.1.2
	// allows for a sender that cannot yet know the event has ended (the
	// digits "9" and the first "1" of RFC 4733 Table 5).
	DeferEnd bool

	code, volume uint8
	interval     uint32
	remaining    uint32 // duration not yet covered by finished segments
	segStart     uint32 // RTP timestamp of the current segment
	segDur       uint32 // duration reported so far in the segment
	first        bool
	finalLeft    int // copies of the segment's final report still to send
	done         bool
}

// maxSegment is the largest duration one report can carry (§2.5.1.3).
const maxSegment = 0xFFFF

// finalCopies is how many times the final report of a segment is sent
// (§2.5.1.4: a total of three times).
const finalCopies = 3

// NewTone returns the reports generator for event code lasting duration
// timestamp units from RTP timestamp start, with one update every interval
// units (RFC 4733 recommends 50 ms, 400 units at 8 kHz). Volume is in
// -dBm0 (0-63).
func NewTone(code, volume uint8, start, duration, interval uint32) (*Tone, error) {
	if duration == 0 || interval == 0 || volume > MaxVolume {
		return nil, errors.New("dtmf: tone needs a duration, an interval and a volume of 0-63")
	}
	return &Tone{code: code, volume: volume, interval: interval, remaining: duration, segStart: start, first: true}, nil
}

// Next returns the next report, or false once all have been produced.
func (t *Tone) Next() (Report, bool) {
	if t.done {
		return Report{}, false
	}
	segEnd := min(t.remaining, maxSegment)
	if t.finalLeft > 0 {
		t.finalLeft--
		r := t.report(segEnd, segEnd == t.remaining)
		if t.finalLeft == 0 {
			if segEnd == t.remaining {
				t.done = true
			} else {
				// §2.5.1.3: the next segment starts where this one ended,
				// without the M bit.
				t.remaining -= segEnd
				t.segStart += segEnd
				t.segDur = 0
			}
		}
		return r, true
	}
	t.segDur = min(t.segDur+t.interval, segEnd)
	if t.segDur == segEnd {
		t.finalLeft = finalCopies - 1
		return t.report(segEnd, segEnd == t.remaining && !t.DeferEnd), true
	}
	return t.report(t.segDur, false), true
}

func (t *Tone) report(dur uint32, end bool) Report {
	r := Report{
		Timestamp: t.segStart,
		Marker:    t.first,
		Event:     Event{Code: t.code, End: end, Volume: t.volume, Duration: uint16(dur)},
	}
	t.first = false
	return r
}
