package dtls_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"fmt"
	"math/big"
	"time"

	"github.com/c4c1f6e1/webrtc/dtls"
)

func selfSigned(now time.Time) dtls.Certificate {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: now, NotAfter: now.Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	return dtls.Certificate{Chain: [][]byte{der}, PrivateKey: key}
}

// Example runs a client and a server against each other, moving datagrams
// by hand as a driver would move them over a socket.
func Example() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ccert, scert := selfSigned(now), selfSigned(now)
	cfp, _ := dtls.NewFingerprint("sha-256", ccert.Chain[0])
	sfp, _ := dtls.NewFingerprint("sha-256", scert.Chain[0])

	client, _ := dtls.NewClient(&dtls.Config{Certificate: ccert, Rand: rand.Reader, ExpectedFingerprints: []dtls.Fingerprint{sfp}})
	server, _ := dtls.NewServer(&dtls.Config{Certificate: scert, Rand: rand.Reader, ExpectedFingerprints: []dtls.Fingerprint{cfp}})

	buf := make([]byte, 1<<16)
	move := func(from, to *dtls.Conn) {
		for {
			n, ok := from.PollTransmit(buf)
			if !ok {
				return
			}
			to.HandleInput(now, buf[:n])
		}
	}
	_ = client.Start(now)
	for !client.Connected() || !server.Connected() {
		move(client, server)
		move(server, client)
	}
	ev, _ := client.PollEvent()
	fmt.Println(ev.Type == dtls.EventHandshakeComplete, client.SRTPProfile())

	ck, _ := client.SRTPKeys()
	sk, _ := server.SRTPKeys()
	fmt.Println(string(ck.ClientKey) == string(sk.ClientKey))

	_ = client.WriteApplicationData([]byte("an SCTP packet"))
	move(client, server)
	n, _ := server.ReadApplicationData(buf)
	fmt.Println(string(buf[:n]))
	// Output:
	// true SRTP_AEAD_AES_128_GCM
	// true
	// an SCTP packet
}
