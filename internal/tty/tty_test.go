package tty

import (
	"os"
	"testing"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

func TestRawModeRoundTrip(t *testing.T) {
	ptmx, tt, err := pty.Open()
	if err != nil {
		t.Skipf("no pty available: %v", err)
	}
	defer ptmx.Close()
	defer tt.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 91, Rows: 33}); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ptmx); err != nil {
		// The master side is a terminal on Linux too; only regular files fail.
		t.Logf("master: %v", err)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if _, err := Open(null); err != ErrNotTerminal {
		t.Errorf("Open(/dev/null) = %v, want ErrNotTerminal", err)
	}
	term, err := Open(tt)
	if err != nil {
		t.Fatal(err)
	}
	before, err := unix.IoctlGetTermios(int(tt.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if err := term.MakeRaw(); err != nil {
		t.Fatal(err)
	}
	raw, _ := unix.IoctlGetTermios(int(tt.Fd()), unix.TCGETS)
	if raw.Lflag&(unix.ICANON|unix.ECHO|unix.ISIG) != 0 {
		t.Errorf("raw mode keeps ICANON/ECHO/ISIG: lflag %#x", raw.Lflag)
	}
	if raw.Iflag&unix.IUTF8 == 0 {
		t.Error("raw mode lacks IUTF8")
	}
	if err := term.MakeRaw(); err != nil { // second call keeps the first saved state
		t.Fatal(err)
	}
	cols, rows, err := term.Size()
	if err != nil || cols != 91 || rows != 33 {
		t.Errorf("Size() = %d, %d, %v; want 91, 33", cols, rows, err)
	}
	if err := term.Restore(); err != nil {
		t.Fatal(err)
	}
	if err := term.Restore(); err != nil { // idempotent
		t.Fatal(err)
	}
	after, _ := unix.IoctlGetTermios(int(tt.Fd()), unix.TCGETS)
	if after.Lflag != before.Lflag || after.Iflag != before.Iflag || after.Oflag != before.Oflag {
		t.Errorf("settings not restored: before %+v after %+v", before, after)
	}
}
