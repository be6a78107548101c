package sshconf

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// sshGNames maps the canonical values of the tri-state keywords to the
// words `ssh -G` prints for them.
var sshGNames = map[string]string{"yes": "true", "no": "false"}

// Lines renders c as `ssh -G` does for the keywords Config holds: one
// "keyword value" line each, keyword in lower case, multi-valued keywords
// on several lines, followed by the ssh-mosh keywords. Paths are printed
// expanded (ssh -G leaves the tokens of IdentityFile, CertificateFile and
// ProxyCommand for later).
func (c *Config) Lines() []string {
	var out []string
	add := func(k, v string) { out = append(out, k+" "+v) }
	add("user", c.User)
	add("hostname", c.HostName)
	add("port", itoa(c.Port))
	add("addressfamily", c.AddressFamily)
	add("batchmode", yesNoWord(c.BatchMode))
	add("controlmaster", gName(c.ControlMaster))
	add("identitiesonly", yesNoWord(c.IdentitiesOnly))
	add("requesttty", gName(c.RequestTTY))
	add("stricthostkeychecking", gName(c.StrictHostKeyChecking))
	add("connectionattempts", itoa(c.ConnectionAttempts))
	add("serveralivecountmax", itoa(c.ServerAliveCountMax))
	add("serveraliveinterval", seconds(c.ServerAliveInterval))
	optional := [][2]string{
		{"bindaddress", c.BindAddress}, {"controlpath", c.ControlPath},
		{"hostkeyalias", c.HostKeyAlias}, {"identityagent", c.IdentityAgent},
	}
	for _, kv := range optional {
		if kv[1] != "" {
			add(kv[0], kv[1])
		}
	}
	add("loglevel", c.LogLevel)
	for _, f := range c.IdentityFiles {
		add("identityfile", f)
	}
	for _, f := range c.CertificateFiles {
		add("certificatefile", f)
	}
	add("globalknownhostsfile", strings.Join(c.GlobalKnownHostsFiles, " "))
	add("userknownhostsfile", strings.Join(c.UserKnownHostsFiles, " "))
	for _, v := range c.SendEnv {
		add("sendenv", v)
	}
	for _, v := range c.SetEnv {
		add("setenv", v)
	}
	add("forwardagent", c.ForwardAgent)
	if c.ConnectTimeout > 0 {
		add("connecttimeout", seconds(c.ConnectTimeout))
	} else {
		add("connecttimeout", "none")
	}
	if c.ProxyJump != "" {
		add("proxyjump", c.ProxyJump)
	}
	if c.ProxyCommand != "" {
		add("proxycommand", c.ProxyCommand)
	}
	add("hostkeyalgorithms", strings.Join(c.HostKeyAlgorithms, ","))
	add("mosh", c.Mosh.Use)
	add("moshserver", c.Mosh.Server)
	if c.Mosh.Ports != "" {
		add("moshports", c.Mosh.Ports)
	}
	add("moshpredict", c.Mosh.Predict)
	add("moshpredictoverwrite", yesNoWord(c.Mosh.PredictOverwrite))
	add("moshremoteip", c.Mosh.RemoteIP)
	return out
}

// WriteTo writes Lines to w, one per line.
func (c *Config) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, l := range c.Lines() {
		m, err := fmt.Fprintln(w, l)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// gName is the ssh -G word for a canonical tri-state value.
func gName(v string) string {
	if g, ok := sshGNames[v]; ok {
		return g
	}
	return v
}

// yesNoWord prints a boolean as OpenSSH does.
func yesNoWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// seconds prints a duration as whole seconds.
func seconds(d time.Duration) string { return itoa(int(d / time.Second)) }
