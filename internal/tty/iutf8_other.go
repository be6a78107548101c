//go:build !linux

package tty

// setIUTF8 is a no-op where the platform has no IUTF8 flag.
func setIUTF8(fd int) error { return nil }
