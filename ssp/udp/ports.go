package udp

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultLowPort and DefaultHighPort bound the ports the server tries when
// none is requested (§6.2).
const (
	DefaultLowPort  = 60001
	DefaultHighPort = 60999
)

// PortError is a malformed port or port range. Msg is the text mosh-server
// prints for it, such as "Invalid (low) port number (x)"; the caller then
// prints "<argv0>: Bad UDP port range (<s>)".
type PortError struct {
	Msg string
}

func (e *PortError) Error() string { return "udp: " + e.Msg }

// ParsePorts parses mosh-server's -p argument: "PORT" or "LOW:HIGH" in
// decimal (§6.2). "" gives the default range. A single port N gives N:N;
// 0 lets the kernel choose.
func ParsePorts(s string) (low, high uint16, err error) {
	if s == "" {
		return DefaultLowPort, DefaultHighPort, nil
	}
	lowText, highText, isRange := strings.Cut(s, ":")
	l, err := parsePort(lowText, "Invalid (low) port number (%s)", "(Low) port number %d outside valid range [0..65535]")
	if err != nil {
		return 0, 0, err
	}
	if !isRange {
		return l, l, nil
	}
	h, err := parsePort(highText, "Invalid high port number (%s)", "High port number %d outside valid range [0..65535]")
	if err != nil {
		return 0, 0, err
	}
	if l > h {
		return 0, 0, &PortError{fmt.Sprintf("Low port %d greater than high port %d", l, h)}
	}
	if l == 0 {
		return 0, 0, &PortError{"Low port 0 incompatible with port ranges"}
	}
	return l, h, nil
}

func parsePort(s, invalid, outside string) (uint16, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, &PortError{fmt.Sprintf(invalid, s)}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > 65535 {
		if err != nil {
			n = 1 << 63 // too many digits: out of range all the same
		}
		return 0, &PortError{fmt.Sprintf(outside, n)}
	}
	return uint16(n), nil
}
