package netredir

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// parseIP agrees with Go's net.ParseIP (the oracle; the binary does not
// link net) on which strings are numeric addresses and what they are.
func TestParseIPLikeNet(t *testing.T) {
	for _, s := range []string{
		"127.0.0.1", "0.0.0.0", "255.255.255.255", "256.0.0.1", "1.2.3", "1.2.3.4.5",
		"01.2.3.4", "1..3.4", "+1.2.3.4", "1.2.3.-4", " 1.2.3.4", "a.b.c.d",
		"::", "::1", "1::", "fe80::1", "2001:db8::8:800:200c:417a",
		"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::",
		"::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1::2::3", ":1", "1:", "12345::",
		"::g", "1.2.3.4::", "::1.2.3", "localhost", "", "[::1]",
	} {
		got := parseIP(s)
		want := net.ParseIP(s)
		if want != nil && len(got) == 4 {
			want = want.To4()
		}
		if (got == nil) != (want == nil) || got != nil && !bytes.Equal(got, want) {
			t.Errorf("parseIP(%q) = %v, net.ParseIP says %v", s, got, want)
		}
	}
}

// The system resolver's answer (getent ahosts) is read in its order, one
// entry per address and wanted socket type; /etc/hosts and
// /etc/services are read as the C library reads them.
func TestResolveFiles(t *testing.T) {
	out := "::1             STREAM localhost\n::1             DGRAM  \n::1             RAW    \n" +
		"127.0.0.1       STREAM \n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n::1 STREAM\n"
	got := ahosts(out, "tcp")
	if len(got) != 2 || len(got[0]) != 16 || !bytes.Equal(got[1], []byte{127, 0, 0, 1}) {
		t.Errorf("ahosts tcp = %v", got)
	}
	if got := ahosts(out, "udp"); len(got) != 2 {
		t.Errorf("ahosts udp = %v", got)
	}

	dir := t.TempDir()
	hosts := filepath.Join(dir, "hosts")
	os.WriteFile(hosts, []byte("# comment\n10.0.0.1 Alpha alpha.lan # the first\n10.0.0.2 beta\n::2 alpha\n"), 0o644)
	if got := hostsFile(hosts, "alpha"); len(got) != 2 || !bytes.Equal(got[0], []byte{10, 0, 0, 1}) {
		t.Errorf("hostsFile alpha = %v", got)
	}
	if got := hostsFile(hosts, "gamma"); got != nil {
		t.Errorf("hostsFile gamma = %v", got)
	}
	services := filepath.Join(dir, "services")
	os.WriteFile(services, []byte("http 80/tcp www # WWW\nhttp 80/udp\ndomain 53/udp\n"), 0o644)
	for _, c := range []struct {
		name, proto string
		port        int
		ok          bool
	}{{"http", "tcp", 80, true}, {"www", "tcp", 80, true}, {"domain", "tcp", 0, false}, {"domain", "udp", 53, true}, {"tcp", "tcp", 0, false}} {
		if port, ok := servicePort(services, c.name, c.proto); port != c.port || ok != c.ok {
			t.Errorf("servicePort(%s/%s) = %d, %v", c.name, c.proto, port, ok)
		}
	}
}

// A name goes to the system resolver: localhost has a loopback address
// (from /etc/hosts, through getent), an invalid name has none, and an
// argument that getent would read as an option is not passed to it.
func TestResolveName(t *testing.T) {
	ctx := context.Background()
	var loop bool
	for _, ip := range resolve(ctx, "localhost", "tcp") {
		loop = loop || bytes.Equal(ip, []byte{127, 0, 0, 1}) || bytes.Equal(ip, net.IPv6loopback)
	}
	if !loop {
		t.Errorf("localhost resolves to %v", resolve(ctx, "localhost", "tcp"))
	}
	for _, host := range []string{"no-such-host.invalid", "--help", ""} {
		if ips := resolve(ctx, host, "tcp"); ips != nil {
			t.Errorf("%q resolves to %v", host, ips)
		}
	}
}
