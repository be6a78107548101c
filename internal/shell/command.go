package shell

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Command is what the child runs.
type Command struct {
	// Path is the program, resolved on the child's PATH when it has no
	// slash (execvp semantics) at start.
	Path string
	// Argv is the argument vector including argv[0].
	Argv []string
	// Login is true for the user's login shell, the only case with the
	// motd and the detached-session notice (PROTOCOL.md §15.7).
	Login bool
	// RestoreCore asks Release to give the child CoreLimit as its soft
	// core-file limit (the value DisableCoreDumps replaced).
	RestoreCore bool
	CoreLimit   uint64
}

// ChooseCommand returns the given command, or when it is empty the login
// shell (PROTOCOL.md §15.2 step 3): shellVar ($SHELL), else passwdShell,
// else /bin/sh, with argv[0] "-" followed by its base name.
func ChooseCommand(command []string, shellVar, passwdShell string) Command {
	if len(command) > 0 {
		return Command{Path: command[0], Argv: append([]string(nil), command...)}
	}
	sh := shellVar
	if sh == "" {
		sh = passwdShell
	}
	if sh == "" {
		sh = "/bin/sh"
	}
	return Command{Path: sh, Argv: []string{"-" + filepath.Base(sh)}, Login: true}
}

// PasswdShell returns the login shell of uid from an /etc/passwd-format
// reader, or "" when there is none.
func PasswdShell(r io.Reader, uid int) string {
	sc := bufio.NewScanner(r)
	want := strconv.Itoa(uid)
	for sc.Scan() {
		f := strings.Split(sc.Text(), ":")
		if len(f) >= 7 && f[2] == want {
			return f[6]
		}
	}
	return ""
}

// LoginShell is ChooseCommand's passwd argument for this process's user:
// the shell field of /etc/passwd, or "" if it cannot be read.
func LoginShell() string {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return "" // best effort: falls back to /bin/sh
	}
	defer f.Close()
	return PasswdShell(f, os.Getuid())
}
