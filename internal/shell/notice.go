package shell

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// motdFiles are copied to the pty before a login shell starts: the first
// dynamic motd that exists, then /etc/motd (PROTOCOL.md §15.6 step 2).
var motdFiles = [][]string{{"/run/motd.dynamic", "/var/run/motd.dynamic"}, {"/etc/motd"}}

// LoginNotice is what the real child prints before a login shell: the
// motd and the detached-session warning, unless home has a .hushlogin.
// sessions are the utmp hosts of this user's other mosh sessions
// (DetachedSessions).
func LoginNotice(home string, sessions []string) []byte {
	if _, err := os.Stat(filepath.Join(home, ".hushlogin")); err == nil {
		return nil
	}
	var b bytes.Buffer
	for _, group := range motdFiles {
		for _, name := range group {
			if data, err := os.ReadFile(name); err == nil {
				b.Write(data)
				break
			}
		}
	}
	b.WriteString(DetachedWarning(sessions))
	return b.Bytes()
}

// DetachedWarning formats the detached-session warning of PROTOCOL.md
// §15.7 for the given utmp hosts ("mosh [1234]"); empty for none.
func DetachedWarning(sessions []string) string {
	switch len(sessions) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("\x1b[37;44mMosh: You have a detached Mosh session on this server (%s).\x1b[m\n\n", sessions[0])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\x1b[37;44mMosh: You have %d detached Mosh sessions on this server, with PIDs:\n", len(sessions))
	for _, s := range sessions {
		fmt.Fprintf(&b, "        - %s\n", s)
	}
	b.WriteString("\x1b[m\n")
	return b.String()
}

// isDetachedHost reports whether a utmp host field names a detached mosh
// session other than self ("mosh [<own pid>]").
func isDetachedHost(host, self string) bool {
	return strings.HasPrefix(host, "mosh ") && strings.HasSuffix(host, "]") && host != self
}
