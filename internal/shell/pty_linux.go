//go:build linux

package shell

import (
	"os"

	"golang.org/x/sys/unix"
)

// setIUTF8 turns on IUTF8 so the line discipline erases whole UTF-8
// characters (PROTOCOL.md §15.5).
func setIUTF8(f *os.File) error {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	t.Iflag |= unix.IUTF8
	return unix.IoctlSetTermios(fd, unix.TCSETS, t)
}
