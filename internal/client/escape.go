package client

// EscapeKey is the configured escape key (PREDICTION.md §13).
type EscapeKey struct {
	// Enabled is false when MOSH_ESCAPE_KEY is set to "".
	Enabled bool
	// Key is the escape byte; Pass and Pass2 the keys that send it literally.
	Key, Pass, Pass2 byte
}

// DefaultEscapeKey is Ctrl-^ with "^" as the literal-pass key.
var DefaultEscapeKey = EscapeKey{Enabled: true, Key: 0x1E, Pass: '^', Pass2: '^'}

// ParseEscapeKey reads MOSH_ESCAPE_KEY; set is whether it is in the
// environment at all.
func ParseEscapeKey(v string, set bool) EscapeKey {
	if !set {
		return DefaultEscapeKey
	}
	if v == "" {
		return EscapeKey{}
	}
	if len(v) != 1 || v[0] == 0 || v[0] >= 0x80 {
		return DefaultEscapeKey
	}
	k := v[0]
	switch k {
	case 0x03, 0x04, 0x0A, 0x0C, 0x0D:
		return DefaultEscapeKey
	}
	e := EscapeKey{Enabled: true, Key: k, Pass: k}
	if k < 0x20 {
		e.Pass = k + 0x40
	}
	e.Pass2 = e.Pass
	if e.Pass >= 'A' && e.Pass <= 'Z' {
		e.Pass2 = e.Pass + ('a' - 'A')
	}
	return e
}

// control reports whether the escape key is a control character, which is
// recognised anywhere rather than only at the start of a line.
func (e EscapeKey) control() bool { return e.Key < 0x20 }

func (e EscapeKey) keyName() string {
	if e.control() {
		return "Ctrl-" + string(rune(e.Pass))
	}
	return `"` + string(rune(e.Key)) + `"`
}

// HelpText is the bar's text after the escape key is pressed.
func (e EscapeKey) HelpText() string {
	return `Commands: Ctrl-Z suspends, "." quits, "` + string(rune(e.Pass)) + `" gives literal ` + e.keyName()
}

// QuitHint is appended to the bar's messages; "" when the key is disabled.
func (e EscapeKey) QuitHint() string {
	if !e.Enabled {
		return ""
	}
	return " [To quit: " + e.keyName() + " .]"
}
