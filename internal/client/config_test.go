package client

import (
	"errors"
	"net/netip"
	"os"
	"testing"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/statesync"
	"ssh-mosh/ssp"
	"ssh-mosh/term"
	"ssh-mosh/term/overlay"
)

func TestParseEscapeKey(t *testing.T) {
	for _, tc := range []struct {
		v       string
		set     bool
		want    EscapeKey
		help    string
		quitFor string
	}{
		{"", false, DefaultEscapeKey, `Commands: Ctrl-Z suspends, "." quits, "^" gives literal Ctrl-^`, " [To quit: Ctrl-^ .]"},
		{"", true, EscapeKey{}, "", ""},
		{"\x02", true, EscapeKey{true, 0x02, 'B', 'b'}, `Commands: Ctrl-Z suspends, "." quits, "B" gives literal Ctrl-B`, " [To quit: Ctrl-B .]"},
		{"~", true, EscapeKey{true, '~', '~', '~'}, `Commands: Ctrl-Z suspends, "." quits, "~" gives literal "~"`, ` [To quit: "~" .]`},
		{"\x03", true, DefaultEscapeKey, "", ""},
		{"\r", true, DefaultEscapeKey, "", ""},
		{"ab", true, DefaultEscapeKey, "", ""},
		{"\u00e9", true, DefaultEscapeKey, "", ""},
	} {
		got := ParseEscapeKey(tc.v, tc.set)
		if got != tc.want {
			t.Errorf("ParseEscapeKey(%q, %v) = %+v, want %+v", tc.v, tc.set, got, tc.want)
		}
		if tc.help != "" && got.HelpText() != tc.help {
			t.Errorf("%q: help %q", tc.v, got.HelpText())
		}
		if tc.quitFor != "" && got.QuitHint() != tc.quitFor {
			t.Errorf("%q: quit hint %q", tc.v, got.QuitHint())
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		ip      string
		port    string
		msg     string
		exiting bool
	}{
		{"no key", nil, "127.0.0.1", "60001", "MOSH_KEY environment variable not found.", false},
		{"bad port", map[string]string{"MOSH_KEY": "QUJDREVGR0hJSktMTU5PUA"}, "127.0.0.1", "6x", "Bad UDP port (6x)", false},
		{"short key", map[string]string{"MOSH_KEY": "abc"}, "127.0.0.1", "60001", "Crypto exception: Key must be 22 letters long.", true},
		{"bad mode", map[string]string{"MOSH_KEY": "QUJDREVGR0hJSktMTU5PUA", "MOSH_PREDICTION_DISPLAY": "sometimes"}, "127.0.0.1", "60001", "Unknown prediction mode sometimes.", false},
		{"bad ip", map[string]string{"MOSH_KEY": "QUJDREVGR0hJSktMTU5PUA"}, "host", "60001", "Network exception: Bad IP address (host): Name or service not known", true},
		{"ok", map[string]string{"MOSH_KEY": "QUJDREVGR0hJSktMTU5PUA", "MOSH_PREDICTION_DISPLAY": "never", "MOSH_PREDICTION_OVERWRITE": "yes"}, "127.0.0.1", "60001", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"MOSH_KEY", "MOSH_PREDICTION_DISPLAY", "MOSH_PREDICTION_OVERWRITE", "MOSH_ESCAPE_KEY"} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, err := ConfigFromEnv(tc.ip, tc.port)
			if tc.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Mode != overlay.Never || !cfg.Overwrite || cfg.Server != netip.MustParseAddrPort("127.0.0.1:60001") {
					t.Errorf("cfg %+v", cfg)
				}
				if _, ok := os.LookupEnv("MOSH_KEY"); ok {
					t.Errorf("MOSH_KEY left in the environment")
				}
				return
			}
			var ee *ExitError
			if !errors.As(err, &ee) || ee.Msg != tc.msg || ee.Exiting != tc.exiting || ee.Status != 1 {
				t.Errorf("err %#v, want %q", err, tc.msg)
			}
		})
	}
}

// newTestSession is a session with a real (sans-I/O) transport and no
// terminal, for the input logic.
func newTestSession(t *testing.T, esc EscapeKey) *session {
	now := time.Unix(100, 0)
	tr, err := ssp.New[*statesync.UserStream, *statesync.Complete](
		ssp.Config{Key: crypto.Key{}, Side: ssp.Client, Remote: netip.MustParseAddrPort("127.0.0.1:9")},
		statesync.NewUserStream(), statesync.NewComplete(20, 5, statesync.CompleteOptions{}), now)
	if err != nil {
		t.Fatal(err)
	}
	s := &session{
		cfg:          Config{Escape: esc},
		t:            tr,
		scr:          &screen{local: term.NewFramebuffer(20, 5)},
		pred:         overlay.NewPredictor(overlay.Adaptive, false),
		notes:        overlay.NewNotifier(now),
		logf:         t.Logf,
		afterNewline: true,
	}
	return s
}

func sentBytes(s *session) string {
	var b []byte
	for _, e := range s.t.CurrentState().Events() {
		if e.Kind == statesync.UserByte {
			b = append(b, e.Byte)
		}
	}
	return string(b)
}

func TestEscapeSequences(t *testing.T) {
	for _, tc := range []struct {
		name     string
		esc      EscapeKey
		reads    []string
		sent     string
		shutdown bool
		message  string
	}{
		{"plain", DefaultEscapeKey, []string{"ls\r"}, "ls\r", false, ""},
		{"help", DefaultEscapeKey, []string{"a\x1e"}, "a", false, DefaultEscapeKey.HelpText()},
		{"literal", DefaultEscapeKey, []string{"\x1e^"}, "\x1e", false, ""},
		{"other", DefaultEscapeKey, []string{"\x1e", "x"}, "\x1ex", false, ""},
		{"quit", DefaultEscapeKey, []string{"ab\x1e.cd"}, "ab", true, "Exiting on user request..."},
		{"disabled", EscapeKey{}, []string{"\x1e."}, "\x1e.", false, ""},
		{"printable mid-line", ParseEscapeKey("~", true), []string{"a~."}, "a~.", false, ""},
		{"printable at line start", ParseEscapeKey("~", true), []string{"a\r~."}, "a\r", true, "Exiting on user request..."},
		{"ctrl-b pass lower", ParseEscapeKey("\x02", true), []string{"\x02b"}, "\x02", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestSession(t, tc.esc)
			now := time.Unix(101, 0)
			for _, r := range tc.reads {
				s.userInput(now, []byte(r))
			}
			if got := sentBytes(s); got != tc.sent {
				t.Errorf("sent %q, want %q", got, tc.sent)
			}
			if s.t.ShutdownInProgress() != tc.shutdown {
				t.Errorf("shutdown %v", s.t.ShutdownInProgress())
			}
			if s.notes.Message() != tc.message {
				t.Errorf("message %q, want %q", s.notes.Message(), tc.message)
			}
		})
	}
}

func TestCtrlLRepaints(t *testing.T) {
	s := newTestSession(t, DefaultEscapeKey)
	s.userInput(time.Unix(101, 0), []byte("\x0c"))
	if !s.scr.repaint || sentBytes(s) != "\x0c" {
		t.Errorf("repaint %v sent %q", s.scr.repaint, sentBytes(s))
	}
}
