package setup

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Options say whose environment to set up and how.
type Options struct {
	// Home is the user's home directory ($HOME, where the shells look for
	// their rc files). Required.
	Home string
	// SSHHome is the home directory whose .ssh/config ssh reads: the
	// password-file one, which ssh uses even when $HOME differs. "": Home.
	SSHHome string
	// DryRun prints the changes without making them.
	DryRun bool
	// Out receives one line per change (or planned change). nil: discarded.
	Out io.Writer
	// HaveShell reports whether a shell is installed; zsh and fish get
	// their function only when installed or already configured. nil: PATH.
	HaveShell func(name string) bool
}

// Change is one file setup changed (or, with DryRun, would change).
type Change struct {
	Path   string
	What   string
	Backup string // the backup of the old contents, "" when the file was new
}

// Run makes the changes and reports them. It is idempotent: when
// everything is in place it returns no change.
func Run(o Options) ([]Change, error) {
	if o.Home == "" {
		return nil, errors.New("setup: no home directory")
	}
	if o.HaveShell == nil {
		o.HaveShell = func(name string) bool { _, err := exec.LookPath(name); return err == nil }
	}
	var changes []Change
	add := func(c *Change, err error) error {
		if err != nil {
			return err
		}
		if c != nil {
			changes = append(changes, *c)
			if o.Out != nil {
				verb := "changed"
				if o.DryRun {
					verb = "would change"
				}
				fmt.Fprintf(o.Out, "ssh-mosh setup: %s %s: %s\n", verb, c.Path, c.What) // best effort
				if c.Backup != "" && !o.DryRun {
					fmt.Fprintf(o.Out, "ssh-mosh setup: old contents kept in %s\n", c.Backup) // best effort
				}
			}
		}
		return nil
	}
	if o.SSHHome == "" {
		o.SSHHome = o.Home
	}
	sshDir := filepath.Join(o.SSHHome, ".ssh")
	if err := add(o.edit(filepath.Join(sshDir, "config"), 0o600, 0o700, AddIgnoreUnknown)); err != nil {
		return changes, err
	}
	rc := func(content string) (string, string) {
		return ReplaceBlock(content, posixFunction), "installed the ssh function"
	}
	if err := add(o.edit(filepath.Join(o.Home, ".bashrc"), 0o644, 0o755, rc)); err != nil {
		return changes, err
	}
	zshrc := filepath.Join(o.Home, ".zshrc")
	if o.HaveShell("zsh") || exists(zshrc) {
		if err := add(o.edit(zshrc, 0o644, 0o755, rc)); err != nil {
			return changes, err
		}
	}
	fishDir := filepath.Join(o.Home, ".config", "fish")
	if o.HaveShell("fish") || exists(fishDir) {
		fish := filepath.Join(fishDir, "functions", "ssh.fish")
		err := add(o.edit(fish, 0o644, 0o755, func(content string) (string, string) {
			if content != "" && !strings.Contains(content, beginMark) {
				return content, "" // the user's own ssh function: left alone
			}
			return fishFunction, "installed the ssh function"
		}))
		if err != nil {
			return changes, err
		}
	}
	return changes, nil
}

// edit applies change to the file at path, creating it (and its
// directory) when missing, keeping a backup of the old contents.
func (o *Options) edit(path string, mode, dirMode fs.FileMode, change func(string) (string, string)) (*Change, error) {
	old, err := os.ReadFile(path)
	existed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("setup: %w", err)
	}
	updated, what := change(string(old))
	if updated == string(old) {
		return nil, nil
	}
	c := &Change{Path: path, What: what}
	if existed {
		c.Backup = path + ".ssh-mosh.bak"
	}
	if o.DryRun {
		return c, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	if existed {
		if fi, err := os.Stat(path); err == nil {
			mode = fi.Mode().Perm()
		}
		if err := os.WriteFile(c.Backup, old, mode); err != nil {
			return nil, fmt.Errorf("setup: backup: %w", err)
		}
	}
	tmp := path + ".ssh-mosh.tmp"
	if err := os.WriteFile(tmp, []byte(updated), mode); err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp) // best effort
		return nil, fmt.Errorf("setup: %w", err)
	}
	return c, nil
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
