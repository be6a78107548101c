package overlay

import "fmt"

// Mode is the prediction display preference (PREDICTION.md §2), set from
// MOSH_PREDICTION_DISPLAY.
type Mode uint8

const (
	// Adaptive shows predictions only while the link is slow or glitchy.
	Adaptive Mode = iota
	// Always shows confirmed-epoch predictions whatever the timing.
	Always
	// Never makes no predictions at all.
	Never
	// Experimental shows every prediction at once, without epochs.
	Experimental
)

// String returns the mode's MOSH_PREDICTION_DISPLAY spelling.
func (m Mode) String() string {
	switch m {
	case Always:
		return "always"
	case Never:
		return "never"
	case Experimental:
		return "experimental"
	}
	return "adaptive"
}

// ModeError is an unknown MOSH_PREDICTION_DISPLAY value. Its Error text is
// what mosh-client prints before exiting with status 1.
type ModeError struct {
	Value string
}

// Error returns mosh's message, "Unknown prediction mode <v>.".
func (e *ModeError) Error() string { return fmt.Sprintf("Unknown prediction mode %s.", e.Value) }

// ParseMode reads a set MOSH_PREDICTION_DISPLAY value (an unset variable
// means Adaptive). Any other value, even "", is a *ModeError.
func ParseMode(s string) (Mode, error) {
	for m := Adaptive; m <= Experimental; m++ {
		if m.String() == s {
			return m, nil
		}
	}
	return Adaptive, &ModeError{Value: s}
}
