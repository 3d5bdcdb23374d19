package vnet

import (
	_ "embed"
	"strings"
	"sync"
)

// NATKind is one of the network situations of the connectivity matrix in
// CONNECTIVITY.md: a host on the internet, behind a NAT of one RFC 4787
// kind, or behind a firewall that blocks UDP.
type NATKind struct {
	// Name is the row name in CONNECTIVITY.md, for example "EIM-APDF".
	Name string
	// Public places the host on the internet, with no NAT.
	Public bool
	// NAT is the router the host sits behind when Public is false.
	NAT NATConfig
}

// MatrixKinds returns the seven kinds of CONNECTIVITY.md, in table order:
// none, EIM-EIF, EIM-ADF, EIM-APDF, ADM-APDF, APDM-APDF and blocked (RFC 4787
// §4.1 mapping and §5 filtering).
func MatrixKinds() []NATKind {
	return []NATKind{
		{Name: "none", Public: true},
		{Name: "EIM-EIF", NAT: NATConfig{Mapping: EndpointIndependent, Filtering: EndpointIndependent}},
		{Name: "EIM-ADF", NAT: NATConfig{Mapping: EndpointIndependent, Filtering: AddressDependent}},
		{Name: "EIM-APDF", NAT: NATConfig{Mapping: EndpointIndependent, Filtering: AddressAndPortDependent}},
		{Name: "ADM-APDF", NAT: NATConfig{Mapping: AddressDependent, Filtering: AddressAndPortDependent}},
		{Name: "APDM-APDF", NAT: NATConfig{Mapping: AddressAndPortDependent, Filtering: AddressAndPortDependent}},
		{Name: "blocked", NAT: NATConfig{BlockUDP: true}},
	}
}

// Reach says how two peers can connect, per CONNECTIVITY.md.
type Reach string

// The cells of the CONNECTIVITY.md table.
const (
	ReachDirect Reach = "D" // server-reflexive (or host) addresses suffice
	ReachPrflx  Reach = "P" // works once peer-reflexive addresses are answered
	ReachRelay  Reach = "R" // needs a UDP relay (TURN)
	ReachNone   Reach = "-" // no UDP at all: TURN over TCP or TLS at best
)

//go:embed CONNECTIVITY.md
var connectivityDoc string

var connectivityTable = sync.OnceValue(func() map[[2]string]Reach {
	t := map[[2]string]Reach{}
	var cols []string
	in := false
	for _, line := range strings.Split(connectivityDoc, "\n") {
		if line == "## Table" {
			in = true
			continue
		}
		if !in || !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|--") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		if cols == nil {
			cols = cells[1:]
			continue
		}
		if len(cells) != len(cols)+1 {
			panic("BUG: vnet: malformed row in CONNECTIVITY.md: " + line)
		}
		for i, v := range cells[1:] {
			t[[2]string{cells[0], cols[i]}] = Reach(v)
		}
	}
	if n := len(MatrixKinds()); len(t) != n*n {
		panic("BUG: vnet: CONNECTIVITY.md table is not complete")
	}
	return t
})

// ExpectedReach returns the CONNECTIVITY.md cell for a peer of kind a
// talking to a peer of kind b (kind names as in MatrixKinds), and false if
// either name is unknown.
func ExpectedReach(a, b string) (Reach, bool) {
	r, ok := connectivityTable()[[2]string{a, b}]
	return r, ok
}

// NewHostBehind adds a host of the given kind: on the internet when
// kind.Public, otherwise behind a new NAT configured with kind.NAT (named
// after the host when kind.NAT.Name is empty). Interfaces in hc without a
// Realm attach to that NAT's private realm; with no interfaces the host gets
// one. The NAT is nil for a public host.
func (n *Network) NewHostBehind(kind NATKind, hc HostConfig) (*Host, *NAT, error) {
	if kind.Public {
		h, err := n.NewHost(hc)
		return h, nil, err
	}
	cfg := kind.NAT
	if cfg.Name == "" && hc.Name != "" {
		cfg.Name = hc.Name + "-nat"
	}
	nat, err := n.NewNAT(n.Internet(), cfg)
	if err != nil {
		return nil, nil, err
	}
	if len(hc.Interfaces) == 0 {
		hc.Interfaces = []InterfaceConfig{{}}
	} else {
		hc.Interfaces = append([]InterfaceConfig(nil), hc.Interfaces...)
	}
	for i := range hc.Interfaces {
		if hc.Interfaces[i].Realm == nil {
			hc.Interfaces[i].Realm = nat.Inside()
		}
	}
	h, err := n.NewHost(hc)
	return h, nat, err
}
