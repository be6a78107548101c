package sshconf

import (
	"fmt"
	"strings"
)

// normalizeJump rewrites a ProxyJump list the way `ssh -G` prints it: the
// hops before the last as written, the last as [user@]host[:port] (an
// ssh:// URI unwrapped, an IPv6 host in brackets). Every hop must parse.
func normalizeJump(list string) (string, error) {
	hops := strings.Split(list, ",")
	for _, h := range hops {
		if _, _, _, err := parseHop(h); err != nil {
			return "", err
		}
	}
	user, host, port, _ := parseHop(hops[len(hops)-1])
	last := host
	if strings.Contains(host, ":") {
		last = "[" + host + "]"
	}
	if user != "" {
		last = user + "@" + last
	}
	if port > 0 {
		last += ":" + itoa(port)
	}
	return strings.Join(append(hops[:len(hops)-1:len(hops)-1], last), ","), nil
}

// parseHop splits one jump hop: [user@]host[:port], [user@][v6]:port or
// ssh://[user@]host[:port].
func parseHop(hop string) (user, host string, port int, err error) {
	bad := fmt.Errorf("invalid ProxyJump hop %q", hop)
	s := hop
	if rest, ok := strings.CutPrefix(s, "ssh://"); ok {
		s = strings.TrimSuffix(rest, "/")
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		if i == 0 {
			return "", "", 0, bad
		}
		user, s = s[:i], s[i+1:]
	}
	var p string
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 || (end+1 < len(s) && s[end+1] != ':') {
			return "", "", 0, bad
		}
		host, p = s[1:end], strings.TrimPrefix(s[end+1:], ":")
	} else {
		host, p, _ = strings.Cut(s, ":")
	}
	if host == "" {
		return "", "", 0, bad
	}
	if p != "" {
		if port, err = parsePort(p); err != nil {
			return "", "", 0, bad
		}
	}
	return user, host, port, nil
}
