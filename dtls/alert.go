package dtls

import "fmt"

// AlertLevel is the alert level of RFC 5246 §7.2.
type AlertLevel uint8

// Alert levels (RFC 5246 §7.2).
const (
	AlertWarning AlertLevel = 1
	AlertFatal   AlertLevel = 2
)

// AlertDescription is the alert description of RFC 5246 §7.2.
type AlertDescription uint8

// Alert descriptions used by this package (RFC 5246 §7.2, RFC 5746 §3.4).
const (
	AlertCloseNotify            AlertDescription = 0
	AlertUnexpectedMessage      AlertDescription = 10
	AlertBadRecordMAC           AlertDescription = 20
	AlertHandshakeFailure       AlertDescription = 40
	AlertBadCertificate         AlertDescription = 42
	AlertUnsupportedCertificate AlertDescription = 43
	AlertCertificateUnknown     AlertDescription = 46
	AlertIllegalParameter       AlertDescription = 47
	AlertDecodeError            AlertDescription = 50
	AlertDecryptError           AlertDescription = 51
	AlertProtocolVersion        AlertDescription = 70
	AlertInternalError          AlertDescription = 80
	AlertNoRenegotiation        AlertDescription = 100
	AlertUnsupportedExtension   AlertDescription = 110
	AlertNoApplicationProtocol  AlertDescription = 120 // RFC 7301 §3.2
)

// String returns the RFC 5246 name of the alert.
func (d AlertDescription) String() string {
	switch d {
	case AlertCloseNotify:
		return "close_notify"
	case AlertUnexpectedMessage:
		return "unexpected_message"
	case AlertBadRecordMAC:
		return "bad_record_mac"
	case AlertHandshakeFailure:
		return "handshake_failure"
	case AlertBadCertificate:
		return "bad_certificate"
	case AlertUnsupportedCertificate:
		return "unsupported_certificate"
	case AlertCertificateUnknown:
		return "certificate_unknown"
	case AlertIllegalParameter:
		return "illegal_parameter"
	case AlertDecodeError:
		return "decode_error"
	case AlertDecryptError:
		return "decrypt_error"
	case AlertProtocolVersion:
		return "protocol_version"
	case AlertInternalError:
		return "internal_error"
	case AlertNoRenegotiation:
		return "no_renegotiation"
	case AlertUnsupportedExtension:
		return "unsupported_extension"
	case AlertNoApplicationProtocol:
		return "no_application_protocol"
	}
	return fmt.Sprintf("alert(%d)", uint8(d))
}

// AlertError is a fatal alert, sent by us (Remote false) or received from
// the peer (Remote true), with the reason when we sent it.
type AlertError struct {
	Description AlertDescription
	Remote      bool
	Reason      string
}

// Error describes the alert and, for one we sent, why.
func (e *AlertError) Error() string {
	if e.Remote {
		return "dtls: peer sent fatal alert " + e.Description.String()
	}
	return "dtls: " + e.Reason + " (sent alert " + e.Description.String() + ")"
}
