package netredir

import (
	"bufio"
	"context"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/exec"
)

// Names are resolved the way bash's getaddrinfo(3) resolves them, by the
// system's own resolver: `getent ahosts HOST` runs getaddrinfo with the
// C library's NSS configuration (files, dns, mdns, systemd-resolved, …)
// and prints its answers in getaddrinfo's order, which is the order bash
// tries them in. Only a host that is not a numeric address costs that
// process. Go's net package would resolve in-process, but linking it
// puts ≈ 0.4 MB more into every start of plumb (its resolver, DNS
// message code and netip), for a path most sessions never take; and its
// pure-Go resolver knows only files and dns. Without getent (a system
// without a C library's tools), /etc/hosts is read.

// getentPaths are where getent is looked for; the shell's PATH is not
// this package's to read.
var getentPaths = []string{"/usr/bin/getent", "/bin/getent"}

// resolve returns the addresses of host, each 4 or 16 bytes, in the order
// to try them (none for an unknown host); proto is "tcp" or "udp".
func resolve(ctx context.Context, host, proto string) [][]byte {
	if ip := parseIP(host); ip != nil {
		return [][]byte{ip}
	}
	if host == "" || strings.HasPrefix(host, "-") {
		return nil // not a name: it would read as an option to getent
	}
	for _, path := range getentPaths {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		out, status, err := exec.Output(ctx, path, []string{"getent", "ahosts", host}, nil)
		if err != nil || status != 0 {
			return nil
		}
		return ahosts(string(out), proto)
	}
	return hostsFile("/etc/hosts", host)
}

// ahosts reads getent's answer: one line per address and socket type,
// "ADDRESS STREAM|DGRAM|RAW [NAME]". The addresses of proto's socket type
// are kept, each once, in the order given.
func ahosts(out, proto string) [][]byte {
	want := "STREAM"
	if proto == "udp" {
		want = "DGRAM"
	}
	var ips [][]byte
	seen := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[1] != want || seen[f[0]] {
			continue
		}
		if ip := parseIP(f[0]); ip != nil {
			seen[f[0]] = true
			ips = append(ips, ip)
		}
	}
	return ips
}

// eachEntry calls fn with the fields of each entry of a table in the
// format of /etc/hosts and /etc/services (whitespace-separated fields,
// # to the end of a line a comment, at least two fields an entry) until
// fn returns false.
func eachEntry(path string, fn func(fields []string) bool) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if fields := strings.Fields(line); len(fields) >= 2 && !fn(fields) {
			return
		}
	}
}

// hostsFile looks host up in a hosts(5) file: "ADDRESS NAME [ALIAS…]".
// Names match without regard to case.
func hostsFile(path, host string) [][]byte {
	var ips [][]byte
	eachEntry(path, func(fields []string) bool {
		for _, name := range fields[1:] {
			if strings.EqualFold(name, host) {
				if ip := parseIP(fields[0]); ip != nil {
					ips = append(ips, ip)
				}
				break
			}
		}
		return true
	})
	return ips
}

// servicePort looks a service name up in a services(5) file:
// "NAME PORT/PROTO [ALIAS…]", as getaddrinfo does for bash.
func servicePort(path, name, proto string) (port int, ok bool) {
	eachEntry(path, func(fields []string) bool {
		num, p, found := strings.Cut(fields[1], "/")
		if !found || p != proto || fields[0] != name && !slices.Contains(fields[2:], name) {
			return true
		}
		n, err := strconv.Atoi(num)
		port, ok = n, err == nil
		return false
	})
	return port, ok
}

// parseIP reads a numeric IPv4 address (four decimal parts) as 4 bytes or
// an IPv6 address (RFC 4291 text: hex groups, one "::", a trailing IPv4
// part) as 16; nil if s is neither. Forms only inet_aton(3) knows
// (127.1, 0x7f.1) are left to getent, which reads them as bash would.
func parseIP(s string) []byte {
	if ip := parseIPv4(s); ip != nil {
		return ip
	}
	return parseIPv6(s)
}

func parseIPv4(s string) []byte {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return nil
	}
	ip := make([]byte, 4)
	for i, p := range parts {
		if p == "" || len(p) > 3 || len(p) > 1 && p[0] == '0' {
			return nil
		}
		n, err := strconv.Atoi(p)
		if err != nil || n > 255 || p[0] == '+' || p[0] == '-' {
			return nil
		}
		ip[i] = byte(n)
	}
	return ip
}

func parseIPv6(s string) []byte {
	if !strings.Contains(s, ":") {
		return nil
	}
	ip := make([]byte, 16)
	head, tail, double := strings.Cut(s, "::")
	if strings.Contains(tail, "::") {
		return nil
	}
	groups := func(part string) ([]byte, bool) {
		if part == "" {
			return nil, true
		}
		var b []byte
		fields := strings.Split(part, ":")
		for i, g := range fields {
			if i == len(fields)-1 && strings.Contains(g, ".") {
				v4 := parseIPv4(g)
				if v4 == nil {
					return nil, false
				}
				return append(b, v4...), true
			}
			if g == "" || len(g) > 4 {
				return nil, false
			}
			n, err := strconv.ParseUint(g, 16, 16)
			if err != nil {
				return nil, false
			}
			b = append(b, byte(n>>8), byte(n))
		}
		return b, true
	}
	h, ok1 := groups(head)
	t, ok2 := groups(tail)
	if !ok1 || !ok2 || strings.Contains(head, ".") && double {
		return nil
	}
	switch {
	case !double && len(h) == 16:
		copy(ip, h)
	case double && len(h)+len(t) <= 14:
		copy(ip, h)
		copy(ip[16-len(t):], t)
	default:
		return nil
	}
	return ip
}
