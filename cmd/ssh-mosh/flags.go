package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"ssh-mosh/sshconf"
)

// options are the parsed command line of a session.
type options struct {
	// mosh's own flags
	server           string // --server: remote mosh-server command
	sshCommand       string // --ssh: use this system ssh instead of the native client
	client           string // --client: the mosh client program
	predict          string // --predict
	predictOverwrite bool   // --predict-overwrite
	noInit           bool   // --no-init
	local            bool   // --local
	moshPort         string // --mosh-port=N[:M]
	remoteIP         string // --remote-ip=proxy|local|remote
	help             bool

	connect     bool // --connect IP PORT
	connectIP   string
	connectPort string

	// sshArgs are the arguments left for ssh(1) parsing, in order; used
	// as they are when the session falls back to plain ssh.
	sshArgs []string
	flags   sshconf.Flags
	host    string
	hostPos int // index of the host in sshArgs
	command []string
}

// longFlag describes one of the --name flags.
type longFlag struct {
	value bool // takes a value: --name=V or --name V
	set   func(o *options, v string)
}

// longFlags are ssh-mosh's flags beyond ssh's (mosh's names where mosh has one).
var longFlags = map[string]longFlag{
	"server":               {true, func(o *options, v string) { o.server = v }},
	"ssh":                  {true, func(o *options, v string) { o.sshCommand = v }},
	"client":               {true, func(o *options, v string) { o.client = v }},
	"predict":              {true, func(o *options, v string) { o.predict = v }},
	"predict-overwrite":    {false, func(o *options, _ string) { o.predictOverwrite = true }},
	"no-predict-overwrite": {false, func(o *options, _ string) { o.predictOverwrite = false }},
	"no-init":              {false, func(o *options, _ string) { o.noInit = true }},
	"init":                 {false, func(o *options, _ string) { o.noInit = false }},
	"local":                {false, func(o *options, _ string) { o.local = true }},
	"mosh-port":            {true, func(o *options, v string) { o.moshPort = v }},
	"remote-ip":            {true, func(o *options, v string) { o.remoteIP = v }},
	// mosh's name for --remote-ip
	"experimental-remote-ip": {true, func(o *options, v string) { o.remoteIP = v }},
	"help":                   {false, func(o *options, _ string) { o.help = true }},
	"connect":                {false, func(o *options, _ string) { o.connect = true }},
}

// sshValueFlags are ssh(1)'s flags that take a value, so the word after
// them is never taken for a long flag or the host.
const sshValueFlags = "BbcDEeFIiJLlmOoPpQRSWw"

// parseFlags splits our long flags from the ssh-style arguments and parses
// the latter with sshconf.ParseSSHArgs. Long flags are recognised anywhere
// before the remote command (and never after a bare "--").
func parseFlags(args []string) (*options, error) {
	o := &options{}
	seenHost := false
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if name, ok := strings.CutPrefix(a, "--"); ok {
			name, val, hasVal := strings.Cut(name, "=")
			f, known := longFlags[name]
			if !known {
				return nil, fmt.Errorf("unknown option --%s", name)
			}
			switch {
			case f.value && !hasVal:
				if i+1 >= len(args) {
					return nil, fmt.Errorf("option --%s needs a value", name)
				}
				i++
				val = args[i]
			case !f.value && hasVal:
				return nil, fmt.Errorf("option --%s takes no value", name)
			}
			f.set(o, val)
			continue
		}
		if a == "-h" {
			o.help = true
			continue
		}
		o.sshArgs = append(o.sshArgs, a)
		if strings.HasPrefix(a, "-") && len(a) == 2 && strings.IndexByte(sshValueFlags, a[1]) >= 0 && i+1 < len(args) {
			i++
			o.sshArgs = append(o.sshArgs, args[i])
			continue
		}
		if !strings.HasPrefix(a, "-") {
			if seenHost || o.connect || o.local {
				i++
				break
			}
			seenHost = true
			o.hostPos = len(o.sshArgs) - 1
		}
	}
	o.sshArgs = append(o.sshArgs, args[i:]...)
	if o.help {
		return o, nil
	}
	return o, o.finish()
}

// finish parses the ssh-style arguments for the chosen mode.
func (o *options) finish() error {
	switch {
	case o.connect:
		if len(o.sshArgs) != 2 {
			return errors.New("--connect needs IP PORT")
		}
		o.connectIP, o.connectPort = o.sshArgs[0], o.sshArgs[1]
		return nil
	case o.local:
		if err := checkPredict(o.predict, os.Getenv("MOSH_PREDICTION_DISPLAY")); err != nil {
			return err
		}
		rest := o.sshArgs
		if len(rest) > 0 && rest[0] == "--" {
			rest = rest[1:]
		}
		o.command = rest
		return nil
	}
	var err error
	o.flags, o.host, o.command, err = sshconf.ParseSSHArgs(o.sshArgs)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "sshconf: "))
	}
	if o.host == "" {
		return errors.New("no destination given")
	}
	if err := checkPredict(o.predict, os.Getenv("MOSH_PREDICTION_DISPLAY")); err != nil {
		return err
	}
	switch o.remoteIP {
	case "", "proxy", "local", "remote":
	default:
		return fmt.Errorf("unknown --remote-ip mode %q", o.remoteIP)
	}
	if o.moshPort != "" && sshconf.CheckMoshPorts(o.moshPort) != nil {
		return fmt.Errorf("server-side port or range (%s) is not valid", o.moshPort)
	}
	return nil
}

// checkPredict validates the prediction mode: --predict, else the one in
// $MOSH_PREDICTION_DISPLAY, as mosh's wrapper does (PROTOCOL.md §17.1).
func checkPredict(flag, env string) error {
	mode, where := flag, ""
	if mode == "" {
		mode, where = env, " (MOSH_PREDICTION_DISPLAY in environment)"
	}
	switch mode {
	case "", "adaptive", "always", "never", "experimental":
		return nil
	}
	return fmt.Errorf("unknown mode %q%s", mode, where)
}
