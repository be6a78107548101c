package sshconf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// defaultPort is ssh's port.
const defaultPort = 22

// singleArg lists the keywords (that we interpret) taking exactly one word.
var singleArg = wordSet(`hostname port user identityfile certificatefile
identityagent forwardagent stricthostkeychecking hostkeyalias
hostkeyalgorithms connecttimeout connectionattempts serveraliveinterval
serveralivecountmax addressfamily bindaddress controlmaster controlpath
requesttty batchmode loglevel identitiesonly ignoreunknown canonicalizehostname
mosh moshserver moshports moshpredict moshpredictoverwrite moshremoteip`)

// choices lists the accepted words of the enumerated keywords (compared
// without case), mapped to the canonical value Config holds.
var choices = map[string]map[string]string{
	"batchmode":             yesNo,
	"identitiesonly":        yesNo,
	"moshpredictoverwrite":  yesNo,
	"stricthostkeychecking": {"yes": "yes", "true": "yes", "no": "no", "false": "no", "off": "no", "ask": "ask", "accept-new": "accept-new"},
	"requesttty":            {"yes": "yes", "true": "yes", "no": "no", "false": "no", "force": "force", "auto": "auto"},
	"controlmaster":         {"yes": "yes", "true": "yes", "no": "no", "false": "no", "ask": "ask", "auto": "auto", "autoask": "autoask"},
	"addressfamily":         {"any": "any", "inet": "inet", "inet6": "inet6"},
	"canonicalizehostname":  {"yes": "yes", "true": "yes", "no": "no", "false": "no", "always": "always"},
	"loglevel": {"quiet": "SILENT", "silent": "SILENT", "fatal": "FATAL", "error": "ERROR", "info": "INFO", "verbose": "VERBOSE",
		"debug": "DEBUG", "debug1": "DEBUG", "debug2": "DEBUG2", "debug3": "DEBUG3"},
	"mosh":         {"yes": "yes", "no": "no", "auto": "auto"},
	"moshpredict":  {"adaptive": "adaptive", "always": "always", "never": "never", "experimental": "experimental"},
	"moshremoteip": {"proxy": "proxy", "local": "local", "remote": "remote"},
}

// yesNo is OpenSSH's boolean flag.
var yesNo = map[string]string{"yes": "yes", "true": "yes", "no": "no", "false": "no"}

// checkValue validates the value of a keyword we interpret. Like ssh, it
// checks every line, active or not.
func checkValue(l *Line) error {
	k := l.Keyword
	if singleArg[k] && len(l.Args) > 1 {
		return l.errorf("keyword %s extra arguments at end of line", k)
	}
	if len(l.Args) == 0 && k != "proxycommand" && k != "proxyjump" && k != "localcommand" &&
		k != "remotecommand" && k != "knownhostscommand" {
		return l.errorf("keyword %s: missing argument", k)
	}
	if m, ok := choices[k]; ok {
		if _, ok := m[strings.ToLower(l.Args[0])]; !ok {
			return l.errorf("unsupported %s value %q (want one of %s)", k, l.Args[0], choiceList(m))
		}
		return nil
	}
	var err error
	switch k {
	case "port":
		_, err = parsePort(l.Args[0])
	case "connectionattempts", "serveralivecountmax":
		_, err = parseCount(l.Args[0])
	case "connecttimeout", "serveraliveinterval":
		_, err = parseTime(l.Args[0])
	case "moshports":
		err = CheckMoshPorts(l.Args[0])
	}
	if err != nil {
		return l.errorf("%s: %v", k, err)
	}
	return nil
}

// choiceList lists the canonical values of an enumeration.
func choiceList(m map[string]string) string {
	seen := map[string]bool{}
	var out []string
	for _, v := range m {
		if !seen[v] {
			seen[v] = true
			out = append(out, strings.ToLower(v))
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// canonical maps an enumerated value to its canonical form.
func canonical(keyword, v string) string {
	return choices[keyword][strings.ToLower(v)]
}

// parsePort parses a port number, 1 to 65535.
func parsePort(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > 65535 {
		return 0, fmt.Errorf("bad port %q", s)
	}
	return n, nil
}

// parseCount parses a non-negative integer.
func parseCount(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return n, nil
}

// parseTime parses an OpenSSH time value: a sequence of numbers each with
// an optional unit s, m, h, d or w (seconds when none), as convtime.
func parseTime(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("bad time value %q", s)
	}
	var total int64
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 {
			return 0, fmt.Errorf("bad time value")
		}
		n, _ := strconv.ParseInt(s[:i], 10, 64)
		s = s[i:]
		mult := int64(1)
		if s != "" {
			switch s[0] {
			case 's', 'S':
			case 'm', 'M':
				mult = 60
			case 'h', 'H':
				mult = 3600
			case 'd', 'D':
				mult = 86400
			case 'w', 'W':
				mult = 604800
			default:
				if s[0] < '0' || s[0] > '9' {
					return 0, fmt.Errorf("bad time value")
				}
				mult = 0
			}
			if mult != 0 {
				s = s[1:]
			} else {
				mult = 1
			}
		}
		total += n * mult
		if total > 1<<31-1 {
			return 0, fmt.Errorf("time value too large")
		}
	}
	return time.Duration(total) * time.Second, nil
}

// CheckMoshPorts validates "N" or "N:M" as mosh's wrapper does
// (PROTOCOL.md §17.1): numbers up to 65535, no range starting at 0, low <=
// high. It checks MoshPorts here and ssh-mosh's --mosh-port alike.
func CheckMoshPorts(s string) error {
	lo, hi, isRange := strings.Cut(s, ":")
	l, err := strconv.Atoi(lo)
	if err != nil || !allDigits(lo) || l < 0 || l > 65535 {
		return fmt.Errorf("server-side port or range %q is not valid", s)
	}
	if !isRange {
		return nil
	}
	h, err := strconv.Atoi(hi)
	if err != nil || !allDigits(hi) || h < 1 || h > 65535 || l == 0 || l > h {
		return fmt.Errorf("server-side port range %q is not valid", s)
	}
	return nil
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }
