//go:build !linux

package shell

// DisableCoreDumps does nothing where prlimit is missing; ok is false.
func DisableCoreDumps() (previous uint64, ok bool) { return 0, false }

// restoreCoreLimit does nothing where prlimit is missing.
func restoreCoreLimit(pid int, soft uint64) {}
