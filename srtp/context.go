package srtp

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha1"
	"fmt"
	"hash"
)

// DefaultMaxSSRCs is the default cap on the number of SSRCs whose state a
// Context keeps (see WithMaxSSRCs).
const DefaultMaxSSRCs = 1024

// Option configures a Context.
type Option func(*config) error

type config struct {
	replayWindow int
	maxSSRCs     int
}

// WithReplayWindow sets the size of the SRTP and SRTCP replay windows in
// packets (RFC 3711 §3.3.2; default DefaultReplayWindow, at most 32768).
// Zero disables replay protection: every authentic packet is accepted.
func WithReplayWindow(n int) Option {
	return func(c *config) error {
		if n < 0 || n > maxReplayWindow {
			return fmt.Errorf("srtp: replay window %d out of range [0, %d]", n, maxReplayWindow)
		}
		c.replayWindow = n
		return nil
	}
}

// WithMaxSSRCs caps how many SSRCs a Context tracks (default
// DefaultMaxSSRCs). A packet for a new SSRC beyond the cap fails with
// ErrTooManySSRCs; RemoveSSRC frees a slot.
func WithMaxSSRCs(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("srtp: max SSRCs %d must be at least 1", n)
		}
		c.maxSSRCs = n
		return nil
	}
}

// transform holds the session keys of one of SRTP or SRTCP (RFC 3711 §4.3).
type transform struct {
	// AES-CM profiles (RFC 3711 §4.1.1, §4.2.1).
	ks   *ctrKeystream
	mac  hash.Hash
	salt [14]byte
	// AEAD profiles (RFC 7714 §8, §9).
	aead   cipher.AEAD
	salt12 [12]byte
	iv     [12]byte // reused: a stack array passed to the AEAD would escape
}

func newTransform(p Profile, masterKey, masterSalt []byte, labelEnc, labelAuth, labelSalt byte) (*transform, error) {
	t := &transform{}
	key, err := deriveKey(masterKey, masterSalt, labelEnc, p.KeyLen())
	if err != nil {
		return nil, err
	}
	salt, err := deriveKey(masterKey, masterSalt, labelSalt, p.SaltLen())
	if err != nil {
		return nil, err
	}
	if p.isAEAD() {
		return t, t.initAEAD(key, salt)
	}
	// n_a = 160 bits for HMAC-SHA1 (RFC 3711 §5.2).
	authKey, err := deriveKey(masterKey, masterSalt, labelAuth, 20)
	if err != nil {
		return nil, err
	}
	return t, t.initCM(key, salt, authKey)
}

func (t *transform) initCM(key, salt, authKey []byte) error {
	ks, err := newCTRKeystream(key)
	if err != nil {
		return err
	}
	t.ks = ks
	copy(t.salt[:], salt)
	t.mac = hmac.New(sha1.New, authKey)
	return nil
}

func (t *transform) initAEAD(key, salt []byte) error {
	block, err := aes.NewCipher(key)
	if err != nil {
		return err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return err
	}
	t.aead = aead
	copy(t.salt12[:], salt)
	return nil
}

// ssrcState is the per-SSRC part of the cryptographic context (RFC 3711
// §3.2.1): ROC and highest sequence number, SRTCP index and replay lists.
type ssrcState struct {
	// sending side
	sendHighest uint64 // highest SRTP index protected (ROC || SEQ)
	sendStarted bool
	rtcpNext    uint32 // next SRTCP index to send (§3.4)
	// receiving side; rtpRecv.highest is ROC || s_l (§3.3.1).
	rtpRecv  replayWindow
	rtcpRecv replayWindow
	// initROC is the ROC to assume for the first packet (SetROC).
	initROC uint32
}

// Context is an SRTP and SRTCP cryptographic context for one master key
// (RFC 3711 §3.2): it protects packets with EncryptRTP/EncryptRTCP and
// unprotects them with DecryptRTP/DecryptRTCP, keeping ROC, sequence and
// replay state per SSRC. Use one Context per direction (the local and the
// remote keys of RFC 5764 §4.2). A Context is not safe for concurrent use.
type Context struct {
	profile Profile
	// rtpOverhead caches profile.RTPOverhead() for the hot path.
	rtpOverhead int
	rtp         *transform
	rtcp        *transform
	cfg         config

	states   map[uint32]*ssrcState
	lastSSRC uint32
	last     *ssrcState

	// scratch space reused by every call (no allocation per packet).
	scratch []byte
	roc     [4]byte
	tag     [sha1.Size]byte
	aad     [12]byte
}

// NewContext returns a Context for profile using the master key and salt
// (from SplitKeyingMaterial for DTLS-SRTP). Session keys are derived once
// with the AES-CM PRF and a key derivation rate of zero (RFC 3711 §4.3; RFC
// 7714 §11 for the AEAD profiles).
func NewContext(profile Profile, masterKey, masterSalt []byte, opts ...Option) (*Context, error) {
	if !profile.Supported() {
		return nil, fmt.Errorf("%w: %v", ErrUnsupportedProfile, profile)
	}
	if len(masterKey) != profile.KeyLen() || len(masterSalt) != profile.SaltLen() {
		return nil, fmt.Errorf("%w: %v needs a %d-octet key and %d-octet salt, got %d and %d",
			ErrInvalidKey, profile, profile.KeyLen(), profile.SaltLen(), len(masterKey), len(masterSalt))
	}
	c, err := newContext(profile, opts)
	if err != nil {
		return nil, err
	}
	if c.rtp, err = newTransform(profile, masterKey, masterSalt, labelRTPEncryption, labelRTPAuth, labelRTPSalt); err != nil {
		return nil, err
	}
	if c.rtcp, err = newTransform(profile, masterKey, masterSalt, labelRTCPEncryption, labelRTCPAuth, labelRTCPSalt); err != nil {
		return nil, err
	}
	return c, nil
}

func newContext(profile Profile, opts []Option) (*Context, error) {
	c := &Context{
		profile:     profile,
		rtpOverhead: profile.RTPOverhead(),
		cfg:         config{replayWindow: DefaultReplayWindow, maxSSRCs: DefaultMaxSSRCs},
		states:      make(map[uint32]*ssrcState),
	}
	for _, o := range opts {
		if err := o(&c.cfg); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Profile returns the context's protection profile.
func (c *Context) Profile() Profile { return c.profile }

// state returns the state of ssrc, creating it if create is set. It returns
// nil if the SSRC is unknown and not created, and ErrTooManySSRCs at the cap.
func (c *Context) state(ssrc uint32, create bool) (*ssrcState, error) {
	if c.last != nil && c.lastSSRC == ssrc {
		return c.last, nil
	}
	s := c.states[ssrc]
	if s == nil {
		if !create {
			return nil, nil
		}
		if len(c.states) >= c.cfg.maxSSRCs {
			return nil, fmt.Errorf("%w: cap of %d reached, SSRC %#08x refused", ErrTooManySSRCs, c.cfg.maxSSRCs, ssrc)
		}
		s = &ssrcState{
			rtpRecv:  newReplayWindow(c.cfg.replayWindow),
			rtcpRecv: newReplayWindow(c.cfg.replayWindow),
		}
		c.states[ssrc] = s
	}
	c.last, c.lastSSRC = s, ssrc
	return s, nil
}

// SetROC sets the rollover counter of ssrc (RFC 3711 §3.3.1), for a stream
// joined late whose ROC is signalled out of band. It applies to both sending
// and receiving; the sequence number is kept.
func (c *Context) SetROC(ssrc uint32, roc uint32) error {
	s, err := c.state(ssrc, true)
	if err != nil {
		return err
	}
	s.initROC = roc
	s.sendHighest = uint64(roc)<<16 | s.sendHighest&0xffff
	s.rtpRecv.highest = uint64(roc)<<16 | s.rtpRecv.highest&0xffff
	return nil
}

// ROC returns the receiving rollover counter of ssrc and whether a packet of
// that SSRC was accepted yet.
func (c *Context) ROC(ssrc uint32) (uint32, bool) {
	s := c.states[ssrc]
	if s == nil || !s.rtpRecv.started {
		return 0, false
	}
	return uint32(s.rtpRecv.highest >> 16), true
}

// RemoveSSRC forgets the state of ssrc (for example after an RTCP BYE).
func (c *Context) RemoveSSRC(ssrc uint32) {
	delete(c.states, ssrc)
	if c.lastSSRC == ssrc {
		c.last = nil
	}
}

// SSRCCount returns how many SSRCs the context tracks.
func (c *Context) SSRCCount() int { return len(c.states) }

// outBuf returns dst[:n], allocating only if dst's capacity is below
// n+extra.
func outBuf(dst []byte, n, extra int) []byte {
	if cap(dst) < n+extra {
		nb := make([]byte, n, n+extra)
		return nb
	}
	return dst[:n]
}
