package main

import (
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/relay"
)

func TestRunRefuses(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "-server is required"},
		{[]string{"-server", "192.0.2.1:60001"}, "not loopback"},
		{[]string{"-server", "127.0.0.1:60001", "-listen", "0.0.0.0:0"}, "not loopback"},
		{[]string{"-bogus"}, "not defined"},
	}
	for _, tt := range tests {
		err := run(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error mentioning %q", tt.args, err, tt.want)
		}
	}
}

func TestOverride(t *testing.T) {
	both := relay.Impairment{Delay: 10 * time.Millisecond, Loss: 0.2, Rate: 1000}
	tests := []struct {
		d    dirFlags
		want relay.Impairment
	}{
		{dirFlags{delay: -1, loss: -1}, both},
		{dirFlags{delay: 0, loss: -1}, relay.Impairment{Loss: 0.2, Rate: 1000}},
		{dirFlags{delay: -1, loss: 0.5}, relay.Impairment{Delay: 10 * time.Millisecond, Loss: 0.5, Rate: 1000}},
	}
	for _, tt := range tests {
		if got := override(both, tt.d); got != tt.want {
			t.Errorf("override(%+v) = %+v, want %+v", tt.d, got, tt.want)
		}
	}
}
