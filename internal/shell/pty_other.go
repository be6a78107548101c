//go:build !linux

package shell

import "os"

// setIUTF8 does nothing where the platform has no IUTF8 flag.
func setIUTF8(f *os.File) error { return nil }
