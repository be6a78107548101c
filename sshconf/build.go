package sshconf

import (
	"fmt"
	"strings"
	"time"
)

// build turns the collected values into a Config: defaults, canonical
// spellings, tokens, "~" and ${ENV}.
func (st *state) build() (*Config, error) {
	o := st.opts
	c := &Config{OriginalHost: st.original, Warnings: st.warnings}
	c.HostName = st.original
	if v, ok := st.first("hostname"); ok {
		h, err := tokens{'h': st.original}.expand(v, tokensHostname, nil)
		if err != nil {
			return nil, fmt.Errorf("sshconf: HostName: %w", err)
		}
		c.HostName = h
	}
	c.HostName = strings.ToLower(c.HostName)
	c.Port = defaultPort
	if v, ok := st.first("port"); ok {
		c.Port, _ = parsePort(v) // validated when read
	}
	c.User = o.LocalUser
	if v, ok := st.first("user"); ok {
		c.User = v
	}

	t := o.baseTokens()
	t['h'], t['n'], t['p'], t['r'] = c.HostName, st.original, itoa(c.Port), c.User
	t['k'] = st.original
	if v, ok := st.first("hostkeyalias"); ok {
		c.HostKeyAlias = v
		t['k'] = v
	}
	t['C'] = connectionHash(o.LocalHost, c.HostName, c.Port, c.User)

	var err error
	path := func(what, s string) string {
		if err != nil {
			return ""
		}
		var p string
		if p, err = tilde(s, o.HomeDir, o.UserHome); err == nil {
			p, err = t.expand(p, tokensPaths, o.env)
		}
		if err != nil {
			err = fmt.Errorf("sshconf: %s: %w", what, err)
		}
		return p
	}
	ids := st.idFiles
	if len(ids) == 0 {
		ids = defaultIdentityFiles
	}
	for _, f := range ids {
		c.IdentityFiles = append(c.IdentityFiles, path("IdentityFile", f))
	}
	for _, f := range st.certFiles {
		c.CertificateFiles = append(c.CertificateFiles, path("CertificateFile", f))
	}
	c.IdentitiesOnly = st.flag("identitiesonly")
	if v, ok := st.first("identityagent"); ok {
		c.IdentityAgent = path("IdentityAgent", v)
	}
	c.ForwardAgent = "no"
	if v, ok := st.first("forwardagent"); ok {
		if y, ok := yesNo[strings.ToLower(v)]; ok {
			c.ForwardAgent = y
		} else if strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "${") {
			c.ForwardAgent = v
		} else {
			c.ForwardAgent = path("ForwardAgent", v)
		}
	}
	if st.jump == proxySet {
		if c.ProxyJump, err = normalizeJump(st.jumpRaw); err != nil {
			return nil, fmt.Errorf("sshconf: %w", err)
		}
	}
	if st.proxy == proxySet {
		c.ProxyCommand, err = t.expand(st.proxyRaw, tokensProxy, nil)
		if err != nil {
			return nil, fmt.Errorf("sshconf: ProxyCommand: %w", err)
		}
	}
	known := defaultUserKnownHosts
	if v, ok := st.vals["userknownhostsfile"]; ok {
		known = v
	}
	for _, f := range known {
		c.UserKnownHostsFiles = append(c.UserKnownHostsFiles, path("UserKnownHostsFile", f))
	}
	c.GlobalKnownHostsFiles = defaultGlobalKnownHosts
	if v, ok := st.vals["globalknownhostsfile"]; ok {
		c.GlobalKnownHostsFiles = v
	}
	c.StrictHostKeyChecking = st.choice("stricthostkeychecking", "ask")
	c.HostKeyAlgorithms = DefaultHostKeyAlgorithms
	if v, ok := st.first("hostkeyalgorithms"); ok {
		c.HostKeyAlgorithms = algorithmList(v, DefaultHostKeyAlgorithms)
	}
	c.ConnectTimeout = st.duration("connecttimeout")
	c.ConnectionAttempts = st.count("connectionattempts", 1)
	c.ServerAliveCountMax = st.count("serveralivecountmax", 3)
	c.AddressFamily = st.choice("addressfamily", "any")
	c.BindAddress, _ = st.first("bindaddress")
	c.ControlMaster = st.choice("controlmaster", "no")
	if v, ok := st.first("controlpath"); ok && v != "none" {
		c.ControlPath = path("ControlPath", v)
	}
	c.SendEnv = st.sendEnv
	c.SetEnv = st.vals["setenv"]
	c.RequestTTY = st.choice("requesttty", "auto")
	c.BatchMode = st.flag("batchmode")
	c.ServerAliveInterval = st.duration("serveraliveinterval")
	if _, set := st.first("serveraliveinterval"); !set && c.BatchMode {
		c.ServerAliveInterval = 300 * time.Second // ssh's BatchMode default
	}
	c.LogLevel = st.choice("loglevel", "INFO")
	c.Mosh = Mosh{
		Use:              st.choice("mosh", "auto"),
		Predict:          st.choice("moshpredict", "adaptive"),
		PredictOverwrite: st.flag("moshpredictoverwrite"),
		RemoteIP:         st.choice("moshremoteip", "proxy"),
	}
	c.Mosh.Server, _ = st.firstOr("moshserver", "mosh-server")
	c.Mosh.Ports, _ = st.first("moshports")
	if err != nil {
		return nil, err
	}
	return c, nil
}

// first is the first value of a keyword.
func (st *state) first(k string) (string, bool) {
	v, ok := st.vals[k]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// firstOr is the first value of a keyword or def.
func (st *state) firstOr(k, def string) (string, bool) {
	if v, ok := st.first(k); ok {
		return v, true
	}
	return def, false
}

// choice is the canonical value of an enumerated keyword, or def.
func (st *state) choice(k, def string) string {
	if v, ok := st.first(k); ok {
		return canonical(k, v)
	}
	return def
}

// flag is a yes/no keyword, default no.
func (st *state) flag(k string) bool { return st.choice(k, "no") == "yes" }

// duration is a time keyword, default 0.
func (st *state) duration(k string) time.Duration {
	v, _ := st.first(k)
	d, _ := parseTime(v) // validated when read
	return d
}

// count is an integer keyword, or def.
func (st *state) count(k string, def int) int {
	if v, ok := st.first(k); ok {
		n, _ := parseCount(v) // validated when read
		return n
	}
	return def
}

// algorithmList applies an OpenSSH algorithm list to the default: "+list"
// appends, "-list" removes (patterns allowed), "^list" prepends; anything
// else replaces the default.
func algorithmList(v string, def []string) []string {
	if v == "" {
		return def
	}
	op, list := v[0], strings.Split(v[1:], ",")
	var out []string
	switch op {
	case '+':
		out = append(out, def...)
		for _, a := range list {
			out = appendUnique(out, a)
		}
	case '-':
		for _, a := range def {
			if matchPatternList(a, v[1:], false) != 1 {
				out = append(out, a)
			}
		}
	case '^':
		for _, a := range list {
			out = appendUnique(out, a)
		}
		for _, a := range def {
			out = appendUnique(out, a)
		}
	default:
		out = strings.Split(v, ",")
	}
	return out
}
