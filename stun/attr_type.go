package stun

import "fmt"

// AttrType is a STUN attribute type (RFC 8489 §14, §18.3).
type AttrType uint16

// Attributes of RFC 8489 §18.3, ICE (RFC 8445 §16.1) and TURN (RFC 8656 §18).
const (
	AttrMappedAddress           AttrType = 0x0001 // RFC 8489 §14.1
	AttrUsername                AttrType = 0x0006 // RFC 8489 §14.3
	AttrMessageIntegrity        AttrType = 0x0008 // RFC 8489 §14.5
	AttrErrorCode               AttrType = 0x0009 // RFC 8489 §14.8
	AttrUnknownAttributes       AttrType = 0x000A // RFC 8489 §14.13
	AttrChannelNumber           AttrType = 0x000C // RFC 8656 §18.1
	AttrLifetime                AttrType = 0x000D // RFC 8656 §18.2
	AttrXORPeerAddress          AttrType = 0x0012 // RFC 8656 §18.3
	AttrData                    AttrType = 0x0013 // RFC 8656 §18.4
	AttrRealm                   AttrType = 0x0014 // RFC 8489 §14.9
	AttrNonce                   AttrType = 0x0015 // RFC 8489 §14.10
	AttrXORRelayedAddress       AttrType = 0x0016 // RFC 8656 §18.5
	AttrRequestedAddressFamily  AttrType = 0x0017 // RFC 8656 §18.6
	AttrEvenPort                AttrType = 0x0018 // RFC 8656 §18.7
	AttrRequestedTransport      AttrType = 0x0019 // RFC 8656 §18.8
	AttrDontFragment            AttrType = 0x001A // RFC 8656 §18.9
	AttrMessageIntegritySHA256  AttrType = 0x001C // RFC 8489 §14.6
	AttrPasswordAlgorithm       AttrType = 0x001D // RFC 8489 §14.12
	AttrUserhash                AttrType = 0x001E // RFC 8489 §14.4
	AttrXORMappedAddress        AttrType = 0x0020 // RFC 8489 §14.2
	AttrReservationToken        AttrType = 0x0022 // RFC 8656 §18.10
	AttrPriority                AttrType = 0x0024 // RFC 8445 §7.1.1
	AttrUseCandidate            AttrType = 0x0025 // RFC 8445 §7.1.2
	AttrAdditionalAddressFamily AttrType = 0x8000 // RFC 8656 §18.11
	AttrAddressErrorCode        AttrType = 0x8001 // RFC 8656 §18.12
	AttrPasswordAlgorithms      AttrType = 0x8002 // RFC 8489 §14.11
	AttrAlternateDomain         AttrType = 0x8003 // RFC 8489 §14.16
	AttrICMP                    AttrType = 0x8004 // RFC 8656 §18.13
	AttrSoftware                AttrType = 0x8022 // RFC 8489 §14.14
	AttrAlternateServer         AttrType = 0x8023 // RFC 8489 §14.15
	AttrFingerprint             AttrType = 0x8028 // RFC 8489 §14.7
	AttrICEControlled           AttrType = 0x8029 // RFC 8445 §7.1.3
	AttrICEControlling          AttrType = 0x802A // RFC 8445 §7.1.3
)

// name returns the attribute name from the IANA registry (RFC 8489
// §18.3, RFC 8656 §18), or "" for a type this package does not define. A
// switch, not a map: Known runs for every attribute of every request
// (UnknownComprehensionRequired).
func (t AttrType) name() string {
	switch t {
	case AttrMappedAddress:
		return "MAPPED-ADDRESS"
	case AttrUsername:
		return "USERNAME"
	case AttrMessageIntegrity:
		return "MESSAGE-INTEGRITY"
	case AttrErrorCode:
		return "ERROR-CODE"
	case AttrUnknownAttributes:
		return "UNKNOWN-ATTRIBUTES"
	case AttrChannelNumber:
		return "CHANNEL-NUMBER"
	case AttrLifetime:
		return "LIFETIME"
	case AttrXORPeerAddress:
		return "XOR-PEER-ADDRESS"
	case AttrData:
		return "DATA"
	case AttrRealm:
		return "REALM"
	case AttrNonce:
		return "NONCE"
	case AttrXORRelayedAddress:
		return "XOR-RELAYED-ADDRESS"
	case AttrRequestedAddressFamily:
		return "REQUESTED-ADDRESS-FAMILY"
	case AttrEvenPort:
		return "EVEN-PORT"
	case AttrRequestedTransport:
		return "REQUESTED-TRANSPORT"
	case AttrDontFragment:
		return "DONT-FRAGMENT"
	case AttrMessageIntegritySHA256:
		return "MESSAGE-INTEGRITY-SHA256"
	case AttrPasswordAlgorithm:
		return "PASSWORD-ALGORITHM"
	case AttrUserhash:
		return "USERHASH"
	case AttrXORMappedAddress:
		return "XOR-MAPPED-ADDRESS"
	case AttrReservationToken:
		return "RESERVATION-TOKEN"
	case AttrPriority:
		return "PRIORITY"
	case AttrUseCandidate:
		return "USE-CANDIDATE"
	case AttrAdditionalAddressFamily:
		return "ADDITIONAL-ADDRESS-FAMILY"
	case AttrAddressErrorCode:
		return "ADDRESS-ERROR-CODE"
	case AttrPasswordAlgorithms:
		return "PASSWORD-ALGORITHMS"
	case AttrAlternateDomain:
		return "ALTERNATE-DOMAIN"
	case AttrICMP:
		return "ICMP"
	case AttrSoftware:
		return "SOFTWARE"
	case AttrAlternateServer:
		return "ALTERNATE-SERVER"
	case AttrFingerprint:
		return "FINGERPRINT"
	case AttrICEControlled:
		return "ICE-CONTROLLED"
	case AttrICEControlling:
		return "ICE-CONTROLLING"
	}
	return ""
}

// String returns the attribute name from the IANA registry, or its number.
func (t AttrType) String() string {
	if s := t.name(); s != "" {
		return s
	}
	return fmt.Sprintf("0x%04X", uint16(t))
}

// ComprehensionRequired reports whether t is in the comprehension-required
// range 0x0000–0x7FFF (RFC 8489 §14).
func (t AttrType) ComprehensionRequired() bool { return t < 0x8000 }

// Known reports whether t is one of the attributes this package defines.
func (t AttrType) Known() bool { return t.name() != "" }
