package server

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/ssp"
)

// TestLogError checks §14.1's error rule: crypto errors are logged and
// ignored; network errors are logged and, from the eleventh on, each
// pauses the loop for 100 ms.
func TestLogError(t *testing.T) {
	tests := []struct {
		name       string
		errs       []error
		wantPauses int
		wantPrefix string // of the last log line
	}{
		{"crypto never pauses", repeat(fmt.Errorf("ssp: %w", crypto.ErrIntegrity), 30), 0, "Crypto exception: "},
		{"short datagram is crypto", repeat(fmt.Errorf("ssp: %w", crypto.ErrShortDatagram), 12), 0, "Crypto exception: "},
		{"ten network errors are free", repeat(ssp.ErrOversize, 10), 0, "ssp: received oversize"},
		{"eleventh pauses", repeat(ssp.ErrVersion, 11), 1, "ssp: mosh protocol"},
		{"send errors count", repeat(errors.New("sendto: Network is unreachable"), 15), 5, "sendto:"},
		{"mixed", append(repeat(ssp.ErrOversize, 10), fmt.Errorf("ssp: %w", crypto.ErrIntegrity), ssp.ErrOversize), 1, "ssp: received"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pauses []time.Duration
			var last string
			l := &loop{
				logf:  func(f string, a ...any) { last = fmt.Sprintf(f, a...) },
				pause: func(d time.Duration) { pauses = append(pauses, d) },
			}
			for _, err := range tt.errs {
				l.logError(err)
			}
			if len(pauses) != tt.wantPauses {
				t.Errorf("%d pauses, want %d", len(pauses), tt.wantPauses)
			}
			for _, d := range pauses {
				if d != 100*time.Millisecond {
					t.Errorf("pause of %v", d)
				}
			}
			if !strings.HasPrefix(last, tt.wantPrefix) {
				t.Errorf("last log %q, want prefix %q", last, tt.wantPrefix)
			}
		})
	}
}

func repeat(err error, n int) []error {
	out := make([]error, n)
	for i := range out {
		out[i] = err
	}
	return out
}
