package dtls

import (
	"errors"
	"testing"
)

func TestConfigValidation(t *testing.T) {
	cert := testCert(t, "ecdsa")
	good := Config{Certificate: cert, Rand: newSeededRand(1), InsecureSkipVerify: true}
	if _, err := NewClient(&good); err != nil {
		t.Fatal(err)
	}
	for name, mod := range map[string]func(*Config){
		"no rand":         func(c *Config) { c.Rand = nil },
		"no certificate":  func(c *Config) { c.Certificate = Certificate{} },
		"no verification": func(c *Config) { c.InsecureSkipVerify = false },
		"tiny MTU":        func(c *Config) { c.MTU = 100 },
		"unknown suite":   func(c *Config) { c.CipherSuites = []CipherSuite{0x002f} },
		"unknown group":   func(c *Config) { c.Groups = []Group{21} },
		"bad fingerprint": func(c *Config) { c.ExpectedFingerprints = []Fingerprint{{Algorithm: "md5"}} },
	} {
		c := good
		mod(&c)
		if _, err := NewServer(&c); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
