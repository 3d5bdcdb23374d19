package sdp

import (
	"reflect"
	"testing"
)

func TestParseCandidate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Candidate
	}{
		{"RFC 8839 §5.1 example", "2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998",
			Candidate{Foundation: "2", Component: 1, Transport: "UDP", Priority: 1694498815, Address: "192.0.2.3", Port: 45664,
				Type: "srflx", RelAddr: "203.0.113.141", RelPort: 8998}},
		{"Chromium host", "24353537 1 udp 2122194687 192.0.2.2 56441 typ host generation 0 network-id 1",
			Candidate{Foundation: "24353537", Component: 1, Transport: "udp", Priority: 2122194687, Address: "192.0.2.2", Port: 56441,
				Type: "host", Extensions: []CandidateExtension{{"generation", "0"}, {"network-id", "1"}}}},
		{"Chromium TCP IPv6", "884969077 1 tcp 1518285567 fd00::2 9 typ host tcptype active generation 0 network-id 2",
			Candidate{Foundation: "884969077", Component: 1, Transport: "tcp", Priority: 1518285567, Address: "fd00::2", Port: 9,
				Type: "host", TCPType: "active", Extensions: []CandidateExtension{{"generation", "0"}, {"network-id", "2"}}}},
		{"Chromium srflx with hidden related address and ufrag, network-cost",
			"842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw network-id 1 network-cost 10",
			Candidate{Foundation: "842163049", Component: 1, Transport: "udp", Priority: 1677729535, Address: "203.0.113.7", Port: 46154,
				Type: "srflx", RelAddr: "0.0.0.0", RelPort: 0,
				Extensions: []CandidateExtension{{"generation", "0"}, {"ufrag", "EsAw"}, {"network-id", "1"}, {"network-cost", "10"}}}},
		{"mDNS host name", "1 1 udp 2122260223 0b2b5d2b-9d88-4d4e-8a8a-0b3f11c6f9c2.local 54321 typ host generation 0",
			Candidate{Foundation: "1", Component: 1, Transport: "udp", Priority: 2122260223, Address: "0b2b5d2b-9d88-4d4e-8a8a-0b3f11c6f9c2.local",
				Port: 54321, Type: "host", Extensions: []CandidateExtension{{"generation", "0"}}}},
		{"relay, RTCP component, ice-char foundation", "a+/Z 2 UDP 255 192.0.2.200 12200 typ relay raddr 198.51.100.200 rport 11200",
			Candidate{Foundation: "a+/Z", Component: 2, Transport: "UDP", Priority: 255, Address: "192.0.2.200", Port: 12200,
				Type: "relay", RelAddr: "198.51.100.200", RelPort: 11200}},
		{"Firefox passive TCP", "2 1 TCP 2105458943 192.168.1.2 9 typ host tcptype passive",
			Candidate{Foundation: "2", Component: 1, Transport: "TCP", Priority: 2105458943, Address: "192.168.1.2", Port: 9, Type: "host", TCPType: "passive"}},
		{"unknown transport and type", "1 256 sctp 4294967295 ::1 65535 typ newtype",
			Candidate{Foundation: "1", Component: 256, Transport: "sctp", Priority: 4294967295, Address: "::1", Port: 65535, Type: "newtype"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCandidate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseCandidate(%q) =\n%#v\nwant\n%#v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.in {
				t.Fatalf("String() = %q, want %q", s, tt.in)
			}
		})
	}

	t.Logf("# RFC 8839 §5.1: transport and the typ/raddr/rport literals are case-insensitive")
	c, err := ParseCandidate("1 1 Udp 1 1.2.3.4 5 TYP srflx RADDR 1.2.3.4 RPORT 6")
	if err != nil || c.Protocol() != "udp" || c.RelPort != 6 {
		t.Fatalf("ParseCandidate = %+v, %v", c, err)
	}
	if c.IsFQDN() {
		t.Fatalf("IsFQDN() true for an IP address")
	}
	c, _ = ParseCandidate(tests[4].in)
	if !c.IsFQDN() {
		t.Fatalf("IsFQDN() false for an mDNS name")
	}
	if v, ok := c.Extension("generation"); !ok || v != "0" {
		t.Fatalf("Extension(generation) = %q, %v", v, ok)
	}
	if _, ok := c.Extension("ufrag"); ok {
		t.Fatalf("Extension(ufrag) found on a candidate without it")
	}
}

func TestParseCandidateErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", "want <foundation>"},
		{"1 1 udp 1 1.2.3.4 5 host", "want <foundation>"},
		{"1 1 udp 1 1.2.3.4 5 type host", "want <foundation>"},
		{"123456789012345678901234567890123 1 udp 1 1.2.3.4 5 typ host", "foundation"},
		{"f-1 1 udp 1 1.2.3.4 5 typ host", "foundation"},
		{"1 0 udp 1 1.2.3.4 5 typ host", "component"},
		{"1 257 udp 1 1.2.3.4 5 typ host", "component"},
		{"1 0001 udp 1 1.2.3.4 5 typ host", "component"},
		{"1 1 u/p 1 1.2.3.4 5 typ host", "transport"},
		{"1 1 udp 4294967296 1.2.3.4 5 typ host", "priority"},
		{"1 1 udp -1 1.2.3.4 5 typ host", "priority"},
		{"1 1 udp 1 1.2.3.256 5 typ host", "address"},
		{"1 1 udp 1 fe80::1%eth0 5 typ host", "address"},
		{"1 1 udp 1 1:2 5 typ host", "address"},
		{"1 1 udp 1 host_name 5 typ host", "address"},
		{"1 1 udp 1 1.2.3.4 65536 typ host", "port"},
		{"1 1 udp 1 1.2.3.4 5 typ h/st", "type"},
		{"1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4", "raddr without rport"},
		{"1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport", "no value"},
		{"1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 generation 0", "raddr without rport"},
		{"1 1 udp 1 1.2.3.4 5 typ srflx raddr x_y rport 1", "raddr"},
		{"1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport 70000", "rport"},
		{"1 1 udp 1 1.2.3.4 5 typ srflx generation 0 raddr 1.2.3.4", "must follow the candidate type"},
		{"1 1 udp 1 1.2.3.4 5 typ host tcptype active tcptype passive", "tcptype appears twice"},
		{"1 1 udp 1 1.2.3.4 5 typ host generation", "no value"},
		{"1 1 udp 1 1.2.3.4 5 typ host generation  0", "no value"},
		{"1 1 udp 1 1.2.3.4 5 typ host a:b 0", "not a token"},
		{"1 1 udp 1 1.2.3.4 5 typ host x \x7f", "visible characters"},
		{"1  1 udp 1 1.2.3.4 5 typ host", "want <foundation>"},
	}
	for _, tt := range tests {
		c, err := ParseCandidate(tt.in)
		if err == nil {
			t.Errorf("ParseCandidate(%q) = %+v, want an error containing %q", tt.in, c, tt.msg)
			continue
		}
		wantAttrError(t, tt.in, err, tt.msg)
	}
}

func TestMediaCandidates(t *testing.T) {
	s, err := Parse(readTestdata(t, "chromium-data-offer.sdp"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.Media[0].Candidates()
	if err != nil || len(cs) != 4 {
		t.Fatalf("Candidates() = %d, %v; want 4", len(cs), err)
	}
	if cs[2].Protocol() != "tcp" || cs[2].TCPType != "active" || cs[1].Address != "fd00::2" {
		t.Fatalf("Candidates() = %+v", cs)
	}
	m := &MediaDescription{Lines: []Line{{'m', "audio 9 RTP/AVP 0"}, {'a', "candidate:1 1 udp 1 1.2.3.4 5 typ host"}, {'a', "candidate:bad"}}}
	cs, err = m.Candidates()
	if err == nil || len(cs) != 1 {
		t.Fatalf("Candidates() with a bad line = %d, %v; want the good one and an error", len(cs), err)
	}
}

func FuzzParseCandidate(f *testing.F) {
	seedAttrs(f, AttrCandidate,
		"842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw network-id 1 network-cost 10",
		"1 1 udp 2122260223 0b2b5d2b-9d88-4d4e-8a8a-0b3f11c6f9c2.local 54321 typ host generation 0",
		"1 1 Udp 1 1.2.3.4 5 TYP srflx RADDR 1.2.3.4 RPORT 6 tcptype so")
	f.Fuzz(func(t *testing.T, v string) { fuzzTyped(t, v, ParseCandidate) })
}
