package server

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"

	"ssh-mosh/ssp"
)

// sendError words a failed send as mosh does ("sendto: <strerror>") and
// marks EMSGSIZE so the transport lowers its MTU (PROTOCOL.md §6.4).
func sendError(err error) error {
	if err == nil {
		return nil
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		text := errno.Error()
		if text != "" {
			text = strings.ToUpper(text[:1]) + text[1:]
		}
		if errno == syscall.EMSGSIZE {
			return fmt.Errorf("sendto: %s: %w", text, ssp.ErrMessageTooLong)
		}
		return fmt.Errorf("sendto: %s", text)
	}
	var oe *net.OpError
	var se *os.SyscallError
	if errors.As(err, &oe) || errors.As(err, &se) {
		return fmt.Errorf("sendto: %v", err)
	}
	return err
}
