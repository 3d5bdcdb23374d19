package ice

import (
	"net/netip"
	"testing"
)

func TestPriorityFormula(t *testing.T) {
	t.Logf("# RFC 8445 §5.1.2.1: priority = (2^24)*(type preference) + (2^8)*(local preference) + (2^0)*(256 - component ID)")
	t.Logf("# §5.1.2.2: RECOMMENDED type preferences 126 host, 110 prflx, 100 srflx, 0 relay")
	for _, tc := range []struct {
		typ  CandidateType
		lp   uint16
		want uint32
	}{
		{CandidateHost, 65535, 126<<24 | 65535<<8 | 255},
		{CandidatePeerReflexive, 65535, 110<<24 | 65535<<8 | 255},
		{CandidateServerReflexive, 65534, 100<<24 | 65534<<8 | 255},
		{CandidateRelay, 0, 255},
	} {
		if got := Priority(tc.typ, tc.lp, 1); got != tc.want {
			t.Errorf("%v lp=%d: %d, want %d", tc.typ, tc.lp, got, tc.want)
		}
	}
	t.Logf("# §5.1.2.1: the type preference for peer-reflexive candidates MUST be higher than that of server-reflexive candidates")
	if CandidatePeerReflexive.TypePreference() <= CandidateServerReflexive.TypePreference() {
		t.Errorf("prflx %d <= srflx %d", CandidatePeerReflexive.TypePreference(), CandidateServerReflexive.TypePreference())
	}
	if Priority(CandidateHost, 1, 2) != 126<<24|1<<8|254 {
		t.Errorf("component 2")
	}
}

func TestFoundation(t *testing.T) {
	t.Logf("# RFC 8445 §5.1.1.3: same type, base IP, server and transport → same foundation; otherwise different")
	ip1, ip2 := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2")
	srv1, srv2 := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	f1 := foundation(CandidateHost, ip1, netip.Addr{})
	f2 := foundation(CandidateHost, netip.MustParseAddr("10.0.0.1"), netip.Addr{})
	if f1 != f2 {
		t.Errorf("same type and base give foundations %s and %s", f1, f2)
	}
	distinct := []string{
		foundation(CandidateHost, ip1, netip.Addr{}),
		foundation(CandidateHost, ip2, netip.Addr{}),
		foundation(CandidateServerReflexive, ip1, srv1),
		foundation(CandidateServerReflexive, ip1, srv2),
		foundation(CandidateRelay, ip1, srv1),
	}
	seen := map[string]bool{}
	for _, f := range distinct {
		if seen[f] {
			t.Errorf("foundation %s repeated", f)
		}
		seen[f] = true
		if len(f) == 0 || len(f) > 32 {
			t.Errorf("foundation %q is not 1*32ice-char (RFC 8839 §5.1)", f)
		}
	}
}

func TestCandidateTypeNames(t *testing.T) {
	for _, typ := range []CandidateType{CandidateHost, CandidateServerReflexive, CandidatePeerReflexive, CandidateRelay} {
		back, err := ParseCandidateType(typ.String())
		if err != nil || back != typ {
			t.Errorf("%v: %v %v", typ, back, err)
		}
	}
	if _, err := ParseCandidateType("tcp"); err == nil {
		t.Errorf("unknown type accepted")
	}
}
