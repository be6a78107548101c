package sshconf

import (
	"fmt"
	"strings"
)

// Flags are the options of an ssh command line. The ones that change the
// configuration are kept as Overrides, in the order ssh applies them.
type Flags struct {
	// ConfigFile is -F: the only configuration file ("none": no file).
	ConfigFile string
	// Overrides are -o, -p, -l, -i and -J as configuration lines (keyword
	// lower case; -J has the keyword "-J"), in command-line order.
	Overrides []Line
	// HostIndex is how many Overrides came before the host argument; the
	// destination's user@ and :port take effect there.
	HostIndex int
	// AddressFamily is "inet" or "inet6" after the last -4 or -6.
	AddressFamily string
	// ForwardAgent is "yes" or "no" after the last -A or -a.
	ForwardAgent string
	// Switches counts each flag without an argument ('N', 't', 'v', …).
	Switches map[byte]int
	// Values holds every value of each flag that takes one, in order.
	Values map[byte][]string
}

// sshArgFlags are the ssh(1) flags that take an argument.
const sshArgFlags = "BbcDEeFIiJLlmOoPpQRSWw"

// sshSwitches are the ssh(1) flags without an argument.
const sshSwitches = "46AaCfGgKkMNnqsTtVvXxYy"

// ParseSSHArgs parses an ssh(1) command line (without the program name)
// the way ssh does: flags (clustered or not, values attached or separate)
// up to the destination, more flags after it, then the remote command.
// "--" ends the flags.
func ParseSSHArgs(args []string) (flags Flags, host string, command []string, err error) {
	flags.Switches = map[byte]int{}
	flags.Values = map[byte][]string{}
	terminated := false
	i := 0
	for i < len(args) {
		a := args[i]
		if terminated || a == "-" || !strings.HasPrefix(a, "-") {
			if host != "" {
				command = args[i:]
				break
			}
			host = a
			flags.HostIndex = len(flags.Overrides)
			i++
			continue
		}
		i++
		if a == "--" {
			terminated = true
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			switch {
			case strings.IndexByte(sshSwitches, c) >= 0:
				flags.Switches[c]++
				flags.switchSet(c)
			case strings.IndexByte(sshArgFlags, c) >= 0:
				v := a[j+1:]
				if v == "" {
					if i >= len(args) {
						return flags, "", nil, fmt.Errorf("sshconf: option -%c requires an argument", c)
					}
					v = args[i]
					i++
				}
				if err := flags.value(c, v); err != nil {
					return flags, "", nil, err
				}
				j = len(a)
			default:
				return flags, "", nil, fmt.Errorf("sshconf: unknown option -%c", c)
			}
		}
	}
	if host == "" && command == nil {
		return flags, "", nil, fmt.Errorf("sshconf: no destination given")
	}
	return flags, host, command, nil
}

// switchSet records the switches that change the configuration.
func (f *Flags) switchSet(c byte) {
	switch c {
	case '4':
		f.AddressFamily = "inet"
	case '6':
		f.AddressFamily = "inet6"
	case 'A':
		f.ForwardAgent = "yes"
	case 'a':
		f.ForwardAgent = "no"
	}
}

// value records a flag with its argument.
func (f *Flags) value(c byte, v string) error {
	f.Values[c] = append(f.Values[c], v)
	add := func(keyword, value string) {
		f.Overrides = append(f.Overrides, Line{File: cmdlineFile, Keyword: keyword, Args: []string{value}, Raw: value})
	}
	switch c {
	case 'F':
		f.ConfigFile = v
	case 'p':
		if _, err := parsePort(v); err != nil {
			return fmt.Errorf("sshconf: -p: %w", err)
		}
		add("port", v)
	case 'l':
		add("user", v)
	case 'i':
		f.Overrides = append(f.Overrides, Line{File: cmdlineFile, Keyword: "identityfile", Args: []string{v}, Raw: "-i"})
	case 'J':
		add("-J", v)
	case 'o':
		keyword, raw, args, err := splitLine(v)
		if err != nil || keyword == "" || raw == "" {
			return fmt.Errorf("sshconf: -o %q: bad option", v)
		}
		f.Overrides = append(f.Overrides, Line{File: cmdlineFile, Keyword: keyword, Args: args, Raw: raw})
	}
	return nil
}
