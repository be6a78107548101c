//go:build linux

package shell

import (
	"os/exec"
	"testing"

	"golang.org/x/sys/unix"
)

// TestCoreLimit lowers this process's soft core limit, starts a child
// (which inherits 0) and gives it the old limit back, as Release does.
func TestCoreLimit(t *testing.T) {
	var orig unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &orig); err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { unix.Setrlimit(unix.RLIMIT_CORE, &orig) })
	prev, ok := DisableCoreDumps()
	if !ok || prev != orig.Cur {
		t.Fatalf("DisableCoreDumps = %d, %v; want %d, true", prev, ok, orig.Cur)
	}
	var now unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_CORE, &now); now.Cur != 0 || now.Max != orig.Max {
		t.Fatalf("limit after = %+v", now)
	}
	tests := []struct {
		name string
		soft uint64
		want uint64
	}{
		{"previous", prev, min(prev, orig.Max)},
		{"zero", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("sleep", "30")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			restoreCoreLimit(cmd.Process.Pid, tt.soft)
			var got unix.Rlimit
			if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_CORE, nil, &got); err != nil {
				t.Fatal(err)
			}
			if got.Cur != tt.want {
				t.Fatalf("child soft core limit %d, want %d", got.Cur, tt.want)
			}
		})
	}
}
