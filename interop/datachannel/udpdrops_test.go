package datachannel_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// udpReceiveBufferErrors returns the machine's count of UDP datagrams the
// kernel dropped because a socket's receive buffer was full (RcvbufErrors
// in /proc/net/snmp and Udp6RcvbufErrors in /proc/net/snmp6), or -1 when
// it cannot be read. A rise during a burst means the loopback path lost
// datagrams — on a partially reliable channel, messages — though the
// counter is the machine's, not this test's alone.
func udpReceiveBufferErrors() int64 {
	total, ok4 := snmpField("/proc/net/snmp", "Udp:", "RcvbufErrors")
	v6, ok6 := snmp6Field("/proc/net/snmp6", "Udp6RcvbufErrors")
	if !ok4 || !ok6 {
		return -1
	}
	return total + v6
}

// snmpField reads a field of /proc/net/snmp, where a header line of names
// and a line of values share a prefix.
func snmpField(path, prefix, name string) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] != prefix {
			continue
		}
		if names == nil {
			names = fields
			continue
		}
		for i, n := range names {
			if n == name && i < len(fields) {
				v, err := strconv.ParseInt(fields[i], 10, 64)
				return v, err == nil
			}
		}
		return 0, false
	}
	return 0, false
}

// snmp6Field reads a "name value" line of /proc/net/snmp6.
func snmp6Field(path, name string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if fields := strings.Fields(line); len(fields) == 2 && fields[0] == name {
			v, err := strconv.ParseInt(fields[1], 10, 64)
			return v, err == nil
		}
	}
	return 0, false
}
