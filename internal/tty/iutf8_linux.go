//go:build linux

package tty

import "golang.org/x/sys/unix"

// setIUTF8 turns on the kernel's UTF-8 aware line editing flag, which
// cfmakeraw leaves alone and mosh-client sets.
func setIUTF8(fd int) error {
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	tio.Iflag |= unix.IUTF8
	return unix.IoctlSetTermios(fd, unix.TCSETS, tio)
}
