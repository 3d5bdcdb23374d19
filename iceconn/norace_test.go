//go:build !race

package iceconn

const raceEnabled = false
