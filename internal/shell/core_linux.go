//go:build linux

package shell

import "golang.org/x/sys/unix"

// DisableCoreDumps sets the soft core-file limit to 0 (PROTOCOL.md §15.2
// step 1: the server's memory holds the session key) and returns the soft
// limit it replaced, for Command.CoreLimit. The hard limit is kept, so the
// child can be given the old value back. ok is false when the limit could
// not be read or set.
func DisableCoreDumps() (previous uint64, ok bool) {
	var l unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &l); err != nil {
		return 0, false
	}
	previous = l.Cur
	l.Cur = 0
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &l); err != nil {
		return 0, false
	}
	return previous, true
}

// restoreCoreLimit gives the started child the soft core limit the server
// had before DisableCoreDumps (§15.5: "core limit restored before exec").
// Go cannot act between fork and exec, so this is done on the running
// child at once; best effort.
func restoreCoreLimit(pid int, soft uint64) {
	var l unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_CORE, nil, &l); err != nil {
		return
	}
	l.Cur = min(soft, l.Max)
	unix.Prlimit(pid, unix.RLIMIT_CORE, &l, nil) // best effort
}
