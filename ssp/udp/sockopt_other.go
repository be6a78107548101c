//go:build !linux

package udp

import "syscall"

// setSocketOptions does nothing here: the options of §6.1 are
// Linux-specific and all best effort.
func setSocketOptions(syscall.RawConn) {}

// oobSize is zero: no ancillary data is requested.
var oobSize = 0

// congested is always false: the TOS byte is not available.
func congested([]byte) bool { return false }
