package bootstrap

import (
	"errors"
	"strings"
	"testing"
)

func TestReadAnswer(t *testing.T) {
	const key = "Kg7FWQtRCKISAezn6GPALA"
	tests := []struct {
		name    string
		in      string
		ranged  bool
		want    Answer
		wantErr error
		badLine bool
	}{
		{name: "plain", in: "MOSH CONNECT 60001 " + key + "\n",
			want: Answer{Port: 60001, Key: key}},
		{name: "pty and banner", in: "welcome\r\n\r\r\n\r\nMOSH CONNECT 60010 " + key + "\r\n\r\nmosh-server (mosh 1.4.0)\r\n",
			want: Answer{Port: 60010, Key: key, Output: []string{"welcome", "", ""}}},
		{name: "trailing spaces, ip", in: "MOSH IP 127.0.0.1\nMOSH CONNECT 60999 " + key + "   \n",
			want: Answer{IP: "127.0.0.1", Port: 60999, Key: key}},
		{name: "ssh connection", in: "\nMOSH SSH_CONNECTION 10.0.0.1 5555 10.0.0.2 22\nMOSH CONNECT 60001 " + key,
			want: Answer{SSHConnectionIP: "10.0.0.2", Port: 60001, Key: key, Output: []string{""}}},
		{name: "mapped ssh connection", in: "MOSH SSH_CONNECTION ::ffff:10.0.0.1 5555 ::ffff:10.0.0.2 22\nMOSH CONNECT 60001 " + key,
			want: Answer{SSHConnectionIP: "10.0.0.2", Port: 60001, Key: key}},
		{name: "redefined ip", in: "MOSH IP 1.2.3.4\nMOSH IP 1.2.3.5\n", wantErr: ErrRedefinedIP},
		{name: "bad connect", in: "MOSH CONNECT 60001 short\n", badLine: true},
		{name: "port zero", in: "MOSH CONNECT 0 " + key + "\n", badLine: true},
		{name: "missing", in: "bash: mosh-server: command not found\n", wantErr: ErrNoConnect},
		{name: "old server", in: "Bad UDP port (60001:60010)\n", ranged: true, wantErr: ErrOldServer},
		{name: "bad ssh connection", in: "MOSH SSH_CONNECTION a b\n", wantErr: errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var echo strings.Builder
			got, err := ReadAnswer(strings.NewReader(tt.in), &echo, tt.ranged)
			var bce *BadConnectError
			switch {
			case tt.badLine:
				if !errors.As(err, &bce) {
					t.Fatalf("err = %v, want BadConnectError", err)
				}
				return
			case tt.wantErr == errAny:
				if err == nil {
					t.Fatal("no error")
				}
				return
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if got.IP != tt.want.IP || got.SSHConnectionIP != tt.want.SSHConnectionIP ||
				got.Port != tt.want.Port || got.Key != tt.want.Key ||
				strings.Join(got.Output, "|") != strings.Join(tt.want.Output, "|") {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if want := strings.Join(tt.want.Output, "\n"); len(tt.want.Output) > 0 && echo.String() != want+"\n" {
				t.Errorf("echo = %q, want %q", echo.String(), want+"\n")
			}
		})
	}
}

// errAny marks a case where any error will do.
var errAny = errors.New("any")

func TestNotFound(t *testing.T) {
	tests := []struct {
		status int
		out    []string
		want   bool
	}{
		{127, nil, true},
		{1, []string{"sh: 1: mosh-server: not found"}, true},
		{1, []string{"bash: line 1: mosh-server: command not found"}, true},
		{1, []string{"mosh-server needs a UTF-8 native locale to run."}, false},
	}
	for _, tt := range tests {
		if got := NotFound(tt.status, tt.out); got != tt.want {
			t.Errorf("NotFound(%d, %q) = %v", tt.status, tt.out, got)
		}
	}
}

func FuzzReadAnswer(f *testing.F) {
	for _, s := range []string{
		"MOSH CONNECT 60001 Kg7FWQtRCKISAezn6GPALA\n",
		"MOSH IP ::1\r\nMOSH CONNECT 1 AAAAAAAAAAAAAAAAAAAAAA \n",
		"\nMOSH SSH_CONNECTION 1 2 3 4\nfoo\n",
		"MOSH CONNECT 99999999999999999999 Kg7FWQtRCKISAezn6GPALA",
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, ranged bool) {
		a, err := ReadAnswer(strings.NewReader(in), nil, ranged)
		if err == nil {
			if a.Port < 1 || a.Port > 65535 || len(a.Key) != 22 {
				t.Fatalf("accepted %+v from %q", a, in)
			}
		}
		if len(a.Output) > maxOutputLines {
			t.Fatalf("%d output lines kept", len(a.Output))
		}
	})
}
