package sshdtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"ssh-mosh/internal/testenv"
)

// Password is the test password whose crypt(3) hash is PasswordHash.
const Password = "correct horse battery"

// PasswordHash is Password as SHA-512-crypt ($6$), the form /etc/shadow
// holds, computed once with `openssl passwd -6 -salt sshmoshtest0001`
// (glibc's crypt gives the same string). It is a constant so that the
// tests need no hashing tool on the machine.
const PasswordHash = "$6$sshmoshtest0001$ya9AYm2qLaVxP8lQQxeTZtWeAN6VW4hU0.IVc3ytDM/dG3kKEd6IXMzKHbWbJE0RpaMoWRCUpGNmD3R7q2LxA."

// notRoot is the message of a ShadowHash test skipped without root.
const notRoot = "sshdtest: password login with a real sshd needs root (a private /etc/shadow in a mount namespace)"

// shadowPath is the file sshd reads password hashes from when it does not
// use PAM.
const shadowPath = "/etc/shadow"

// writeShadow writes to dir a copy of /etc/shadow in which the current
// user's entry holds hash (appended when the user has none), never expires
// and is never due for a change, and returns its path.
func writeShadow(dir, hash string) (string, error) {
	u, err := user.Current()
	if err != nil {
		return "", fmt.Errorf("sshdtest: %w", err)
	}
	orig, err := os.ReadFile(shadowPath)
	if err != nil {
		return "", fmt.Errorf("sshdtest: %w", err)
	}
	var out bytes.Buffer
	// Empty ageing fields: no last change date (0 would mean "must
	// change now"), no maximum age, no account expiry.
	entry := u.Username + ":" + hash + ":::::::\n"
	replaced := false
	sc := bufio.NewScanner(bytes.NewReader(orig))
	for sc.Scan() {
		line := sc.Text()
		if name, _, _ := strings.Cut(line, ":"); name == u.Username {
			out.WriteString(entry)
			replaced = true
			continue
		}
		out.WriteString(line + "\n")
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("sshdtest: %s: %w", shadowPath, err)
	}
	if !replaced {
		out.WriteString(entry)
	}
	path := filepath.Join(dir, "shadow")
	if err := os.WriteFile(path, out.Bytes(), 0o640); err != nil {
		return "", fmt.Errorf("sshdtest: %w", err)
	}
	return path, nil
}

// shadowCommand returns a command that runs sshd in a new private mount
// namespace where shadow is bind-mounted over /etc/shadow. The shell execs
// sshd, so the command's pid is sshd's; the namespace, and the mount with
// it, goes away when sshd and the sessions it forked have exited.
func shadowCommand(mount, shadow, sshd string, args ...string) *exec.Cmd {
	script := `m=$0 s=$1; shift; "$m" --bind "$s" ` + shadowPath + ` || exit 97; exec "$@"`
	cmd := exec.Command("/bin/sh", append([]string{"-c", script, mount, shadow, sshd}, args...)...)
	// Go makes the new namespace's mounts private (MS_REC|MS_PRIVATE on
	// /) before the shell starts, so nothing propagates back to the
	// machine's own namespace.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Unshareflags: syscall.CLONE_NEWNS}
	return cmd
}

// prepareShadow writes the private shadow file into dir and checks that
// sshd can be given it: the test runs as root (only root may read
// /etc/shadow, create a mount namespace and bind-mount in it), and a trial
// namespace with the bind mount works. It returns the file and the path of
// mount(8). When sshd cannot be given the file, the test is skipped:
// without root always (there is no other way to give an account a
// password that sshd checks without PAM), otherwise only outside CI, where
// it is an error.
func prepareShadow(t testing.TB, dir, hash string) (shadow, mount string) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip(notRoot)
	}
	shadow, err := writeShadow(dir, hash)
	if err != nil {
		t.Fatal(err)
	}
	mount, err = testenv.Look("mount")
	if err == nil {
		probe := shadowCommand(mount, shadow, "/bin/true")
		var out []byte
		if out, err = probe.CombinedOutput(); err != nil {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(out))
		}
	}
	if err == nil {
		return shadow, mount
	}
	if testenv.InCI() {
		t.Fatalf("sshdtest: cannot bind-mount a private %s in a mount namespace under CI=true: %v", shadowPath, err)
	}
	t.Skipf("sshdtest: cannot bind-mount a private %s in a mount namespace: %v", shadowPath, err)
	return "", ""
}
